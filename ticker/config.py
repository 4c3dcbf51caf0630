"""One place that reads configuration: Settings.from_env(), overridable by CLI options."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from ticker.errors import ConfigError
from ticker.ingest.address import parse_allow_entry

ENV_PREFIX = "TICKER_"


def _number(name: str, default: float, kind: type[int] | type[float]) -> Any:
    raw = os.environ.get(ENV_PREFIX + name)
    if raw is None or raw == "":
        return default
    noun = "an integer" if kind is int else "a number"
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not {noun}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not a finite number")
    return value


def _int(name: str, default: int) -> int:
    return int(_number(name, default, int))


def _float(name: str, default: float) -> float:
    return float(_number(name, default, float))


def _bool(name: str, default: bool) -> bool:
    raw = (os.environ.get(ENV_PREFIX + name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not 1 or 0")


def _words(name: str) -> tuple[str, ...]:
    """A comma-separated list, blanks dropped."""
    raw = os.environ.get(ENV_PREFIX + name) or ""
    return tuple(word.strip() for word in raw.split(",") if word.strip())


@dataclass(frozen=True)
class Settings:
    redis_url: str | None = None  # None: `ticker run` starts an embedded redis-server
    broker_url: str | None = None  # defaults to redis_url
    redis_cluster: bool = False  # redis_url names a node of a Redis Cluster; the broker is elsewhere
    stream_maxlen: int = 100_000  # per story and stream, approximate (MAXLEN ~)
    dedup_ttl: int = 7 * 24 * 3600  # how long an item's delivery counter is kept
    # item revisions per story remembered as written and as applied: a redelivery of anything
    # newer is recognised, and Redis memory stays bounded however long the story runs
    dedup_window: int = 200_000
    recent_window: int = 200  # items compared for near-duplicates
    max_deliveries: int = 3  # an item whose task starts this often is dead-lettered
    batch_size: int = 50  # items sent to the workers in one task at most (1: a task per item)
    batch_wait: float = 0.005  # seconds a batch waits for more items after its first
    dlq_maxlen: int = 10_000
    visibility_timeout: int = 3600  # seconds before an unacked broker message is redelivered
    task_time_limit: int = 300  # hard limit per task; must stay below visibility_timeout
    socket_timeout: float = 10.0
    health_check_interval: int = 10
    connect_timeout: float = 5.0
    reconcile_after: int = 600  # seconds an enqueued item may stay unwritten before it is sent again
    developments_kept: int = 40
    history_kept: int = 50
    feeds_file: str | None = None  # TOML file of [[feed]] tables to poll; None: nothing is polled
    poll_every: float = 60.0  # seconds between two polls of each feed
    fetch_allow_hosts: tuple[str, ...] = ()  # host or host:port fetched even on private addresses
    fetch_timeout: float = 30.0  # a whole fetch of one feed: connect, headers, body, redirects
    web_host: str = "127.0.0.1"  # `ticker web` listens here; loopback unless told otherwise
    web_port: int = 8000
    metrics_port: int = 0  # `ticker consume` serves Prometheus /metrics here; 0: off
    metrics_host: str = "127.0.0.1"  # where that listens (0.0.0.0 in a container)

    @classmethod
    def from_env(cls) -> Settings:
        default = cls()
        redis_url = os.environ.get(ENV_PREFIX + "REDIS_URL") or None
        settings = cls(
            redis_url=redis_url,
            broker_url=os.environ.get(ENV_PREFIX + "BROKER_URL") or redis_url,
            redis_cluster=_bool("REDIS_CLUSTER", default.redis_cluster),
            stream_maxlen=_int("STREAM_MAXLEN", default.stream_maxlen),
            dedup_ttl=_int("DEDUP_TTL", default.dedup_ttl),
            dedup_window=_int("DEDUP_WINDOW", default.dedup_window),
            recent_window=_int("RECENT_WINDOW", default.recent_window),
            max_deliveries=_int("MAX_DELIVERIES", default.max_deliveries),
            batch_size=_int("BATCH_SIZE", default.batch_size),
            batch_wait=_float("BATCH_WAIT", default.batch_wait),
            dlq_maxlen=_int("DLQ_MAXLEN", default.dlq_maxlen),
            visibility_timeout=_int("VISIBILITY_TIMEOUT", default.visibility_timeout),
            task_time_limit=_int("TASK_TIME_LIMIT", default.task_time_limit),
            socket_timeout=_float("SOCKET_TIMEOUT", default.socket_timeout),
            health_check_interval=_int("HEALTH_CHECK_INTERVAL", default.health_check_interval),
            connect_timeout=_float("CONNECT_TIMEOUT", default.connect_timeout),
            reconcile_after=_int("RECONCILE_AFTER", default.reconcile_after),
            developments_kept=_int("DEVELOPMENTS_KEPT", default.developments_kept),
            history_kept=_int("HISTORY_KEPT", default.history_kept),
            feeds_file=os.environ.get(ENV_PREFIX + "FEEDS") or None,
            poll_every=_float("POLL_EVERY", default.poll_every),
            fetch_allow_hosts=_words("FETCH_ALLOW_HOSTS"),
            fetch_timeout=_float("FETCH_TIMEOUT", default.fetch_timeout),
            web_host=os.environ.get(ENV_PREFIX + "WEB_HOST") or default.web_host,
            web_port=_int("WEB_PORT", default.web_port),
            metrics_port=_int("METRICS_PORT", default.metrics_port),
            metrics_host=os.environ.get(ENV_PREFIX + "METRICS_HOST") or default.metrics_host,
        )
        settings.check()
        return settings

    def with_redis(self, url: str) -> Settings:
        """These settings on the Redis at ``url``; the broker follows unless it was set on its own
        (``TICKER_BROKER_URL=amqp://…``: the tasks travel through RabbitMQ, the data stays in Redis)."""
        _check_url("redis_url", url)
        own_broker = self.broker_url is not None and self.broker_url != self.redis_url
        return replace(self, redis_url=url, broker_url=self.broker_url if own_broker else url)

    def with_web(self, host: str | None, port: int | None) -> Settings:
        """These settings with the page's address from CLI options, checked like the variables."""
        settings = replace(
            self, web_host=host or self.web_host, web_port=self.web_port if port is None else port
        )
        settings.check()
        return settings

    def check(self) -> None:
        for name in ("visibility_timeout", "task_time_limit", "dedup_ttl", "dlq_maxlen"):
            if not getattr(self, name) >= 1:
                raise ConfigError(f"{_env(name)} ({getattr(self, name)}) must be at least 1")
        if self.reconcile_after < 0:
            raise ConfigError(f"{_env('reconcile_after')} ({self.reconcile_after}) must be 0 or more")
        for name in ("socket_timeout", "connect_timeout", "fetch_timeout"):
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):  # also refuses NaN
                raise ConfigError(f"{_env(name)} ({value}) must be a positive number of seconds")
        if self.health_check_interval < 0:
            raise ConfigError(f"{_env('health_check_interval')} must be 0 (off) or more")
        for name in ("redis_url", "broker_url"):
            _check_url(name, getattr(self, name))
        if self.redis_cluster and (not self.broker_url or self.broker_url == self.redis_url):
            # kombu's Redis transport speaks to one server: its queue lists and the visibility
            # bookkeeping of several keys cannot live on a cluster
            raise ConfigError(
                f"{_env('redis_cluster')}: the Celery broker cannot be a Redis Cluster; set "
                f"{_env('broker_url')} to RabbitMQ (amqp://…) or a standalone Redis"
            )
        for entry in self.fetch_allow_hosts:
            try:
                parse_allow_entry(entry)
            except ValueError as exc:
                raise ConfigError(f"{ENV_PREFIX}FETCH_ALLOW_HOSTS: {exc}") from None
        if self.task_time_limit >= self.visibility_timeout:
            raise ConfigError(
                f"task_time_limit ({self.task_time_limit}s) must be < visibility_timeout "
                f"({self.visibility_timeout}s), or a slow task runs twice at once"
            )
        if self.max_deliveries < 1:
            raise ConfigError("max_deliveries must be at least 1")
        if self.batch_size < 1:
            raise ConfigError(f"{_env('batch_size')} ({self.batch_size}) must be at least 1")
        if not (0 <= self.batch_wait <= 10):  # also refuses NaN
            raise ConfigError(f"{_env('batch_wait')} ({self.batch_wait}) must be 0 to 10 seconds")
        if self.stream_maxlen < 10:
            raise ConfigError("stream_maxlen must be at least 10")
        if self.dedup_window < self.stream_maxlen:
            raise ConfigError(
                f"dedup_window ({self.dedup_window}) must be >= stream_maxlen ({self.stream_maxlen}): "
                "an item still in the stream must be recognised when it comes again"
            )
        if not 0 < self.web_port < 65536:
            raise ConfigError(f"{_env('web_port')} ({self.web_port}) must be a port from 1 to 65535")
        if not 0 <= self.metrics_port < 65536:
            raise ConfigError(f"{_env('metrics_port')} ({self.metrics_port}) must be 0 (off) or a port")
        for name in ("web_host", "metrics_host"):
            host = getattr(self, name)
            if not host.strip() or any(ch.isspace() or ch in "/@" for ch in host):
                raise ConfigError(f"{_env(name)} ({host!r}) must be a host name or address")
        if not self.poll_every >= 1:  # also refuses NaN; a feed server is someone else's machine
            raise ConfigError(f"poll_every ({self.poll_every:g}s) must be at least 1 second")


def _check_url(name: str, url: str | None) -> None:
    """A Redis URL whose port is out of range stops here, not in a traceback deep in redis-py."""
    if not url:
        return
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        host = parts.hostname or "?"
        raise ConfigError(
            f"{_env(name)}: the port of {parts.scheme}://{host} must be a number from 1 to 65535"
        )


def _env(name: str) -> str:
    return ENV_PREFIX + name.upper()
