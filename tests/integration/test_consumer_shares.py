"""Consumers share the stories (rendezvous hashing over live heartbeats) and take over a dead one's."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import redis

from tests.factories import claim, enriched, item
from tests.processes import wait_until
from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.embedded import EmbeddedRedis
from ticker.models import EnrichedItem, Metric
from ticker.shares import Shares, owner
from ticker.store import Store

pytestmark = pytest.mark.integration

STORIES = [f"story-{n}" for n in range(12)]


class Sharing:
    """Consumers with shares on one Redis, each stepped by its own thread until stopped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.folded: dict[str, set[str]] = {}  # consumer -> stories it folded
        self.consumers: dict[str, Consumer] = {}
        self.stops: dict[str, threading.Event] = {}
        self.threads: list[threading.Thread] = []
        self.connections: list[redis.Redis] = []

    def consumer(self, name: str, *, alive_s: float = 10.0) -> Consumer:
        conn = redis.Redis.from_url(self.url, decode_responses=True)
        self.connections.append(conn)
        store = Store(conn, Settings())
        self.folded[name] = set()

        def record(one: EnrichedItem) -> None:
            self.folded[name].add(one.item.story)

        shares = Shares(store, name, beat_every=0.05, alive_s=alive_s)
        made = Consumer(store, name=name, block_ms=20, shares=shares, on_applied=record, claim_every=0.5)
        self.consumers[name] = made
        return made

    def start(self, name: str) -> None:
        self.stops[name] = threading.Event()
        thread = threading.Thread(target=self.consumers[name].run, args=(self.stops[name],))
        self.threads.append(thread)
        thread.start()

    def close(self) -> None:
        for stop in self.stops.values():
            stop.set()
        for thread in self.threads:
            thread.join(timeout=10)
        for conn in self.connections:
            conn.close()


@pytest.fixture
def sharing(redis_server: EmbeddedRedis) -> Iterator[Sharing]:
    made = Sharing(redis_server.url)
    yield made
    made.close()


def write(client: redis.Redis, first: int, count: int) -> None:
    store = Store(client, Settings())
    for story in STORIES:
        for n in range(first, first + count):
            when = f"2022-01-07T10:{n:02d}+01:00"
            store.write_item(enriched(item(n, when, story=story), claim(Metric.ARRESTED, 10 + n)))


def folded_everything(client: redis.Redis, per_story: int) -> bool:
    return all(client.zcard(keys.applied(story)) == 2 * per_story for story in STORIES)


def test_two_consumers_split_the_stories_and_fold_each_item_once(
    sharing: Sharing, client: redis.Redis
) -> None:
    a, b = sharing.consumer("a"), sharing.consumer("b")
    for one in (a, b, a):  # both alive before either folds: they agree on who owns what
        assert one.shares is not None
        one.shares.beat()
        one.shares._last_beat = float("-inf")
    write(client, 0, 5)
    sharing.start("a")
    sharing.start("b")
    wait_until(lambda: folded_everything(client, 5), 60, "every item folded")
    assert a.stats.applied + b.stats.applied == 5 * len(STORIES)
    assert a.stats.stale == b.stats.stale == 0  # nobody folded a story the other was folding
    assert sharing.folded["a"] == {s for s in STORIES if owner(["a", "b"], s) == "a"}
    assert sharing.folded["b"] == {s for s in STORIES if owner(["a", "b"], s) == "b"}
    assert sharing.folded["a"] and sharing.folded["b"]


def test_a_dead_consumers_stories_are_taken_over(sharing: Sharing, client: redis.Redis) -> None:
    a = sharing.consumer("a", alive_s=1.0)
    dead = sharing.consumer("dead", alive_s=1.0)
    for one in (a, dead, a):
        assert one.shares is not None
        one.shares.beat()
        one.shares._last_beat = float("-inf")
    sharing.start("a")
    write(client, 0, 3)
    theirs = {s for s in STORIES if owner(["a", "dead"], s) == "dead"}
    assert theirs  # "dead" never steps: its heartbeat ages and "a" takes its stories over
    wait_until(lambda: folded_everything(client, 3), 60, "every item folded, the dead one's too")
    assert sharing.folded["a"] == set(STORIES)
    assert a.stats.applied == 3 * len(STORIES)


def test_a_consumer_that_stops_hands_its_stories_over_at_once(sharing: Sharing, client: redis.Redis) -> None:
    a = sharing.consumer("a")
    sharing.consumer("b")  # alive for 10 s: only leaving hands its stories over sooner
    sharing.start("a")
    sharing.start("b")
    wait_until(lambda: a.shares is not None and a.shares.members == ["a", "b"], 30, "a sees b")
    sharing.stops["b"].set()
    wait_until(lambda: a.shares is not None and a.shares.members == ["a"], 5, "a sees b leave")
    write(client, 0, 2)
    wait_until(lambda: folded_everything(client, 2), 60, "every item folded by a")
    assert sharing.folded["a"] == set(STORIES)
