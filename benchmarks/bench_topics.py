"""Topic prediction per item, against a baseline measured in the same run.

The baseline is a plain regex word count over the same texts (the least any pass over
the text costs). The target is at most 2 ms per item on one core.

    .venv/bin/python benchmarks/bench_topics.py [--rounds N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_enrich import seed_items  # noqa: E402

from ticker.enrich.topics import model, topic_of  # noqa: E402

WORD = re.compile(r"\w+")


def per_item(run: Callable[[str, str], object], texts: list[tuple[str, str]], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for title, text in texts:
            run(title, text)
        best = min(best, (time.process_time() - start) / len(texts))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [(item.title, item.text) for item in seed_items()]
    model()  # loading the weights is once per worker, not per item
    baseline = per_item(lambda title, text: len(WORD.findall(title + text)), texts, args.rounds)
    topic = per_item(topic_of, texts, args.rounds)
    sys.stdout.write(
        f"{len(texts)} items: topic {topic * 1e3:.3f} ms/item, baseline word count "
        f"{baseline * 1e3:.3f} ms/item, ratio {topic / baseline:.1f}x\n"
    )


if __name__ == "__main__":
    main()
