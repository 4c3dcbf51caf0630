"""The consumer on one long story against many short ones, and one consumer against two: per-item
CPU (consumers and Redis) and throughput, in interleaved rounds.

M `ticker consume` processes are started and left to see each other; then they are paused
(SIGSTOP), the items are written to their streams (enriched once, retagged per story, 500 per
round trip, as the workers write them), and the run is timed from the consumers' resumption
until every story's summary holds its items. So the writer takes no core from the consumers
(on 2 cores it would take one), and CPU is the consumers' and Redis's over that time. Each run
has a fresh Redis.

"best possible" is what the cores allow: one consumer's run keeps ``rate x CPU per item`` cores
busy (Redis's share included), so M consumers can be at most ``min(M, cores / that)`` times
faster.

    .venv/bin/python benchmarks/bench_stories.py [--items 10000] [--short 10] [--rounds 2]

"1 story" folds ``--items`` items into one story; "many stories" the same number as
``--items / --short`` stories of ``--short`` items each (10,000 stories x 10 is
``--items 100000``). The issue's targets: many stories cost <= 1.2x per item of one story;
2 consumers >= 1.6x one's throughput on many stories, and no slower on one story.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import time

import psutil
import redis
from _harness import CORES, bench_redis, synthetic_items, wait_for

from ticker import keys
from ticker.config import Settings
from ticker.enrich import enrich
from ticker.models import EnrichedItem
from ticker.store import Store

SAMPLES = 200  # distinct enriched items, reused across stories
SHARES_BEAT = 2.0  # seconds between a consumer's heartbeats (ticker.shares default)


def retag(one: EnrichedItem, story: str, n: int) -> EnrichedItem:
    raw = one.to_json().replace(one.item.story, story).replace(one.item.id, f"{n:016x}")
    return EnrichedItem.from_json(raw)


def retagged(stories: int, per_story: int, samples: list[EnrichedItem]) -> list[EnrichedItem]:
    return [
        retag(samples[k % len(samples)], f"s{s}", s * per_story + k)
        for s in range(stories)
        for k in range(per_story)
    ]


def load(store: Store, items: list[EnrichedItem]) -> None:
    for start in range(0, len(items), 500):
        store.write_items(items[start : start + 500])


def folded(client: redis.Redis, names: list[str], per_story: int) -> bool:
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.hget(keys.summary(name), "version")
    return all(int(v or 0) >= per_story for v in pipe.execute())


def cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        times = proc.cpu_times()
        total += times.user + times.system
    return total


def run(stories: int, per_story: int, consumers: int, samples: list[EnrichedItem]) -> tuple[float, float]:
    """(items per second, CPU ms per item of the consumers and Redis)."""
    items = retagged(stories, per_story, samples)
    names = [f"s{s}" for s in range(stories)]
    with bench_redis() as bench:
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        procs, groups = [psutil.Process(bench.server.pid)], []
        for n in range(consumers):
            proc = bench.start(["ticker", "consume", "--name", f"c{n}"], f"c{n}")
            proc.wait_for("running", timeout=60)
            procs.append(psutil.Process(proc.popen.pid))
            groups.append(proc.popen.pid)
        # every consumer sees the others before the items come: the split, not the joining, is timed
        wait_for(lambda: client.zcard(keys.consumers()) == consumers, 60, "every consumer beating")
        time.sleep(2 * SHARES_BEAT)
        for group in groups:
            os.killpg(group, signal.SIGSTOP)
        load(Store(client, Settings()), items)
        # the load may outlast the consumers' heartbeats: renew them, as if they had beaten while
        # paused, so that neither takes the other for dead when they resume
        now_ms = int(time.time() * 1000)
        client.zadd(keys.consumers(), {f"c{n}": now_ms for n in range(consumers)})
        count = len(items)
        before = cpu(procs)
        start = time.perf_counter()
        for group in groups:
            os.killpg(group, signal.SIGCONT)
        wait_for(lambda: folded(client, names, per_story), 1800, "every item folded", poll=0.25)
        elapsed = time.perf_counter() - start
        spent = cpu(procs) - before
        client.close()
        return count / elapsed, 1000 * spent / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--short", type=int, default=10, help="items per story in the many-stories load")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--consumers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    samples = [EnrichedItem(one, enrich(one)) for one in synthetic_items(SAMPLES, "bench-stories")]
    loads = {"1 story": (1, args.items), "many stories": (args.items // args.short, args.short)}
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for round_ in range(args.rounds):
        for name, (stories, per_story) in loads.items():
            for consumers in args.consumers:
                rate, ms = run(stories, per_story, consumers, samples)
                results.setdefault((name, consumers), []).append((rate, ms))
                print(
                    f"round {round_ + 1}: {name:>12}, {consumers} consumer(s): "
                    f"{rate:7.0f} items/s, {ms:.2f} ms CPU/item"
                )
    print(f"{args.items} items; 'many stories' = {args.items // args.short} stories x {args.short}; medians:")
    med = {
        key: (statistics.median(r for r, _ in v), statistics.median(m for _, m in v))
        for key, v in results.items()
    }
    for (name, consumers), (rate, ms) in med.items():
        print(f"  {name:>12}, {consumers} consumer(s): {rate:7.0f} items/s  {ms:6.2f} ms CPU/item")
    one = args.consumers[0]
    print(f"CPU per item, many stories / 1 story ({one} consumer): "
          f"{med[('many stories', one)][1] / med[('1 story', one)][1]:.2f}  (target <= 1.2)")  # fmt: skip
    if len(args.consumers) > 1:
        two = args.consumers[1]
        for name in loads:
            ratio = med[(name, two)][0] / med[(name, one)][0]
            rate, ms = med[(name, one)]
            best = min(two / one, CORES / (rate * ms / 1000))  # cores busy with one vs cores there are
            print(f"throughput {two} consumers / {one}, {name}: {ratio:.2f}"
                  f" (best possible on {CORES} cores: {best:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
