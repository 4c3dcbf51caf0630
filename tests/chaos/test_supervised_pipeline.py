"""`ticker run`'s own pipeline starts its worker again when the worker dies, and loses nothing."""

from __future__ import annotations

import os
import signal

import pytest
import redis

from tests.chaos.conftest import CHAOS_ENV, CHAOS_SETTINGS, burst
from tests.chaos.ledger import Ledger, check, settle
from tests.processes import wait_until
from ticker.embedded import EmbeddedRedis
from ticker.runner import local_pipeline, wait_applied
from ticker.supervise import Backoff

pytestmark = [pytest.mark.chaos, pytest.mark.integration]


@pytest.mark.timeout(180)
def test_local_pipeline_restarts_a_killed_worker_and_every_item_comes_out_once(
    redis_server: EmbeddedRedis, client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in CHAOS_ENV.items():  # the worker process reads its settings from the environment
        monkeypatch.setenv(name, value)
    items = burst("supervised", 40)
    ledger = Ledger()
    backoff = Backoff(first=0.5, most=2)
    with local_pipeline(CHAOS_SETTINGS, url=redis_server.url, backoff=backoff) as pipe:
        ledger.enqueue_all(pipe.app, items[:20], pipe.store)
        wait_until(lambda: wait_applied(pipe.store, items[:20], timeout=0) >= 5, 60, "5 items applied")
        for kill in range(2):
            first = pipe.worker.process
            assert first is not None
            os.kill(first.pid, signal.SIGKILL)  # the worker's main process, as the OOM killer would
            wait_until(lambda first=first: pipe.worker.process is not first, 30, f"restart {kill + 1}")
        ledger.enqueue_all(pipe.app, items[20:], pipe.store)
        settle(client, ledger, timeout=90)
        assert pipe.worker.restarts == 2
    verdict = check(client, ledger)
    assert verdict.ok, verdict
