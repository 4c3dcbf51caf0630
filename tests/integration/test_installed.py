"""A non-editable install: `ticker run` plays the packaged sample story from any directory.

The test builds the wheel from a copy of the tree (so no build/ lands in the checkout),
installs it with ``pip --target`` and runs it in a fresh virtualenv that sees the installed
copy and this environment's dependencies, never the source tree: the copy is deleted
before the run, and the test checks where ``ticker`` was imported from.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.processes import ROOT
from ticker.ingest import read_sources

pytestmark = pytest.mark.integration

NOT_SHIPPED = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", "__pycache__", "*.rdb", "appendonlydir"
)


def installed_python(tmp_path: Path) -> tuple[Path, Path]:
    """A virtualenv's python with the wheel built from this tree installed, and where it went."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_SHIPPED)
    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # the build backend and the dependencies are this environment's: nothing is downloaded
    flags = ["--no-deps", "--no-build-isolation", "--no-index", "--target", str(site)]
    built = subprocess.run([*pip, *flags, str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    shutil.rmtree(source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # a path line in a .pth: the installed copy first, then the dependencies; the .pth files of
    # that site-packages (an editable install of this tree) are not run
    Path(purelib, "ticker-test.pth").write_text(f"{site}\n{sysconfig.get_paths()['purelib']}\n")
    return python, site


def test_an_installed_ticker_runs_the_sample_story_from_any_directory(tmp_path: Path) -> None:
    python, site = installed_python(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    where = subprocess.run(
        [python, "-c", "import ticker, workers; print(ticker.__file__); print(workers.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    )
    assert all(Path(line).is_relative_to(site) for line in where.stdout.split()), where.stdout
    entry_points = next(site.glob("ticker-*.dist-info")) / "entry_points.txt"
    assert "ticker = ticker.cli:main" in entry_points.read_text()

    ran = subprocess.run(
        [python, "-c", "from ticker.cli import main; main()", "run", "--fast", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=240,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    summary = json.loads(ran.stdout)  # stdout is the summary alone
    assert summary["story"] == "kazakhstan-2022"
    assert summary["items"] == len(read_sources([str(SAMPLE)]).items)
    assert summary["figures"]["arrested:people"]["current"]["value"] == 7939
    assert list(elsewhere.iterdir()) == []
