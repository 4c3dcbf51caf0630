"""The consumer's liveness file and `ticker alive`, the healthcheck that reads it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.clirun import run_ticker
from ticker.errors import ConfigError
from ticker.heartbeat import Heartbeat, age


def test_a_beat_creates_the_file_and_makes_it_fresh(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    assert age(path) is None
    Heartbeat(path).beat()
    since = age(path)
    assert since is not None and since < 60


def test_a_beat_refreshes_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    path.touch()
    old = time.time() - 3600
    os.utime(path, (old, old))
    Heartbeat(path).beat()
    assert (age(path) or 0) < 3600 - 60


def test_beats_within_the_interval_do_not_write_again(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    heartbeat = Heartbeat(path, every=3600)
    heartbeat.beat()
    old = time.time() - 600
    os.utime(path, (old, old))
    heartbeat.beat()
    assert (age(path) or 0) >= 600


def test_an_unwritable_place_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="heartbeat"):
        Heartbeat(tmp_path / "missing-dir" / "consumer.heartbeat")
    with pytest.raises(ConfigError, match="heartbeat"):
        Heartbeat(tmp_path)


def test_alive_accepts_a_fresh_heartbeat(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    Heartbeat(path).beat()
    result = run_ticker("alive", str(path), "--max-age", "60")
    assert result.exit_code == 0, result.output
    assert "alive" in result.stdout


def test_alive_refuses_a_stale_heartbeat_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    path.touch()
    old = time.time() - 120
    os.utime(path, (old, old))
    result = run_ticker("alive", str(path), "--max-age", "60")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "ago" in result.stderr


def test_alive_refuses_a_missing_heartbeat(tmp_path: Path) -> None:
    result = run_ticker("alive", str(tmp_path / "never"))
    assert result.exit_code == 1
    assert "no heartbeat" in result.stderr


def test_alive_reads_the_file_from_the_consumers_variable(tmp_path: Path) -> None:
    path = tmp_path / "consumer.heartbeat"
    Heartbeat(path).beat()
    assert run_ticker("alive", env={"TICKER_HEARTBEAT": str(path)}).exit_code == 0
