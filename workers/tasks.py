"""Thin tasks, like web views: decode the JSON, call the library, hand the result to the store."""

from __future__ import annotations

import logging
import os
from typing import Any

import redis
from celery import Task

from ticker import delivery, dispatch
from ticker.config import Settings
from ticker.connection import client
from ticker.enrich import enrich
from ticker.models import EnrichedItem
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


@app.task(
    name=dispatch.ENRICH_ITEM,
    bind=True,
    autoretry_for=(redis.ConnectionError, redis.TimeoutError, redis.exceptions.OutOfMemoryError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def enrich_item(self: Task[Any, Any], payload: str) -> None:
    """Enrich one item (JSON of a TickerItem) and write it to its story's stream once."""
    st = store()
    item = delivery.decode(st, payload)
    if item is None:
        return
    # a retry after a Redis error is not a new delivery: only first tries count as starts
    if self.request.retries == 0 and not delivery.admit(st, item, payload):
        return
    try:
        enrichment = enrich(item)
    except Exception as exc:  # a bug on one input must not lose the item silently
        delivery.give_up(st, item, payload, exc)
        return
    stream_id = st.write_item(EnrichedItem(item, delivery.with_duplicates(st, item, enrichment)))
    log.info("item %s %s", item.id, f"stored as {stream_id}" if stream_id else "already stored")
