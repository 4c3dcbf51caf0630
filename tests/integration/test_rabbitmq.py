"""RabbitMQ as the broker (``TICKER_BROKER_URL=amqp://…``): the tasks travel through it, the items,
summaries and streams stay in Redis.

Each test gets a virtual host of its own (tests/rabbit.py). The other integration tests that
send tasks run on RabbitMQ too with ``pytest --broker rabbitmq`` (the README's test command runs
them so); these two always do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import redis

from tests.chaos.conftest import CHAOS_SETTINGS, Pipeline, burst
from tests.chaos.hooks import inflight_key, sleep_marker
from tests.conftest import SAMPLE
from tests.integration.test_end_to_end import compose_command
from tests.processes import Proc, wait_until
from tests.rabbit import rabbit_vhost
from tests.readback import applied_count, summary_now
from tests.seedkey import assert_matches_key
from ticker import keys
from ticker.embedded import EmbeddedRedis
from ticker.ingest import read_sources
from workers.celery import create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def broker_url() -> Iterator[str]:
    """RabbitMQ whichever broker the rest of the suite runs on."""
    with rabbit_vhost() as url:
        yield url


def test_the_sample_story_through_rabbitmq_matches_the_key(
    spawn: Callable[..., Proc], client: redis.Redis, broker_url: str
) -> None:
    env = {"TICKER_BROKER_URL": broker_url}
    worker = spawn(compose_command("worker"), env=env, name="worker")
    consumer = spawn(compose_command("consumer"), env=env, name="consumer")
    worker.wait_for_log("ready.", timeout=60)
    assert "amqp://" in worker.log()
    replay = spawn(compose_command("replay"), env=env, name="replay")
    assert replay.process.wait(timeout=120) == 0, replay.log()

    items = read_sources([str(SAMPLE)]).items
    wait_until(lambda: applied_count(client, items) == len(items), 90, "every item applied", proc=consumer)
    assert_matches_key(summary_now(client, items[0].story))
    assert client.llen(keys.dead_letters()) == 0
    assert not client.exists(keys.TASK_QUEUE), "the tasks went through Redis, not RabbitMQ"


@pytest.mark.timeout(150)
@pytest.mark.parametrize("batched", [False, True], ids=["one-item-tasks", "a-batch-task"])
def test_a_worker_killed_mid_task_on_rabbitmq_loses_and_doubles_nothing(
    spawn: Callable[..., Proc],
    client: redis.Redis,
    redis_server: EmbeddedRedis,
    broker_url: str,
    batched: bool,
) -> None:
    """RabbitMQ gives back what a dead connection held at once: no visibility timeout to wait for.
    A batch comes back whole and is split into one task per item."""
    on_rabbit = {"TICKER_BROKER_URL": broker_url}
    app = create_app(replace(CHAOS_SETTINGS.with_redis(redis_server.url), broker_url=broker_url))
    pipeline = Pipeline(redis_server, client, spawn, app)
    try:
        first = pipeline.worker("w1", env=on_rabbit)
        pipeline.consumer(env=on_rabbit)
        items = burst("rabbit-kill", 10, markers={0: sleep_marker(3)})
        if batched:
            pipeline.publish_batch(items)
        else:
            pipeline.publish(items)
        assert not pipeline.ledger.refused, pipeline.ledger.refused
        wait_until(lambda: client.get(inflight_key(items[0].id)), 30, "the marked task started")
        first.kill()  # main process and child, SIGKILL: the message it held goes back with the connection

        second = pipeline.worker("w2", env=on_rabbit)
        pipeline.settle(timeout=90)
        verdict = pipeline.verdict()
        assert verdict.ok, verdict
        assert pipeline.runs(items[0].id) >= 2  # it ran again on w2
        if batched:
            assert "a batch of 10 items started 2 times; sending them one by one" in second.log()
    finally:
        app.close()
