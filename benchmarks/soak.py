"""Soak: many items through 2 worker processes and the consumer, with one Redis crash (kill -9,
restart from its append-only file) and one worker SIGKILLed (then replaced, as compose's
restart policy would) in the middle. Prints what went in and came out, duplicates, the lag
and Redis memory at the end.

    .venv/bin/python benchmarks/soak.py [--items 20000]

Pass: out == in, duplicates == 0, the broker and the consumer group drained.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time
from collections import Counter

import redis
from _harness import Bench, Process, bench_redis, synthetic_items, wait_for

from ticker import keys
from ticker.config import Settings
from ticker.dispatch import enqueue
from ticker.models import EnrichedItem, TickerItem
from ticker.store import Store
from workers.celery import create_app

# short enough that what a dead worker held comes back within the soak, not in an hour
ENV = {"TICKER_VISIBILITY_TIMEOUT": "30", "TICKER_TASK_TIME_LIMIT": "20", "TICKER_RECONCILE_AFTER": "60"}
SETTINGS = Settings(visibility_timeout=30, task_time_limit=20, reconcile_after=60)


class Producer(threading.Thread):
    """Enqueues every item; an item the broker refuses is sent again until it is taken."""

    def __init__(self, bench: Bench, items: list[TickerItem]) -> None:
        super().__init__(name="producer", daemon=True)
        self.items = items
        self.settings = SETTINGS.with_redis(bench.server.url)
        self.sent = 0
        self.refusals = 0
        self.sent_at: dict[str, float] = {}

    def run(self) -> None:
        app = create_app(self.settings)
        store = Store(
            redis.Redis.from_url(self.settings.redis_url or "", decode_responses=True), self.settings
        )
        for item in self.items:
            while True:
                try:
                    enqueue(app, item, store)
                    break
                except Exception:  # the fault under test: the next poll would send it again
                    self.refusals += 1
                    time.sleep(0.5)
            self.sent_at[item.id] = time.monotonic()
            self.sent += 1
        app.close()


def applied(store: Store, items: list[TickerItem]) -> int:
    try:
        return store.applied_count(items)
    except redis.RedisError:  # Redis is the fault: ask again
        return 0


def drained(client: redis.Redis, story: str) -> bool:
    stream = keys.items_stream(story)
    return not (
        client.llen(keys.TASK_QUEUE)
        or client.hlen("unacked")
        or client.zcard(keys.pending())
        or client.xpending(stream, keys.CONSUMER_GROUP)["pending"]
    )


def kill_group(proc: Process) -> None:
    os.killpg(proc.popen.pid, signal.SIGKILL)
    proc.popen.wait()


def soak(count: int) -> bool:
    story = "soak"
    items = synthetic_items(count, story)
    with bench_redis() as bench:
        bench.defaults = ENV
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        store = Store(client, SETTINGS.with_redis(bench.server.url))
        workers = [bench.worker("w1"), bench.worker("w2")]
        bench.consumer()
        producer = Producer(bench, items)
        start = time.monotonic()
        producer.start()

        wait_for(lambda: applied(store, items) >= count // 3, 3600, "a third applied", poll=1.0)
        print(f"{time.monotonic() - start:7.1f}s  kill -9 redis-server at {applied(store, items)} applied")
        bench.server.kill()
        time.sleep(2)
        bench.server.start()
        print(f"{time.monotonic() - start:7.1f}s  redis-server restarted from its append-only file")

        wait_for(lambda: applied(store, items) >= 2 * count // 3, 3600, "two thirds applied", poll=1.0)
        print(f"{time.monotonic() - start:7.1f}s  kill -9 worker w1 at {applied(store, items)} applied")
        kill_group(workers[0])
        workers[0] = bench.worker("w1-restarted")

        producer.join(timeout=3600)
        last_sent = max(producer.sent_at.values())
        wait_for(lambda: applied(store, items) >= count, 3600, "every item applied", poll=1.0)
        done = time.monotonic()
        wait_for(lambda: drained(client, story), 600, "broker and consumer group drained", poll=0.5)

        rows = client.xrange(keys.items_stream(story), "-", "+")
        written = Counter(EnrichedItem.from_json(fields["data"]).item.version_key for _, fields in rows)
        duplicates = sum(n - 1 for n in written.values() if n > 1)
        memory = client.info("memory")
        out = applied(store, items)
        print(f"items in      {producer.sent} (refused and sent again: {producer.refusals})")
        print(f"items out     {out} applied, {len(written)} distinct in the stream")
        print(f"duplicates    {duplicates}")
        print(f"lag           {done - last_sent:.1f}s from the last enqueue to the last item applied")
        print(f"elapsed       {done - start:.1f}s ({count / (done - start):.0f} items/s with both faults)")
        print(f"redis memory  {memory['used_memory_human']} used, {memory['used_memory_peak_human']} peak")
        client.close()
        return producer.sent == count == out == len(written) and duplicates == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    ok = soak(parser.parse_args().items)
    print("PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
