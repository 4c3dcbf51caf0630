"""Thin tasks, like web views: decode the JSON, call the library, hand the result to the store."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import redis
from celery import Task
from celery.exceptions import Reject

from ticker import delivery, dispatch
from ticker.config import Settings
from ticker.connection import client
from ticker.enrich import enrich
from ticker.models import Enrichment, TickerItem
from ticker.store import Store
from workers.celery import app

log = logging.getLogger(__name__)

_stores: dict[int, Store] = {}


def store() -> Store:
    """This process's Store: created on first use after fork, never at import."""
    pid = os.getpid()
    if pid not in _stores:
        settings: Settings = app.conf.ticker_settings
        _stores.clear()
        _stores[pid] = Store(client(app.conf.ticker_redis_url, settings), settings)
    return _stores[pid]


class RequeueWhenRetryFails(Task):  # type: ignore[type-arg]
    """A task whose retry, when the broker refuses it, puts the message back instead of dropping it.

    Redis is the broker *and* the store: the Redis error that makes a task retry usually
    makes publishing the retry fail too, and Celery then rejects the message without
    requeueing it (``Reject(requeue=False)``), which drops it from the broker. Requeued, it
    comes back; if Redis is still away, the reject itself fails and the message stays
    unacknowledged until the broker restores it after the visibility timeout.
    """

    def retry(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().retry(*args, **kwargs)
        except Reject as exc:
            if getattr(exc, "requeue", False):
                raise
            reason = getattr(exc, "reason", exc)  # the publish error
            log.warning("could not send the retry of %s (%r); requeueing it", self.request.id, reason)
            raise Reject(reason, requeue=True) from None


_RETRIED_ON = (redis.ConnectionError, redis.TimeoutError, redis.exceptions.OutOfMemoryError)


def _enrich_task(name: str) -> Callable[[Callable[..., None]], RequeueWhenRetryFails]:
    """A task retried with backoff while Redis is away, its message put back if even that fails."""
    return app.task(
        name=name,
        base=RequeueWhenRetryFails,
        bind=True,
        autoretry_for=_RETRIED_ON,
        retry_backoff=True,
        retry_backoff_max=60,
        max_retries=8,
    )


@_enrich_task(dispatch.ENRICH_ITEM)
def enrich_item(self: Task[Any, Any], payload: str) -> None:
    """Enrich one item (JSON of a TickerItem) and write it to its story's stream once."""
    st = store()
    item = delivery.decode(st, payload)
    if item is None:
        return
    # a retry after a Redis error is not a new delivery: only first tries count as starts
    if self.request.retries == 0 and not delivery.admit(st, item, payload):
        return
    if (pair := _enriched(st, payload, item)) is not None:
        _write(st, [pair])


@_enrich_task(dispatch.ENRICH_ITEMS)
def enrich_items(self: Task[Any, Any], payloads: list[str]) -> None:
    """Enrich several items, each written once on its own: a retry redoes only the unwritten ones'
    writes. A batch that started before and never ended (its worker died) is split into one task
    per item, so the item that kills workers is told apart and dead-lettered alone."""
    st = store()
    if not isinstance(payloads, list) or not all(isinstance(p, str) for p in payloads):
        log.error("parking a batch that is not a list of item JSON")
        st.park("undecodable batch: not a list of item JSON", payloads)
        return
    if self.request.retries == 0 and not delivery.admit_batch(st, payloads):
        for payload in payloads:
            dispatch.send(app, payload)
        return
    enriched = [pair for payload in payloads if (pair := _enriched(st, payload)) is not None]
    _write(st, enriched)
    st.forget_delivery(delivery.batch_key(payloads))


def _enriched(
    st: Store, payload: str, item: TickerItem | None = None
) -> tuple[TickerItem, Enrichment] | None:
    """The item and its enrichment; None when the payload was parked (undecodable, or enrichment raised)."""
    item = item or delivery.decode(st, payload)
    if item is None:
        return None
    try:
        return item, enrich(item)
    except Exception as exc:  # a bug on one input must not lose the item silently
        delivery.give_up(st, item, payload, exc)
        return None


def _write(st: Store, batch: list[tuple[TickerItem, Enrichment]]) -> None:
    enriched = delivery.with_duplicates(st, batch)
    for one, stream_id in zip(enriched, st.write_items(enriched), strict=True):
        log.info("item %s %s", one.item.id, f"stored as {stream_id}" if stream_id else "already stored")
