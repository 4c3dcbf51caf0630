"""The one gateway to Redis for pipeline data: atomic, idempotent writes keyed by item id.

Each write of an item or a summary is one Lua script, so a redelivered message, a second
worker or a crash between steps can never leave half a write behind or count an item twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import redis
from redis.cluster import RedisCluster

from ticker import keys
from ticker.config import Settings
from ticker.connection import RedisClient
from ticker.errors import ConfigError
from ticker.models import Change, EnrichedItem, TickerItem, dumps, escape_part, version_key
from ticker.store import layout, scripts
from ticker.store.results import Claimed, Commit, DeadLetter, Fields, Folded, FoldedBatch, Loaded, StreamEntry
from ticker.summary import Summary

if TYPE_CHECKING:
    from ticker.ingest import FeedState

log = logging.getLogger(__name__)

LoadAsk = tuple[str, Sequence[tuple[str, str]], Summary | None]  # story, (item id, revision)s, cached
ScriptCall = tuple[list[str], list[Any]]  # a Lua script's KEYS and ARGV

_COMMITS = {1: Commit.APPLIED, 0: Commit.ALREADY_APPLIED, -1: Commit.STALE}
# An item stream keeps the entries its consumer group has not folded beyond its cap, up to this
# many times the cap (and at least UNREAD_CAP_FLOOR); past that the oldest go, and a `gap`
# change reports them.
UNREAD_CAP_FACTOR = 10
UNREAD_CAP_FLOOR = 100_000
ACTIVITY_MAXLEN = 100_000  # doorbells kept: a consumer this far behind finds the rest by its sweep
RECENT_STORIES_HELD = 256  # stories whose recent list a process keeps between tasks
LAG_SCAN = 100_000  # at most this many entries are counted when Redis cannot tell the lag itself
CLUSTER_POLL = 0.1  # seconds between reads of streams of several slots, which cannot block together
TAGGED = "tagged"  # the value of keys.layout() once no untagged story key is left
ESCAPED = "escaped"  # the value of keys.names_layout() once no summary holds an unescaped report name


def _now_ms() -> int:
    return int(time.time() * 1000)


def _feed_key(url: str) -> str:
    return keys.feed_state(hashlib.sha1(url.encode("utf-8")).hexdigest())


class Store:
    def __init__(self, client: RedisClient, settings: Settings, *, unread_cap: int | None = None) -> None:
        self._redis = client
        # a Redis Cluster: a command or script touches one slot, and pipelines refuse scripts
        self._cluster = isinstance(client, RedisCluster)
        self.settings = settings
        self.unread_cap = unread_cap or max(UNREAD_CAP_FACTOR * settings.stream_maxlen, UNREAD_CAP_FLOOR)
        self._write_item = client.register_script(scripts.source("write_item"))
        self._commit = client.register_script(scripts.source("commit_summary"))
        self._recent_since = client.register_script(scripts.source("recent_since"))
        # story -> its recent list as last read (raw entry, parsed), newest first
        self._recent: dict[str, list[tuple[str, tuple[str, str, str]]]] = {}
        # stories whose stored summary the next commit rewrites whole (an older layout), with the
        # field names that rewrite deletes (report names written before they were escaped)
        self._legacy: dict[str, list[str]] = {}

    # -- workers -------------------------------------------------------------------------

    def recent(self, story: str) -> list[tuple[str, str, str]]:
        """Recent (item_id, outlet, fingerprint) of the story, newest first.

        This process keeps what it read last and asks Redis only for the entries added since,
        so a task reads and decodes the few items written since the last one, not the window.
        """
        held = self._recent.pop(story, [])
        fresh, rows = self._recent_since(
            keys=[keys.recent(story)], args=[held[0][0] if held else "", self.settings.recent_window]
        )
        parsed = []
        for row in rows:
            try:
                entry = json.loads(row)
                if len(entry) == 3:  # stored before entries carried their stream id
                    entry = ["", *entry]
                parsed.append((str(row), (str(entry[1]), str(entry[2]), str(entry[3]))))
            except (ValueError, IndexError, TypeError):
                log.warning("ignoring malformed entry in %s", keys.recent(story))
        held = ([*parsed, *held] if int(fresh) else parsed)[: self.settings.recent_window]
        self._recent[story] = held  # the most recently used story last
        while len(self._recent) > RECENT_STORIES_HELD:
            del self._recent[next(iter(self._recent))]
        return [entry for _, entry in held]

    def write_item(self, enriched: EnrichedItem) -> str | None:
        """Append an enriched item to its story's stream once; the stream id, or None if known."""
        return self.write_items([enriched])[0]

    def write_items(self, batch: Sequence[EnrichedItem]) -> list[str | None]:
        """Append enriched items to their stories' streams, each once; for each its stream id, or
        None if that revision was written before.

        Either way an item is done: its outbox entry and its delivery counter go. A stream is
        trimmed only of entries the consumer group has read and acknowledged, unless the group
        fell too far behind: then the loss is logged and written as a ``gap`` change. Each item
        is its own atomic script on its story's keys alone (one cluster slot): a failure half-way
        leaves whole items written, and the retry finds them written.

        The global keys are written around the scripts: the stories first (a story listed with
        no item yet is harmless), and only once every script succeeded the outbox entries and
        delivery counters dropped and the doorbell rung. A crash or an error in between leaves
        the items in the outbox: the reconciler sends them again and their writes are no-ops, so
        nothing is lost or doubled. Two round trips a batch on a single Redis.
        """
        if not batch:
            return []
        stories = list(dict.fromkeys(enriched.item.story for enriched in batch))
        first = self._redis.pipeline(transaction=False)
        first.sadd(keys.stories(), *stories)
        calls = [(self._item_keys(e.item), self._item_args(e)) for e in batch]
        replies = self._run_scripts(self._write_item, calls, after=first)
        version_keys = [enriched.item.version_key for enriched in batch]
        pipe = self._redis.pipeline(transaction=False)
        self._unstage_in(pipe, version_keys)
        for version in version_keys:  # one DEL each: the counters lie in different cluster slots
            pipe.delete(keys.deliveries(version))
        # after the items, so a consumer woken by the bell finds them; a bell lost with a crash
        # here is made up for by the consumers' periodic sweep of every stream
        for story in stories:
            pipe.xadd(keys.activity(), {"story": story}, maxlen=ACTIVITY_MAXLEN, approximate=True)
        pipe.execute()
        out: list[str | None] = []
        for enriched, (written, stream_id, lost) in zip(batch, replies, strict=True):
            if lost:
                log.error(
                    "%d items of story %s were trimmed before the consumer folded them "
                    "(%d unread in its stream); a gap change reports them",
                    int(lost),
                    enriched.item.story,
                    self.unread_cap,
                )
            out.append(str(stream_id) if written == 1 else None)
        return out

    @staticmethod
    def _item_keys(item: TickerItem) -> list[str]:
        return [
            keys.written(item.story),
            keys.items_stream(item.story),
            keys.recent(item.story),
            keys.summary(item.story),
            keys.changes_stream(item.story),
        ]

    def _item_args(self, enriched: EnrichedItem) -> list[str | int]:
        item = enriched.item
        return [
            item.version_key,
            self.settings.dedup_window,
            enriched.to_json(),
            self.settings.stream_maxlen,
            keys.channel(item.story),
            json.dumps([item.id, item.outlet, enriched.enrichment.fingerprint]),
            self.settings.recent_window,
            item.story,
            self.unread_cap,
        ]

    def delivery_count(self, item_id: str) -> int:
        """Count one more start of the task for this item (survives worker crashes)."""
        pipe = self._redis.pipeline()
        pipe.incr(keys.deliveries(item_id))
        pipe.expire(keys.deliveries(item_id), self.settings.dedup_ttl)
        count, _ = pipe.execute()
        return int(count)

    def forget_delivery(self, item_id: str) -> None:
        """Drop a start counter whose task ended (a batch's; an item's goes with its write)."""
        self._redis.delete(keys.deliveries(item_id))

    def queue_length(self, queue: str) -> int:
        """Messages waiting in a broker queue (when the broker is this Redis)."""
        return int(self._redis.llen(queue))

    # -- the outbox: what was sent to the workers and is not written yet --------------------

    def stage(self, item: TickerItem) -> None:
        """Remember an item before it is sent, so a message the broker loses is sent again."""
        if self._cluster:
            # two slots, no transaction: the pending mark first, so a producer killed in between
            # leaves a mark without a payload (``overdue`` drops it), never a payload nobody resends
            self._redis.zadd(keys.pending(), {item.version_key: _now_ms()})
            self._redis.hset(keys.outbox(), item.version_key, item.to_json())
            return
        pipe = self._redis.pipeline()  # MULTI: both or neither
        pipe.hset(keys.outbox(), item.version_key, item.to_json())
        pipe.zadd(keys.pending(), {item.version_key: _now_ms()})
        pipe.execute()

    def unstage(self, version_key: str) -> None:
        pipe = self._redis.pipeline()
        self._unstage_in(pipe, [version_key])
        pipe.execute()

    @staticmethod
    def _unstage_in(pipe: Any, version_keys: Sequence[str]) -> None:
        """Queue on ``pipe`` what takes items out of the outbox: done, or given up on."""
        pipe.hdel(keys.outbox(), *version_keys)
        pipe.zrem(keys.pending(), *version_keys)

    def overdue(self, older_than: float, limit: int = 500) -> list[tuple[str, str]]:
        """Outbox entries sent more than ``older_than`` seconds ago, marked as sent again now."""
        cutoff = _now_ms() - int(older_than * 1000)
        names = self._redis.zrangebyscore(keys.pending(), "-inf", cutoff, start=0, num=limit)
        if not names:
            return []
        payloads = self._redis.hmget(keys.outbox(), names)
        due = [(n, p) for n, p in zip(names, payloads, strict=True) if p is not None]
        pipe = self._redis.pipeline()
        for name, payload in zip(names, payloads, strict=True):
            if payload is None:
                pipe.zrem(keys.pending(), name)
            else:
                pipe.zadd(keys.pending(), {name: _now_ms()}, xx=True)
        pipe.execute()
        return due

    # -- dead letters --------------------------------------------------------------------

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
        pipe = self._redis.pipeline()
        pipe.lpush(keys.dead_letters(), json.dumps(entry, ensure_ascii=True, default=repr))
        pipe.ltrim(keys.dead_letters(), 0, self.settings.dlq_maxlen - 1)
        pipe.execute()

    def dead_letters(self, count: int) -> list[DeadLetter]:
        """The newest ``count`` parked inputs, newest first."""
        return [DeadLetter.from_json(raw) for raw in self._redis.lrange(keys.dead_letters(), 0, count - 1)]

    # -- polled feeds --------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        """What the last poll of the feed saw (validators, entry revisions); empty if never polled."""
        from ticker.ingest import FeedState  # the feed parser is loaded only where feeds are polled

        return FeedState.from_json(self._redis.get(_feed_key(url)))

    def save_feed_state(self, url: str, state: FeedState) -> None:
        self._redis.set(_feed_key(url), state.to_json())

    # -- consumer ------------------------------------------------------------------------

    def stories(self) -> list[str]:
        """Every story with items, by name."""
        return sorted(self._redis.smembers(keys.stories()))

    def story_count(self) -> int:
        """How many stories have items (stories are only ever added: a new count means new ones)."""
        return int(self._redis.scard(keys.stories()))

    def activity_since(self, last_id: str, *, block_ms: int | None, count: int) -> tuple[str, set[str]]:
        """Stories written to after the doorbell entry ``last_id`` (waiting up to ``block_ms`` when
        there are none; None: not at all), and the id to read from next time."""
        reply = self._redis.xread({keys.activity(): last_id}, block=block_ms, count=count)
        rows = reply[0][1] if reply else []
        return (str(rows[-1][0]) if rows else last_id), {fields.get("story", "") for _, fields in rows}

    def last_activity(self) -> str:
        """The newest doorbell entry's id ("0-0" when there is none): where a new reader starts."""
        return self.last_entry_id(keys.activity()) or "0-0"

    def heartbeat(self, consumer: str, now_ms: int, alive_ms: int) -> list[str]:
        """Record that ``consumer`` is alive now; the consumers that beat within ``alive_ms``, sorted."""
        pipe = self._redis.pipeline(transaction=False)
        pipe.zadd(keys.consumers(), {consumer: now_ms})
        pipe.zremrangebyscore(keys.consumers(), "-inf", now_ms - 10 * alive_ms)  # long gone
        pipe.zrangebyscore(keys.consumers(), now_ms - alive_ms, "+inf")
        return sorted(pipe.execute()[-1])

    def leave(self, consumer: str) -> None:
        """Take ``consumer`` out of the sharing at once (a clean stop): the others take its stories."""
        self._redis.zrem(keys.consumers(), consumer)

    def ensure_group(self, stream: str) -> None:
        """Create the consumer group on ``stream`` (and the stream) unless it exists."""
        self.ensure_groups([stream])

    def ensure_groups(self, streams: Sequence[str]) -> None:
        """``ensure_group`` for each of these streams, in one pipeline."""
        pipe = self._redis.pipeline(transaction=False)
        for stream in streams:
            pipe.xgroup_create(stream, keys.CONSUMER_GROUP, id="0", mkstream=True)
        for reply in pipe.execute(raise_on_error=False):
            if isinstance(reply, redis.ResponseError) and "BUSYGROUP" not in str(reply):
                raise reply

    def read_group(
        self, consumer: str, positions: dict[str, str], *, count: int, block_ms: int | None = None
    ) -> list[StreamEntry]:
        """Entries for ``consumer`` in the group: ``"0"`` its pending ones, ``">"`` new ones.

        On a cluster, one read per slot (a command's keys must share one), none of them blocking
        when there are several."""
        groups = self._by_slot(positions)
        if len(groups) > 1:
            block_ms = None
        replies = [
            self._redis.xreadgroup(keys.CONSUMER_GROUP, consumer, group, count=count, block=block_ms)
            for group in groups
        ]
        return [
            (stream, entry_id, fields)
            for reply in replies
            for stream, rows in reply or []
            for entry_id, fields in rows
        ]

    def _by_slot(self, positions: dict[str, str]) -> list[dict[str, str]]:
        """The positions in groups whose streams share a cluster slot; all in one on a single Redis."""
        if not self._cluster or len(positions) < 2:
            return [positions] if positions else []
        assert isinstance(self._redis, RedisCluster)
        groups: dict[int, dict[str, str]] = {}
        for stream, position in positions.items():
            groups.setdefault(self._redis.keyslot(stream), {})[stream] = position
        return list(groups.values())

    def claim_stale(self, stream: str, consumer: str, min_idle_ms: int, start: str, count: int) -> Claimed:
        """Take over entries another consumer read and left unacknowledged for ``min_idle_ms``."""
        reply = self._redis.xautoclaim(stream, keys.CONSUMER_GROUP, consumer, min_idle_ms, start, count=count)
        return _claimed(stream, reply)

    def claim_stale_many(
        self, streams: Sequence[str], consumer: str, min_idle_ms: int, count: int
    ) -> list[Claimed]:
        """``claim_stale`` from the start of each of these streams, in one pipeline."""
        pipe = self._redis.pipeline(transaction=False)
        for stream in streams:
            pipe.xautoclaim(stream, keys.CONSUMER_GROUP, consumer, min_idle_ms, "0-0", count=count)
        return [_claimed(stream, reply) for stream, reply in zip(streams, pipe.execute(), strict=True)]

    def ack(self, stream: str, *entry_ids: str) -> None:
        self._redis.xack(stream, keys.CONSUMER_GROUP, *entry_ids)

    def summary(self, story: str) -> Summary:
        """The story's stored summary; an empty one if nothing was folded yet."""
        return self._summary_of(story, self._redis.hgetall(keys.summary(story)))

    def _summary_of(self, story: str, fields: dict[str, str]) -> Summary:
        unescaped = layout.unescaped_names(fields)
        if layout.is_legacy(fields) or unescaped:  # an old layout: the next commit rewrites it whole
            self._legacy[story] = unescaped
        return layout.from_fields(fields) or Summary(story=story)

    def load(
        self,
        story: str,
        revisions: Sequence[tuple[str, str]],
        cached: Summary | None = None,
    ) -> Loaded:
        """The story's summary (``cached`` when it is still the stored version) and which of these
        (item id, revision) pairs were folded before."""
        return self.load_many([(story, revisions, cached)])[0]

    def load_many(self, asks: Sequence[LoadAsk]) -> list[Loaded]:
        """``load`` for several stories (story, revisions, cached summary) at once: one round trip
        for the versions and applied marks, and one more for the summaries not cached."""
        pipe = self._redis.pipeline(transaction=False)
        asked = []
        for story, revisions, _ in asks:
            ids = sorted({item_id for item_id, _ in revisions})
            version_keys = sorted({version_key(item_id, revision) for item_id, revision in revisions})
            pipe.hget(keys.summary(story), "version")
            marks = [*map(escape_part, ids), *version_keys]
            pipe.zmscore(keys.applied(story), marks or ["-"])  # it needs a member
            asked.append((ids, version_keys))
        replies = iter(pipe.execute())
        marked = []
        for (story, _, cached), (ids, version_keys) in zip(asks, asked, strict=True):
            version, marks = next(replies), next(replies)
            seen = frozenset(i for i, score in zip(ids, marks, strict=False) if score is not None)
            applied = frozenset(
                k for k, score in zip(version_keys, marks[len(ids) :], strict=False) if score is not None
            )
            fresh = cached is not None and cached.story == story and cached.version == int(version or 0)
            marked.append((cached if fresh else None, seen, applied))
        missing = [ask[0] for ask, (summary, _, _) in zip(asks, marked, strict=True) if summary is None]
        read = dict(zip(missing, self.summaries(missing), strict=True))
        return [
            Loaded(summary or read[story], seen, applied)
            for (story, _, _), (summary, seen, applied) in zip(asks, marked, strict=True)
        ]

    def summaries(self, stories: Sequence[str]) -> list[Summary]:
        """Several stories' stored summaries, in one round trip."""
        if not stories:
            return []
        pipe = self._redis.pipeline(transaction=False)
        for story in stories:
            pipe.hgetall(keys.summary(story))
        replies = pipe.execute()
        return [self._summary_of(story, fields) for story, fields in zip(stories, replies, strict=True)]

    def commit(
        self,
        summary: Summary,
        changes: Sequence[Change],
        *,
        folded: Sequence[Folded],
        previous: Summary,
        acks: Sequence[str] = (),
    ) -> Commit:
        """Store the new summary with the changes of the items ``folded`` into it since ``previous``,
        mark them applied and acknowledge the item stream entries ``acks``, all or nothing.

        Only the summary's fields that differ from ``previous`` are written, and only if it is
        still the stored version. If every item was applied before, only the acknowledgements
        happen.
        """
        return self.commit_many([FoldedBatch(summary, previous, changes, folded, acks)])[0]

    def commit_many(self, batches: Sequence[FoldedBatch]) -> list[Commit]:
        """``commit`` for several stories' batches, each its own atomic script (one story, one
        cluster slot), sent in one round trip on a single Redis."""
        calls = [self._commit_call(batch) for batch in batches]
        replies = self._run_scripts(self._commit, calls, after=self._redis.pipeline(transaction=False))
        out = []
        for batch, (result, _) in zip(batches, replies, strict=True):
            if int(result) == 1:
                self._legacy.pop(batch.summary.story, None)
            out.append(_COMMITS[int(result)])
        return out

    def _run_scripts(self, script: Any, calls: Sequence[ScriptCall], *, after: Any) -> list[Any]:
        """Run ``script`` once per (keys, args) call, after the commands queued on the pipeline
        ``after``; the scripts' replies. On a single Redis the calls join that pipeline: one
        round trip (and redis-py's SCRIPT EXISTS before it, so a lone script with nothing queued
        goes on its own). On a cluster, whose pipeline refuses EVALSHA, they go one by one."""
        if self._cluster or (len(calls) == 1 and len(after) == 0):
            after.execute()
            return [script(keys=call_keys, args=args) for call_keys, args in calls]
        queued = len(after)
        for call_keys, args in calls:
            script(keys=call_keys, args=args, client=after)
        replies: list[Any] = after.execute()[queued:]
        return replies

    def _commit_call(self, batch: FoldedBatch) -> ScriptCall:
        summary, previous, story = batch.summary, batch.previous, batch.summary.story
        if story in self._legacy:
            diff = layout.full(summary)
            diff.deleted.extend(self._legacy[story])
        else:
            diff = layout.diff(summary, previous)
        call_keys = [
            keys.applied(story),
            keys.summary(story),
            keys.changes_stream(story),
            keys.items_stream(story),
        ]
        args: list[Any] = [
            str(previous.version),
            str(summary.version),
            self.settings.dedup_window,
            self.settings.stream_maxlen,
            keys.channel(story),
            keys.CONSUMER_GROUP,
            len(batch.folded),
            len(diff.fields),
            len(diff.deleted),
            len(batch.acks),
            *(
                part
                for f in batch.folded
                for part in (version_key(f.item_id, f.revision), escape_part(f.item_id), str(f.version))
            ),
            *(part for name, value in diff.fields.items() for part in (name, dumps(value))),
            *diff.deleted,
            *batch.acks,
            *(dumps(c.to_dict()) for c in batch.changes),
        ]
        return call_keys, args

    def applied_count(self, items: Sequence[TickerItem]) -> int:
        """How many of these item revisions the consumer has folded into their summaries."""
        pipe = self._redis.pipeline(transaction=False)
        for item in items:
            pipe.zscore(keys.applied(item.story), item.version_key)
        return sum(1 for score in pipe.execute() if score is not None)

    # -- health and metrics: what an operator watches ------------------------------------

    def ping(self) -> bool:
        """Whether Redis answers (raises redis.ConnectionError/TimeoutError when it is away)."""
        return bool(self._redis.ping())

    def dead_letter_count(self) -> int:
        return int(self._redis.llen(keys.dead_letters()))

    def outbox_size(self) -> int:
        """Items sent to the workers and not written yet."""
        return int(self._redis.hlen(keys.outbox()))

    def consumer_lag(self, story: str) -> int:
        """Entries of the story's item stream the consumer group has not folded yet: the ones
        not delivered to any consumer (XINFO GROUPS ``lag``) plus the ones read and not acknowledged."""
        try:
            groups = self._redis.xinfo_groups(keys.items_stream(story))
        except redis.ResponseError:  # no stream yet: nothing to fold
            return 0
        for group in groups:
            if group.get("name") == keys.CONSUMER_GROUP:
                lag = group.get("lag")
                if lag is None:  # Redis cannot tell after some deletions: count what is after the group
                    after = self._redis.xrange(
                        keys.items_stream(story), "(" + str(group["last-delivered-id"]), "+", count=LAG_SCAN
                    )
                    lag = len(after)
                return int(lag) + int(group.get("pending", 0))
        return int(self._redis.xlen(keys.items_stream(story)))  # no group yet: nothing folded

    # -- readers: backfill and follow a stream -------------------------------------------

    def entries(self, stream: str) -> list[tuple[str, Fields]]:
        """Every entry of ``stream``, oldest first."""
        return list(self._redis.xrange(stream, "-", "+"))

    def entries_before(self, stream: str, end: str, count: int) -> list[tuple[str, Fields]]:
        """Up to ``count`` entries at or before ``end`` (``"(id"``: before), newest first."""
        return list(self._redis.xrevrange(stream, end, "-", count=count))

    def first_entry_id(self, stream: str) -> str | None:
        first = self._redis.xrange(stream, "-", "+", count=1)
        return str(first[0][0]) if first else None

    def last_entry_id(self, stream: str) -> str | None:
        last = self._redis.xrevrange(stream, "+", "-", count=1)
        return str(last[0][0]) if last else None

    def read_after(
        self, positions: dict[str, str], *, block_ms: int, count: int
    ) -> list[tuple[str, list[tuple[str, Fields]]]]:
        """Entries after each stream's position (stream -> last id seen), waiting up to ``block_ms``.

        On a cluster, streams of several slots cannot be waited on in one read: they are read
        in turn every CLUSTER_POLL seconds until something comes or ``block_ms`` is over."""
        groups = self._by_slot(positions)
        if len(groups) <= 1:
            return list(self._redis.xread(positions, block=block_ms, count=count) or [])
        deadline = time.monotonic() + block_ms / 1000
        while True:
            found = [row for group in groups for row in self._redis.xread(group, count=count) or []]
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(min(CLUSTER_POLL, max(0.0, deadline - time.monotonic())))

    # -- migration -----------------------------------------------------------------------

    def repair_unescaped(self, chunk: int = 100) -> int:
        """Rewrite every summary holding report names written before they were escaped (an item
        id with ``:``, which no reader could split); how many were rewritten.

        Each rewrite is an ordinary commit of the summary onto itself (no items, the same
        version, the old names deleted): it applies only if no consumer committed in between,
        and one that did has rewritten the summary itself. The first run that finds nothing left
        marks the layout, and later starts skip the walk.
        """
        if self._redis.get(keys.names_layout()) == ESCAPED:
            return 0
        found = []
        stories = [story for story in self.stories() if _ours(story)]
        for start in range(0, len(stories), chunk):
            pipe = self._redis.pipeline(transaction=False)
            part = stories[start : start + chunk]
            for story in part:
                pipe.hkeys(keys.summary(story))
            found += [
                story
                for story, names in zip(part, pipe.execute(), strict=True)
                if layout.unescaped_names(dict.fromkeys(names))
            ]
        for story in found:
            summary = self.summary(story)
            self.commit(summary, (), folded=(), previous=summary)
        if found:
            log.warning("rewrote %d summaries whose report names held an item id with ':'", len(found))
        else:
            self._redis.set(keys.names_layout(), ESCAPED)
        return len(found)

    def migrate_untagged(self) -> int:
        """Rename the keys of stories stored before hash tags (``ticker:story:<s>:items``) to their
        tagged names, unless the new one exists already; how many were renamed.

        Safe to run by every process at start, at once: RENAMENX moves a key only to a free
        name, and a key another process moved first is just gone. The first run that finds
        nothing left to move marks the layout as tagged, and later starts skip the walk over every
        story. On a cluster it does nothing: the untagged names never existed there (and RENAME
        cannot cross slots).
        """
        if self._cluster or self._redis.get(keys.layout()) == TAGGED:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        for story in filter(_ours, self.stories()):  # another name has no keys of ours to move
            for key in keys.story_keys(story):
                pipe.renamenx(keys.untagged(key), key)
        moved = 0
        for reply in pipe.execute(raise_on_error=False):
            if isinstance(reply, redis.ResponseError):
                if "no such key" not in str(reply):
                    raise reply
            elif reply:
                moved += 1
        if moved:
            log.warning("renamed %d keys of stories stored before hash tags to their new names", moved)
        else:
            self._redis.set(keys.layout(), TAGGED)
        return moved


def _ours(story: str) -> bool:
    """Whether ``story`` is a name we write keys for."""
    try:
        keys.check_story(story)
    except ConfigError:
        return False
    return True


def _claimed(stream: str, reply: Any) -> Claimed:
    """An XAUTOCLAIM reply: the next start, the entries taken, and (Redis 7) the ids trimmed away."""
    entries = [(stream, entry_id, fields) for entry_id, fields in reply[1]]
    return Claimed(reply[0], entries, list(reply[2]) if len(reply) > 2 else [])
