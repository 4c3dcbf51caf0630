"""Throughput and CPU per item of the whole pipeline against a bare two-task Celery chain and the
compute floor, in interleaved rounds, with every process's CPU counted (Redis included).

* pipeline: ``celery -A workers worker`` with P pool processes and ``ticker consume``; items are
  staged and sent as ``ticker replay`` does, and an item counts once it is in the summary.
* baseline: the bare chain of benchmarks/baseline_app.py (XADD, then INCR + PUBLISH) with P + 1
  pool processes: as many processes as the pipeline's workers and consumer together.
* floor: enrichment, near-duplicate search over the last 200 items and the fold, in this
  process, with no Redis and no Celery: the work itself.

CPU per item is the CPU time (user + system) every process spent between the first send and
the last item done: redis-server, the worker's parent and pool processes, the consumer and
this producer, over the items sent. Items are the sample story's (their length and figures),
repeated with new ids until there are enough, or ``--items-kind bench`` for synthetic ones.

    .venv/bin/python benchmarks/bench_honest.py [--items 1000] [--rounds 3] [--processes 1 2]

The machine is shared and small: read the ratios of one run, not the absolute numbers, and
compare rounds with each other (their spread is printed). "best possible" is the ratio at which
the compute floor alone would fill every core this process may run on: where it is below a
target, no plumbing can reach that target on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import timedelta

import psutil
import redis
from _harness import CORES, ROOT, Bench, bench_redis, synthetic_items, wait_for

from benchmarks import baseline_app
from ticker import keys
from ticker.dispatch import Batcher, enqueue
from ticker.enrich import enrich
from ticker.enrich.dedupe import find_duplicates
from ticker.ingest import read_sources
from ticker.models import EnrichedItem, TickerItem
from ticker.summary import Limits, Summary, apply

SAMPLE = ROOT / "fixtures" / "stories" / "kazakhstan-2022"
WARM_UP = 20


def sample_like(count: int, story: str) -> list[TickerItem]:
    """The sample story's items over and over, each copy with new ids, a later time and its story."""
    sample = list(read_sources([str(SAMPLE)], story=story).items)
    out = []
    for n in range(count):
        base, copy = sample[n % len(sample)], n // len(sample)
        out.append(
            replace(
                base,
                id=f"{copy:04x}{base.id[4:]}",
                position=f"{base.position} copy {copy}",
                stated_at=None if base.stated_at is None else base.stated_at + timedelta(days=copy),
                published_at=None if base.published_at is None else base.published_at + timedelta(days=copy),
            )
        )
    return out


def cpu_seconds(procs: Iterable[psutil.Process]) -> dict[int, float]:
    out = {}
    for proc in procs:
        try:
            times = proc.cpu_times()
            out[proc.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return out


def every_process(bench: Bench) -> dict[int, tuple[str, psutil.Process]]:
    """redis-server, each started process and its children (the pool), and this producer, by role."""
    procs = {bench.server.pid: ("redis", psutil.Process(bench.server.pid))}
    procs[psutil.Process().pid] = ("producer", psutil.Process())
    for started, name in zip(bench.processes, bench.names, strict=True):
        top = psutil.Process(started.popen.pid)
        for proc in (top, *top.children(recursive=True)):
            procs[proc.pid] = (name, proc)
    return procs


BREAKDOWN: dict[str, list[float]] = {}  # role -> CPU ms per item, one value per run


def timed(
    bench: Bench, send: Callable[[], None], done: Callable[[], bool], count: int
) -> tuple[float, float]:
    """(items per second, CPU ms per item over every process) from the first send to ``done``."""
    procs = every_process(bench)
    before = cpu_seconds(p for _, p in procs.values())
    start = time.perf_counter()
    send()
    wait_for(done, 900, "every item done", poll=0.01)
    elapsed = time.perf_counter() - start
    after = cpu_seconds(p for _, p in procs.values())
    roles: dict[str, float] = {}
    for pid in after:
        if pid in before:
            role = procs[pid][0]
            roles[role] = roles.get(role, 0.0) + after[pid] - before[pid]
    for role, cpu in roles.items():
        BREAKDOWN.setdefault(role, []).append(1000 * cpu / count)
    return count / elapsed, 1000 * sum(roles.values()) / count


def pipeline(items: list[TickerItem], processes: int) -> tuple[float, float]:
    with bench_redis() as bench:
        client, app, store = bench.producer()
        bench.worker("w1", processes)
        bench.consumer()
        for item in sample_like(WARM_UP, "bench-warm-up"):
            enqueue(app, item, store)
        wait_for(lambda: _version(client, "bench-warm-up") >= WARM_UP, 120, "warm-up")
        story = items[0].story

        def send() -> None:
            with Batcher(app, store) as batcher:  # as `ticker replay` sends
                for item in items:
                    batcher.add(item)

        result = timed(bench, send, lambda: _version(client, story) >= len(items), len(items))
        assert store.applied_count(items) == len(items)
        app.close()
        return result


def baseline(items: list[TickerItem], processes: int) -> tuple[float, float]:
    with bench_redis() as bench:
        sender = baseline_app.producer(bench.server.url)
        client = redis.Redis.from_url(bench.server.url, decode_responses=True)
        bench.worker("b1", processes + 1, app="benchmarks.baseline_app", queue=baseline_app.QUEUE)
        for n in range(WARM_UP):
            baseline_app.send(sender, f"warm-{n}", items[0].to_json())
        wait_for(lambda: int(client.get(baseline_app.DONE) or 0) == WARM_UP, 120, "warm-up")

        def send() -> None:
            for item in items:
                baseline_app.send(sender, item.id, item.to_json())

        done = WARM_UP + len(items)
        result = timed(bench, send, lambda: int(client.get(baseline_app.DONE) or 0) >= done, len(items))
        sender.close()
        return result


def floor(items: list[TickerItem], window: int = 200) -> float:
    """CPU ms per item of enrich + near-duplicate search + fold in one process, no I/O."""
    state, recent, seen = Summary(story=items[0].story), list[tuple[str, str, str]](), set[str]()
    limits = Limits()
    start = time.process_time()
    for item in items:
        enrichment = enrich(item)
        ids, outlets = find_duplicates(enrichment.fingerprint, recent)
        enrichment = replace(enrichment, duplicate_of=ids, corroborated_by=outlets)
        recent = [(item.id, item.outlet, enrichment.fingerprint), *recent][:window]
        state, _ = apply(
            state, EnrichedItem(item, enrichment), first_sighting=item.id not in seen, limits=limits
        )
        seen.add(item.id)
    return 1000 * (time.process_time() - start) / len(items)


def _version(client: redis.Redis, story: str) -> int:
    return int(client.hget(keys.summary(story), "version") or 0)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} [{min(values):.2f}-{max(values):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, nargs="+", default=[1])
    parser.add_argument("--items-kind", choices=["sample", "bench"], default="sample")
    args = parser.parse_args()
    make = sample_like if args.items_kind == "sample" else synthetic_items
    print(
        f"{args.items} {args.items_kind} items, {args.rounds} interleaved rounds; "
        "CPU = every process incl. redis-server; median [min-max] over rounds"
    )
    for processes in args.processes:
        rows: dict[str, list[float]] = {}
        for round_ in range(args.rounds):
            story = f"bench-honest-{round_}"
            items = make(args.items, story)
            rate, cpu = pipeline(items, processes)
            base_rate, base_cpu = baseline(items, processes)
            floor_cpu = floor(make(args.items, story))
            for name, value in {
                "pipeline items/s": rate,
                "baseline items/s": base_rate,
                "pipeline CPU ms/item": cpu,
                "baseline CPU ms/item": base_cpu,
                "floor CPU ms/item": floor_cpu,
                "throughput pipeline/baseline": rate / base_rate,
                "CPU pipeline/floor": cpu / floor_cpu,
                "CPU pipeline/baseline": cpu / base_cpu,
                # the floor's work alone at this rate fills every core: no pipeline can go faster
                "best possible pipeline/baseline": CORES / (floor_cpu / 1000) / base_rate,
            }.items():
                rows.setdefault(name, []).append(value)
        print(f"-- {processes} worker process(es) + 1 consumer; baseline: {processes + 1} pool processes")
        for name, values in rows.items():
            print(f"{name:>30} {spread(values)}", flush=True)
        # pipeline runs: w1 (worker parent + pool), consumer; baseline runs: b1; both: redis, producer
        print("CPU ms/item by process (pipeline and baseline runs alike):")
        for role, values in sorted(BREAKDOWN.items()):
            print(f"{role:>30} {spread(values)}")
        BREAKDOWN.clear()


if __name__ == "__main__":
    main()
