"""Configuration that cannot be safe is refused at start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import redis

from tests.clirun import run_ticker
from tests.processes import ROOT, command
from ticker.config import Settings
from ticker.dispatch import Batcher
from ticker.errors import ConfigError
from ticker.keys import check_story, items_stream, story_of
from ticker.store import Store
from workers.celery import app as celery_app


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


@pytest.mark.parametrize("bad", ["", "UPPER", "a b", "x:y", "../etc", "a" * 129, "*"])
def test_story_names_are_checked_before_they_become_keys(bad: str) -> None:
    with pytest.raises(ConfigError):
        check_story(bad)


def test_a_story_named_by_a_long_headline_slug_is_a_story() -> None:
    slug = "afghanistan-parliament-attacked-by-taliban-suicide-bombers-and-gunmen-2015-d67b4327-cased"
    assert check_story(slug) == slug and check_story("a" * 128) == "a" * 128


def test_story_keys_are_namespaced() -> None:
    assert items_stream("kazakhstan-2022") == "ticker:story:{kazakhstan-2022}:items"
    assert story_of(items_stream("kazakhstan-2022")) == "kazakhstan-2022"


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"TICKER_REDIS_URL": "redis://127.0.0.1:99999/0"},
         "error: TICKER_REDIS_URL: the port of redis://127.0.0.1 must be a number from 1 to 65535\n"),
        ({"TICKER_BROKER_URL": "redis://127.0.0.1:0/0"},
         "error: TICKER_BROKER_URL: the port of redis://127.0.0.1 must be a number from 1 to 65535\n"),
        ({"TICKER_SOCKET_TIMEOUT": "nan"}, "error: TICKER_SOCKET_TIMEOUT='nan' is not a finite number\n"),
        ({"TICKER_SOCKET_TIMEOUT": "inf"}, "error: TICKER_SOCKET_TIMEOUT='inf' is not a finite number\n"),
        ({"TICKER_SOCKET_TIMEOUT": "-1"},
         "error: TICKER_SOCKET_TIMEOUT (-1.0) must be a positive number of seconds\n"),
        ({"TICKER_CONNECT_TIMEOUT": "0"},
         "error: TICKER_CONNECT_TIMEOUT (0.0) must be a positive number of seconds\n"),
        ({"TICKER_TASK_TIME_LIMIT": "0"}, "error: TICKER_TASK_TIME_LIMIT (0) must be at least 1\n"),
        ({"TICKER_TASK_TIME_LIMIT": "-5"}, "error: TICKER_TASK_TIME_LIMIT (-5) must be at least 1\n"),
        ({"TICKER_REDIS_CLUSTER": "maybe"}, "error: TICKER_REDIS_CLUSTER='maybe' is not 1 or 0\n"),
        ({"TICKER_REDIS_CLUSTER": "1", "TICKER_REDIS_URL": "redis://127.0.0.1:7000/0"},
         "error: TICKER_REDIS_CLUSTER: the Celery broker cannot be a Redis Cluster; set TICKER_BROKER_URL "
         "to RabbitMQ (amqp://…) or a standalone Redis\n"),
        ({"TICKER_FETCH_TIMEOUT": "0"}, "error: TICKER_FETCH_TIMEOUT (0.0) must be a positive number of seconds\n"),
        ({"TICKER_FETCH_ALLOW_HOSTS": "feeds.example:99999"},
         "error: TICKER_FETCH_ALLOW_HOSTS: 'feeds.example:99999': the port must be a number from 1 to 65535\n"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_one_line_and_exit_78(env: dict[str, str], line: str) -> None:
    result = run_ticker("dlq", env=env)
    assert (result.exit_code, result.stderr) == (78, line)


def test_a_redis_url_option_with_a_bad_port_is_one_line_and_exit_78() -> None:
    result = run_ticker("summary", "--redis-url", "redis://:secret@127.0.0.1:99999/0")
    assert result.exit_code == 78
    assert (
        result.stderr
        == "error: TICKER_REDIS_URL: the port of redis://127.0.0.1 must be a number from 1 to 65535\n"
    )


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_worker_refuses_a_time_limit_of_zero_or_less_with_exit_78(limit: str) -> None:
    result = subprocess.run(
        [*command(["celery"]), "-A", "workers", "worker", "--pool", "solo"],
        env={**os.environ, "TICKER_TASK_TIME_LIMIT": limit},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 78
    assert f"error: TICKER_TASK_TIME_LIMIT ({limit}) must be at least 1\n" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TICKER_WEB_PORT": "eighty"}, "TICKER_WEB_PORT='eighty' is not an integer"),
        ({"TICKER_WEB_PORT": "70000"}, "TICKER_WEB_PORT (70000) must be a port from 1 to 65535"),
        ({"TICKER_WEB_HOST": "a b"}, "TICKER_WEB_HOST ('a b') must be a host name or address"),
        ({"TICKER_METRICS_PORT": "-1"}, "TICKER_METRICS_PORT (-1) must be 0 (off) or a port"),
    ],
)
def test_web_and_metrics_addresses_are_checked_at_start_up(env: dict[str, str], message: str) -> None:
    result = run_ticker("web", env=env)
    assert result.exit_code == 78
    assert message in result.stderr


def test_web_port_option_out_of_range_is_a_usage_error() -> None:
    assert run_ticker("web", "--port", "0").exit_code == 2


def test_the_broker_follows_the_redis_url_unless_it_was_set_on_its_own() -> None:
    alone = Settings(redis_url="redis://a:6379/0", broker_url="redis://a:6379/0").with_redis(
        "redis://b:7000/0"
    )
    assert alone.broker_url == "redis://b:7000/0"
    rabbit = "amqp://guest:guest@127.0.0.1:5672/ticker"
    own = Settings(redis_url="redis://a:6379/0", broker_url=rabbit).with_redis("redis://b:7000/0")
    assert (own.redis_url, own.broker_url) == ("redis://b:7000/0", rabbit)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TICKER_BATCH_SIZE": "0"}, "TICKER_BATCH_SIZE (0) must be at least 1"),
        ({"TICKER_BATCH_WAIT": "-1"}, "TICKER_BATCH_WAIT (-1.0) must be 0 to 10 seconds"),
        ({"TICKER_BATCH_WAIT": "nan"}, "TICKER_BATCH_WAIT"),
    ],
)
def test_batch_settings_are_checked(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.from_env().check()


def test_batch_settings_reach_the_batcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKER_BATCH_SIZE", "7")
    monkeypatch.setenv("TICKER_BATCH_WAIT", "0.02")
    settings = Settings.from_env()
    batcher = Batcher.configured(celery_app, Store(redis.Redis(), settings))  # no command is sent
    assert (batcher.size, batcher.wait) == (7, 0.02)
