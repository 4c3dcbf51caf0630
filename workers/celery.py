"""The Celery app. Safe defaults from RELIABILITY.md; JSON only; no result backend.

Settings come from TICKER_* environment variables; an unsafe combination stops the
process at start-up with exit code 78 instead of running tasks twice later.
"""

from __future__ import annotations

import sys

from celery import Celery

from ticker import keys
from ticker.config import Settings
from ticker.errors import ConfigError

DEFAULT_URL = "redis://127.0.0.1:6379/0"


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
    )


def create_app(settings: Settings | None = None) -> Celery:
    app = Celery("ticker", include=["workers.tasks"])
    configure(app, settings or Settings.from_env())
    return app


try:
    app = create_app()
except ConfigError as exc:
    sys.stderr.write(f"error: {exc}\n")
    raise SystemExit(exc.exit_code) from None
