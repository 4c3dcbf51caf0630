"""On a three-node Redis Cluster: each story's keys share one slot, so each script runs on one node."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from redis.cluster import RedisCluster

from tests.clirun import run_ticker
from tests.cluster import LocalCluster
from tests.factories import claim, enriched, item
from ticker import keys
from ticker.config import Settings
from ticker.connection import connect
from ticker.consumer import Consumer
from ticker.errors import ConfigError
from ticker.models import EnrichedItem, Metric
from ticker.reader import summary_now
from ticker.store import Store

pytestmark = pytest.mark.integration

STORIES = [f"story-{n}" for n in range(8)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    with LocalCluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture
def settings(cluster: LocalCluster) -> Settings:
    return Settings(
        redis_url=cluster.url, broker_url="amqp://guest:guest@127.0.0.1:5672//", redis_cluster=True
    )


@pytest.fixture
def conn(cluster: LocalCluster, settings: Settings) -> Iterator[RedisCluster]:
    made = connect(cluster.url, settings)
    assert isinstance(made, RedisCluster)
    made.flushall(target_nodes=RedisCluster.PRIMARIES)  # the cluster is shared by this module's tests
    yield made
    made.close()


def batch() -> list[EnrichedItem]:
    return [
        enriched(item(n, f"2022-01-0{n}T10:00+01:00", story=story), claim(Metric.ARRESTED, 100 * n))
        for story in STORIES
        for n in (1, 2, 3)
    ]


def node_of(conn: RedisCluster, key: str) -> str:
    node = conn.get_node_from_key(key)
    assert node is not None
    return str(node.name)


def test_items_of_stories_on_every_node_are_written_once_and_folded(
    conn: RedisCluster, settings: Settings
) -> None:
    store = Store(conn, settings)
    assert len({node_of(conn, keys.summary(story)) for story in STORIES}) == 3  # spread over all three
    items = batch()
    for one in items:
        store.stage(one.item)
        store.delivery_count(one.item.version_key)
    assert all(stream_id is not None for stream_id in store.write_items(items))
    assert store.outbox_size() == 0 and store.overdue(0) == []
    assert not any(conn.exists(keys.deliveries(one.item.version_key)) for one in items)
    assert sorted(store.stories()) == STORIES

    consumer = Consumer(store, name="c1", block_ms=10, batch=2)  # several reads per stream
    for _ in range(50):
        if consumer.stats.applied == len(items):
            break
        consumer.step()
    assert consumer.stats.applied == len(items)
    for story in STORIES:
        summary = summary_now(store, story)
        assert summary["items"] == 3
        assert [o["value"] for o in summary["figures"]["arrested:people"]["history"]] == [100, 200, 300]
    assert store.applied_count([one.item for one in items]) == len(items)

    # a second write of the same items, as a redelivery would: nothing is added or folded twice
    assert store.write_items(items) == [None] * len(items)
    assert all(conn.xlen(keys.items_stream(story)) == 3 for story in STORIES)
    while consumer.step():
        pass
    assert consumer.stats.applied == len(items)
    assert all(summary_now(store, story)["items"] == 3 for story in STORIES)
    assert store.migrate_untagged() == 0  # nothing to move on a cluster


def test_a_follower_reads_the_streams_of_stories_in_several_slots(
    conn: RedisCluster, settings: Settings
) -> None:
    store = Store(conn, settings)
    store.write_items(batch())
    positions = dict.fromkeys((keys.items_stream(story) for story in STORIES), "0-0")
    read = store.read_after(positions, block_ms=100, count=10)
    assert sorted(keys.story_of(stream) for stream, _ in read) == STORIES
    assert store.read_after({stream: rows[-1][0] for stream, rows in read}, block_ms=200, count=10) == []


def test_every_key_of_a_story_lies_in_one_slot(conn: RedisCluster) -> None:
    for story in STORIES:
        names = [*keys.story_keys(story), keys.channel(story)]
        slots = {conn.execute_command("CLUSTER KEYSLOT", name) for name in names}
        assert len(slots) == 1, (story, slots)
    nodes = {node_of(conn, keys.items_stream(story)) for story in STORIES}
    assert len(nodes) > 1  # and the stories do not all land on one node


def test_a_cluster_without_a_broker_of_its_own_is_refused(cluster: LocalCluster) -> None:
    with pytest.raises(ConfigError, match="the Celery broker cannot be a Redis Cluster"):
        Settings(redis_url=cluster.url, broker_url=cluster.url, redis_cluster=True).check()
    with pytest.raises(ConfigError, match="TICKER_BROKER_URL"):
        replace(Settings(redis_cluster=True), redis_url=cluster.url).check()
    result = run_ticker("summary", env={"TICKER_REDIS_URL": cluster.url, "TICKER_REDIS_CLUSTER": "1"})
    assert result.exit_code == 78
    assert "the Celery broker cannot be a Redis Cluster" in result.stderr


def test_the_cli_reads_a_summary_from_the_cluster(
    cluster: LocalCluster, conn: RedisCluster, settings: Settings
) -> None:
    store = Store(conn, settings)
    store.write_items(batch())
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    env = {
        "TICKER_REDIS_URL": cluster.url,
        "TICKER_REDIS_CLUSTER": "1",
        "TICKER_BROKER_URL": settings.broker_url or "",
    }
    result = run_ticker("summary", "--story", STORIES[0], "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert '"items": 3' in result.stdout or '"items":3' in result.stdout
