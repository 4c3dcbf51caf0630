"""The throwaway redis-server never hands out a server it did not start."""

from __future__ import annotations

import socket

import pytest
import redis

from ticker.embedded import EmbeddedRedis
from ticker.errors import MissingDependency


def test_a_picked_port_taken_by_another_server_is_given_up_for_a_free_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with EmbeddedRedis(appendonly=False) as other:
        picks = iter([other.port])
        monkeypatch.setattr("ticker.embedded.free_port", lambda: next(picks, 0) or _real_free_port())
        mine = EmbeddedRedis(appendonly=False).start()
        try:
            assert mine.port != other.port
            assert mine.process is not None and mine.process.poll() is None
            assert redis.Redis.from_url(mine.url).info("server")["process_id"] == mine.pid
        finally:
            mine.close()
        assert redis.Redis.from_url(other.url).ping()  # the other server was left alone


def test_a_given_port_held_by_another_server_is_refused() -> None:
    with EmbeddedRedis(appendonly=False) as other:
        with pytest.raises(MissingDependency, match="port"):
            EmbeddedRedis(port=other.port, appendonly=False).start(timeout=5)
        assert redis.Redis.from_url(other.url).ping()


def _real_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
