"""Full garbage-collection pauses in a worker-like process, with and without ``gc.freeze()`` after
warm-up (what workers/celery.py does after a pool process's first task).

Each run is a fresh process that loads the worker's modules, enriches a few items (warm-up),
optionally freezes, then enriches and encodes ``--items`` sample items while timing every
generation-2 collection. Runs alternate between the two modes.

    .venv/bin/python benchmarks/bench_gc.py [--items 2000] [--rounds 3]

Pauses are CPU work in one process, but the machine is shared: compare the modes within a round.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from typing import Any


def child(items: int, freeze: bool) -> dict[str, Any]:
    from bench_honest import sample_like

    import workers.tasks  # noqa: F401 - the worker's modules, as a pool process has them
    from ticker.enrich import enrich
    from ticker.models import EnrichedItem

    work = sample_like(items + 20, "bench-gc")
    for item in work[:20]:
        EnrichedItem(item, enrich(item)).to_json()
    if freeze:
        gc.collect()
        gc.freeze()
    pauses: list[float] = []
    started: list[float] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            pauses.append(1000 * (time.perf_counter() - started.pop()))

    gc.callbacks.append(watch)
    kept = []  # what a worker holds across tasks: caches grow a little with every item
    for item in work[20:]:
        kept.append(EnrichedItem(item, enrich(item)).to_json())
    gc.callbacks.remove(watch)
    return {"full": len(pauses), "max_ms": max(pauses, default=0.0), "total_ms": sum(pauses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["freeze", "plain"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.items, args.child == "freeze")))
        return
    print(f"{args.items} sample items per run; generation-2 collections after warm-up")
    print(f"{'round':>5} {'mode':>7} {'full GCs':>9} {'max ms':>8} {'total ms':>9}")
    for round_ in range(args.rounds):
        for mode in ("plain", "freeze"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--items", str(args.items)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            cells = f"{r['full']:>9} {r['max_ms']:>8.1f} {r['total_ms']:>9.1f}"
            print(f"{round_:>5} {mode:>7} {cells}", flush=True)


if __name__ == "__main__":
    main()
