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


def test_pure_core_imports_neither_redis_celery_rich_nor_click() -> None:
    # a fresh interpreter: this one has loaded all of them for other tests
    code = (
        "import json, sys\n"
        + "".join(f"import {name}\n" for name in PURE_CORE)
        + f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({SHELL_LIBRARIES!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


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
