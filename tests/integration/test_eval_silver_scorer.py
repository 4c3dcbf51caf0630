"""`ticker eval --silver` agrees point for point with the silver set's own scorer, score_silver.py,
which runs `ticker run --fast` into a real redis-server and reads `ticker summary --at T+1min`.

The scorer lives in the silver set (../shared/eval/dev/silver beside the clone, evaluation only,
never copied here); without it the test is skipped. It scores the invented blog of
tests/data/silver, plain and cased.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.processes import BIN, ROOT
from ticker.embedded import free_port
from ticker.evaluate import silver

pytestmark = pytest.mark.integration

SCORER = ROOT.parent / "shared" / "eval" / "dev" / "silver" / "score_silver.py"
SILVER = ROOT / "tests" / "data" / "silver"


def key(p: dict[str, Any]) -> tuple[str, str, str, float]:
    return (p["story"], p["time_utc"], p["metric"], p["value"])


@pytest.mark.parametrize("cased", [False, True], ids=["plain", "cased"])
def test_the_in_process_verdicts_are_the_scorers(tmp_path: Path, cased: bool) -> None:
    if not SCORER.exists():
        pytest.skip(f"the silver set's scorer is not at {SCORER} (place shared/ beside the clone)")
    out = tmp_path / "results.json"
    argv = [sys.executable, str(SCORER), str(SILVER), "--ticker", str(BIN / "ticker")]
    argv += ["--port", str(free_port()), "--jobs", "1", "--out", str(out), *(["--cased"] if cased else [])]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    scored = json.loads(out.read_text(encoding="utf-8"))
    assert scored["summary"]["blogs_with_errors"] == 0, scored["blogs"]
    theirs = {
        key(p): (p["ticker_value"], p["ticker_subject"], p["right"], p["any_subject"])
        for blog in scored["blogs"]
        for p in blog["points"]
    }
    report = silver.score_set(SILVER, cased=cased)
    ours = {
        key(v.to_dict()): (v.ticker_value, v.ticker_subject, v.right, v.any_subject) for v in report.verdicts
    }
    assert ours == theirs
    summary = report.to_dict()["summary"]
    for name in ("points", "right", "any_subject_right", "per_metric", "final_title_points"):
        assert summary[name] == scored["summary"][name], name
    assert summary["blogs_final_headline_right"] == scored["summary"]["blogs_final_headline_right"]
    assert sum(right for _, _, right, _ in ours.values()) == 5  # some right, some wrong
