"""Sending work to the workers: the task names, send, enqueue and reconcile.

The one module that knows the tasks' names. The library (replay, the poller, the
consumer's reconciler) and ``workers/`` (which registers the tasks under these names)
both import it; it never imports ``workers/``: it sends by name through the Celery app
it is handed, so the library does not need the worker's app to exist.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ticker import keys

if TYPE_CHECKING:
    from celery import Celery

    from ticker.feedconfig import FeedConfig
    from ticker.models import TickerItem
    from ticker.store import Store

log = logging.getLogger(__name__)

ENRICH_ITEM = "ticker.enrich_item"  # one TickerItem's JSON: enrich it and write it to its stream
ENRICH_ITEMS = "ticker.enrich_items"  # a list of TickerItem JSON: each enriched and written on its own
POLL_FEEDS = "ticker.poll_feeds"  # beat's tick: one poll_feed per feed of the feeds file
POLL_FEED = "ticker.poll_feed"  # one FeedConfig.to_dict(): poll it, send its new or edited entries

RESEND_BATCH = 50  # items the reconciler sends again per task
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


def send_batch(app: Celery, payloads: Sequence[str]) -> None:
    """Send several items in one task: Celery's per-task cost is paid once for all of them."""
    if len(payloads) == 1:
        send(app, payloads[0])
    elif payloads:
        app.send_task(
            ENRICH_ITEMS, args=[list(payloads)], queue=keys.TASK_QUEUE, retry=True, retry_policy=PUBLISH_RETRY
        )


class Batcher:
    """Sends items to the workers in batches that close at ``size`` items or ``wait`` seconds
    after their first item, whichever comes first: a burst shares tasks. An item that comes
    ``wait`` or more after the last send goes at once, alone, as Nagle's algorithm does: at a
    rate below one item per ``wait`` nothing waits, so batching costs no latency there.

    Each item is staged in the outbox (with a ``store``) before it joins a batch, so a batch
    the broker loses is sent again item by item by the reconciler. Use it as a context
    manager, or call ``close``: what is still buffered is sent then.
    """

    def __init__(self, app: Celery, store: Store | None = None, *, size: int = 50, wait: float = 0.005):
        self.app, self.store, self.size, self.wait = app, store, max(1, size), wait
        self._buffer: list[str] = []
        self._due = 0.0  # when the open batch must be sent (monotonic)
        self._last_send = float("-inf")
        self._lock = threading.Condition()
        self._closed = False
        self._timer: threading.Thread | None = None

    def add(self, item: TickerItem) -> None:
        if self.store is not None:
            self.store.stage(item)
        with self._lock:
            if self._closed:
                raise RuntimeError("Batcher is closed")
            self._buffer.append(item.to_json())
            idle = time.monotonic() - self._last_send >= self.wait
            if len(self._buffer) >= self.size or (idle and len(self._buffer) == 1):
                self._send_locked()
            elif len(self._buffer) == 1:
                self._due = time.monotonic() + self.wait
                self._start_timer()
                self._lock.notify()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._send_locked()
            self._lock.notify()
        if self._timer is not None:
            self._timer.join()

    @classmethod
    def configured(cls, app: Celery, store: Store) -> Batcher:
        """A batcher sized by the store's settings (``TICKER_BATCH_SIZE``, ``TICKER_BATCH_WAIT``)."""
        return cls(app, store, size=store.settings.batch_size, wait=store.settings.batch_wait)

    def __enter__(self) -> Batcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send_locked(self) -> None:
        batch, self._buffer = self._buffer, []
        if batch:
            self._last_send = time.monotonic()
        send_batch(self.app, batch)

    def _start_timer(self) -> None:
        if self._timer is None:
            self._timer = threading.Thread(target=self._send_when_due, name="ticker-batcher", daemon=True)
            self._timer.start()

    def _send_when_due(self) -> None:
        with self._lock:
            while not self._closed:
                if not self._buffer:
                    self._lock.wait()
                    continue
                left = self._due - time.monotonic()
                if left > 0:
                    self._lock.wait(left)
                    continue
                try:
                    self._send_locked()
                except Exception:  # staged items are sent again by the reconciler
                    log.exception("could not send a batch of items to the workers")


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
    for name, _ in due:
        log.warning(
            "item %s was sent %ds ago and never written; sending it again",
            name,
            store.settings.reconcile_after,
        )
    for start in range(0, len(due), RESEND_BATCH):
        send_batch(app, [payload for _, payload in due[start : start + RESEND_BATCH]])
    return len(due)
