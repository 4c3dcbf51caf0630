"""Redis clients with the timeouts that keep a half-open connection from hanging us."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import redis

from ticker.config import Settings
from ticker.errors import ConfigError, RedisAuthError, RedisUnavailable

log = logging.getLogger(__name__)


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or parts.path or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def client(url: str, settings: Settings, *, block_seconds: float = 0.0) -> redis.Redis:
    """A client whose socket timeout outlasts any BLOCK it will issue."""
    try:
        return redis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=settings.socket_timeout + block_seconds,
            socket_connect_timeout=settings.connect_timeout,
            socket_keepalive=True,
            health_check_interval=settings.health_check_interval,
            retry_on_timeout=False,
        )
    except ValueError as exc:
        raise ConfigError(f"invalid Redis URL {redacted(url)}: {exc}") from exc


def connect(url: str, settings: Settings, *, attempts: int = 3, block_seconds: float = 0.0) -> redis.Redis:
    """A client that has answered PING, or a RedisUnavailable/RedisAuthError saying why not."""
    conn = client(url, settings, block_seconds=block_seconds)
    started = time.monotonic()
    pause = settings.connect_timeout / max(attempts, 1)
    for attempt in range(1, attempts + 1):
        try:
            conn.ping()
            return conn
        except redis.AuthenticationError as exc:
            raise RedisAuthError(f"Redis authentication failed at {redacted(url)}: {exc}") from exc
        except redis.ResponseError as exc:
            if "NOPERM" in str(exc) or "NOAUTH" in str(exc):
                raise RedisAuthError(f"Redis refused access at {redacted(url)}: {exc}") from exc
            raise
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            log.debug("ping %s failed (attempt %d): %s", redacted(url), attempt, exc)
            if attempt < attempts:
                time.sleep(pause)
    elapsed = time.monotonic() - started
    raise RedisUnavailable(
        f"cannot connect to Redis at {redacted(url)} (tried {attempts} times over {elapsed:.0f}s)"
    )
