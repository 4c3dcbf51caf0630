"""The loop that reads each story's item stream as a consumer group and folds it into the summary.

Pending entries first (ours after a restart, then stale ones of dead consumers via
XAUTOCLAIM), then new ones. An entry is acknowledged in the same atomic step that
commits its effect, so a crash anywhere leaves it pending, never lost or doubled.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis

from ticker import keys
from ticker.errors import DecodeError, RedisAuthError
from ticker.models import EnrichedItem
from ticker.store import Commit, Store
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
        self._groups: set[str] = set()
        self._pending_done: set[str] = set()
        self._last_claim = 0.0
        self._cache: dict[str, Summary] = {}  # story -> the summary as we last committed it

    # -- the loop ------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
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
                if self.metrics:
                    self.metrics.redis_errors.count("consume")
                log.warning("consumer %s lost Redis (%s); retrying in %.1fs", self.name, exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def step(self) -> int:
        """Process what is available now (blocking up to block_ms for new entries)."""
        streams = self._streams()
        if not streams:
            time.sleep(self.block_ms / 1000)
            return 0
        done = 0
        for stream in streams:
            if stream not in self._pending_done:
                count = self._read(stream, "0")
                done += count
                if count == 0:
                    self._pending_done.add(stream)
        if time.monotonic() - self._last_claim > self.claim_every:
            self._last_claim = time.monotonic()
            done += sum(self._claim_stale(s) for s in streams)
        if done:
            return done
        for stream, entry_id, fields in self.store.read_group(
            self.name, dict.fromkeys(streams, ">"), count=self.batch, block_ms=self.block_ms
        ):
            self._handle(stream, entry_id, fields)
            done += 1
        return done

    # -- pieces --------------------------------------------------------------------------

    def _housekeep(self) -> None:
        if self.housekeeping and time.monotonic() - self._last_housekeeping > self.housekeeping_every:
            self._last_housekeeping = time.monotonic()
            try:
                self.housekeeping()
            except Exception:  # e.g. the broker is away: the next round tries again
                log.exception("housekeeping failed; folding goes on")

    def _streams(self) -> list[str]:
        stories = self.fixed_stories or self.store.stories()
        streams = [keys.items_stream(s) for s in stories]
        for stream in streams:
            if stream not in self._groups:
                self.store.ensure_group(stream)
                self._groups.add(stream)
        return streams

    def _read(self, stream: str, start: str) -> int:
        done = 0
        for _, entry_id, fields in self.store.read_group(self.name, {stream: start}, count=self.batch):
            self._handle(stream, entry_id, fields)
            done += 1
        return done

    def _claim_stale(self, stream: str) -> int:
        """Take over entries another consumer read but never acknowledged (it died)."""
        start, done = "0-0", 0
        while True:
            claimed = self.store.claim_stale(stream, self.name, self.min_idle_ms, start, self.batch)
            start = claimed.next_start
            if claimed.deleted:
                log.error(
                    "%d pending entries of %s were trimmed before they were applied",
                    len(claimed.deleted),
                    stream,
                )
            for _, entry_id, fields in claimed.entries:
                if fields is None:  # trimmed meanwhile
                    continue
                self.stats.claimed += 1
                self._handle(stream, entry_id, fields)
                done += 1
            if start == "0-0":
                return done

    def _handle(self, stream: str, entry_id: str, fields: dict[str, str] | None) -> None:
        if fields is None:  # read, then trimmed before we applied it: nothing left to apply
            log.error("pending entry %s of %s was trimmed before it was applied", entry_id, stream)
            self.store.ack(stream, entry_id)
            return
        raw = fields.get("data", "")
        try:
            enriched = EnrichedItem.from_json(raw)
        except DecodeError as exc:
            log.error("parking undecodable entry %s of %s: %s", entry_id, stream, exc.reason)
            self.store.park(f"undecodable stream entry: {exc.reason}", raw, source=f"{stream}#{entry_id}")
            self.store.ack(stream, entry_id)
            self.stats.parked += 1
            return
        item = enriched.item
        pause = CAS_BACKOFF[0]
        for attempt in range(MAX_CAS_RETRIES):
            loaded = self.store.load(item.story, item.id, item.revision, self._cache.get(item.story))
            if loaded.already_applied:
                self.store.ack(stream, entry_id)
                self.stats.duplicates += 1
                return
            new, changes = apply(
                loaded.summary, enriched, first_sighting=loaded.first_sighting, limits=self.limits
            )
            started = time.perf_counter()
            result = self.store.commit(
                new,
                changes,
                item_id=item.id,
                revision=item.revision,
                previous=loaded.summary,
                ack=entry_id,
            )
            if self.metrics:
                self.metrics.commit_seconds.observe(time.perf_counter() - started)
            if result is Commit.APPLIED:
                self._cache[item.story] = new
                self.stats.applied += 1
                if self.metrics:
                    self.metrics.applied.labels(item.story).inc()
                    for change in changes:
                        self.metrics.changes.labels(change.kind.value).inc()
                if attempt:
                    log.debug("item %s of %s committed after %d stale folds", item.id, item.story, attempt)
                if self.on_applied:
                    self.on_applied(enriched)
                return
            if result is Commit.ALREADY_APPLIED:
                self.stats.duplicates += 1
                return
            self.stats.stale += 1
            time.sleep(random.uniform(0, pause))
            pause = min(pause * 2, CAS_BACKOFF[1])
        # leave it pending and read our pending entries again on the next step: it is retried
        # soon by us, not after the stale-claim timeout by whoever claims it
        self._pending_done.discard(stream)
        log.warning(
            "summary of %s changed under %d folds in a row; item %s stays pending and is retried",
            item.story,
            MAX_CAS_RETRIES,
            item.id,
        )
