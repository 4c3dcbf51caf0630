"""Bytes the summary consumer writes to Redis per item as a story grows: at 1k, 10k (100k) items.

Items are written to a story's stream as the workers do, then ``ticker``'s own Consumer folds
them. Over the window of items before each checkpoint the benchmark counts what the
consumer's steps sent to Redis (INFO ``total_net_input_bytes``: the commit script's arguments,
reads and acks) and how much the append-only file grew, with the consumer reading one entry
per step (``batch 1``: a commit per item, the worst case) and 50 (its default).

The reference, measured in the same run on the same items: what the layout before this one
wrote per commit (the whole summary head, developments and actors included, plus each touched
figure with its history), computed by folding the same items and encoding those fields.

    .venv/bin/python benchmarks/bench_bytes.py [--sizes 1000 10000 100000]

Bytes are deterministic for a given set of items; no timing is involved.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import redis
from _harness import bench_redis
from bench_fold import enriched_item

from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.models import EnrichedItem, dumps
from ticker.store import Store
from ticker.summary import Limits, Summary, apply

WINDOW = 1000  # items measured before each checkpoint
BATCHES = (1, 50)


def net_in(client: redis.Redis) -> int:
    return int(client.info("stats")["total_net_input_bytes"])


def aof_bytes(data_dir: str) -> int:
    """The append-only file's size on disk (all of its parts in Redis 7)."""
    return sum(p.stat().st_size for p in Path(data_dir).rglob("*.aof*") if p.is_file())


def legacy_commit_bytes(new: Summary, old: Summary) -> int:
    """What the one-head layout wrote for this commit: the head, and every figure the item touched."""
    head = len(dumps(new.head_dict()))
    return head + sum(len(dumps(f.to_dict())) for k, f in new.figures.items() if old.figures.get(k) is not f)


def retag(one: EnrichedItem, story: str) -> EnrichedItem:
    return EnrichedItem.from_json(one.to_json().replace(one.item.story, story))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--batches", type=int, nargs="+", default=list(BATCHES), help="consumer batch sizes")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the one-head layout's bytes (a third fold per item)"
    )
    args = parser.parse_args()
    batches: tuple[int, ...] = tuple(args.batches)
    checkpoints = sorted(args.sizes)
    # no AOF rewrite during the run: its growth is what was appended
    with bench_redis(extra_args=("--auto-aof-rewrite-percentage", "0")) as bench:
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        settings = Settings().with_redis(bench.server.url)
        limits = Limits(settings.history_kept, settings.developments_kept)
        stores = {b: Store(client, settings) for b in batches}
        stories = {b: f"bench-bytes-{b}" for b in batches}
        consumers = {
            b: Consumer(
                stores[b], name=f"bytes-{b}", stories=[stories[b]], batch=b, block_ms=1, claim_every=1e9
            )
            for b in batches
        }
        legacy_state = Summary(story="legacy")
        sums = {("net", b): 0 for b in batches} | {("aof", b): 0 for b in batches} | {("legacy", 0): 0}
        print(f"bytes per item over the {WINDOW} items before each size")
        header = f"{'items':>7} {'legacy B':>9}"
        for b in batches:
            header += f" {f'net b={b}':>10} {f'aof b={b}':>10} {f'legacy/net b={b}':>17}"
        print(header)
        step = 100  # items written, then folded, per round: the consumer sees what a burst leaves
        for start in range(0, checkpoints[-1], step):
            chunk = [enriched_item(n) for n in range(start, start + step)]
            measured = any(size - WINDOW <= start < size for size in checkpoints)
            if args.no_reference:
                pass
            elif measured:
                for one in chunk:
                    new, _ = apply(legacy_state, one, limits=limits)
                    sums[("legacy", 0)] += legacy_commit_bytes(new, legacy_state)
                    legacy_state = new
            else:
                for one in chunk:
                    legacy_state, _ = apply(legacy_state, one, limits=limits)
            for b in batches:  # one story per batch size; the rounds interleave
                for one in chunk:
                    stores[b].write_item(retag(one, stories[b]))
                net0, aof0 = net_in(client), aof_bytes(bench.server.data_dir)
                while consumers[b].step():
                    pass
                if measured:
                    sums[("net", b)] += net_in(client) - net0
                    sums[("aof", b)] += aof_bytes(bench.server.data_dir) - aof0
            if start + step in checkpoints:
                row = f"{start + step:>7} {sums[('legacy', 0)] / WINDOW:>9.0f}"
                for b in batches:
                    net, aof = sums[("net", b)] / WINDOW, sums[("aof", b)] / WINDOW
                    reference = sums[("legacy", 0)] / WINDOW / net if net else 0.0
                    row += f" {net:>10.0f} {aof:>10.0f} {reference:>17.1f}"
                print(row, flush=True)
                sums = dict.fromkeys(sums, 0)
        for b in batches:
            applied = consumers[b].stats.applied
            assert applied == checkpoints[-1], f"batch {b}: {applied} applied"
            assert client.hget(keys.summary(stories[b]), "version") == str(checkpoints[-1])
        print(
            "net: bytes sent to Redis by the consumer (commands and arguments); aof: append-only file growth"
        )
        print("(appendfsync everysec: the file is written before each reply, fsynced once a second)")


if __name__ == "__main__":
    main()
