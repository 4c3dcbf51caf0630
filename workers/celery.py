"""The Celery app. Safe defaults (acks late, rejected on worker loss, a visibility timeout above
the longest task); JSON only; no result backend.

Settings come from TICKER_* environment variables; an unsafe combination stops a worker
or beat at start-up with exit code 78 instead of running tasks twice later. Importing
this module never exits: the error waits for the start-up that needs the settings.
`celery -A workers beat` polls the feeds of TICKER_FEEDS every TICKER_POLL_EVERY seconds.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import Any

import redis
from celery import Celery
from celery.signals import beat_init, celeryd_init, task_postrun, worker_process_init
from kombu import Exchange, Queue

from ticker import dispatch, keys
from ticker.config import Settings
from ticker.connection import check_access
from ticker.errors import ConfigError, RedisAuthError, RedisUnavailable
from workers.kombu_patch import free_slot_on_failed_ack

DEFAULT_URL = "redis://127.0.0.1:6379/0"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

log = logging.getLogger(__name__)


def _queue(name: str) -> Queue:
    # one exchange and routing key per queue, as Celery's default queue has: a shared routing key
    # would deliver each message to both queues
    return Queue(name, Exchange(name, "direct"), routing_key=name)


def restore_every(visibility_timeout: int) -> int:
    """Seconds between sweeps for unacknowledged messages past the visibility timeout: 1-10."""
    return max(1, min(10, visibility_timeout // 5))


def configure(app: Celery, settings: Settings) -> None:
    settings.check()
    broker = settings.broker_url or settings.redis_url or DEFAULT_URL
    app.conf.update(
        broker_url=broker,
        ticker_settings=settings,
        ticker_config_error=None,
        ticker_redis_url=settings.redis_url or broker,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_backend=None,
        task_ignore_result=True,
        task_default_queue=keys.TASK_QUEUE,
        task_queues=(_queue(keys.TASK_QUEUE), _queue(keys.POLL_QUEUE)),  # a worker without -Q takes both
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=max(1, settings.task_time_limit - 5),
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "socket_timeout": settings.socket_timeout,
            "socket_connect_timeout": settings.connect_timeout,
            "socket_keepalive": True,
            "health_check_interval": settings.health_check_interval,
            # a message whose ack or reject was lost with the connection (a Redis restart) stays
            # unacknowledged until a sweep finds it past the visibility timeout; kombu sweeps
            # every 10 x 10 s by default, which can hold a drained queue back for minutes
            "unacked_restore_interval": restore_every(settings.visibility_timeout),
            "unacked_restore_throttle": 1,
        },
        broker_heartbeat=0,
        worker_send_task_events=False,
        enable_utc=True,
        beat_schedule=dispatch.poll_schedule(settings.poll_every) if settings.feeds_file else {},
    )


def _refuse_bad_config(conf: Any) -> None:
    """The edge for `celery -A workers ...`: a configuration error becomes one line and exit 78."""
    error: ConfigError | None = conf.get("ticker_config_error")
    if error is not None:
        sys.stderr.write(f"error: {error}\n")
        raise SystemExit(error.exit_code)


_warm: list[bool] = []  # not empty once this process has run a task: its tables and caches are loaded


@worker_process_init.connect
def _freeze_inherited(**_: Any) -> None:
    """What a pool process inherits is never collected: keep it out of every collection."""
    gc.freeze()


@task_postrun.connect
def _freeze_once_warm(**_: Any) -> None:
    """After the first task, move what it loaded (gazetteer, word tables, caches) out of the
    collector's sight too: full collections then scan only what tasks allocate, which keeps
    their pauses short (they set the worker's tail latency)."""
    if not _warm:
        _warm.append(True)
        gc.collect()
        gc.freeze()


@celeryd_init.connect
def _check_worker_config(conf: Any, **_: Any) -> None:
    """A worker refuses a bad configuration or refused credentials before it takes a task."""
    _refuse_bad_config(conf)
    _refuse_bad_credentials(conf)
    _migrate_untagged(conf)


def _migrate_untagged(conf: Any) -> None:
    """Move stories stored before hash tags to their new key names before a task writes under
    them; if Redis is away now, the consumer does it when it starts folding."""
    from ticker.connection import client
    from ticker.store import Store

    settings: Settings = conf.ticker_settings
    try:
        conn = client(conf.ticker_redis_url, settings)
        try:
            Store(conn, settings).migrate_untagged()
        finally:
            conn.close()
    except (redis.ConnectionError, redis.TimeoutError, RedisUnavailable) as exc:
        log.warning("could not move old story keys at start-up (%s); the consumer will", exc)


def _refuse_bad_credentials(conf: Any) -> None:
    """Exit 77 in one line if Redis refuses our credentials or keys.

    Celery retries a broker connection forever, a wrong password included: the credentials
    are tried here once (a Redis that is merely away is left to Celery's retries).
    """
    settings: Settings = conf.ticker_settings
    checks = {conf.ticker_redis_url: (keys.stories(), keys.outbox())}
    if conf.broker_url.startswith(REDIS_SCHEMES):  # RabbitMQ refuses bad credentials on its own
        checks[conf.broker_url] = (keys.TASK_QUEUE, keys.POLL_QUEUE)
    try:
        for url, names in checks.items():
            check_access(url, settings, names)
    except RedisAuthError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(exc.exit_code) from None


@beat_init.connect
def _check_feeds(sender: Any, **_: Any) -> None:
    """Beat refuses a bad configuration or feeds file at start-up (exit 78) rather than log it every tick."""
    from ticker.feedconfig import load_feeds

    _refuse_bad_config(sender.app.conf)
    _refuse_bad_credentials(sender.app.conf)
    settings: Settings = sender.app.conf.ticker_settings
    if not settings.feeds_file:
        log.warning("TICKER_FEEDS is not set: no feeds to poll, beat schedules nothing")
        return
    try:
        feeds = load_feeds(settings.feeds_file)
    except ConfigError as exc:
        log.critical("%s", exc)  # beat's stderr is its log
        raise SystemExit(exc.exit_code) from None
    log.info("polling %d feed(s) from %s every %gs", len(feeds), settings.feeds_file, settings.poll_every)


def create_app(settings: Settings | None = None) -> Celery:
    """An app configured from ``settings`` (default: the environment); ConfigError if they are unsafe."""
    app = Celery("ticker", include=["workers.tasks", "workers.polling"])
    configure(app, settings or Settings.from_env())
    return app


def _app_from_env() -> Celery:
    """The app `celery -A workers` runs. A configuration error is kept for start-up to report."""
    app = Celery("ticker", include=["workers.tasks", "workers.polling"])
    try:
        configure(app, Settings.from_env())
    except ConfigError as exc:
        app.conf.update(ticker_config_error=exc)
    return app


free_slot_on_failed_ack()
app = _app_from_env()
