"""The summary consumer dies between reading an entry and acknowledging it: nothing lost or doubled."""

from __future__ import annotations

import pytest

from tests.chaos.conftest import FAST_CLAIMS, Pipeline, burst
from tests.chaos.consume import consumer_inflight_key, slow_marker
from tests.processes import wait_until
from ticker import keys

pytestmark = [pytest.mark.chaos, pytest.mark.integration]


def kill_consumer_mid_entry(pipeline: Pipeline, story: str) -> None:
    """Start consumer c1, let it read a batch and stall on item 4, then SIGKILL it."""
    pipeline.worker()
    victim = pipeline.consumer("c1")
    items = burst(story, 12, markers={4: slow_marker(60)})
    pipeline.publish(items)
    key = consumer_inflight_key(items[4].id)
    wait_until(lambda: pipeline.client.get(key), 30, "consumer stalled on item 4", proc=victim)
    assert int(pipeline.client.get(key)) == victim.pid
    wait_until(lambda: len(pipeline.client.smembers(keys.stories())) == 1, 10, "story registered")
    victim.kill()
    pending = pipeline.client.xpending(keys.items_stream(story), keys.CONSUMER_GROUP)
    assert pending["pending"] >= 1 and pending["consumers"][0]["name"] == "c1"


@pytest.mark.timeout(120)
def test_killed_consumer_entries_are_claimed_by_another_consumer(pipeline: Pipeline) -> None:
    kill_consumer_mid_entry(pipeline, "consumer-claim")
    pipeline.consumer("c2", env=FAST_CLAIMS)
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict


@pytest.mark.timeout(120)
def test_restarted_consumer_finishes_its_own_pending_entries(pipeline: Pipeline) -> None:
    kill_consumer_mid_entry(pipeline, "consumer-restart")
    # the product command itself, under the same name: it reads its own pending entries first
    pipeline.spawn(["ticker", "consume", "--name", "c1"], env=pipeline.env(), name="c1-again")
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict


@pytest.mark.timeout(120)
def test_consumer_that_lost_redis_mid_batch_finishes_the_batch_after_reconnecting(pipeline: Pipeline) -> None:
    story = "consumer-reconnect"
    pipeline.worker()
    items = burst(story, 12, markers={4: slow_marker(3)})
    pipeline.publish(items)
    stream = keys.items_stream(story)
    wait_until(lambda: pipeline.client.xlen(stream) == len(items), 30, "every item written")
    consumer = pipeline.consumer("c1")  # reads all 12 in one batch, stalls on item 4
    wait_until(lambda: pipeline.client.get(consumer_inflight_key(items[4].id)), 30, "consumer stalled")
    pipeline.server.kill()
    consumer.wait_for_log("lost Redis", timeout=30)
    pipeline.server.start()
    pipeline.settle(timeout=20)  # well under the 60 s after which XAUTOCLAIM would take them back
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
