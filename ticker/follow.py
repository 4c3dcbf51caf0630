"""Reading the item and change streams: backfill, then follow with no gap and no duplicate."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import redis

from ticker import keys
from ticker.enrich.canonical import same_actor
from ticker.errors import DecodeError, RedisUnavailable
from ticker.models import EnrichedItem, Entity, TimeBound
from ticker.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    stream: str
    entry_id: str
    item: EnrichedItem


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    entity: str | None = None
    metric: str | None = None
    outlet: str | None = None
    since: TimeBound | datetime | None = None  # a datetime is a moment; a TimeBound may be a day
    topic: str | None = None

    def accept(self, enriched: EnrichedItem) -> bool:
        item, info = enriched.item, enriched.enrichment
        if self.category and self.category not in (
            info.category.value,
            info.secondary_category and info.secondary_category.value,
        ):
            return False
        if self.outlet and self.outlet.casefold() != item.outlet.casefold():
            return False
        if self.metric and not any(c.metric.value == self.metric for c in info.claims):
            return False
        since = TimeBound(self.since) if isinstance(self.since, datetime) else self.since
        if since and not item.since(since):
            return False
        if self.topic and (info.topic is None or info.topic.value != self.topic):
            return False
        return not self.entity or any(names_entity(self.entity, e) for e in info.entities)


def names_entity(wanted: str, entity: Entity) -> bool:
    """Does ``wanted`` name this entity by any of its forms, in any case? "Tokayev",
    "kassym-jomart tokayev" and "Kassym-Shomart Tokayev" all name the same person."""
    folded = wanted.casefold()
    forms = (entity.name, *entity.surface_forms)
    if any(folded in form.casefold() for form in forms):
        return True
    # an acronym typed in lower case ("csto") is still an acronym
    asked = wanted.upper() if len(wanted.split()) == 1 and len(wanted) <= 6 else wanted
    return any(same_actor(asked, form) or same_actor(wanted, form) for form in forms)


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def decode_entries(stream: str, rows: list[tuple[str, dict[str, str]]]) -> Iterator[Entry]:
    for entry_id, fields in rows:
        try:
            yield Entry(stream, entry_id, EnrichedItem.from_json(fields.get("data", "")))
        except DecodeError as exc:
            log.warning("skipping undecodable entry %s of %s: %s", entry_id, stream, exc.reason)


def story_streams(store: Store, story: str | None) -> list[str]:
    stories = [story] if story else store.stories()
    return [keys.items_stream(s) for s in stories]


def backfill(
    store: Store,
    streams: list[str],
    count: int,
    keep: Callable[[Entry], bool] = lambda entry: True,
    page: int = 200,
) -> tuple[list[Entry], dict[str, str]]:
    """The last ``count`` entries across streams that ``keep`` accepts (oldest first), and
    where to follow on from.

    The positions are taken before the entries are read, so following from them
    neither skips nor repeats an entry that arrives meanwhile. Each stream is read
    backwards a page at a time until it has ``count`` kept entries or none are left.
    """
    positions: dict[str, str] = {}
    entries: list[Entry] = []
    for stream in streams:
        last = store.last_entry_id(stream)
        positions[stream] = last or "0-0"
        kept: list[Entry] = []
        end = positions[stream]
        while count > 0 and last and len(kept) < count:
            rows = store.entries_before(stream, end, page)
            kept.extend(e for e in decode_entries(stream, rows) if keep(e))
            if len(rows) < page:
                break
            end = "(" + rows[-1][0]  # exclusive: the page's oldest entry was read
        entries.extend(kept[:count])
    entries.sort(key=lambda e: _id_key(e.entry_id))
    return (entries[-count:] if count > 0 else []), positions


def follow(
    connect: Callable[[], Store],
    positions: dict[str, str],
    *,
    block_ms: int = 2000,
    warn: Callable[[str], None] = log.warning,
    should_stop: Callable[[], bool] = lambda: False,
    discover: Callable[[Store], list[str]] | None = None,
) -> Iterator[Entry]:
    """Entries after ``positions`` (stream -> last id shown), forever; reconnects and resumes.

    After a reconnect the stream may have been trimmed past the last id shown:
    that gap is reported through ``warn``, never hidden. ``discover`` names the streams
    to follow as of now: one that appears later (a new story) is followed from its start.
    """
    store = connect()
    backoff = 0.5
    while not should_stop():
        try:
            for stream in discover(store) if discover else ():
                positions.setdefault(stream, "0-0")
            if not positions:
                time.sleep(block_ms / 1000)
                continue
            reply = store.read_after(positions, block_ms=block_ms, count=100)
            backoff = 0.5
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            warn(f"lost Redis ({type(exc).__name__}); reconnecting in {backoff:.1f}s")
            time.sleep(backoff)
            backoff = min(backoff * 2, 10.0)
            try:
                store = connect()
                _report_gaps(store, positions, warn)
            except (redis.ConnectionError, redis.TimeoutError, RedisUnavailable):
                continue
            continue
        for stream, rows in reply:
            for entry in decode_entries(stream, rows):
                positions[stream] = entry.entry_id
                yield entry
            if rows:
                positions[stream] = rows[-1][0]


def _report_gaps(store: Store, positions: dict[str, str], warn: Callable[[str], None]) -> None:
    for stream, last in positions.items():
        if last in ("0", "0-0", "$"):
            continue
        first = store.first_entry_id(stream)
        if first and _id_key(first) > _id_key(last):
            warn(f"{stream}: entries after {last} were trimmed while disconnected; resuming at {first}")
