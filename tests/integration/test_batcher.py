"""The producer's batches, as they reach a real Redis broker: closed by size, by time, and on close."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from tests.factories import item
from tests.processes import Proc, wait_until
from tests.readback import queued
from ticker import keys
from ticker.config import Settings
from ticker.connection import client as ticker_client
from ticker.dispatch import ENRICH_ITEM, ENRICH_ITEMS, Batcher
from ticker.embedded import EmbeddedRedis
from ticker.models import EnrichedItem, TickerItem
from ticker.store import Store
from workers.celery import create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def store(redis_server: EmbeddedRedis) -> Iterator[Store]:
    settings = Settings().with_redis(redis_server.url)
    conn = ticker_client(redis_server.url, settings)
    yield Store(conn, settings)
    conn.close()


def burst(count: int) -> list[TickerItem]:
    return [
        item(n, f"2022-01-05T10:{n:02d}:00+06:00", story="batched", text=f"{n} hurt.") for n in range(count)
    ]


def test_a_burst_is_sent_in_batches_of_the_size_and_the_rest_on_close(
    redis_server: EmbeddedRedis, client: redis.Redis, store: Store
) -> None:
    app = create_app(Settings().with_redis(redis_server.url))
    items = burst(12)
    with Batcher(app, store, size=5, wait=60) as batcher:
        for one in items:
            batcher.add(one)
        # the first goes at once (nothing was sent before it); the rest wait for a full batch
        assert [len(ids) for _, ids in queued(client)] == [1, 5, 5]
    messages = queued(client)
    assert [name for name, _ in messages] == [ENRICH_ITEM] + [ENRICH_ITEMS] * 2 + [ENRICH_ITEM]
    assert [i for _, ids in messages for i in ids] == [one.id for one in items]  # in order, once each
    assert store.outbox_size() == 12  # staged before sending: a lost batch is sent again item by item
    app.close()


def test_an_item_after_a_quiet_spell_goes_at_once_and_a_quick_second_waits_for_the_timer(
    redis_server: EmbeddedRedis, client: redis.Redis, store: Store
) -> None:
    app = create_app(Settings().with_redis(redis_server.url))
    batcher = Batcher(app, store, size=50, wait=3)
    first, second = burst(2)
    batcher.add(first)
    assert queued(client) == [(ENRICH_ITEM, [first.id])]  # no wait: nothing was sent before it
    batcher.add(second)  # within 3 s of the last send: it waits for more, or for the timer
    assert len(queued(client)) == 1
    wait_until(lambda: client.llen(keys.TASK_QUEUE) == 2, 30, "the second item sent by the timer")
    assert queued(client)[1] == (ENRICH_ITEM, [second.id])
    batcher.close()
    assert client.llen(keys.TASK_QUEUE) == 2  # nothing sent twice on close
    app.close()


@pytest.mark.broker
def test_a_batch_is_enriched_and_written_once_each_with_duplicates_inside_it_found(
    pipeline_settings: Settings, client: redis.Redis, store: Store, worker: Proc
) -> None:
    app = create_app(pipeline_settings)
    text = "Police said 40 protesters were detained near the central square on Friday evening."
    items = [
        item(0, "2022-01-05T10:00:00+06:00", story="batched", outlet="Alpha", text=text),
        item(1, "2022-01-05T10:01:00+06:00", story="batched", outlet="Beta", text=text),
        item(2, "2022-01-05T10:02:00+06:00", story="other", outlet="Gamma", text="Five were hurt."),
    ]
    with Batcher(app, store, size=3, wait=60) as batcher:
        for one in items:
            batcher.add(one)
    wait_until(lambda: store.outbox_size() == 0, 60, "every item written", proc=worker)
    written = {
        e.item.id: e
        for story in ("batched", "other")
        for _, fields in store.entries(keys.items_stream(story))
        for e in [EnrichedItem.from_json(fields["data"])]
    }
    assert sorted(written) == sorted(one.id for one in items)
    second = written[items[1].id].enrichment
    assert (second.duplicate_of, second.corroborated_by) == ((items[0].id,), ("Alpha",))  # within the batch
    assert written[items[0].id].enrichment.duplicate_of == ()
    assert written[items[2].id].enrichment.duplicate_of == ()
    assert "ticker.enrich_items" in worker.log()
    app.close()
