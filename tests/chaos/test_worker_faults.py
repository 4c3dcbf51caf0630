"""Workers die, loop on a poison item, or run a task twice: every item still comes out once."""

from __future__ import annotations

import json
import os
import signal

import pytest

from tests.chaos.conftest import Pipeline, burst
from tests.chaos.hooks import POISON, inflight_key, sleep_marker
from tests.chaos.ledger import key_of
from tests.processes import wait_until
from ticker import keys
from ticker.models import TickerItem

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

# How long a marked task holds its worker: under the 4 s soft time limit the chaos settings
# give (task_time_limit 9 s), so the task is still running when the test kills it.
HELD = 3


def wait_inflight(pipeline: Pipeline, item_id: str, timeout: float = 30) -> int:
    """The pid of the process that started the item's task (recorded by the hooks)."""
    wait_until(lambda: pipeline.client.get(inflight_key(item_id)), timeout, f"task of {item_id} started")
    return int(pipeline.client.get(inflight_key(item_id)))


def assert_dead_lettered_alone(pipeline: Pipeline, poison: TickerItem, timeout: float) -> None:
    """Every item but the poison one came out once; the poison one is parked, and nothing else."""
    excluded = frozenset({key_of(poison)})
    pipeline.settle(timeout=timeout, excluded=excluded)
    verdict = pipeline.verdict(excluded=excluded)
    assert verdict.ok, verdict
    parked = [json.loads(raw) for raw in pipeline.client.lrange(keys.dead_letters(), 0, -1)]
    assert [(p["reason"], p["item_id"]) for p in parked] == [("worker_lost_limit", poison.id)]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("batched", [False, True], ids=["one-item-tasks", "a-batch-task"])
def test_killed_worker_child_loses_no_item(pipeline: Pipeline, batched: bool) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    items = burst("child-kill", 12, markers={5: sleep_marker(HELD)})
    (pipeline.publish_batch if batched else pipeline.publish)(items)

    child = wait_inflight(pipeline, items[5].id)
    assert child != worker.pid
    os.kill(child, signal.SIGKILL)  # in a batch: items 0-4 written, 5 running, 6-11 waiting in the task

    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert pipeline.runs(items[5].id) >= 2  # it really ran again after the kill
    worker.wait_for_log("WorkerLostError")
    assert worker.process.poll() is None  # the main process survived and forked a new child
    if batched:
        worker.wait_for_log("a batch of 12 items started 2 times; sending them one by one")


@pytest.mark.timeout(120)
def test_killed_worker_is_redelivered_to_a_new_worker_after_the_visibility_timeout(
    pipeline: Pipeline,
) -> None:
    first = pipeline.worker("w1")
    pipeline.consumer()
    items = burst("worker-kill", 10, markers={0: sleep_marker(HELD)})
    pipeline.publish(items)
    wait_inflight(pipeline, items[0].id)
    first.kill()  # main process and child, SIGKILL: nobody returns the message to the queue

    assert pipeline.client.hlen("unacked") == 1
    # with kombu's default restore scan (every 100 s) this would wait up to 100 s more
    pipeline.worker("w2", env={"TICKER_TEST_RESTORE_EVERY": "1"})
    pipeline.settle(timeout=90)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert pipeline.runs(items[0].id) >= 2  # it ran again on the new worker


@pytest.mark.timeout(150)
@pytest.mark.parametrize("batched", [False, True], ids=["one-item-tasks", "a-batch-task"])
def test_poison_item_is_dead_lettered_alone_after_a_bounded_number_of_deliveries(
    pipeline: Pipeline, batched: bool
) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    items = burst("poison", 12, markers={7: POISON})
    poison = items[7]
    (pipeline.publish_batch if batched else pipeline.publish)(items)

    assert_dead_lettered_alone(pipeline, poison, timeout=120)  # the 11 others came out once each
    max_deliveries = 3
    # killed 3 times on its own (after its batch, split once its start killed the worker), parked on the 4th
    assert pipeline.runs(poison.id) == max_deliveries + batched
    assert worker.log().count("WorkerLostError") >= max_deliveries
    assert f"item {poison.id} started {max_deliveries + 1} times; dead-lettered" in worker.log()
    assert ("sending them one by one" in worker.log()) == batched


@pytest.mark.timeout(120)
def test_task_slower_than_the_visibility_timeout_may_run_twice_but_counts_once(pipeline: Pipeline) -> None:
    # The product refuses task_time_limit >= visibility_timeout (exit 78); the hooks force a
    # 2 s visibility timeout behind that guard to show what it protects against.
    short = {"TICKER_TEST_VISIBILITY_TIMEOUT": "2"}
    pipeline.worker("w1", env=short)
    pipeline.worker("w2", env=short)
    pipeline.consumer()
    items = burst("visibility", 6, markers={0: sleep_marker(3.5)})
    pipeline.publish(items)

    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert pipeline.runs(items[0].id) >= 2  # delivered again while the first run was still going
