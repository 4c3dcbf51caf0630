"""Configuration that cannot be safe is refused at start-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.processes import ROOT, command
from ticker.config import Settings
from ticker.errors import ConfigError
from ticker.keys import check_story, items_stream


def test_time_limit_at_or_above_visibility_timeout_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"task_time_limit \(60s\) must be < visibility_timeout \(60s\)"):
        Settings(task_time_limit=60, visibility_timeout=60).check()


UNSAFE = {"TICKER_TASK_TIME_LIMIT": "100", "TICKER_VISIBILITY_TIMEOUT": "50"}


def test_worker_refuses_unsafe_config_at_start_up_with_exit_78() -> None:
    result = subprocess.run(
        [*command(["celery"]), "-A", "workers", "worker", "--pool", "solo"],
        env={**os.environ, **UNSAFE},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 78
    assert "task_time_limit (100s) must be < visibility_timeout (50s)" in result.stderr


def test_importing_the_worker_app_with_unsafe_config_does_not_exit() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import workers"],
        env={**os.environ, **UNSAFE},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_non_numeric_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKER_STREAM_MAXLEN", "lots")
    with pytest.raises(ConfigError, match="TICKER_STREAM_MAXLEN='lots' is not an integer"):
        Settings.from_env()


@pytest.mark.parametrize("bad", ["", "UPPER", "a b", "x:y", "../etc", "a" * 65, "*"])
def test_story_names_are_checked_before_they_become_keys(bad: str) -> None:
    with pytest.raises(ConfigError):
        check_story(bad)


def test_story_keys_are_namespaced() -> None:
    assert items_stream("kazakhstan-2022") == "ticker:story:kazakhstan-2022:items"
