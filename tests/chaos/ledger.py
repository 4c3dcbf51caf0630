"""What went in against what came out, in the manner of Jepsen's ``total-queue`` checker.

The producer records every item revision it enqueued successfully. After the fault and a
bounded drain, ``check`` reads what the pipeline produced (item stream entries, applied
markers, the summary) and reports items lost, duplicated or unexpected, and whether the
stored summary equals the pure fold of the same items (a clean run). Executions may happen
more than once under at-least-once delivery; only their *effects* must happen once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import redis
from celery import Celery

from tests.processes import wait_until
from tests.readback import applied_count, summary_now
from ticker import keys
from ticker.dispatch import enqueue, send_batch
from ticker.enrich import enrich
from ticker.models import EnrichedItem, TickerItem
from ticker.store import Store
from ticker.summary import fold

Key = tuple[str, str]  # (item id, revision)


def key_of(item: TickerItem) -> Key:
    return (item.id, item.revision)


@dataclass
class Ledger:
    """Item revisions the producer handed to the broker without an error."""

    items: dict[Key, TickerItem] = field(default_factory=dict)
    refused: list[tuple[TickerItem, str]] = field(default_factory=list)

    def enqueue(self, app: Celery, item: TickerItem, store: Store | None = None) -> bool:
        """Stage (with a store) and publish one item; record it only when that succeeded."""
        try:
            enqueue(app, item, store)
        except Exception as exc:  # the caller asserts on what was refused and why
            self.refused.append((item, f"{type(exc).__name__}: {exc}"))
            return False
        self.items[key_of(item)] = item
        return True

    def enqueue_batch(self, app: Celery, items: list[TickerItem], store: Store) -> None:
        """Stage each item and publish them all in one batch task, as the Batcher does."""
        for one in items:
            store.stage(one)
        send_batch(app, [one.to_json() for one in items])
        self.items.update((key_of(one), one) for one in items)

    def enqueue_all(self, app: Celery, items: Iterable[TickerItem], store: Store | None = None) -> None:
        for one in items:
            self.enqueue(app, one, store)

    def retry_refused(self, app: Celery, store: Store | None = None) -> list[str]:
        """Publish again what the broker refused (as the next feed poll would); the errors seen."""
        refused, self.refused = self.refused, []
        for one, _ in refused:
            self.enqueue(app, one, store)
        return [error for _, error in refused]

    @property
    def stories(self) -> set[str]:
        return {item.story for item in self.items.values()}


@dataclass(frozen=True)
class Verdict:
    lost: set[Key]
    duplicated: dict[Key, int]
    unexpected: set[Key]
    summary_problems: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected or self.summary_problems)

    def __str__(self) -> str:
        return (
            f"lost={sorted(self.lost)} duplicated={self.duplicated} "
            f"unexpected={sorted(self.unexpected)} summary={self.summary_problems}"
        )


def stream_entries(client: redis.Redis, story: str) -> list[EnrichedItem]:
    rows = client.xrange(keys.items_stream(story), "-", "+")
    return [EnrichedItem.from_json(fields["data"]) for _, fields in rows]


def is_applied(client: redis.Redis, item: TickerItem) -> bool:
    return client.zscore(keys.applied(item.story), item.version_key) is not None


def applied(client: redis.Redis, ledger: Ledger, excluded: frozenset[Key] = frozenset()) -> int:
    return applied_count(client, [item for key, item in ledger.items.items() if key not in excluded])


def drained(client: redis.Redis, stories: Iterable[str]) -> bool:
    """Nothing queued, delivered-but-unacknowledged, staged-but-unwritten or pending in the group."""
    if client.llen(keys.TASK_QUEUE) or client.hlen("unacked") or client.zcard(keys.pending()):
        return False
    for story in stories:
        stream = keys.items_stream(story)
        if client.exists(stream) and client.xpending(stream, keys.CONSUMER_GROUP)["pending"]:
            return False
    return True


def settle(
    client: redis.Redis, ledger: Ledger, *, timeout: float, excluded: frozenset[Key] = frozenset()
) -> None:
    """Wait (bounded) until every expected item is applied and the pipeline is idle."""
    want = len(ledger.items) - len(excluded & ledger.items.keys())
    try:
        wait_until(lambda: applied(client, ledger, excluded) >= want, timeout, f"{want} items applied")
        wait_until(lambda: drained(client, ledger.stories), timeout, "broker and consumer group drained")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{diagnose(client, ledger)}") from None


def diagnose(client: redis.Redis, ledger: Ledger) -> str:
    """Where the items are, for a failure message."""
    lines = [
        f"enqueued={len(ledger.items)} refused={len(ledger.refused)} applied={applied(client, ledger)}",
        f"broker: queued={client.llen(keys.TASK_QUEUE)} unacked={client.hlen('unacked')} "
        f"outbox={client.zcard(keys.pending())}",
    ]
    for story in sorted(ledger.stories):
        stream = keys.items_stream(story)
        pending = client.xpending(stream, keys.CONSUMER_GROUP) if client.exists(stream) else None
        groups = client.xinfo_groups(stream) if client.exists(stream) else []
        lines.append(f"{story}: stream={client.xlen(stream)} pending={pending} groups={groups}")
    return "\n".join(lines)


def check(client: redis.Redis, ledger: Ledger, *, excluded: frozenset[Key] = frozenset()) -> Verdict:
    """Compare the ledger with the pipeline's output; ``excluded`` items must NOT come out."""
    expected = {k: v for k, v in ledger.items.items() if k not in excluded}
    seen: Counter[Key] = Counter()
    written: dict[str, list[EnrichedItem]] = {}
    for story in ledger.stories:
        entries = stream_entries(client, story)
        written[story] = entries
        seen.update(key_of(entry.item) for entry in entries)
    lost = {k for k, item in expected.items() if seen[k] == 0 or not is_applied(client, item)}
    duplicated = {k: n for k, n in seen.items() if n > 1}
    unexpected = {k for k in seen if k not in expected}
    problems = [p for story in sorted(ledger.stories) for p in summary_problems(client, story, expected)]
    return Verdict(lost, duplicated, unexpected, problems)


def clean_summary(story: str, items: Iterable[TickerItem]) -> dict[str, Any]:
    """The summary a fault-free run gives: the pure fold of the same items, enriched afresh."""
    ordered = sorted((i for i in items if i.story == story), key=lambda i: (i.sort_time, i.id))
    return fold(story, [EnrichedItem(i, enrich(i)) for i in ordered]).to_dict()


def summary_problems(client: redis.Redis, story: str, expected: dict[Key, TickerItem]) -> list[str]:
    if not client.exists(keys.summary(story)):
        return [f"{story}: no summary"]
    stored = summary_now(client, story)
    clean = clean_summary(story, expected.values())
    problems = []
    for field_name in ("items", "sources", "figures"):
        if stored[field_name] != clean[field_name]:
            problems.append(
                f"{story}: {field_name} differ: stored {stored[field_name]!r} != {clean[field_name]!r}"
            )
    return problems
