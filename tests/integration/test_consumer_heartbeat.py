"""A running `ticker consume --heartbeat` keeps its liveness file fresh; `ticker alive` reads it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.processes import CONSUMER, Proc, command, wait_until
from ticker.heartbeat import age

pytestmark = pytest.mark.integration


def test_consumer_beats_and_alive_says_so(tmp_path: Path, spawn: Callable[..., Proc]) -> None:
    beat_file = tmp_path / "consumer.heartbeat"
    consumer = spawn(CONSUMER, env={"TICKER_HEARTBEAT": str(beat_file)}, name="consumer")
    wait_until(lambda: age(beat_file) is not None, 60, "the first heartbeat", proc=consumer)

    # an old beat is replaced by a fresh one while the loop turns
    os.utime(beat_file, (0, 0))
    wait_until(lambda: (age(beat_file) or 1e9) < 3600, 60, "a fresh heartbeat", proc=consumer)

    alive = subprocess.run(
        command(["ticker", "alive", str(beat_file), "--max-age", "60"]), capture_output=True, text=True
    )
    assert alive.returncode == 0, alive.stderr
