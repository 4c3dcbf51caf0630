"""Driving the pipeline from one process: enqueue items, run a worker and the consumer in-process.

`ticker replay` uses ``enqueue``; `ticker run` (the no-setup mode) uses ``local_pipeline``
to own a throwaway redis-server, a solo Celery worker thread and a consumer thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from celery import Celery

from ticker import keys
from ticker.config import Settings
from ticker.connection import connect
from ticker.consumer import Consumer
from ticker.embedded import EmbeddedRedis
from ticker.models import EnrichedItem, TickerItem
from ticker.store import Store

log = logging.getLogger(__name__)

TASK_NAME = "ticker.enrich_item"
PUBLISH_RETRY = {"max_retries": 10, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 3}


def enqueue(app: Celery, item: TickerItem, store: Store | None = None) -> None:
    """Send one item to the workers (JSON, retried while the broker is briefly away).

    With a ``store`` the item is staged in the outbox first, so the reconciler sends it
    again if the broker loses the message (a half-open connection can swallow one).
    """
    if store is not None:
        store.stage(item)
    send(app, item.to_json())


def send(app: Celery, payload: str) -> None:
    app.send_task(TASK_NAME, args=[payload], queue=keys.TASK_QUEUE, retry=True, retry_policy=PUBLISH_RETRY)


def reconcile(store: Store, app: Celery) -> int:
    """Send again what was staged long ago and never written; a no-op while the queue is busy."""
    same_redis = app.conf.broker_url == app.conf.ticker_redis_url
    if same_redis and store.queue_length(keys.TASK_QUEUE) > 0:
        return 0  # items may just be waiting their turn
    due = store.overdue(store.settings.reconcile_after)
    for name, payload in due:
        log.warning(
            "item %s was sent %ds ago and never written; sending it again",
            name,
            store.settings.reconcile_after,
        )
        send(app, payload)
    return len(due)


def wait_applied(
    store: Store,
    items: Sequence[TickerItem],
    *,
    timeout: float,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done = store.applied_count(items)
        progress(done)
        if done >= len(items) or time.monotonic() > deadline:
            return done
        time.sleep(0.1)


@dataclass
class LocalPipeline:
    url: str
    settings: Settings
    app: Celery
    store: Store
    consumer: Consumer


@contextmanager
def local_pipeline(
    settings: Settings,
    *,
    url: str | None = None,
    on_applied: Callable[[EnrichedItem], None] | None = None,
) -> Iterator[LocalPipeline]:
    """Redis (embedded unless ``url``), a solo worker thread and a consumer thread; all stopped on exit."""
    from celery.contrib.testing.worker import start_worker

    from workers.celery import app, configure

    with ExitStack() as stack:
        if url is None:
            server = EmbeddedRedis(appendonly=False)
            stack.callback(server.close)
            url = server.start().url
        settings = settings.with_redis(url)
        configure(app, settings)
        client = connect(url, settings, block_seconds=2)
        store = Store(client, settings)
        consumer = Consumer(store, block_ms=200, on_applied=on_applied, claim_every=5.0)
        stop = threading.Event()
        thread = threading.Thread(target=consumer.run, args=(stop,), name="ticker-consumer", daemon=True)
        stack.enter_context(
            start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, loglevel="WARNING")
        )
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=10)

        stack.callback(halt)
        yield LocalPipeline(url, settings, app, store, consumer)
