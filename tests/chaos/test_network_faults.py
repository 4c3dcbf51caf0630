"""Half-open and reset connections between the pipeline and Redis: detected, reconnected, nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.chaos.conftest import Pipeline, burst
from tests.chaos.proxy import FaultProxy

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

# socket timeout 3 s (+2 s over a blocking read) and health checks every 2 s: a silent
# connection is given up well within this bound, reconnection included.
DETECTION_BOUND = 40


@pytest.fixture
def proxy(pipeline: Pipeline) -> Iterator[FaultProxy]:
    fault = FaultProxy(pipeline.server.port).start()
    yield fault
    fault.close()


def through(proxy: FaultProxy) -> dict[str, str]:
    return {"TICKER_REDIS_URL": proxy.url}


@pytest.mark.timeout(120)
def test_half_open_connections_are_detected_and_work_resumes(pipeline: Pipeline, proxy: FaultProxy) -> None:
    worker = pipeline.worker(env=through(proxy))
    consumer = pipeline.consumer(env=through(proxy))
    pipeline.publish(burst("half-open", 10))
    pipeline.settle(timeout=30)

    connections_before = proxy.accepted
    proxy.blackhole()  # every open connection now swallows requests and never answers
    worker.wait_for_log("dropping stale connection", timeout=DETECTION_BOUND)
    consumer.wait_for_log("lost Redis", timeout=DETECTION_BOUND)
    pipeline.publish(burst("half-open-after", 20))  # straight to Redis, not through the proxy
    pipeline.settle(timeout=DETECTION_BOUND)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert proxy.accepted > connections_before  # they gave up the silent connections and reconnected


@pytest.mark.timeout(120)
def test_items_published_while_a_connection_goes_silent_are_not_lost(
    pipeline: Pipeline, proxy: FaultProxy
) -> None:
    pipeline.worker(env=through(proxy))
    pipeline.consumer()
    pipeline.publish(burst("silent-pop", 10))
    pipeline.settle(timeout=30)

    proxy.blackhole()  # the worker's BRPOP (1 s timeout) is still waiting on Redis's side
    pipeline.publish(burst("silent-pop-after", 20))
    # Redis pops the next message and sends it down the silent connection: kombu never sees
    # it (kombu#305, #1733). The outbox has it, and the consumer's reconciler sends it again
    # after TICKER_RECONCILE_AFTER (12 s), checked every 6 s.
    pipeline.settle(timeout=DETECTION_BOUND + 12 + 6)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict


@pytest.mark.timeout(120)
def test_a_storm_of_connection_resets_leaves_the_pipeline_consuming(
    pipeline: Pipeline, proxy: FaultProxy
) -> None:
    pipeline.worker(env=through(proxy))
    pipeline.consumer(env=through(proxy))
    pipeline.publish(burst("reset-storm", 10))
    pipeline.settle(timeout=30)

    pause = threading.Event()
    for _ in range(5):  # five resets within about 3 s (the celery#8030 pattern)
        proxy.reset()
        pause.wait(0.6)
    pipeline.publish(burst("reset-storm-after", 20))
    pipeline.settle(timeout=DETECTION_BOUND)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
