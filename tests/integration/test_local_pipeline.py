"""Pipelines one after another in one process (tests, a notebook): each publishes to its own Redis."""

from __future__ import annotations

import pytest

from tests.factories import item
from ticker.config import Settings
from ticker.dispatch import enqueue
from ticker.embedded import EmbeddedRedis
from ticker.runner import local_pipeline, wait_applied


def test_a_second_pipeline_in_one_process_sends_to_its_own_redis() -> None:
    for round_ in range(2):
        with EmbeddedRedis(appendonly=False) as server, local_pipeline(Settings(), url=server.url) as pipe:
            items = [
                item(
                    n,
                    f"2022-01-05T1{n}:00+06:00",
                    story=f"round-{round_}",
                    text=f"Police said {n + 3} people were hurt.",
                )
                for n in range(2)
            ]
            for one in items:
                enqueue(pipe.app, one, pipe.store)
            assert wait_applied(pipe.store, items, timeout=120) == len(items)


@pytest.mark.broker
def test_an_item_the_broker_lost_is_sent_again_from_the_outbox(broker_url: str | None) -> None:
    """Staged but never delivered (a worker killed between taking the message and recording it):
    the local pipeline's consumer sends it again, as `ticker consume` does."""
    lost = item(1, "2022-01-05T10:00+06:00", story="lost", text="Police said 7 people were hurt.")
    with (
        EmbeddedRedis(appendonly=False) as server,
        local_pipeline(Settings(broker_url=broker_url, reconcile_after=1), url=server.url) as pipe,
    ):
        pipe.store.stage(lost)  # in the outbox, never sent
        assert wait_applied(pipe.store, [lost], timeout=120) == 1
