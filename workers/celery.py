"""The Celery app. Safe defaults from RELIABILITY.md; JSON only; no result backend.

Settings come from TICKER_* environment variables; an unsafe combination stops the
process at start-up with exit code 78 instead of running tasks twice later.
`celery -A workers beat` polls the feeds of TICKER_FEEDS every TICKER_POLL_EVERY seconds.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from celery import Celery
from celery.signals import beat_init
from kombu import Exchange, Queue

from ticker import dispatch, keys
from ticker.config import Settings
from ticker.errors import ConfigError

DEFAULT_URL = "redis://127.0.0.1:6379/0"

log = logging.getLogger(__name__)


def _queue(name: str) -> Queue:
    # one exchange and routing key per queue, as Celery's default queue has: a shared routing key
    # would deliver each message to both queues
    return Queue(name, Exchange(name, "direct"), routing_key=name)


def configure(app: Celery, settings: Settings) -> None:
    settings.check()
    broker = settings.broker_url or settings.redis_url or DEFAULT_URL
    app.conf.update(
        broker_url=broker,
        ticker_settings=settings,
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
        },
        broker_heartbeat=0,
        worker_send_task_events=False,
        enable_utc=True,
        beat_schedule=dispatch.poll_schedule(settings.poll_every) if settings.feeds_file else {},
    )


@beat_init.connect
def _check_feeds(sender: Any, **_: Any) -> None:
    """Beat refuses a bad feeds file at start-up (exit 78) rather than log it every tick."""
    from ticker.feedconfig import load_feeds

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
    app = Celery("ticker", include=["workers.tasks", "workers.polling"])
    configure(app, settings or Settings.from_env())
    return app


try:
    app = create_app()
except ConfigError as exc:
    sys.stderr.write(f"error: {exc}\n")
    raise SystemExit(exc.exit_code) from None
