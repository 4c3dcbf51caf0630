"""Score ticker's extraction against answer keys: the seed key, live-blog keys and article gold."""

from ticker.evaluate.seed import EvalReport, claimant_matches, evaluate, expected_figures

__all__ = ["EvalReport", "claimant_matches", "evaluate", "expected_figures"]
