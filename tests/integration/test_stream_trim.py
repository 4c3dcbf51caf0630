"""Trimming the item stream never loses what the consumer has not folded, and says so if it must."""

from __future__ import annotations

import json
import logging

import pytest
import redis

from tests.factories import enriched, item
from tests.readback import summary_now
from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.models import EnrichedItem
from ticker.store import Store

pytestmark = pytest.mark.integration

STREAM = keys.items_stream("test-story")


def _items(first: int, count: int) -> list[EnrichedItem]:
    return [
        enriched(item(n, f"2022-01-07T{10 + n // 60 % 12:02d}:{n % 60:02d}+01:00"), lead="")
        for n in range(first, first + count)
    ]


def _drain(consumer: Consumer) -> None:
    while consumer.step():
        pass


def _id(entry_id: str) -> tuple[int, int]:
    ms, seq = entry_id.split("-")
    return int(ms), int(seq)


def _gaps(client: redis.Redis) -> list[dict[str, object]]:
    changes = [json.loads(fields["data"]) for _, fields in client.xrange(keys.changes_stream("test-story"))]
    return [c for c in changes if c["kind"] == "gap"]


def test_items_written_while_the_consumer_is_away_are_all_folded(client: redis.Redis) -> None:
    store = Store(client, Settings(stream_maxlen=10))
    consumer = Consumer(store, name="c1", block_ms=10)
    for one in _items(0, 5):
        store.write_item(one)
    _drain(consumer)
    # another consumer read three entries and died before it acknowledged them
    for one in _items(5, 3):
        store.write_item(one)
    client.xreadgroup(keys.CONSUMER_GROUP, "dead", {STREAM: ">"}, count=3)
    # the consumers are away while 400 items arrive, forty times the stream's cap
    for one in _items(8, 400):
        store.write_item(one)
    assert client.xlen(STREAM) >= 403  # the unread and the unacknowledged are all still there
    Consumer(store, name="c2", block_ms=10, min_idle_ms=0, claim_every=0).step()  # takes over the dead's
    _drain(consumer)
    assert summary_now(client, "test-story")["items"] == 408
    assert not _gaps(client)
    assert client.xpending(STREAM, keys.CONSUMER_GROUP)["pending"] == 0
    # folded and acknowledged, the entries go at the next write: the stream is back at its cap
    store.write_item(_items(408, 1)[0])
    assert client.xlen(STREAM) == 10


def test_items_lost_to_the_hard_cap_are_reported_as_a_gap(
    client: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(client, Settings(stream_maxlen=10), unread_cap=30)
    consumer = Consumer(store, name="c1", block_ms=10)
    for one in _items(0, 5):
        store.write_item(one)
    _drain(consumer)
    sub = client.pubsub()
    sub.subscribe(keys.channel("test-story"))
    assert sub.get_message(timeout=2)["type"] == "subscribe"
    with caplog.at_level(logging.ERROR, logger="ticker.store.gateway"):
        for one in _items(5, 40):  # the consumer is away far too long
            store.write_item(one)
    gaps = _gaps(client)
    assert [g["payload"]["lost"] for g in gaps] == [21]  # 31 unread, down to the cap of 10
    gap = gaps[0]
    assert gap["story"] == "test-story" and gap["version"] == 5 and gap["item_id"] == ""
    assert gap["payload"]["stream"] == STREAM
    assert gap["payload"]["before"] == client.xrange(STREAM, count=1)[0][0]  # the first entry kept
    assert _id(str(gap["payload"]["first"])) < _id(str(gap["payload"]["before"]))
    assert "21 items of story test-story were trimmed before the consumer folded them" in caplog.text
    published = []
    while (message := sub.get_message(timeout=0.2)) is not None:
        published.append(json.loads(message["data"]))
    assert [p["payload"]["lost"] for p in published if p.get("kind") == "gap"] == [21]
    sub.close()
    _drain(consumer)
    assert summary_now(client, "test-story")["items"] == 45 - 21
