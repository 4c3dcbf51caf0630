"""End-to-end throughput: synthetic items with figures replayed at full speed through real
worker processes and the consumer, against a bare two-step Celery chain (XADD, then a counter)
on the same kind of Redis in the same run. Also 1 against 2 worker processes.

    .venv/bin/python benchmarks/bench_pipeline.py [--items 2000] [--processes 1 2]

Target: pipeline / baseline >= 0.5 at the same number of worker processes.
"""

from __future__ import annotations

import argparse
import time

import redis
from _harness import bench_redis, synthetic_items, wait_for

from benchmarks import baseline_app
from ticker import keys
from ticker.dispatch import Batcher, enqueue
from ticker.models import TickerItem

WARM_UP = 20


def summary_version(client: redis.Redis, story: str) -> int:
    return int(client.hget(keys.summary(story), "version") or 0)


def pipeline_rate(items: list[TickerItem], processes: int) -> float:
    """Items per second from the first enqueue until the last item is in the summary."""
    with bench_redis() as bench:
        client, app, store = bench.producer()
        bench.worker("w1", processes)
        bench.consumer()
        warm = synthetic_items(WARM_UP, "bench-warm-up")
        for item in warm:
            enqueue(app, item, store)
        wait_for(lambda: summary_version(client, "bench-warm-up") == WARM_UP, 120, "warm-up")

        story = items[0].story
        start = time.perf_counter()
        with Batcher(app, store) as batcher:  # as `ticker replay` sends
            for item in items:
                batcher.add(item)
        wait_for(lambda: summary_version(client, story) >= len(items), 600, "all items folded", poll=0.01)
        elapsed = time.perf_counter() - start
        assert store.applied_count(items) == len(items)
        app.close()
        return len(items) / elapsed


def baseline_rate(items: list[TickerItem], processes: int) -> float:
    """The same number of two-step chains, each carrying one item's JSON."""
    with bench_redis() as bench:
        sender = baseline_app.producer(bench.server.url)
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        bench.worker("b1", processes, app="benchmarks.baseline_app", queue=baseline_app.QUEUE)
        for n in range(WARM_UP):
            baseline_app.send(sender, f"warm-{n}", items[0].to_json())
        wait_for(lambda: int(client.get(baseline_app.DONE) or 0) == WARM_UP, 120, "warm-up")

        start = time.perf_counter()
        for item in items:
            baseline_app.send(sender, item.id, item.to_json())
        done = WARM_UP + len(items)
        wait_for(lambda: int(client.get(baseline_app.DONE) or 0) >= done, 600, "all chains done", poll=0.01)
        rate = len(items) / (time.perf_counter() - start)
        sender.close()
        return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    items = synthetic_items(args.items, "bench-pipeline")
    print(f"{args.items} items with figures; worker prefork processes as given; AOF everysec")
    print(f"{'processes':>9} {'pipeline/s':>11} {'baseline/s':>11} {'ratio':>6}")
    rates = {}
    for processes in args.processes:
        rate = pipeline_rate(items, processes)
        base = baseline_rate(items, processes)
        rates[processes] = rate
        print(f"{processes:>9} {rate:>11.0f} {base:>11.0f} {rate / base:>6.2f}", flush=True)
    if 1 in rates and 2 in rates:
        print(f"2 processes / 1 process: {rates[2] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
