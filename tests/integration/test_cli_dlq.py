"""`ticker dlq` in-process (click's CliRunner) against the test's own redis-server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.clirun import run_ticker
from ticker import keys
from ticker.config import Settings
from ticker.embedded import EmbeddedRedis
from ticker.store import Store

pytestmark = pytest.mark.integration


@pytest.fixture
def parked(client: redis.Redis) -> list[str]:
    """Three parked inputs, oldest first, as the workers and the consumer park them."""
    store = Store(client, Settings())
    store.park("undecodable stream entry", "{not json", source="ticker:story:{s}:items")
    store.park("delivered 3 times; the task keeps dying", {"id": "abc"}, item_id="abc")
    store.park("bad \x1b[31mred\x1b[0m reason", "x")
    return [str(raw) for raw in client.lrange(keys.dead_letters(), 0, -1)][::-1]


def test_dlq_lists_parked_inputs_newest_first_with_where_and_why(
    redis_server: EmbeddedRedis, parked: list[str]
) -> None:
    ran = run_ticker("dlq", "--redis-url", redis_server.url)
    assert ran.exit_code == 0 and ran.stderr == ""
    lines = ran.stdout.splitlines()
    assert len(lines) == 3
    assert "bad" in lines[0] and "\x1b" not in ran.stdout  # a hostile reason reaches the terminal inert
    assert "abc" in lines[1] and "delivered 3 times" in lines[1]
    assert "ticker:story:{s}:items" in lines[2] and "undecodable stream entry" in lines[2]


def test_dlq_json_prints_the_stored_entries_and_lines_limits_them(
    redis_server: EmbeddedRedis, parked: list[str]
) -> None:
    ran = run_ticker("dlq", "--redis-url", redis_server.url, "--json", "-n", "2")
    assert ran.exit_code == 0
    assert ran.stdout.splitlines() == parked[::-1][:2]
    assert [json.loads(line)["type"] for line in ran.stdout.splitlines()] == ["dead_letter"] * 2


def test_dlq_of_an_empty_queue_prints_nothing(redis_server: EmbeddedRedis) -> None:
    ran = run_ticker("dlq", "--redis-url", redis_server.url)
    assert (ran.exit_code, ran.stdout, ran.stderr) == (0, "", "")


@pytest.fixture
def password_redis(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(data_dir=str(tmp_path), extra_args=("--requirepass", "s3cret"))
    server.start()
    yield server
    server.close()


@pytest.mark.parametrize("password", ["", ":wrong@"], ids=["none", "wrong"])
def test_dlq_with_refused_credentials_exits_77(password_redis: EmbeddedRedis, password: str) -> None:
    url = f"redis://{password}127.0.0.1:{password_redis.port}/0"
    ran = run_ticker("dlq", "--redis-url", url)
    assert ran.exit_code == 77 and ran.stderr.startswith("error: Redis "), ran.output
    assert "wrong" not in ran.stderr  # the URL is shown without its password
