"""Per-item cost of folding one item into a growing story (``summary.apply`` + ``Store.commit``)
at 1k, 10k and 100k items, and Redis memory per item with a small stream cap.

Items are built already enriched (varied metrics, subjects, actors and leads), so the
measure is the fold and the commit, not enrichment. Each item is also written to the story's
item stream, as the workers do, so memory covers everything one item leaves behind.

    .venv/bin/python benchmarks/bench_fold.py [--sizes 1000 10000 100000] [--maxlen 1000]

Target: flat, i.e. the cost at the largest size / the cost at the smallest stays near 1.
The baseline is a Lua HSET of a summary of the same size: Redis's share of a commit.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

import redis
from _harness import bench_redis

from ticker import keys
from ticker.config import Settings
from ticker.enrich.dedupe import fingerprint
from ticker.models import (
    Category,
    Claim,
    EnrichedItem,
    Enrichment,
    Entity,
    EntityKind,
    ItemKind,
    Metric,
    Precision,
    Qualifier,
    Subject,
    TickerItem,
    dumps,
)
from ticker.store import Commit, Folded, Store
from ticker.summary import Limits, Summary, apply

STORY = "bench-fold"
WINDOW = 1000  # items timed before each checkpoint
_METRICS = list(Metric)
_SUBJECTS = list(Subject)
_QUALIFIERS = [Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.MORE_THAN]
_WORDS = (
    "clashes",
    "curfew",
    "airport",
    "internet",
    "troops",
    "square",
    "talks",
    "prices",
    "strike",
    "rally",
)
_START = datetime(2022, 1, 2, tzinfo=UTC)


def enriched_item(n: int) -> EnrichedItem:
    when = _START + timedelta(seconds=37 * n)
    item = TickerItem(
        id=f"{n:016x}",
        revision="r1",
        story=STORY,
        outlet=f"Outlet {n % 13}",
        source=f"bench-{n % 13}.txt",
        position=f"block {n}",
        kind=ItemKind.TICKER_UPDATE,
        title=f"Update {n}",
        text=f"Update {n}",
        url=None,
        stated_at=when,
        published_at=None,
        ingested_at=_START,
        precision=Precision.MINUTE,
        timezone="Asia/Almaty",
    )
    claims = tuple(
        Claim(
            metric=_METRICS[(n + k) % len(_METRICS)],
            subject=_SUBJECTS[(n // 3 + k) % len(_SUBJECTS)],
            value=10 + (n * 7 + k) % 5000,
            qualifier=_QUALIFIERS[(n + k) % len(_QUALIFIERS)],
            claimant=f"Ministry {n % 4}",
            quote=f"{10 + n} people",
            scope=None if (n + k) % 5 else f"in City {n % 9}",
        )
        for k in range(1 + n % 3)
    )
    actors = tuple(
        Entity(f"Person{(n * 31 + k) % 600} Name{(n + k) % 17}", EntityKind.PERSON, (f"Name{(n + k) % 17}",))
        for k in range(n % 3)
    )
    words = " ".join(_WORDS[(n * (k + 3)) % len(_WORDS)] for k in range(6))
    lead = f"Report {n}: {words} in City {n % 23}"
    return EnrichedItem(
        item,
        Enrichment(
            item_id=item.id,
            revision="r1",
            category=list(Category)[n % len(Category)],
            confidence=0.8,
            entities=actors,
            claims=claims,
            lead=lead,
            fingerprint=fingerprint(lead),
            version="bench",
        ),
    )


def used_memory(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def baseline_us(client: redis.Redis, summary: Summary, rounds: int = 2000) -> float:
    """A Lua HSET of a summary of the same size: the least a commit can cost."""
    script = client.register_script("redis.call('HSET', KEYS[1], 'data', ARGV[1]) return 1")
    data = dumps(summary.to_dict())
    start = time.perf_counter()
    for _ in range(rounds):
        script(keys=["bench:baseline"], args=[data])
    return 1e6 * (time.perf_counter() - start) / rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--maxlen", type=int, default=1000, help="TICKER_STREAM_MAXLEN for the run")
    parser.add_argument("--window", type=int, default=10_000, help="TICKER_DEDUP_WINDOW for the run")
    args = parser.parse_args()
    with bench_redis() as bench:
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        settings = Settings(stream_maxlen=args.maxlen, dedup_window=args.window).with_redis(bench.server.url)
        store = Store(client, settings)
        limits = Limits(settings.history_kept, settings.developments_kept)
        empty = used_memory(client)
        state = Summary(story=STORY)
        checkpoints = sorted(args.sizes)
        print(
            f"stream cap {args.maxlen}, dedup window {args.window}; "
            f"timing the last {WINDOW} items before each size"
        )
        print(f"{'items':>7} {'apply us':>9} {'commit us':>10} {'total us':>9} {'summary kB':>10} "
              f"{'mem/item B':>10} {'streams':>8}")  # fmt: skip
        firsts: float | None = None
        last = 0.0
        apply_s = commit_s = 0.0
        for n in range(checkpoints[-1]):
            one = enriched_item(n)
            store.write_item(one)
            t0 = time.perf_counter()
            new, changes = apply(state, one, first_sighting=True, limits=limits)
            t1 = time.perf_counter()
            result = store.commit(
                new, changes, folded=[Folded(one.item.id, "r1", new.version)], previous=state
            )
            t2 = time.perf_counter()
            assert result is Commit.APPLIED
            state = new
            if any(size - WINDOW <= n < size for size in checkpoints):
                apply_s += t1 - t0
                commit_s += t2 - t1
            if n + 1 in checkpoints:
                total = 1e6 * (apply_s + commit_s) / WINDOW
                firsts = firsts or total
                size_kb = len(dumps(state.to_dict())) / 1024
                per_item = (used_memory(client) - empty) / (n + 1)
                streams = client.xlen(keys.items_stream(STORY)) + client.xlen(keys.changes_stream(STORY))
                cells = (n + 1, 1e6 * apply_s / WINDOW, 1e6 * commit_s / WINDOW, total, size_kb, per_item)
                print("{:>7} {:>9.0f} {:>10.0f} {:>9.0f} {:>10.1f} {:>10.0f}".format(*cells), f"{streams:>8}")
                last = total
                apply_s = commit_s = 0.0
        base = baseline_us(client, state)
        print(f"last / first: {last / (firsts or last):.2f} (flat is about 1)")
        print(
            f"baseline, a Lua HSET of the same summary: {base:.0f} us; fold+commit/baseline {last / base:.1f}"
        )
        written, applied = client.zcard(keys.written(STORY)), client.zcard(keys.applied(STORY))
        print(f"keys in Redis: {client.dbsize()}; markers kept: {written} written, {applied} applied")


if __name__ == "__main__":
    main()
