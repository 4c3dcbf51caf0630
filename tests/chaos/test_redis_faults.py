"""Redis crashes, freezes, is not there yet, or is full: every item still comes out once."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.chaos.conftest import Pipeline, burst, publisher
from tests.chaos.consume import consumer_inflight_key, slow_marker
from tests.chaos.hooks import inflight_key, sleep_marker
from tests.chaos.ledger import applied
from tests.processes import wait_until
from ticker.embedded import EmbeddedRedis, free_port

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

HELD = 3  # seconds a marked task holds the worker, under the 4 s soft time limit


@contextmanager
def publishing(pipeline: Pipeline, story: str, count: int) -> Iterator[threading.Thread]:
    """Publish ``count`` items from a background thread (the publisher retries on its own)."""
    thread = threading.Thread(target=pipeline.publish, args=(burst(story, count),), daemon=True)
    thread.start()
    yield thread
    thread.join(timeout=90)
    assert not thread.is_alive(), "the publisher is stuck"


def wait_some_applied(pipeline: Pipeline, count: int) -> None:
    wait_until(lambda: applied(pipeline.client, pipeline.ledger) >= count, 30, f"{count} items applied")


@pytest.mark.timeout(120)
def test_redis_killed_and_restarted_from_its_append_only_file_loses_nothing(pipeline: Pipeline) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    with publishing(pipeline, "redis-kill", 80):
        wait_some_applied(pipeline, 10)
        pipeline.server.kill()
        worker.wait_for_log("Cannot connect to redis", timeout=30)
        pipeline.server.start()
    errors = pipeline.retry_refused()
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, f"{verdict}; restarts: {pipeline.supervisor.restarts}"
    assert len(pipeline.ledger.items) == 80, errors


@pytest.mark.timeout(120)
def test_redis_frozen_for_20_seconds_during_a_burst_loses_nothing(pipeline: Pipeline) -> None:
    pipeline.worker()
    pipeline.consumer()
    with publishing(pipeline, "redis-pause", 60):
        wait_some_applied(pipeline, 10)
        pipeline.server.pause()
        try:
            threading.Event().wait(20)  # the fault itself: SIGSTOP held for 20 s
        finally:
            pipeline.server.resume()
    errors = pipeline.retry_refused()
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, f"{verdict}; restarts: {pipeline.supervisor.restarts}"
    assert len(pipeline.ledger.items) == 60, errors


@pytest.mark.timeout(120)
def test_redis_out_of_memory_refuses_publishes_clearly_and_drops_nothing(pipeline: Pipeline) -> None:
    worker = pipeline.worker()
    consumer = pipeline.consumer()
    restore = {"TICKER_TEST_RESTORE_EVERY": "1"}  # a restarted worker returns what a dead one held
    pipeline.supervisor.watch(worker, lambda: pipeline.worker("w-restarted", env=restore))
    pipeline.supervisor.watch(consumer, lambda: pipeline.consumer("c-restarted"))
    # the worker is inside item 6 and the consumer inside item 2 when memory runs out
    queued = burst("redis-full", 10, markers={2: slow_marker(HELD), 6: sleep_marker(HELD)})
    pipeline.publish(queued)
    wait_until(lambda: pipeline.client.get(consumer_inflight_key(queued[2].id)), 30, "consumer in item 2")
    wait_until(lambda: pipeline.client.get(inflight_key(queued[6].id)), 30, "worker in item 6")

    pipeline.client.config_set("maxmemory", 1)  # every write that needs memory is refused now
    try:
        late = burst("redis-full-late", 5)
        pipeline.publish(late)
        refused = [error for _, error in pipeline.ledger.refused]
        assert len(refused) == len(late)
        assert all("maxmemory" in error for error in refused), refused
        # hold the fault until the task and the consumer have both tried to write
        wait_until(lambda: "OutOfMemoryError" in worker.log(), 30, "the task's write refused")
        wait_until(
            lambda: consumer.process.poll() is not None or "maxmemory" in consumer.log(),
            30,
            "the consumer's commit refused",
        )
    finally:
        pipeline.client.config_set("maxmemory", 0)

    pipeline.retry_refused()
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, f"{verdict}; restarts: {pipeline.supervisor.restarts}"


@contextmanager
def redis_later(pipeline: Pipeline, tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A redis-server that is not running yet, on a port of its own; the pipeline points at it."""
    later = EmbeddedRedis(port=free_port(), data_dir=str(tmp_path / "later"))
    os.makedirs(later.data_dir)
    app, client = publisher(later.url), redis.Redis.from_url(later.url, decode_responses=True)
    pipeline.app, pipeline.client = app, client
    try:
        yield later
    finally:
        client.close()
        app.close()
        later.close()


@pytest.mark.timeout(120)
def test_worker_and_consumer_started_before_redis_connect_when_it_comes(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    with redis_later(pipeline, tmp_path) as later:
        env = {"TICKER_REDIS_URL": later.url}
        worker = pipeline.worker(env=env, ready=False)
        consumer = pipeline.spawn(["ticker", "consume"], env=pipeline.env(env), name="consumer")
        worker.wait_for_log("(2/None)", timeout=30)  # the worker has retried twice: Redis is away a while
        assert consumer.process.poll() is None, consumer.log()  # the consumer waits too
        later.start()
        worker.wait_for_log("ready.", timeout=30)
        pipeline.publish(burst("redis-later", 20))
        pipeline.settle(timeout=60)
        verdict = pipeline.verdict()
        assert verdict.ok, verdict


@pytest.mark.timeout(300)
def test_redis_killed_and_restarted_five_times_in_one_run_loses_nothing(pipeline: Pipeline) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    count, kills = 150, 5
    with publishing(pipeline, "redis-kills", count):
        for n in range(kills):
            # each kill lands on a pipeline that came back and moved on: the worker connected again
            # and more items were applied (what the publisher was refused meanwhile is sent again,
            # as the next feed poll would, so there is always work to move on with)
            wait_until(lambda n=n: worker.log().count("Connected to redis") > n, 60, f"reconnect {n}")
            pipeline.retry_refused()
            done = applied(pipeline.client, pipeline.ledger)
            wait_some_applied(pipeline, min(done + 5, len(pipeline.ledger.items)))
            seen = worker.log().count("Cannot connect to redis")
            pipeline.server.kill()
            wait_until(
                lambda seen=seen: worker.log().count("Cannot connect to redis") > seen,
                30,
                f"the worker saw kill {n + 1}",
            )
            pipeline.server.start()
    errors = pipeline.retry_refused()
    pipeline.settle(timeout=90)
    verdict = pipeline.verdict()
    assert verdict.ok, f"{verdict}; restarts: {pipeline.supervisor.restarts}"
    assert len(pipeline.ledger.items) == count, errors
    assert worker.process.poll() is None, worker.log()[-3000:]


@pytest.mark.timeout(180)
def test_task_running_when_redis_dies_comes_back_once_and_the_worker_lives(pipeline: Pipeline) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    items = burst("redis-kill-mid-task", 8, markers={2: sleep_marker(HELD)})
    pipeline.publish(items)
    wait_until(lambda: pipeline.client.get(inflight_key(items[2].id)), 30, "the worker in item 2")
    pipeline.server.kill()  # the worker cancels the task it cannot acknowledge; Redis must give it back
    wait_until(lambda: "Connection to broker lost" in worker.log(), 30, "the worker saw Redis go")
    threading.Event().wait(HELD)
    pipeline.server.start()
    pipeline.settle(timeout=90)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert worker.process.poll() is None, worker.log()[-3000:]
