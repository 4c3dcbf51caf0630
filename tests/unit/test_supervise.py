"""A supervised child that exits is started again, with backoff; a stopped one is not."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import wait_until
from ticker.supervise import Backoff, Supervised

QUICK = Backoff(first=0.05, most=0.2, healthy_after=60)


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = [Backoff(first=1, most=30).delay(n) for n in range(1, 8)]
    assert delays == [1, 2, 4, 8, 16, 30, 30]


def test_a_child_that_exits_on_its_own_is_started_again_and_each_restart_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    starts = tmp_path / "starts"
    script = f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"
    child = Supervised("crasher", [sys.executable, "-c", script], backoff=QUICK, poll_every=0.02)
    with caplog.at_level(logging.WARNING, logger="ticker.supervise"):
        child.start()
        try:
            wait_until(lambda: starts.exists() and len(starts.read_text()) >= 3, 20, "three starts")
        finally:
            child.stop()
    assert child.restarts >= 2
    assert "crasher exited with code 3" in caplog.text and "restart 2 in" in caplog.text


def test_a_stopped_child_is_terminated_and_not_started_again(tmp_path: Path) -> None:
    child = Supervised("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], backoff=QUICK)
    child.start()
    process = child.process
    assert process is not None and process.poll() is None
    child.stop(timeout=10)
    assert process.poll() is not None
    assert child.restarts == 0 and child.process is process


def test_a_ctrl_c_at_the_terminal_reaches_the_supervisor_not_its_child() -> None:
    child = Supervised("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], backoff=QUICK)
    child.start()
    try:
        assert child.process is not None
        # the terminal signals its foreground process group: ours, which the child is not in
        assert os.getpgid(child.process.pid) == child.process.pid != os.getpgid(0)
    finally:
        child.stop(timeout=10)


def test_the_child_ends_when_its_supervisor_dies(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    parent = (
        "import sys, time; from ticker.supervise import Supervised; "
        "c = Supervised('sleeper', [sys.executable, '-c', 'import time; time.sleep(120)']).start(); "
        f"open({str(pid_file)!r}, 'w').write(str(c.process.pid)); time.sleep(120)"
    )
    supervisor = subprocess.Popen([sys.executable, "-c", parent])
    try:
        wait_until(lambda: pid_file.exists() and pid_file.read_text(), 30, "the child started")
        orphan = int(pid_file.read_text())
        supervisor.kill()  # SIGKILL: no handler, no stop(); only the kernel can tell the child
        supervisor.wait()
        wait_until(lambda: not _alive(orphan), 30, "the child ended with its supervisor")
    finally:
        supervisor.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended; its parent is gone, so init reaps it
        return stat.read().split(") ")[-1][0] != "Z"
