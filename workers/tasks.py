"""Thin tasks, like web views: decode the JSON, call the library, hand the result to the store."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from typing import Any

import redis
from celery import Task

from ticker import dispatch
from ticker.config import Settings
from ticker.connection import client
from ticker.enrich import enrich
from ticker.enrich.dedupe import find_duplicates
from ticker.errors import DecodeError
from ticker.models import EnrichedItem, TickerItem
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
    try:
        item = TickerItem.from_json(payload)
    except DecodeError as exc:
        log.error("parking undecodable item: %s", exc.reason)
        st.park(f"undecodable item: {exc.reason}", payload)
        return
    if self.request.retries == 0:
        starts = st.delivery_count(item.version_key)
        if starts > st.settings.max_deliveries:
            # the task started this often without finishing: it kills its worker. A killed
            # worker's message can come back twice (requeued and restored): park it once.
            if starts == st.settings.max_deliveries + 1:
                log.error("item %s started %d times; dead-lettered (worker_lost_limit)", item.id, starts)
                where = f"{item.source}:{item.position}"
                st.park("worker_lost_limit", payload, item_id=item.id, source=where)
            else:
                log.warning("item %s was dead-lettered already; dropping delivery %d", item.id, starts)
            st.unstage(item.version_key)
            return
    try:
        enrichment = enrich(item)
    except Exception as exc:  # a bug on one input must not lose the item silently
        log.exception("enrichment failed for item %s; parked", item.id)
        st.park(f"enrich failed: {type(exc).__name__}: {exc}", payload, item_id=item.id)
        st.unstage(item.version_key)
        return
    earlier = [row for row in st.recent(item.story) if row[0] != item.id]
    duplicate_of, outlets = find_duplicates(enrichment.fingerprint, earlier)
    enrichment = replace(enrichment, duplicate_of=duplicate_of, corroborated_by=outlets)
    stream_id = st.write_item(EnrichedItem(item, enrichment))
    log.info("item %s %s", item.id, f"stored as {stream_id}" if stream_id else "already stored")
