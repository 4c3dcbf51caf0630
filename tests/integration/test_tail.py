"""`ticker tail` backfills, follows, filters, and misses nothing across a Redis restart."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import redis

from tests.factories import claim, enriched, item
from tests.processes import Proc, wait_until
from ticker.config import Settings
from ticker.embedded import EmbeddedRedis
from ticker.models import Metric
from ticker.store import Store

pytestmark = pytest.mark.integration


def shown_ids(proc: Proc) -> list[str]:
    return [json.loads(line)["item"]["id"] for line in proc.log().splitlines() if line.startswith("{")]


def test_tail_resumes_after_redis_restart_without_gap_or_duplicate(
    redis_server: EmbeddedRedis, spawn: Callable[..., Proc]
) -> None:
    def write(numbers: range) -> list[str]:
        conn = redis.Redis.from_url(redis_server.url, decode_responses=True)
        store = Store(conn, Settings())
        ids = []
        for n in numbers:
            one = enriched(item(n, "2022-01-07T10:00+01:00", story="restart"))
            store.write_item(one)
            ids.append(one.item.id)
        conn.close()
        return ids

    first = write(range(1, 4))
    tail = spawn(["ticker", "tail", "--story", "restart", "--json", "-n", "2"], name="tail")
    wait_until(lambda: len(shown_ids(tail)) == 2, 30, "backfill", proc=tail)
    assert shown_ids(tail) == first[1:]
    more = write(range(4, 6))
    wait_until(lambda: len(shown_ids(tail)) == 4, 30, "followed items", proc=tail)

    redis_server.kill()
    redis_server.start()  # same port and data dir: the append-only file brings the stream back
    rest = write(range(6, 9))
    wait_until(lambda: len(shown_ids(tail)) == 7, 60, "items after the restart", proc=tail)
    assert shown_ids(tail) == first[1:] + more + rest
    assert "lost Redis" in tail.log()


def test_tail_filters_by_metric_and_outlet(redis_server: EmbeddedRedis, spawn: Callable[..., Proc]) -> None:
    conn = redis.Redis.from_url(redis_server.url, decode_responses=True)
    store = Store(conn, Settings())
    arrests = enriched(item(1, "2022-01-07T10:00+01:00", outlet="A"), claim(Metric.ARRESTED, 10))
    deaths = enriched(item(2, "2022-01-07T11:00+01:00", outlet="B"), claim(Metric.KILLED, 3))
    for one in (arrests, deaths):
        store.write_item(one)
    by_metric = spawn(["ticker", "tail", "--no-follow", "--json", "--metric", "killed"], name="metric")
    by_outlet = spawn(["ticker", "tail", "--no-follow", "--json", "--outlet", "a"], name="outlet")
    assert by_metric.process.wait(timeout=30) == 0 and by_outlet.process.wait(timeout=30) == 0
    assert shown_ids(by_metric) == [deaths.item.id]
    assert shown_ids(by_outlet) == [arrests.item.id]


def test_tail_backfills_the_last_matching_items_however_far_back(
    redis_server: EmbeddedRedis, spawn: Callable[..., Proc]
) -> None:
    conn = redis.Redis.from_url(redis_server.url, decode_responses=True)
    store = Store(conn, Settings())
    arrests = enriched(item(1, "2022-01-07T10:00+01:00", outlet="A"), claim(Metric.ARRESTED, 10))
    store.write_item(arrests)
    for n in range(2, 300):  # more than a page of other items after it
        store.write_item(enriched(item(n, "2022-01-07T11:00+01:00", outlet="B")))
    tail = spawn(["ticker", "tail", "--no-follow", "--json", "-n", "1", "--metric", "arrested"], name="far")
    assert tail.process.wait(timeout=30) == 0
    assert shown_ids(tail) == [arrests.item.id]


def test_tail_started_before_any_story_follows_the_stories_that_appear(
    redis_server: EmbeddedRedis, spawn: Callable[..., Proc]
) -> None:
    tail = spawn(["ticker", "tail", "--json"], name="early")
    wait_until(lambda: "lost Redis" not in tail.log() and tail.process.poll() is None, 5, "tail running")
    conn = redis.Redis.from_url(redis_server.url, decode_responses=True)
    store = Store(conn, Settings())
    written = []
    for story in ("first-story", "second-story"):
        for n in range(1, 3):
            one = enriched(item(n, "2022-01-07T10:00+01:00", story=story))
            store.write_item(one)
            written.append(one.item.id)
        wait_until(lambda: len(shown_ids(tail)) == len(written), 30, f"items of {story}", proc=tail)
    assert shown_ids(tail) == written
