"""The one module that writes pipeline data to Redis: atomic, idempotent, keyed by item id.

Each write is one Lua script, so a redelivered message, a second worker or a
crash between steps can never leave half a write behind or count an item twice.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis

from ticker import keys
from ticker.config import Settings
from ticker.models import Change, EnrichedItem, TickerItem, dumps, version_key
from ticker.summary import Summary

log = logging.getLogger(__name__)


def _now_ms() -> int:
    return int(time.time() * 1000)


# Publishes '{"stream_id": ..., <payload fields>}' by splicing the stream id into the
# payload's JSON object, so subscribers can resume from the stream where pub/sub left off.
_WRITE_ITEM = """
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('DEL', KEYS[7])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {0, false} end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'data', ARGV[3])
redis.call('ZADD', KEYS[1], string.match(id, '^%d+'), ARGV[1])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
redis.call('LPUSH', KEYS[3], ARGV[6])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[7]) - 1)
redis.call('SADD', KEYS[4], ARGV[8])
redis.call('PUBLISH', ARGV[5], '{"stream_id":"' .. id .. '",' .. string.sub(ARGV[3], 2))
return {1, id}
"""

_COMMIT_SUMMARY = """
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  if ARGV[9] ~= '' then redis.call('XACK', KEYS[4], ARGV[8], ARGV[9]) end
  return {0, false}
end
local current = redis.call('HGET', KEYS[2], 'version') or '0'
if current ~= ARGV[2] then return {-1, current} end
-- ARGV[4] field/value pairs of the summary hash follow ARGV[10]; the changes follow them
local changes_from = 11 + 2 * tonumber(ARGV[4])
redis.call('HSET', KEYS[2], 'version', ARGV[3], unpack(ARGV, 11, changes_from - 1))
-- the revision, and the item itself (an item seen before is not counted again)
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1], ARGV[3], ARGV[10])
local excess = redis.call('ZCARD', KEYS[1]) - 2 * tonumber(ARGV[5])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
for i = changes_from, #ARGV do
  local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'data', ARGV[i])
  redis.call('PUBLISH', ARGV[7], '{"stream_id":"' .. id .. '",' .. string.sub(ARGV[i], 2))
end
if ARGV[9] ~= '' then redis.call('XACK', KEYS[4], ARGV[8], ARGV[9]) end
return {1, false}
"""


def read_summary(client: redis.Redis, story: str) -> Summary:
    """The story's stored summary; an empty one if nothing was folded yet."""
    return Summary.from_fields(client.hgetall(keys.summary(story))) or Summary(story=story)


@dataclass(frozen=True)
class Loaded:
    """A story's summary as read, with what the fold needs to know about one item."""

    summary: Summary
    first_sighting: bool
    already_applied: bool


class Store:
    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self.redis = client
        self.settings = settings
        self._write_item = client.register_script(_WRITE_ITEM)
        self._commit = client.register_script(_COMMIT_SUMMARY)

    # -- workers -------------------------------------------------------------------------

    def recent(self, story: str) -> list[tuple[str, str, str]]:
        """Recent (item_id, outlet, fingerprint) of the story, newest first."""
        rows = self.redis.lrange(keys.recent(story), 0, self.settings.recent_window - 1)
        out = []
        for row in rows:
            try:
                entry = json.loads(row)
                out.append((str(entry[0]), str(entry[1]), str(entry[2])))
            except (ValueError, IndexError, TypeError):
                log.warning("ignoring malformed entry in %s", keys.recent(story))
        return out

    def write_item(self, enriched: EnrichedItem) -> str | None:
        """Append an enriched item to its story's stream once; the stream id, or None if known.

        Either way the item is done: its outbox entry and its delivery counter go.
        """
        item = enriched.item
        written, stream_id = self._write_item(
            keys=[
                keys.written(item.story),
                keys.items_stream(item.story),
                keys.recent(item.story),
                keys.stories(),
                keys.outbox(),
                keys.pending(),
                keys.deliveries(item.version_key),
            ],
            args=[
                item.version_key,
                self.settings.dedup_window,
                enriched.to_json(),
                self.settings.stream_maxlen,
                keys.channel(item.story),
                json.dumps([item.id, item.outlet, enriched.enrichment.fingerprint]),
                self.settings.recent_window,
                item.story,
            ],
        )
        return str(stream_id) if written == 1 else None

    # -- the outbox: what was sent to the workers and is not written yet --------------------

    def stage(self, item: TickerItem) -> None:
        """Remember an item before it is sent, so a message the broker loses is sent again."""
        pipe = self.redis.pipeline()
        pipe.hset(keys.outbox(), item.version_key, item.to_json())
        pipe.zadd(keys.pending(), {item.version_key: _now_ms()})
        pipe.execute()

    def unstage(self, version_key: str) -> None:
        pipe = self.redis.pipeline()
        pipe.hdel(keys.outbox(), version_key)
        pipe.zrem(keys.pending(), version_key)
        pipe.execute()

    def overdue(self, older_than: float, limit: int = 500) -> list[tuple[str, str]]:
        """Outbox entries sent more than ``older_than`` seconds ago, marked as sent again now."""
        cutoff = _now_ms() - int(older_than * 1000)
        names = self.redis.zrangebyscore(keys.pending(), "-inf", cutoff, start=0, num=limit)
        if not names:
            return []
        payloads = self.redis.hmget(keys.outbox(), names)
        due = [(n, p) for n, p in zip(names, payloads, strict=True) if p is not None]
        pipe = self.redis.pipeline()
        for name, payload in zip(names, payloads, strict=True):
            if payload is None:
                pipe.zrem(keys.pending(), name)
            else:
                pipe.zadd(keys.pending(), {name: _now_ms()}, xx=True)
        pipe.execute()
        return due

    def delivery_count(self, item_id: str) -> int:
        """Count one more start of the task for this item (survives worker crashes)."""
        pipe = self.redis.pipeline()
        pipe.incr(keys.deliveries(item_id))
        pipe.expire(keys.deliveries(item_id), self.settings.dedup_ttl)
        count, _ = pipe.execute()
        return int(count)

    def park(self, reason: str, raw: Any, *, item_id: str | None = None, source: str | None = None) -> None:
        """Dead-letter something we cannot process, with why; bounded, never raises on content."""
        entry = {
            "schema": 1,
            "type": "dead_letter",
            "reason": reason,
            "item_id": item_id,
            "source": source,
            "parked_at": datetime.now(UTC).isoformat(),
            "raw": raw if isinstance(raw, str | dict | list | None) else repr(raw),
        }
        pipe = self.redis.pipeline()
        pipe.lpush(keys.dead_letters(), json.dumps(entry, ensure_ascii=True, default=repr))
        pipe.ltrim(keys.dead_letters(), 0, self.settings.dlq_maxlen - 1)
        pipe.execute()

    # -- consumer ------------------------------------------------------------------------

    def load(
        self,
        story: str,
        item_id: str,
        revision: str,
        cached: Summary | None = None,
    ) -> Loaded:
        """The story's summary (``cached`` when it is still the stored version) and the item's status."""
        pipe = self.redis.pipeline()
        pipe.hget(keys.summary(story), "version")
        pipe.zscore(keys.applied(story), item_id)
        pipe.zscore(keys.applied(story), version_key(item_id, revision))
        version, item_seen, revision_seen = pipe.execute()
        if cached is not None and cached.story == story and cached.version == int(version or 0):
            summary = cached
        else:
            summary = read_summary(self.redis, story)
        return Loaded(summary, first_sighting=item_seen is None, already_applied=revision_seen is not None)

    def commit(
        self,
        summary: Summary,
        changes: list[Change],
        *,
        item_id: str,
        revision: str,
        previous: Summary,
        ack: str = "",
    ) -> int:
        """Store the new summary with its changes and mark the item applied, all or nothing.

        ``previous`` is the stored summary the new one was folded from: only the fields that
        differ from it are written, and only if it is still the stored version. Returns 1
        when committed, 0 when the item was already applied, -1 when another consumer
        committed first (fold again on the fresh state). ``ack`` is the item stream entry
        to acknowledge in the same step.
        """
        story = summary.story
        fields = summary.fields_changed_since(previous)
        result, _ = self._commit(
            keys=[
                keys.applied(story),
                keys.summary(story),
                keys.changes_stream(story),
                keys.items_stream(story),
            ],
            args=[
                version_key(item_id, revision),
                str(previous.version),
                str(summary.version),
                len(fields),
                self.settings.dedup_window,
                self.settings.stream_maxlen,
                keys.channel(story),
                keys.CONSUMER_GROUP,
                ack,
                item_id,
                *(part for name, value in fields.items() for part in (name, dumps(value))),
                *(dumps(c.to_dict()) for c in changes),
            ],
        )
        return int(result)
