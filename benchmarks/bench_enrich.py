"""Enrichment throughput on the seed story, per core, against a baseline measured in the same run.

The baseline is a plain regex word count over the same texts: the least any
pass over the text costs. The per-sentence token cache is cleared before every
item, since a worker rarely sees a sentence twice; the name caches stay warm,
as they do in a worker that follows one story.

    .venv/bin/python benchmarks/bench_enrich.py [--rounds N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticker.enrich import enrich  # noqa: E402
from ticker.enrich.sentences import tokens  # noqa: E402
from ticker.models import ItemKind, TickerItem  # noqa: E402

SAMPLE = ROOT / "fixtures" / "stories" / "kazakhstan-2022"
WORD = re.compile(r"\w+")


def seed_items() -> list[TickerItem]:
    try:
        from ticker.ingest import read_sources

        return list(read_sources([str(SAMPLE)]).items)
    except ImportError:
        pass
    now = datetime(2022, 1, 10, tzinfo=UTC)
    items = []
    for path in sorted(SAMPLE.glob("*.txt")):
        blocks = re.split(r"\n(?=(?:Update|First report) from)", path.read_text(encoding="utf-8"))
        for n, block in enumerate(blocks):
            items.append(
                TickerItem(
                    f"{path.stem}-{n}",
                    "r1",
                    "kazakhstan-2022",
                    path.name[:3],
                    path.name,
                    f"block {n}",
                    ItemKind.ARTICLE,
                    "",
                    block,
                    None,
                    None,
                    now,
                    now,
                )
            )
    return items


def rate(work: Callable[[TickerItem], object], rounds: Sequence[list[TickerItem]]) -> float:
    """Items per second of CPU time (one core)."""
    count = 0
    start = time.process_time()
    for items in rounds:
        for item in items:
            work(item)
            count += 1
    return count / max(time.process_time() - start, 1e-9)


def per_item_ms(work: Callable[[TickerItem], object], rounds: Sequence[list[TickerItem]]) -> list[float]:
    """CPU milliseconds of each call, in order."""
    out = []
    for items in rounds:
        for item in items:
            start = time.process_time()
            work(item)
            out.append((time.process_time() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    base = seed_items()
    rounds = [base] * args.rounds
    enrich(base[0])  # load the gazetteer once, as a worker does at its first item
    baseline = rate(lambda item: len(WORD.findall(item.text)), rounds)

    def cold(item: TickerItem) -> object:
        tokens.cache_clear()
        return enrich(item)

    enriched = rate(cold, rounds)
    each = sorted(per_item_ms(cold, rounds))
    median, p90 = statistics.median(each), each[int(len(each) * 0.9)]
    chars = sum(len(i.text) for i in base) / len(base)
    print(f"items: {len(base)} seed items x {args.rounds} rounds, {chars:.0f} characters on average")
    print(f"baseline (regex word count): {baseline:12,.0f} items/s per core")
    print(
        f"enrich {sys.modules['ticker.enrich'].VERSION:>8}:            {enriched:12,.0f} items/s per core"
        f"   ({1000 / enriched:.2f} ms per item)"
    )
    print(f"enrich CPU per item: median {median:.2f} ms, p90 {p90:.2f} ms (target: median <= 5 ms)")
    print(
        f"ratio enrich/baseline: {enriched / baseline:.4f}  (baseline is {baseline / enriched:,.0f}x faster)"
    )


if __name__ == "__main__":
    main()
