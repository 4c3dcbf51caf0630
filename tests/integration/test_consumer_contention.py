"""Two consumers folding one story: contention costs re-folds, never an entry or a minute."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence

import pytest
import redis

from tests.factories import claim, enriched, item
from tests.readback import summary_now
from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.embedded import EmbeddedRedis
from ticker.models import EnrichedItem, Metric
from ticker.store import Commit, FoldedBatch, Store
from ticker.summary import fold

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


class CommitsAfterARival(Store):
    """A store whose first commit of several stories comes after another consumer committed a new
    item to one of them: the interleaving two consumers make when they disagree for a moment."""

    def __init__(self, conn: redis.Redis, story: str, late: EnrichedItem) -> None:
        super().__init__(conn, Settings())
        self.story, self.late = story, late
        self.rival = Consumer(Store(conn, Settings()), name="rival", stories=[story], block_ms=10)

    def commit_many(self, batches: Sequence[FoldedBatch]) -> list[Commit]:
        if len(batches) > 1 and not self.rival.stats.applied:
            self.write_item(self.late)  # read by the rival alone: ours are pending with us
            while self.rival.step():
                pass
        return super().commit_many(batches)


def test_a_read_of_many_stories_commits_each_and_folds_again_the_one_a_rival_committed_to_first(
    client: redis.Redis,
) -> None:
    stories = ["alpha", "beta", "gamma"]
    written = [
        enriched(
            item(10 * s + n, f"2022-01-07T1{n}:00+01:00", story=story), claim(Metric.ARRESTED, 10 * n + s)
        )
        for s, story in enumerate(stories)
        for n in range(3)
    ]
    late = enriched(item(99, "2022-01-08T09:00+01:00", story="beta"), claim(Metric.ARRESTED, 60))
    store = CommitsAfterARival(client, "beta", late)
    store.write_items(written)
    consumer = Consumer(store, name="c1", stories=stories, block_ms=10)
    while consumer.step():
        pass

    assert store.rival.stats.applied == 1 and consumer.stats.stale == 1  # beta's first commit lost
    assert consumer.stats.applied == len(written) and consumer.stats.duplicates == 0
    for story in stories:
        expected = [one for one in [*written, late] if one.item.story == story]
        assert summary_now(client, story) == fold(story, expected).to_dict()
        assert client.xpending(keys.items_stream(story), keys.CONSUMER_GROUP)["pending"] == 0
    assert summary_now(client, "beta")["figures"]["arrested:people"]["current"]["value"] == 60
