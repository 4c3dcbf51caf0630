"""Two consumers folding one story: contention costs re-folds, never an entry or a minute."""

from __future__ import annotations

import json
import threading
import time

import pytest
import redis

from tests.factories import claim, enriched, item
from tests.readback import summary_now
from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.embedded import EmbeddedRedis
from ticker.models import Metric
from ticker.store import Store

pytestmark = pytest.mark.integration

ITEMS = 150


def test_two_consumers_on_one_story_apply_every_item_once_without_waiting_for_a_claim(
    redis_server: EmbeddedRedis, client: redis.Redis
) -> None:
    writer = Store(client, Settings())
    for n in range(ITEMS):
        when = f"2022-01-07T{10 + n // 60:02d}:{n % 60:02d}+01:00"
        writer.write_item(
            enriched(item(n, when, outlet=f"Outlet {n % 3}"), claim(Metric.ARRESTED, 100 + n), lead="")
        )
    stop = threading.Event()
    connections = [redis.Redis.from_url(redis_server.url, decode_responses=True) for _ in range(2)]
    # the stale-claim timeout is the default minute: an entry left behind would wait for it
    consumers = [
        Consumer(Store(conn, Settings()), name=f"c{n}", block_ms=20, batch=10)
        for n, conn in enumerate(connections)
    ]
    threads = [threading.Thread(target=c.run, args=(stop,)) for c in consumers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 40
    try:
        while time.monotonic() < deadline:
            if (
                client.zcard(keys.applied("test-story")) == 2 * ITEMS
                and not client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"]
            ):
                break
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        for conn in connections:
            conn.close()
    assert sum(c.stats.applied for c in consumers) == ITEMS
    assert all(c.stats.applied for c in consumers), "both consumers took part"
    assert sum(c.stats.duplicates + c.stats.claimed for c in consumers) == 0
    summary = summary_now(client, "test-story")
    assert summary["items"] == ITEMS
    assert len(summary["figures"]["arrested:people"]["history"]) == 50  # the history bound
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0
    # each item was committed exactly once: one summary version per item, each with its changes
    changes = [json.loads(f["data"]) for _, f in client.xrange(keys.changes_stream("test-story"))]
    versions = {c["version"]: c["item_id"] for c in changes}
    assert sorted(versions) == list(range(1, ITEMS + 1))
    assert len(set(versions.values())) == ITEMS
