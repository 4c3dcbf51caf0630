"""Latency from enqueue to the summary change published, at a steady rate (default 100 items/s),
against the same measure for a bare two-step Celery chain in the same run.

A subscriber on the story's channel matches each change to its item id; every item raises a
figure, so every item changes the summary. The "written" row is enqueue to the enriched item
published by the worker: the rest of "pipeline" is the consumer's fold and commit.

    .venv/bin/python benchmarks/bench_latency.py [--items 1000] [--rate 100]

Target: p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis
from _harness import bench_redis, percentile, wait_for

from benchmarks import baseline_app
from ticker import keys
from ticker.dispatch import Batcher, enqueue
from ticker.models import ItemKind, Precision, TickerItem

STORY = "bench-latency"
WARM_UP = 20


def rising_items(count: int, start: int = 0) -> list[TickerItem]:
    """Each item reports a higher arrest count, later: the current figure changes every time."""
    begin = datetime(2022, 1, 5, 8, 0, tzinfo=UTC)
    out = []
    for n in range(start, start + count):
        out.append(
            TickerItem(
                id=hashlib.sha256(f"{STORY}/{n}".encode()).hexdigest()[:16],
                revision="r1",
                story=STORY,
                outlet=f"Outlet {n % 5}",
                source="bench.txt",
                position=f"block {n}",
                kind=ItemKind.TICKER_UPDATE,
                title=f"Update {n}",
                text=f"The Interior Ministry said {100 + n} people were arrested.",
                url=None,
                stated_at=begin + timedelta(seconds=30 * n),
                published_at=None,
                ingested_at=begin,
                precision=Precision.MINUTE,
                timezone="Asia/Almaty",
            )
        )
    return out


class Arrivals:
    """First arrival time of each id on a channel, from a subscriber thread."""

    def __init__(self, client: redis.Redis, channel: str, ident_of: Callable[[str], str | None]) -> None:
        self.times: dict[str, float] = {}
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(channel)
        self._ident_of = ident_of
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            message = self._pubsub.get_message(timeout=0.2)
            if message is None:
                continue
            now = time.perf_counter()
            ident = self._ident_of(message["data"])
            if ident is not None and ident not in self.times:
                self.times[ident] = now

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._pubsub.close()


def event_key(data: str) -> str | None:
    """``change:<item id>`` for a summary change, ``written:<item id>`` for an item the worker wrote."""
    payload = json.loads(data)
    if payload.get("type") == "change":
        return f"change:{payload['item_id']}"
    if payload.get("type") == "enriched_item":
        return f"written:{payload['item']['id']}"
    return None


def paced(count: int, rate: float, send: Callable[[int], None]) -> dict[int, float]:
    """Call send(i) at ``rate`` per second; the time each call started."""
    sent: dict[int, float] = {}
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent[i] = time.perf_counter()
        send(i)
    return sent


def latencies(sent: dict[int, float], ids: list[str], arrivals: Arrivals) -> list[float]:
    return [1000 * (arrivals.times[ids[i]] - t) for i, t in sent.items() if ids[i] in arrivals.times]


def pipeline_latencies(count: int, rate: float, processes: int) -> tuple[list[float], list[float]]:
    """Enqueue to change published, and enqueue to item written (the worker's share)."""
    with bench_redis() as bench:
        client, app, store = bench.producer()
        bench.worker("w1", processes)
        bench.consumer()
        warm = rising_items(WARM_UP)
        items = rising_items(count, start=WARM_UP)
        # one subscriber for both events: a second would only add load to the machine measured
        arrivals = Arrivals(client, keys.channel(STORY), event_key)
        for item in warm:
            enqueue(app, item, store)
        wait_for(lambda: all(f"change:{i.id}" in arrivals.times for i in warm), 120, "warm-up changes")
        with Batcher(app, store) as batcher:  # as `ticker replay` sends: a batch closes after 5 ms
            sent = paced(count, rate, lambda i: batcher.add(items[i]))
        changed = [f"change:{i.id}" for i in items]
        written = [f"written:{i.id}" for i in items]
        wait_for(lambda: all(key in arrivals.times for key in changed), 120, "every change")
        arrivals.close()
        app.close()
        return latencies(sent, changed, arrivals), latencies(sent, written, arrivals)


def baseline_latencies(count: int, rate: float, processes: int) -> list[float]:
    with bench_redis() as bench:
        sender = baseline_app.producer(bench.server.url)
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        bench.worker("b1", processes, app="benchmarks.baseline_app", queue=baseline_app.QUEUE)
        items = rising_items(count, start=WARM_UP)
        arrivals = Arrivals(client, baseline_app.CHANNEL, lambda data: data)
        for n in range(WARM_UP):
            baseline_app.send(sender, f"warm-{n}", items[0].to_json())
        wait_for(lambda: len(arrivals.times) >= WARM_UP, 120, "warm-up")
        ids = [i.id for i in items]
        sent = paced(count, rate, lambda i: baseline_app.send(sender, ids[i], items[i].to_json()))
        wait_for(lambda: all(i in arrivals.times for i in ids), 120, "every chain")
        arrivals.close()
        sender.close()
        return latencies(sent, ids, arrivals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    got, worker_share = pipeline_latencies(args.items, args.rate, args.processes)
    base = baseline_latencies(args.items, args.rate, args.processes)
    print(f"{args.items} items at {args.rate:g}/s, {args.processes} worker process(es); latency in ms")
    print(f"{'':>9} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7}")
    rows = (("pipeline", got), ("  written", worker_share), ("baseline", base))
    for name, values in rows:
        cells = " ".join(f"{percentile(values, q):>7.1f}" for q in (50, 90, 99, 100))
        print(f"{name:>9} {cells}")
    p99, base99 = percentile(got, 99), percentile(base, 99)
    verdict = "met" if p99 <= 100 else "MISSED"
    print(f"p99 pipeline / baseline: {p99 / base99:.2f}; target p99 <= 100 ms: {verdict}")


if __name__ == "__main__":
    main()
