"""What a worker does around enrichment: decode the task's payload, refuse a poison message,
look up near-duplicates, and park what cannot be processed.

The Celery task stays thin, like a web view: it calls these in order and runs ``enrich``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace

from ticker.enrich.dedupe import find_duplicates
from ticker.errors import DecodeError
from ticker.models import EnrichedItem, Enrichment, TickerItem
from ticker.store import Store

log = logging.getLogger(__name__)


def decode(store: Store, payload: str) -> TickerItem | None:
    """The item the payload carries; None, and the payload parked, when it is not one."""
    try:
        return TickerItem.from_json(payload)
    except DecodeError as exc:
        log.error("parking undecodable item: %s", exc.reason)
        store.park(f"undecodable item: {exc.reason}", payload)
        return None


def admit(store: Store, item: TickerItem, payload: str) -> bool:
    """Count one more start of the item's task; False when it must not run again.

    A task that started more than ``max_deliveries`` times without finishing kills its
    worker. A killed worker's message can come back twice (requeued and restored): it is
    parked once, and a later delivery is dropped. Either way the item leaves the outbox.
    """
    starts = store.delivery_count(item.version_key)
    limit = store.settings.max_deliveries
    if starts <= limit:
        return True
    if starts == limit + 1:
        log.error("item %s started %d times; dead-lettered (worker_lost_limit)", item.id, starts)
        store.park("worker_lost_limit", payload, item_id=item.id, source=f"{item.source}:{item.position}")
    else:
        log.warning("item %s was dead-lettered already; dropping delivery %d", item.id, starts)
    store.unstage(item.version_key)
    return False


def batch_key(payloads: Sequence[str]) -> str:
    return "batch:" + hashlib.sha1("\n".join(payloads).encode("utf-8")).hexdigest()


def admit_batch(store: Store, payloads: Sequence[str]) -> bool:
    """Count one more start of a batch task; False when it started before and never finished.

    A batch is not dead-lettered as a whole: its caller sends its items on one by one, and
    ``admit`` then counts each item's starts.
    """
    starts = store.delivery_count(batch_key(payloads))
    if starts > 1:
        log.warning("a batch of %d items started %d times; sending them one by one", len(payloads), starts)
    return starts == 1


def give_up(store: Store, item: TickerItem, payload: str, exc: Exception) -> None:
    """Park an item whose enrichment raised: a bug on one input must not lose it silently."""
    log.error("enrichment failed for item %s; parked", item.id, exc_info=exc)
    store.park(f"enrich failed: {type(exc).__name__}: {exc}", payload, item_id=item.id)
    store.unstage(item.version_key)


def with_duplicates(store: Store, batch: Sequence[tuple[TickerItem, Enrichment]]) -> list[EnrichedItem]:
    """Each item with the earlier item it repeats and the outlets that reported the same: the
    story's recent items are read once per batch, and an item is compared with the batch's
    items before it too."""
    window = store.settings.recent_window
    recent = {story: store.recent(story) for story in dict.fromkeys(item.story for item, _ in batch)}
    out = []
    for item, enrichment in batch:
        earlier = [row for row in recent[item.story] if row[0] != item.id]
        duplicate_of, outlets = find_duplicates(enrichment.fingerprint, earlier)
        out.append(
            EnrichedItem(item, replace(enrichment, duplicate_of=duplicate_of, corroborated_by=outlets))
        )
        recent[item.story] = [
            (item.id, item.outlet, enrichment.fingerprint),
            *recent[item.story][: window - 1],
        ]
    return out
