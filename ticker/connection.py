"""Redis clients with the timeouts that keep a half-open connection from hanging us."""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any, TypeAlias
from urllib.parse import urlsplit

import redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.exceptions import AskError, MovedError, RedisClusterException
from redis.retry import Retry

from ticker.config import Settings
from ticker.errors import ConfigError, RedisAuthError, RedisUnavailable

log = logging.getLogger(__name__)

_NO_RETRY = Retry(NoBackoff(), 0)

RedisClient: TypeAlias = (
    redis.Redis | RedisCluster
)  # a single Redis, or a Redis Cluster (TICKER_REDIS_CLUSTER)


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or parts.path or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def client(url: str, settings: Settings, *, block_seconds: float = 0.0) -> RedisClient:
    """A client whose socket timeout outlasts any BLOCK it will issue.

    With ``redis_cluster``, a cluster client seeded by the URL's host:port. It asks that node
    for the slot map at once, so unlike a single Redis's client it needs the cluster up
    (RedisUnavailable otherwise).
    """
    options: dict[str, Any] = {
        "decode_responses": True,
        "socket_timeout": settings.socket_timeout + block_seconds,
        "socket_connect_timeout": settings.connect_timeout,
        "socket_keepalive": True,
        "health_check_interval": settings.health_check_interval,  # a cluster client ignores it
        "retry_on_timeout": False,
    }
    try:
        conn: RedisClient = (RedisCluster if settings.redis_cluster else redis.Redis).from_url(url, **options)
    except ValueError as exc:
        raise ConfigError(f"invalid Redis URL {redacted(url)}: {exc}") from exc
    except (RedisClusterException, redis.ConnectionError, redis.TimeoutError) as exc:
        raise RedisUnavailable(f"cannot reach the Redis Cluster at {redacted(url)}: {exc}") from exc
    return conn


def refusal(exc: redis.RedisError, url: str | None = None) -> RedisAuthError | None:
    """The RedisAuthError an error stands for (wrong password, NOAUTH, NOPERM), else None."""
    where = f" at {redacted(url)}" if url else ""
    if isinstance(exc, redis.AuthenticationError):
        return RedisAuthError(f"Redis authentication failed{where}: {exc}")
    if isinstance(exc, redis.exceptions.NoPermissionError) or (
        isinstance(exc, redis.ResponseError) and str(exc).startswith(("NOPERM", "NOAUTH"))
    ):
        return RedisAuthError(f"Redis refused access{where}: {exc}")
    return None


def connect(url: str, settings: Settings, *, attempts: int = 3, block_seconds: float = 0.0) -> redis.Redis:
    """A client that has answered PING, or a RedisUnavailable/RedisAuthError saying why not.

    All the attempts together take at most ``connect_timeout`` (default 5 s), also when the
    server accepts the connection and never answers (a TLS client on a plain port).
    """
    # a cluster client is made once the seed node answers: making it asks for the slot map
    conn = None if settings.redis_cluster else client(url, settings, block_seconds=block_seconds)
    started = time.monotonic()
    budget = settings.connect_timeout
    pause = budget / (2 * max(attempts, 1))
    tried = 0
    for attempt in range(1, attempts + 1):
        left = started + budget - time.monotonic()
        if left <= 0.05:
            break
        tried = attempt
        if _answers(url, left):
            return conn if conn is not None else client(url, settings, block_seconds=block_seconds)
        if attempt < attempts:
            time.sleep(min(pause, max(started + budget - time.monotonic(), 0.0)))
    elapsed = time.monotonic() - started
    raise RedisUnavailable(
        f"cannot connect to Redis at {redacted(url)} "
        f"(tried {tried} time{'' if tried == 1 else 's'} over {elapsed:.0f}s)"
    )


def check_access(url: str, settings: Settings, keys: tuple[str, ...]) -> None:
    """RedisAuthError if Redis refuses our credentials or these keys; nothing if it is merely away.

    For daemons that wait for Redis to come back but must not retry a wrong password forever.
    """
    _answers(url, settings.connect_timeout, keys)


def _answers(url: str, timeout: float, keys: tuple[str, ...] = ()) -> bool:
    """Whether Redis answers PING (and EXISTS on ``keys``) in ``timeout``; RedisAuthError if it refuses.

    No retries inside redis-py: the caller decides whether and when to try again.
    """
    probe = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=_NO_RETRY)
    try:
        probe.ping()
        for key in keys:  # one by one: on a cluster node they may lie in different slots
            with contextlib.suppress(MovedError, AskError):  # a cluster node redirects after the ACL check
                probe.exists(key)
        return True
    except (redis.AuthenticationError, redis.ResponseError) as exc:
        refused = refusal(exc, url)
        if refused is None:
            raise
        raise refused from exc
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        log.debug("Redis at %s did not answer: %s", redacted(url), exc)
        return False
    finally:
        probe.close()
