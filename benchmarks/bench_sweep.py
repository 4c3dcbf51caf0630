"""What the consumer's periodic sweep costs as stories pile up, against one round trip per story.

Every ``claim_every`` seconds (15) a consumer sweeps every stream it owns: its own pending
entries, other consumers' stale ones, anything whose doorbell was lost. With S stories that
used to be two round trips per story. Here S stories of one item each are folded, then sweeps
of nothing to do are timed (wall and this process's CPU; Redis runs beside it), against the
floor of the old way measured in the same run: one PING per story, pipelined not.

    .venv/bin/python benchmarks/bench_sweep.py [--stories 1000 10000] [--sweeps 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

import redis
from _harness import bench_redis, synthetic_items

from ticker.config import Settings
from ticker.connection import client as ticker_client
from ticker.consumer import Consumer
from ticker.enrich import enrich
from ticker.models import EnrichedItem
from ticker.store import Store


def ping(conn: redis.Redis, times: int) -> None:
    for _ in range(times):
        conn.ping()


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (wall ms, CPU ms) of ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(1000 * (time.perf_counter() - wall))
        cpus.append(1000 * (time.process_time() - cpu))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--sweeps", type=int, default=5)
    args = parser.parse_args()
    one = synthetic_items(1, "bench-sweep")[0]
    enriched = EnrichedItem(one, enrich(one))
    print("stories   sweep wall ms   sweep CPU ms   one PING per story ms   sweep / PINGs")
    for count in args.stories:
        with bench_redis(appendonly=False) as bench:
            settings = Settings().with_redis(bench.server.url)
            conn = ticker_client(bench.server.url, settings)
            store = Store(conn, settings)
            raw = enriched.to_json()
            items = [EnrichedItem.from_json(raw.replace("bench-sweep", f"s{n}")) for n in range(count)]
            for start in range(0, count, 500):
                store.write_items(items[start : start + 500])
            consumer = Consumer(store, name="sweeper", block_ms=1, claim_every=0)
            while consumer.stats.applied < count:
                consumer.step()
            wall, cpu = timed(consumer.step, args.sweeps)  # claim_every=0: every step sweeps
            pings, _ = timed(partial(ping, conn, count), args.sweeps)
            print(f"{count:7d}   {wall:13.1f}   {cpu:12.1f}   {pings:21.1f}   {wall / pings:13.2f}")


if __name__ == "__main__":
    main()
