"""Enrichment CPU per item, the working tree against a baseline commit, in one process.

What it measures: the CPU time of ``ticker.enrich.enrich(item)`` per item, as mean, p50, p90
and p99, for the working tree's ``ticker`` and for a baseline ``ticker`` imported from a git
worktree (5458d3c by default) into the same process under the name ``base_ticker``. The
issue's target is the working tree's mean and p90 at most 0.6x the baseline's.

Why this way: run-to-run noise on the shared machine is far larger than the effect, so both
versions run in one process, item by item (A, B, B, A, ...: which goes first alternates), and
only their ratios are read. A worker rarely sees a text twice, so nothing may be carried from
one item to the next: every item's text is new in every round (a "Ref N." sentence is
appended), and before every timed call every cache of both versions is emptied: each
``functools.cache``/``lru_cache`` function that takes an argument (``--clear all``: the
zero-argument loaders of the packaged data too, which a worker runs once). The items are the
sample story's and, when present, the dev live blogs' rendered updates (read at run time
from /work/shared, never copied here).

    .venv/bin/python benchmarks/bench_enrich.py [--baseline PATH] [--items N] [--rounds R] [--json]

Without ``--baseline``, a detached worktree of 5458d3c under ${TMPDIR:-/tmp}/ticker-bench-base
is made with ``git worktree add`` (or reused, if it is there already).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import enum
import gc
import importlib
import inspect
import json
import pkgutil
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticker.ingest import read_sources  # noqa: E402
from ticker.models import TickerItem  # noqa: E402

SAMPLE = ROOT / "fixtures" / "stories" / "kazakhstan-2022"
LIVEBLOGS = ROOT.parent / "shared" / "eval" / "dev" / "liveblogs"
BASE_COMMIT = "5458d3c"
BASE_NAME = "base_ticker"
TARGET = 0.6
WORD = re.compile(r"\w+")


def seed_items() -> list[TickerItem]:
    """The sample story's items (also read by ``bench_topics.py``)."""
    return list(read_sources([str(SAMPLE)]).items)


def liveblog_items(folder: Path) -> list[TickerItem]:
    """Every dev live blog's rendered updates, the capitals-restored render where there is one."""
    items: list[TickerItem] = []
    if not folder.is_dir():
        return items
    for blog in sorted(p for p in folder.iterdir() if (p / "manifest.json").is_file()):
        story = blog / "cased" if (blog / "cased" / "manifest.json").is_file() else blog
        items.extend(read_sources([str(story)]).items)
    return items


# --- two versions of the package in one process ---------------------------------------------------


def _is_ticker(name: str) -> bool:
    return name == "ticker" or name.startswith("ticker.")


def baseline_worktree(path: str | None) -> Path:
    """The baseline's worktree: ``path``, or 5458d3c's under $TMPDIR, made if it is missing."""
    if path:
        return Path(path).resolve()
    where = Path(tempfile.gettempdir()) / "ticker-bench-base"
    if not (where / "ticker" / "__init__.py").is_file():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), BASE_COMMIT],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return where


def _nested_ticker_imports(module: ModuleType) -> list[str]:
    """``import ticker...`` run inside a function: after the rename it would reach the working
    tree's modules, so such a baseline could not be measured this way."""
    source = inspect.getsourcefile(module)
    if not source:
        return []
    tree = ast.parse(Path(source).read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(_is_ticker(n) for n in names):
                found.append(f"{source}:{node.lineno}")
    return found


def load_baseline(worktree: Path) -> ModuleType:
    """Import ``ticker.enrich`` (every submodule) from ``worktree`` and file every module it
    loaded under ``base_ticker...``; the working tree's modules are put back as they were."""
    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if _is_ticker(name)}
    write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # leave the worktree as it was
    sys.path.insert(0, str(worktree))
    importlib.invalidate_caches()
    try:
        package = importlib.import_module("ticker.enrich")
        for info in pkgutil.iter_modules(package.__path__, "ticker.enrich."):
            importlib.import_module(info.name)
        importlib.import_module("ticker.models")
    finally:
        sys.path.remove(str(worktree))
        sys.dont_write_bytecode = write_bytecode
        loaded = {name: sys.modules.pop(name) for name in list(sys.modules) if _is_ticker(name)}
        sys.modules.update(saved)
        importlib.invalidate_caches()
    for name, module in loaded.items():
        sys.modules[BASE_NAME + name.removeprefix("ticker")] = module
    nested = [where for module in loaded.values() for where in _nested_ticker_imports(module)]
    if nested:
        raise SystemExit("the baseline imports ticker inside functions: " + ", ".join(nested))
    return sys.modules[f"{BASE_NAME}.enrich"]


def modules_of(top: str) -> list[tuple[str, ModuleType]]:
    """(name in sys.modules, module) of ``top`` and its submodules."""
    return [(name, m) for name, m in sorted(sys.modules.items()) if name == top or name.startswith(top + ".")]


def cached_functions(modules: Iterable[tuple[str, ModuleType]]) -> list[tuple[str, Any]]:
    """(qualified name, function) of every ``functools`` cache that ``modules`` define or import
    from the package (module globals, methods of their classes); the baseline's named base_ticker."""
    found: dict[int, tuple[str, Any]] = {}
    for name, module in modules:
        spaces: list[tuple[str, Mapping[str, Any]]] = [(name, vars(module))]
        spaces += [
            (f"{name}.{k}", vars(v))
            for k, v in vars(module).items()
            if isinstance(v, type) and v.__module__ == module.__name__
        ]
        for prefix, space in spaces:
            for value in space.values():
                func = value.__func__ if isinstance(value, staticmethod | classmethod) else value
                if not (callable(getattr(func, "cache_clear", None)) and hasattr(func, "cache_info")):
                    continue
                home = getattr(func, "__module__", None) or ""
                if _is_ticker(home):  # the package's own, not a library's (urllib's urlsplit)
                    top = prefix.split(".")[0]
                    found.setdefault(
                        id(func), (f"{top}{home.removeprefix('ticker')}.{func.__qualname__}", func)
                    )
    return sorted(found.values(), key=lambda pair: pair[0])


def takes_arguments(func: Any) -> bool:
    try:
        return bool(inspect.signature(func.__wrapped__).parameters)
    except (AttributeError, TypeError, ValueError):
        return True


# --- items ------------------------------------------------------------------------------------


def as_version(item: TickerItem, models: ModuleType, text: str) -> Any:
    """``item`` with ``text`` as ``models.TickerItem``, its enums the ones of that version."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(models.TickerItem):
        if not f.init:
            continue
        value = getattr(item, f.name)
        if isinstance(value, enum.Enum):
            value = getattr(models, type(value).__name__)(value.value)
        values[f.name] = value
    values["text"] = text
    return models.TickerItem(**values)


def distinct_text(text: str, round_: int, index: int) -> str:
    return f"{text.rstrip()} Ref {round_ + 1}{index:04d}."


def spread(pool: Sequence[tuple[str, TickerItem]], count: int | None) -> list[tuple[str, TickerItem]]:
    """``count`` items taken evenly through ``pool`` (all of it when ``count`` is None)."""
    if not count or count >= len(pool):
        return list(pool)
    return [pool[k * len(pool) // count] for k in range(count)]


# --- statistics -------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary(ms: Sequence[float]) -> dict[str, float]:
    return {
        "items": len(ms),
        "mean": statistics.fmean(ms),
        "p50": percentile(ms, 50),
        "p90": percentile(ms, 90),
        "p99": percentile(ms, 99),
        "max": max(ms),
    }


def revision(path: Path) -> str:
    head = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no", "--", "ticker"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{head or '?'}{' + uncommitted changes under ticker/' if dirty else ''}"


# --- the run ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Version:
    name: str
    enrich: Callable[[Any], object]
    models: ModuleType


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help=f"a worktree of the baseline (default: {BASE_COMMIT}'s)")
    parser.add_argument("--items", type=int, help="items per round (default: every sample and dev item)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--liveblogs", default=str(LIVEBLOGS), help="the dev live blogs ('' for none)")
    parser.add_argument(
        "--clear",
        choices=("inputs", "all"),
        default="inputs",
        help="inputs: every cache of a function with arguments; all: the data loaders' too",
    )
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="NAME",
        help="keep the caches whose name holds NAME warm (to see what one costs; not the issue's measure)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    return parser.parse_args()


def measure(
    versions: Sequence[Version],
    chosen: Sequence[tuple[str, TickerItem]],
    rounds: int,
    clear: Callable[[], None],
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]], list[float]]:
    """CPU ms of every call by version, the same by version and source, and the word count's."""
    times: dict[str, list[float]] = {v.name: [] for v in versions}
    by_group: dict[str, dict[str, list[float]]] = {v.name: {} for v in versions}
    words: list[float] = []
    turn = 0
    for round_ in range(rounds):
        for index, (group, item) in enumerate(chosen):
            text = distinct_text(item.text, round_, index)
            for version in versions if turn % 2 == 0 else versions[::-1]:
                subject = as_version(item, version.models, text)
                clear()
                gc.collect()
                start = time.process_time_ns()
                version.enrich(subject)
                spent = (time.process_time_ns() - start) / 1e6
                times[version.name].append(spent)
                by_group[version.name].setdefault(group, []).append(spent)
            turn += 1
            start = time.process_time_ns()
            WORD.findall(text)
            words.append((time.process_time_ns() - start) / 1e6)
    return times, by_group, words


def print_table(report: dict[str, Any]) -> None:
    new, base = report["working_tree"], report["baseline"]
    print(f"working tree: {new['revision']}  ({new['enrich']})")
    print(f"baseline:     {base['revision']}  ({base['enrich']})")
    groups = ", ".join(f"{n} {g}" for g, n in report["groups"].items())
    print(
        f"items: {report['items_per_round']} per round ({groups}; {report['mean_chars']:.0f} characters on"
        f" average) x {report['rounds']} rounds, every text new in every round, the versions interleaved"
    )
    kept = ", ".join(report["caches_kept"]) or "none"
    print(f"caches emptied before every call: {len(report['caches_cleared'])}; kept warm: {kept}")
    print()
    print(f"{'CPU ms per item':<22}{'items':>7}{'mean':>9}{'p50':>9}{'p90':>9}{'p99':>9}{'max':>9}")
    for name, s in report["ms"].items():
        print(
            f"{name:<22}{s['items']:>7}{s['mean']:>9.3f}{s['p50']:>9.3f}{s['p90']:>9.3f}"
            f"{s['p99']:>9.3f}{s['max']:>9.3f}"
        )
    r = report["ratio_new_over_base"]
    print(f"{'ratio new/base':<22}{'':>7}{r['mean']:>9.3f}{r['p50']:>9.3f}{r['p90']:>9.3f}{r['p99']:>9.3f}")
    print()
    for group in report["groups"]:
        means = [f"{name} {by[group]:.3f}" for name, by in report["ms_by_group"].items() if group in by]
        print(f"mean by source, {group}: " + ", ".join(means) + " ms")
    print(f"reference: a regex word count of the same texts, {report['word_count_ms']:.4f} ms per item")
    verdict = "met" if report["met"] else "not met"
    print(
        f"target: mean and p90 <= {report['target']}x the baseline's: {verdict}"
        f" (mean {r['mean']:.3f}x, p90 {r['p90']:.3f}x)"
    )


def main() -> None:
    args = arguments()
    worktree = baseline_worktree(args.baseline)
    base_enrich = load_baseline(worktree)
    import ticker.enrich as new_enrich  # the working tree's, after the baseline has been filed away

    new_file, base_file = Path(new_enrich.__file__ or ""), Path(base_enrich.__file__ or "")
    assert new_file != base_file, (new_file, base_file)
    assert new_file.is_relative_to(ROOT) and base_file.is_relative_to(worktree), (new_file, base_file)
    assert inspect.getsourcefile(new_enrich.enrich) != inspect.getsourcefile(base_enrich.enrich)
    versions = [
        Version("working tree", new_enrich.enrich, sys.modules["ticker.models"]),
        Version(f"baseline {revision(worktree).split()[0]}"[:21], base_enrich.enrich,
                sys.modules[f"{BASE_NAME}.models"]),
    ]  # fmt: skip

    groups = {"sample": seed_items(), "dev live blogs": liveblog_items(Path(args.liveblogs))}
    chosen = spread([(group, item) for group, items in groups.items() for item in items], args.items)
    # warm-up, untimed: the gazetteer, the topic model and the patterns load at a worker's first item
    for _, item in chosen:
        for version in versions:
            version.enrich(as_version(item, version.models, item.text))
    caches = cached_functions([*modules_of("ticker"), *modules_of(BASE_NAME)])
    cleared = [
        (name, f)
        for name, f in caches
        if (args.clear == "all" or takes_arguments(f)) and not any(k in name for k in args.keep)
    ]

    def clear() -> None:
        for _, func in cleared:
            func.cache_clear()

    clear()
    assert all(func.cache_info().currsize == 0 for _, func in cleared)
    gc.collect()
    gc.freeze()  # as the workers do: what is loaded by now is never scanned again
    times, by_group, words = measure(versions, chosen, args.rounds, clear)

    stats = {name: summary(ms) for name, ms in times.items()}
    new, base = stats[versions[0].name], stats[versions[1].name]
    ratios = {k: new[k] / base[k] for k in ("mean", "p50", "p90", "p99")}
    report = {
        "working_tree": {"path": str(ROOT), "revision": revision(ROOT), "enrich": str(new_file)},
        "baseline": {"path": str(worktree), "revision": revision(worktree), "enrich": str(base_file)},
        "items_per_round": len(chosen),
        "rounds": args.rounds,
        "groups": {g: n for g in groups if (n := sum(1 for grp, _ in chosen if grp == g))},
        "mean_chars": statistics.fmean(len(item.text) for _, item in chosen),
        "caches_cleared": [name for name, _ in cleared],
        "caches_kept": [name for name, f in caches if (name, f) not in cleared],
        "ms": stats,
        "ms_by_group": {
            name: {g: statistics.fmean(ms) for g, ms in by.items()} for name, by in by_group.items()
        },
        "word_count_ms": statistics.fmean(words),
        "ratio_new_over_base": ratios,
        "target": TARGET,
        "met": ratios["mean"] <= TARGET and ratios["p90"] <= TARGET,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
