"""The one writer: every write keyed by item id, atomic, and a no-op the second time."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import redis

from tests.factories import claim, enriched, item
from tests.readback import summary_now
from ticker import keys
from ticker.config import Settings
from ticker.consumer import Consumer
from ticker.models import Metric, TickerItem
from ticker.store import Commit, Folded, Store
from ticker.summary import apply

pytestmark = pytest.mark.integration


@pytest.fixture
def store(client: redis.Redis) -> Store:
    return Store(client, Settings())


def test_writing_an_item_twice_appends_it_once(store: Store, client: redis.Redis) -> None:
    one = enriched(item(1, "2022-01-07T10:00+01:00"), claim(Metric.ARRESTED, 10))
    assert store.write_item(one) is not None
    assert store.write_item(one) is None
    assert client.xlen(keys.items_stream("test-story")) == 1


def test_a_write_redis_refuses_leaves_the_item_in_the_outbox(store: Store, client: redis.Redis) -> None:
    one = enriched(item(1, "2022-01-07T10:00+01:00"), claim(Metric.ARRESTED, 10))
    store.stage(one.item)
    client.config_set("maxmemory", 1)  # every write that needs memory is refused now
    try:
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            store.write_item(one)
    finally:
        client.config_set("maxmemory", 0)
    assert store.outbox_size() == 1  # the reconciler still has it to send again
    assert store.write_item(one) is not None and store.outbox_size() == 0


def test_writing_an_item_clears_its_delivery_counter(store: Store, client: redis.Redis) -> None:
    one = enriched(item(1, "2022-01-07T10:00+01:00"))
    assert store.delivery_count(one.item.version_key) == 1
    assert store.delivery_count(one.item.version_key) == 2  # a redelivery that died mid-task
    store.write_item(one)
    assert not client.exists(keys.deliveries(one.item.version_key))


def test_a_new_revision_is_written_again(store: Store, client: redis.Redis) -> None:
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00")))
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00", revision="r2")))
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00")))  # a late redelivery of r1
    assert client.xlen(keys.items_stream("test-story")) == 2


def test_item_is_published_with_its_stream_id(store: Store, client: redis.Redis) -> None:
    sub = client.pubsub()
    sub.subscribe(keys.channel("test-story"))
    assert sub.get_message(timeout=2)["type"] == "subscribe"
    stream_id = store.write_item(enriched(item(1, "2022-01-07T10:00+01:00")))
    message = sub.get_message(timeout=2)
    payload = json.loads(message["data"])
    assert payload["stream_id"] == stream_id
    assert payload["schema"] == 1 and payload["type"] == "enriched_item"
    sub.close()


def test_consumer_applies_each_item_once_under_redelivery(store: Store, client: redis.Redis) -> None:
    items = [
        enriched(item(n, f"2022-01-0{n}T10:00+01:00"), claim(Metric.ARRESTED, 1000 * n)) for n in range(1, 5)
    ]
    for one in items:
        store.write_item(one)
    # the same entries appended again, as a worker that crashed after XADD but before ack would
    for one in items:
        client.xadd(keys.items_stream("test-story"), {"data": one.to_json()})
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    summary = summary_now(client, "test-story")
    assert summary["items"] == 4
    assert [o["value"] for o in summary["figures"]["arrested:people"]["history"]] == [1000, 2000, 3000, 4000]
    assert consumer.stats.applied == 4 and consumer.stats.duplicates == 4
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0


def test_markers_stay_within_the_dedup_window_and_recent_items_are_still_recognised(
    client: redis.Redis,
) -> None:
    store = Store(client, Settings(stream_maxlen=10, dedup_window=10))
    items = [
        enriched(item(n, f"2022-01-07T10:{n:02d}+01:00"), claim(Metric.ARRESTED, 100 + n)) for n in range(30)
    ]
    consumer = Consumer(store, name="c1", block_ms=10)
    for one in items:  # the consumer keeps up: the stream holds only the last ten
        store.write_item(one)
        consumer.step()
    assert client.zcard(keys.written("test-story")) == 10
    assert client.zcard(keys.applied("test-story")) == 2 * 10  # the revision and the item
    # the newest ten are remembered: written again, they are neither appended nor counted
    length = client.xlen(keys.items_stream("test-story"))
    assert all(store.write_item(one) is None for one in items[-10:])
    assert client.xlen(keys.items_stream("test-story")) == length
    for one in items[-10:]:
        client.xadd(keys.items_stream("test-story"), {"data": one.to_json()})
    while consumer.step():
        pass
    assert summary_now(client, "test-story")["items"] == 30
    assert consumer.stats.duplicates == 10


def test_a_dead_consumers_pending_entries_are_claimed(store: Store, client: redis.Redis) -> None:
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00"), claim(Metric.ARRESTED, 5)))
    store.ensure_group(keys.items_stream("test-story"))
    # read but never acknowledged: the consumer died between read and commit
    client.xreadgroup(keys.CONSUMER_GROUP, "dead", {keys.items_stream("test-story"): ">"}, count=10)
    alive = Consumer(store, name="alive", block_ms=10, min_idle_ms=0, claim_every=0)
    alive.step()
    assert alive.stats.claimed == 1 and alive.stats.applied == 1
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0


def test_one_sweep_claims_every_stale_entry_of_many_stories_past_the_first_page(
    store: Store, client: redis.Redis
) -> None:
    """The first page of every stream is claimed in one round trip; a stream with more pending
    entries than a page is claimed page by page; our own pending entries are read back too."""
    stories = [f"story-{n}" for n in range(150)]  # more than the streams one read asks for
    store.write_items(
        [enriched(item(n, "2022-01-07T10:00+01:00", story=story)) for n, story in enumerate(stories)]
        + [enriched(item(1000 + n, f"2022-01-07T11:{n:02d}+01:00", story="story-0")) for n in range(12)]
    )
    streams = [keys.items_stream(story) for story in stories]
    store.ensure_groups(streams)
    for stream in streams:  # read, never acknowledged: the reader died between read and commit
        client.xreadgroup(keys.CONSUMER_GROUP, "dead" if stream != streams[-1] else "alive", {stream: ">"})
    alive = Consumer(store, name="alive", block_ms=10, min_idle_ms=0, batch=5)
    while alive.step():
        pass
    assert alive.stats.claimed == len(stories) - 1 + 12 and alive.stats.applied == len(stories) + 12
    assert all(client.xpending(stream, keys.CONSUMER_GROUP)["pending"] == 0 for stream in streams)
    assert summary_now(client, "story-0")["items"] == 13


def test_undecodable_entry_is_parked_not_lost(store: Store, client: redis.Redis) -> None:
    client.sadd(keys.stories(), "test-story")
    client.xadd(keys.items_stream("test-story"), {"data": "{not json"})
    consumer = Consumer(store, name="c1", block_ms=10)
    consumer.step()
    parked = json.loads(client.lindex(keys.dead_letters(), 0))
    assert parked["reason"].startswith("undecodable stream entry")
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0


def test_two_stories_stay_apart(store: Store, client: redis.Redis) -> None:
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00", story="alpha"), claim(Metric.KILLED, 3)))
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00", story="beta"), claim(Metric.KILLED, 99)))
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    alpha = summary_now(client, "alpha")
    beta = summary_now(client, "beta")
    assert alpha["figures"]["killed:people"]["current"]["value"] == 3
    assert beta["figures"]["killed:people"]["current"]["value"] == 99
    assert alpha["items"] == beta["items"] == 1


def test_outbox_keeps_an_item_until_it_is_written(store: Store, client: redis.Redis) -> None:
    one = item(1, "2022-01-07T10:00+01:00")
    store.stage(one)
    assert store.overdue(older_than=3600) == []
    due = store.overdue(older_than=0)
    assert [name for name, _ in due] == [one.version_key]
    assert TickerItem.from_json(due[0][1]) == one
    store.write_item(enriched(one))
    assert store.overdue(older_than=0) == []
    assert client.hlen(keys.outbox()) == 0 and client.zcard(keys.pending()) == 0


@pytest.mark.broker
def test_reconciler_resends_a_lost_message_and_it_is_applied_once(
    client: redis.Redis, worker: object, pipeline_settings: Settings
) -> None:
    from ticker.dispatch import reconcile
    from workers.celery import create_app

    settings = replace(pipeline_settings, reconcile_after=0)
    store = Store(client, settings)
    lost = item(7, "2022-01-07T10:00+01:00", story="lost")
    store.stage(lost)  # staged, but the message never reached the queue
    app = create_app(settings)
    assert reconcile(store, app) == 1
    consumer = Consumer(store, name="c", block_ms=100)
    for _ in range(100):
        consumer.step()
        if client.xlen(keys.items_stream("lost")) and consumer.stats.applied:
            break
    assert client.xlen(keys.items_stream("lost")) == 1
    assert reconcile(store, app) == 0  # written: nothing left to resend


def test_a_commit_says_whether_it_applied(store: Store) -> None:
    first = enriched(item(1, "2022-01-07T10:00+01:00"), claim(Metric.ARRESTED, 5))
    second = enriched(item(2, "2022-01-07T11:00+01:00"), claim(Metric.ARRESTED, 9))
    empty = store.summary("test-story")
    new, changes = apply(empty, first)
    commit = {"folded": [Folded(first.item.id, first.item.revision, new.version)], "previous": empty}
    assert store.commit(new, changes, **commit) is Commit.APPLIED
    assert store.commit(new, changes, **commit) is Commit.ALREADY_APPLIED
    # folded from the empty summary, which is no longer the stored one: fold again
    late, late_changes = apply(empty, second)
    stale = {"folded": [Folded(second.item.id, second.item.revision, late.version)], "previous": empty}
    assert store.commit(late, late_changes, **stale) is Commit.STALE
    assert store.summary("test-story") == new


def test_a_batch_commits_each_item_under_its_own_version_and_says_what_was_applied(store: Store) -> None:
    batch = [
        enriched(item(n, f"2022-01-07T1{n}:00+01:00"), claim(Metric.ARRESTED, 5 + n), lead="")
        for n in range(3)
    ]
    empty = store.summary("test-story")
    state, changes, folded = empty, [], []
    for one in batch:
        state, found = apply(state, one)
        changes += found
        folded.append(Folded(one.item.id, one.item.revision, state.version))
    assert store.commit(state, changes, folded=folded, previous=empty) is Commit.APPLIED
    assert store.summary("test-story") == state
    loaded = store.load("test-story", [(b.item.id, b.item.revision) for b in batch] + [("new", "r1")])
    assert loaded.summary == state
    assert loaded.seen == {b.item.id for b in batch}
    assert loaded.applied == {b.item.version_key for b in batch}
    stored = [json.loads(f["data"]) for _, f in store.entries(keys.changes_stream("test-story"))]
    assert [(c["version"], c["item_id"]) for c in stored] == [(n + 1, b.item.id) for n, b in enumerate(batch)]


def test_a_batch_with_a_redelivered_entry_folds_only_the_new_items_once(
    store: Store, client: redis.Redis
) -> None:
    first, second, third = (
        enriched(item(n, f"2022-01-07T1{n}:00+01:00"), claim(Metric.ARRESTED, 5 + n)) for n in range(3)
    )
    store.write_item(first)
    store.write_item(second)
    consumer = Consumer(store, name="c", block_ms=50)
    consumer.step()
    assert consumer.stats.applied == 2
    # the first item's entry again (as a redelivery past the writers' window would add it), and a new one
    client.xadd(keys.items_stream("test-story"), {"data": first.to_json()})
    store.write_item(third)
    consumer.step()
    assert (consumer.stats.applied, consumer.stats.duplicates) == (3, 1)
    assert summary_now(client, "test-story")["items"] == 3
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0


def test_feed_state_and_dead_letters_read_back_as_records(store: Store) -> None:
    from ticker.ingest import FeedState

    assert store.feed_state("https://example.org/rss") == FeedState()
    state = FeedState(etag='"v1"', last_modified=None, seen={"a": "r1"})
    store.save_feed_state("https://example.org/rss", state)
    assert store.feed_state("https://example.org/rss") == state
    store.park("undecodable item: not JSON", "{oops", source="feed:entry 3")
    (parked,) = store.dead_letters(10)
    assert (parked.reason, parked.where, json.loads(parked.raw_json)["raw"]) == (
        "undecodable item: not JSON",
        "feed:entry 3",
        "{oops",
    )


def test_recent_items_read_incrementally_match_a_fresh_read_across_writers_and_trimming(
    client: redis.Redis,
) -> None:
    settings = Settings(recent_window=5)
    writers = [Store(client, settings), Store(client, settings)]  # two worker processes
    for n in range(12):
        writers[n % 2].write_item(enriched(item(n, f"2022-01-07T10:{n:02d}+01:00"), lead=f"Lead number {n}"))
        for writer in writers:  # each reads what it missed, then agrees with a store that read nothing yet
            assert writer.recent("test-story") == Store(client, settings).recent("test-story")
    newest = [row[0] for row in writers[0].recent("test-story")]
    assert newest == [item(n, "2022-01-07T10:00+01:00").id for n in range(11, 6, -1)]


def test_a_story_stored_before_hash_tags_is_moved_to_its_new_keys(store: Store, client: redis.Redis) -> None:
    items = [enriched(item(n, f"2022-01-0{n}T10:00+01:00"), claim(Metric.ARRESTED, 100 * n)) for n in (1, 2)]
    for one in items:
        store.write_item(one)
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    before = store.summary("test-story").to_dict()
    # as a deployment before hash tags left it: every key of the story under its untagged name
    for key in keys.story_keys("test-story"):
        client.rename(key, keys.untagged(key))
    client.delete(keys.layout())  # an older version never marked it
    assert client.exists(keys.untagged(keys.summary("test-story")))
    assert store.summary("test-story").items == 0  # lost to the new names, until moved

    assert store.migrate_untagged() == len(keys.story_keys("test-story"))
    assert store.summary("test-story").to_dict() == before
    assert store.write_item(items[0]) is None  # its written marker moved too: still a no-op
    assert client.xpending(keys.items_stream("test-story"), keys.CONSUMER_GROUP)["pending"] == 0
    assert store.migrate_untagged() == 0  # nothing left to move; run again, it is a no-op
    assert client.get(keys.layout()) == "tagged"  # and later starts skip the walk
    client.rename(keys.summary("test-story"), keys.untagged(keys.summary("test-story")))
    assert store.migrate_untagged() == 0


def test_an_old_key_never_replaces_a_new_one(store: Store, client: redis.Redis) -> None:
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00")))
    old = keys.untagged(keys.items_stream("test-story"))
    client.xadd(old, {"data": "{}"})
    client.xadd(old, {"data": "{}"})
    client.delete(keys.layout())
    assert store.migrate_untagged() == 0
    assert client.xlen(old) == 2  # left for an operator to look at
    assert client.xlen(keys.items_stream("test-story")) == 1
