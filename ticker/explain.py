"""Why a number became a figure, or did not, and why a figure's current value is what it is.

``ticker explain "Text"`` reads a text as enrichment reads an item; ``ticker explain --story S
--item ID`` reads a stored item and adds, for each figure it touched, the summary's reason for its
current value. Everything here is derived from the same code paths enrichment and the fold run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ticker.enrich.claims import Traced, extract
from ticker.enrich.document import parse
from ticker.models import Claim
from ticker.summary import Summary


@dataclass(frozen=True)
class Explained:
    """What became of one number."""

    traced: Traced
    figure: dict[str, Any] | None = None  # the summary's figure it went into, when one was asked

    @property
    def outcome(self) -> str:
        t = self.traced
        if t.claim is None:
            return f"dropped: {t.dropped}"
        label = claim_label(t.claim)
        if t.background:
            return f"background, not a figure of the story now: {t.background} [{label}]"
        return f"figure: {label}"

    def to_dict(self) -> dict[str, Any]:
        t = self.traced
        return {
            "number": t.number,
            "sentence": t.sentence,
            "rules": list(t.rules),
            "claim": None if t.claim is None else t.claim.to_dict(),
            "dropped": t.dropped,
            "background": t.background,
            "claimant_rules": list(t.claimant_rules),
            "outcome": self.outcome,
            "figure": self.figure,
        }


def claim_label(claim: Claim) -> str:
    words = [claim.metric.value, claim.subject.value, claim.qualifier.value, str(claim.value)]
    if claim.scope:
        words.append(f"scope {claim.scope!r}")
    if claim.claimant:
        words.append(f"claimant {claim.claimant!r}")
    if claim.retracted:
        words.append("retracted")
    if claim.disputed:
        words.append("disputed")
    return " ".join(words)


def explain_text(text: str, title: str = "", year: int | None = None) -> list[Explained]:
    """Every number of the text and what became of it, in text order."""
    trace: list[Traced] = []
    extract(parse(title, text).parts, year, trace)
    return [Explained(t) for t in trace]


def explain_in_summary(explained: list[Explained], summary: Summary, item_id: str) -> list[Explained]:
    """The same, each figure with the summary's current value for it and why."""
    out = []
    for one in explained:
        claim = one.traced.claim
        fig = summary.figures.get(f"{claim.metric.value}:{claim.subject.value}") if claim else None
        if fig is None or one.traced.background:
            out.append(one)
            continue
        current = fig.current
        out.append(
            Explained(
                one.traced,
                {
                    "key": fig.key,
                    "current": None if current is None else current.value,
                    "current_item": None if current is None else current.item_id,
                    "why": fig.why_current,
                    "reports": len(fig.observations),
                    "earlier_event": next(
                        (why for o, why in fig.earlier_events.items() if o.item_id == item_id), None
                    ),
                },
            )
        )
    return out


def lines(explained: list[Explained]) -> list[str]:
    """The explanation as text lines (untrusted text still to be cleaned by the caller)."""
    if not explained:
        return ["no number in the text"]
    out = []
    for one in explained:
        t = one.traced
        out.append(f"{t.number}  in: {t.sentence}")
        out.append(f"    {one.outcome}")
        if t.rules:
            out.append(f"    rules: {', '.join(t.rules)}")
        if t.claim is not None:
            who = ", ".join(t.claimant_rules) if t.claimant_rules else "no rule named one"
            out.append(f"    claimant: {t.claim.claimant or '-'} ({who})")
        if one.figure:
            fig = one.figure
            out.append(
                f"    summary {fig['key']}: current {fig['current']} ({fig['why']}; {fig['reports']} reports)"
            )
            if fig.get("earlier_event"):
                out.append(f"    another event, by the story's start: {fig['earlier_event']}")
    return out
