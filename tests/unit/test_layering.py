"""Who may import whom: the pure core stays pure, and only the composition root knows the workers."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from tests.processes import ROOT

PURE_CORE = ["ticker.models", "ticker.ingest", "ticker.enrich", "ticker.summary", "ticker.escape"]
SHELL_LIBRARIES = ["redis", "celery", "rich", "click"]
COMPOSITION_ROOT = {"ticker/cli.py", "ticker/runner.py"}


def loaded_by(modules: list[str], watched: list[str]) -> list[str]:
    """Which of ``watched`` a fresh interpreter has loaded after importing ``modules``."""
    # a fresh interpreter: this one has loaded all of them for other tests
    code = (
        "import json, sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({watched!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_pure_core_imports_neither_redis_celery_rich_nor_click() -> None:
    assert loaded_by(PURE_CORE, SHELL_LIBRARIES) == []


def test_the_library_sends_work_without_loading_celery_or_a_terminal() -> None:
    # dispatch sends through the Celery app it is handed; only workers/ and the edge build one
    library = ["ticker.store", "ticker.dispatch", "ticker.poll", "ticker.consumer", "ticker.delivery"]
    assert loaded_by(library, ["celery", "rich", "click"]) == []


def imported_modules(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_cli_and_the_runner_import_the_workers() -> None:
    library = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ticker").rglob("*.py"))
    importers = [
        path
        for path in library
        if any(name == "workers" or name.startswith("workers.") for name in imported_modules(path))
    ]
    assert set(importers) <= COMPOSITION_ROOT, importers
