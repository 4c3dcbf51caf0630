"""Sending work to the workers: the task names, send, enqueue and reconcile.

The one module that knows the tasks' names. The library (replay, the poller, the
consumer's reconciler) and ``workers/`` (which registers the tasks under these names)
both import it; it never imports ``workers/``: it sends by name through the Celery app
it is handed, so the library does not need the worker's app to exist.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ticker import keys

if TYPE_CHECKING:
    from celery import Celery

    from ticker.feedconfig import FeedConfig
    from ticker.models import TickerItem
    from ticker.store import Store

log = logging.getLogger(__name__)

ENRICH_ITEM = "ticker.enrich_item"  # one TickerItem's JSON: enrich it and write it to its stream
POLL_FEEDS = "ticker.poll_feeds"  # beat's tick: one poll_feed per feed of the feeds file
POLL_FEED = "ticker.poll_feed"  # one FeedConfig.to_dict(): poll it, send its new or edited entries

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
    app.send_task(ENRICH_ITEM, args=[payload], queue=keys.TASK_QUEUE, retry=True, retry_policy=PUBLISH_RETRY)


def send_poll(app: Celery, feed: FeedConfig, *, expires: float) -> None:
    """Ask the workers to poll one feed; a poll not started within ``expires`` seconds is dropped."""
    app.send_task(POLL_FEED, args=[feed.to_dict()], queue=keys.POLL_QUEUE, expires=expires)


def poll_schedule(every: float) -> dict[str, Any]:
    """Beat's one entry: a fan-out over the feeds file, read afresh each time so edits need no restart."""
    # a tick older than one interval is superseded by the next: without a worker, polls do not pile up
    options = {"queue": keys.POLL_QUEUE, "expires": every}
    return {"poll-feeds": {"task": POLL_FEEDS, "schedule": every, "options": options}}


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
