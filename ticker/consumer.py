"""The loop that reads each story's item stream as a consumer group and folds it into the summary.

The workers ring a doorbell (the ``activity`` stream) after writing a story's items, so a
step reads only the streams of stories that have new entries, however many stories there
are. A sweep of every stream, at start and every ``claim_every`` seconds, reads our pending
entries (after a restart), claims stale ones of dead consumers (XAUTOCLAIM) and finds
entries whose bell was lost. With ``shares``, consumers split the stories between them.
What one read returns is folded as a batch per story and committed in one atomic step with
the acknowledgement of its entries, so a crash anywhere leaves them pending, never lost or
doubled.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis

from ticker import keys
from ticker.errors import ConfigError, DecodeError, RedisAuthError
from ticker.models import Change, EnrichedItem
from ticker.shares import Shares
from ticker.store import Claimed, Commit, Folded, FoldedBatch, Loaded, Store, StreamEntry
from ticker.summary import Limits, Summary, apply

if TYPE_CHECKING:
    from ticker.metrics import ConsumerMetrics

log = logging.getLogger(__name__)

# Another consumer committing first costs a re-fold, not the entry: fold again on its summary,
# after a jittered pause that lets the winner finish its burst (the winner folds on a cached
# summary and would otherwise win every race). Bounded, so a stuck story cannot hold us forever.
MAX_CAS_RETRIES = 200
CAS_BACKOFF = (0.001, 0.05)  # seconds: the first pause, the longest
AUTH_TRIES = 3  # consecutive refusals of the credentials before the consumer gives up
READ_STREAMS = 100  # streams asked for new entries in one XREADGROUP
BELLS_READ = 1000  # doorbell entries read in one step
SUMMARIES_HELD = 1024  # stories whose last committed summary stays in memory


@dataclass(frozen=True)
class _Attempt:
    """One story's stream entries folded on its summary: what to commit, the items newly applied."""

    stream: str
    story: str
    entries: list[tuple[str, EnrichedItem]]
    commit: FoldedBatch
    applied: list[EnrichedItem]


def _chunks(streams: list[str]) -> Iterator[list[str]]:
    """The streams READ_STREAMS at a time: what one command or pipeline asks about."""
    for start in range(0, len(streams), READ_STREAMS):
        yield streams[start : start + READ_STREAMS]


def _revisions(batch: list[tuple[str, EnrichedItem]]) -> list[tuple[str, str]]:
    return [(e.item.id, e.item.revision) for _, e in batch]


def default_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass
class ConsumerStats:
    applied: int = 0
    duplicates: int = 0
    parked: int = 0
    claimed: int = 0
    stale: int = 0  # folds lost to another consumer's commit, and done again


class Consumer:
    def __init__(
        self,
        store: Store,
        *,
        name: str | None = None,
        stories: list[str] | None = None,
        block_ms: int = 1000,
        batch: int = 50,
        min_idle_ms: int = 60_000,
        claim_every: float = 15.0,
        limits: Limits | None = None,
        on_applied: Callable[[EnrichedItem], None] | None = None,
        housekeeping: Callable[[], object] | None = None,
        housekeeping_every: float = 30.0,
        heartbeat: Callable[[], object] | None = None,
        metrics: ConsumerMetrics | None = None,
        shares: Shares | None = None,
    ) -> None:
        self.store = store
        self.name = name or default_name()
        self.fixed_stories = stories
        self.block_ms = block_ms
        self.batch = batch
        self.min_idle_ms = min_idle_ms
        self.claim_every = claim_every
        self.limits = limits or Limits(store.settings.history_kept, store.settings.developments_kept)
        self.on_applied = on_applied
        self.housekeeping = housekeeping
        self.housekeeping_every = housekeeping_every
        self.heartbeat = heartbeat  # called after each turn that reached Redis: a liveness signal
        self._last_housekeeping = time.monotonic()
        self.stats = ConsumerStats()
        self.metrics = metrics
        self.shares = shares
        self._groups: set[str] = set()
        self._pending_done: set[str] = set()
        self._next_sweep = 0.0
        self._bell: str | None = None  # the last doorbell entry read; None: sweep first
        self._hot: set[str] = set()  # stories whose last read filled a batch: more is waiting
        self._cache: OrderedDict[str, Summary] = OrderedDict()  # story -> the summary we last committed
        self._all_stories: list[str] = []
        self._story_count = -1
        self._migrated = False  # keys of stories stored before hash tags renamed (once, at start)

    # -- the loop ------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        try:
            self._run(stop)
        finally:
            if self.shares is not None:
                try:
                    self.shares.leave()
                except redis.RedisError:  # the others take over when our heartbeat is old
                    log.warning("consumer %s could not leave the sharing", self.name)

    def _run(self, stop: threading.Event) -> None:
        backoff = 0.5
        refused = 0
        while not stop.is_set():
            try:
                self.step()
                self._housekeep()
                if self.heartbeat:
                    self.heartbeat()
                backoff = 0.5
                refused = 0
            except redis.AuthenticationError as exc:
                # a wrong password does not mend itself: a few tries (Redis may be restarting with
                # new credentials), then RedisAuthError for the CLI to end with exit 77
                refused += 1
                if refused >= AUTH_TRIES:
                    raise RedisAuthError(f"Redis refused the consumer's credentials: {exc}") from exc
                log.warning("consumer %s: Redis refused the credentials (%s); retrying", self.name, exc)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
            except (redis.ConnectionError, redis.TimeoutError, redis.exceptions.OutOfMemoryError) as exc:
                # transient: Redis is away or full. Entries read before the error are still ours
                # and pending, so read them first again once it is back
                self._pending_done.clear()
                self._story_count = -1  # Redis may have restarted empty: list the stories again
                self._bell = None  # and its doorbell ids may have started again: sweep first
                if self.metrics:
                    self.metrics.redis_errors.count("consume")
                log.warning("consumer %s lost Redis (%s); retrying in %.1fs", self.name, exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def step(self) -> int:
        """Process what is available now (waiting up to block_ms for a doorbell when nothing is)."""
        if self.shares is not None and self.shares.beat():
            self._bell = None  # consumers came or went: stories moved, sweep what is ours now
        if self._bell is None or time.monotonic() >= self._next_sweep:
            return self._sweep()
        wait = None if self._hot else self.block_ms
        self._bell, rung = self.store.activity_since(self._bell, block_ms=wait, count=BELLS_READ)
        stories, self._hot = self._hot | {story for story in rung if self._mine(story)}, set()
        return self._read_new(self._streams(stories))

    # -- pieces --------------------------------------------------------------------------

    def _housekeep(self) -> None:
        if self.housekeeping and time.monotonic() - self._last_housekeeping > self.housekeeping_every:
            self._last_housekeeping = time.monotonic()
            try:
                self.housekeeping()
            except Exception:  # e.g. the broker is away: the next round tries again
                log.exception("housekeeping failed; folding goes on")

    def _sweep(self) -> int:
        """Every stream of ours: pending entries, stale ones of dead consumers, new ones."""
        if not self._migrated:  # here, not at start-up: a consumer may start before Redis does
            self.store.migrate_untagged()
            self.store.repair_unescaped()
            self._migrated = True
        if self._bell is None:
            self._bell = self.store.last_activity()  # bells rung from now on are read after the sweep
        self._next_sweep = time.monotonic() + self.claim_every
        stories = [story for story in self.fixed_stories or self._stories() if self._mine(story)]
        streams = self._streams(stories)
        unread = [stream for stream in streams if stream not in self._pending_done]
        pending = self._read(unread, "0")
        for stream in unread:
            if pending[stream] == 0:
                self._pending_done.add(stream)
            else:
                self._next_sweep = 0.0  # there may be more: read them on the next step
        claimed = sum(self._claim_stale(chunk) for chunk in _chunks(streams))
        return pending.total() + claimed + self._read_new(streams)

    def _read_new(self, streams: list[str]) -> int:
        """New entries of these streams; a stream whose read filled a batch is read again next step."""
        read = self._read(streams, ">")
        self._hot.update(keys.story_of(stream) for stream, count in read.items() if count >= self.batch)
        return read.total()

    def _read(self, streams: list[str], position: str) -> Counter[str]:
        """Read and fold entries of these streams from ``position`` ("0": our pending ones, ">":
        new ones), a read per READ_STREAMS streams; how many each stream gave."""
        read: Counter[str] = Counter()
        for chunk in _chunks(streams):
            entries = self.store.read_group(self.name, dict.fromkeys(chunk, position), count=self.batch)
            read.update(stream for stream, _, _ in entries)
            self._handle(entries)
        return read

    def _mine(self, story: str) -> bool:
        """Whether this consumer folds the story (a doorbell's name is checked: it is data)."""
        if self.fixed_stories is not None:
            return story in self.fixed_stories
        try:
            keys.check_story(story)
        except ConfigError:
            return False
        return self.shares is None or self.shares.owns(story)

    def _streams(self, stories: Iterable[str]) -> list[str]:
        streams = [keys.items_stream(s) for s in stories]
        new = [stream for stream in streams if stream not in self._groups]
        for chunk in _chunks(new):
            self.store.ensure_groups(chunk)
        self._groups.update(new)
        return streams

    def _stories(self) -> list[str]:
        """Every story, listed again only when their count changed: SCARD, not SMEMBERS, per sweep."""
        count = self.store.story_count()
        if count != self._story_count:
            self._all_stories, self._story_count = self.store.stories(), count
        return self._all_stories

    def _claim_stale(self, streams: list[str]) -> int:
        """Take over entries another consumer read but never acknowledged (it died): a first page
        of every stream in one round trip, the rest of a stream with more page by page."""
        pages = self.store.claim_stale_many(streams, self.name, self.min_idle_ms, self.batch)
        done = 0
        for stream, claimed in zip(streams, pages, strict=True):
            while True:
                done += self._take(stream, claimed)
                if claimed.next_start == "0-0":
                    break
                start = claimed.next_start
                claimed = self.store.claim_stale(stream, self.name, self.min_idle_ms, start, self.batch)
        return done

    def _take(self, stream: str, claimed: Claimed) -> int:
        if claimed.deleted:
            trimmed = len(claimed.deleted)
            log.error("%d pending entries of %s were trimmed before they were applied", trimmed, stream)
        entries = [entry for entry in claimed.entries if entry[2] is not None]  # None: trimmed meanwhile
        self.stats.claimed += len(entries)
        self._handle(entries)
        return len(entries)

    def _handle(self, entries: list[StreamEntry]) -> None:
        """Fold what was read, one batch per stream and story, each committed in one atomic step:
        every story's load in one round trip and every commit in one more; a story another
        consumer committed first is folded again on its own."""
        batches: dict[tuple[str, str], list[tuple[str, EnrichedItem]]] = {}
        for stream, entry_id, fields in entries:
            enriched = self._decode(stream, entry_id, fields)
            if enriched is not None:
                batches.setdefault((stream, enriched.item.story), []).append((entry_id, enriched))
        if not batches:
            return
        asks = [(story, _revisions(batch), self._cache.get(story)) for (_, story), batch in batches.items()]
        loads = self.store.load_many(asks)
        attempts = [
            self._attempt(stream, story, batch, loaded)
            for ((stream, story), batch), loaded in zip(batches.items(), loads, strict=True)
        ]
        ready = [one for one in attempts if self._something_to_commit(one)]
        for one, result in zip(ready, self._commit([one.commit for one in ready]), strict=True):
            if result is Commit.STALE:
                self.stats.stale += 1
                self._refold(one.stream, one.story, one.entries)
            else:
                self._settle(one, result)

    def _decode(self, stream: str, entry_id: str, fields: dict[str, str] | None) -> EnrichedItem | None:
        """The entry's item; None (and the entry acknowledged) when there is nothing to fold."""
        if fields is None:  # read, then trimmed before we applied it: nothing left to apply
            log.error("pending entry %s of %s was trimmed before it was applied", entry_id, stream)
            self.store.ack(stream, entry_id)
            return None
        raw = fields.get("data", "")
        try:
            enriched = EnrichedItem.from_json(raw)
            if keys.items_stream(enriched.item.story) != stream:  # its batch commits to its own story
                raise DecodeError(f"an item of story {enriched.item.story!r} in another story's stream", raw)
        except (DecodeError, ConfigError) as exc:
            reason = exc.reason if isinstance(exc, DecodeError) else str(exc)
            log.error("parking undecodable entry %s of %s: %s", entry_id, stream, reason)
            self.store.park(f"undecodable stream entry: {reason}", raw, source=f"{stream}#{entry_id}")
            self.store.ack(stream, entry_id)
            self.stats.parked += 1
            return None
        return enriched

    def _refold(self, stream: str, story: str, batch: list[tuple[str, EnrichedItem]]) -> None:
        """Fold a batch another consumer's commit made stale again, after a jittered pause, until
        its commit is not stale; a bounded number of times."""
        pause = CAS_BACKOFF[0]
        for attempt in range(MAX_CAS_RETRIES):
            time.sleep(random.uniform(0, pause))
            pause = min(pause * 2, CAS_BACKOFF[1])
            loaded = self.store.load(story, _revisions(batch), self._cache.get(story))
            one = self._attempt(stream, story, batch, loaded)
            if not self._something_to_commit(one):
                return
            result = self._commit([one.commit])[0]
            if result is not Commit.STALE:
                if attempt:
                    log.debug("%d items of %s committed after %d stale folds", len(batch), story, attempt + 1)
                self._settle(one, result)
                return
            self.stats.stale += 1
        # leave them pending and read our pending entries again on the next step: they are retried
        # soon by us, not after the stale-claim timeout by whoever claims them
        self._pending_done.discard(stream)
        self._next_sweep = 0.0
        log.warning(
            "summary of %s changed under %d folds in a row; %d items stay pending and are retried",
            story,
            MAX_CAS_RETRIES,
            len(batch),
        )

    def _attempt(
        self, stream: str, story: str, batch: list[tuple[str, EnrichedItem]], loaded: Loaded
    ) -> _Attempt:
        """The batch folded on the loaded summary, skipping item revisions folded before."""
        state = loaded.summary
        seen, done = set(loaded.seen), set(loaded.applied)
        folded: list[Folded] = []
        changes: list[Change] = []
        applied: list[EnrichedItem] = []
        for _, enriched in batch:
            item = enriched.item
            if item.version_key in done:  # folded before (a redelivery), or twice in this batch
                continue
            state, found = apply(state, enriched, first_sighting=item.id not in seen, limits=self.limits)
            seen.add(item.id)
            done.add(item.version_key)
            folded.append(Folded(item.id, item.revision, state.version))
            changes.extend(found)
            applied.append(enriched)
        acks = [entry_id for entry_id, _ in batch]
        commit = FoldedBatch(state, loaded.summary, changes, folded, acks)
        return _Attempt(stream, story, batch, commit, applied)

    def _something_to_commit(self, one: _Attempt) -> bool:
        """False, with the entries acknowledged, when every item in the batch was folded before."""
        if one.applied:
            return True
        self.store.ack(one.stream, *one.commit.acks)
        self.stats.duplicates += len(one.entries)
        return False

    def _commit(self, batches: list[FoldedBatch]) -> list[Commit]:
        if not batches:
            return []
        started = time.perf_counter()
        results = self.store.commit_many(batches)
        if self.metrics:
            self.metrics.commit_seconds.observe(time.perf_counter() - started)
        return results

    def _settle(self, one: _Attempt, result: Commit) -> None:
        """Count a commit that was not stale; remember the summary it stored."""
        applied = one.applied
        if result is Commit.ALREADY_APPLIED:
            self.stats.duplicates += len(one.entries)
            return
        self._remember(one.story, one.commit.summary)
        self.stats.applied += len(applied)
        self.stats.duplicates += len(one.entries) - len(applied)
        if self.metrics:
            self.metrics.applied.labels(one.story).inc(len(applied))
            for change in one.commit.changes:
                self.metrics.changes.labels(change.kind.value).inc()
        if self.on_applied:
            for enriched in applied:
                self.on_applied(enriched)

    def _remember(self, story: str, summary: Summary) -> None:
        """Keep the summary we committed, for the most recently folded SUMMARIES_HELD stories."""
        self._cache[story] = summary
        self._cache.move_to_end(story)
        while len(self._cache) > SUMMARIES_HELD:
            self._cache.popitem(last=False)
