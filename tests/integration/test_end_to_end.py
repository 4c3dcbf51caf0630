"""The whole pipeline on real parts: redis-server, a Celery worker process, the consumer process,
and the replay command, each started with the exact command docker-compose.yml runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import redis
import yaml

from tests.conftest import SAMPLE
from tests.factories import item
from tests.processes import ROOT, Proc, wait_until
from tests.rabbit import messages_held
from tests.readback import applied_count, summary_now
from tests.seedkey import assert_matches_key
from ticker import keys
from ticker.enrich import enrich
from ticker.ingest import items_to_jsonl, read_sources
from ticker.models import EnrichedItem
from ticker.summary import fold

pytestmark = [pytest.mark.integration, pytest.mark.broker]


def compose_command(service: str) -> list[str]:
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command: list[str] = spec["services"][service]["command"]
    return command


def drained(client: redis.Redis, broker_url: str | None) -> bool:
    """Nothing queued and nothing delivered-but-unacknowledged in the Celery broker."""
    if broker_url is not None:
        return messages_held(broker_url) == 0
    return client.llen(keys.TASK_QUEUE) == 0 and client.hlen("unacked") == 0


def test_seed_story_end_to_end_with_the_compose_commands(
    spawn: Callable[..., Proc], client: redis.Redis, broker_url: str | None
) -> None:
    worker = spawn(compose_command("worker"), name="worker")
    consumer = spawn(compose_command("consumer"), name="consumer")
    worker.wait_for_log("ready.", timeout=60)
    replay = spawn(compose_command("replay"), name="replay")
    assert replay.process.wait(timeout=120) == 0, replay.log()

    items = read_sources([str(SAMPLE)]).items
    wait_until(lambda: applied_count(client, items) == len(items), 60, "every item applied", proc=consumer)

    story = items[0].story
    assert client.xlen(keys.items_stream(story)) == len(items)
    summary = summary_now(client, story)
    assert summary["items"] == len(items)
    assert_matches_key(summary)
    assert client.llen(keys.dead_letters()) == 0
    # on RabbitMQ (`pytest --broker rabbitmq`) no task went through Redis
    assert client.exists(keys.TASK_QUEUE) == 0 if broker_url else drained(client, None)
    # two worker processes finish items in any order: the live summary equals the pure fold
    clean_run = fold(story, [EnrichedItem(i, enrich(i)) for i in items]).to_dict()
    assert summary == clean_run


def test_two_stories_replayed_at_once_stay_apart(
    spawn: Callable[..., Proc], client: redis.Redis, tmp_path: Path
) -> None:
    other = [
        item(
            n,
            f"2023-03-0{n}T10:00+00:00",
            story="flood-2023",
            outlet="Wire",
            text=f"{n * 10} people were evacuated.",
        )
        for n in range(1, 4)
    ]
    feed = tmp_path / "flood.jsonl"
    feed.write_text(items_to_jsonl(other))
    spawn(compose_command("worker"), name="worker").wait_for_log("ready.", timeout=60)
    consumer = spawn(compose_command("consumer"), name="consumer")
    replay = spawn(["ticker", "replay", str(SAMPLE), str(feed), "--fast"], name="replay")
    assert replay.process.wait(timeout=60) == 0, replay.log()
    seed = read_sources([str(SAMPLE)]).items
    wait_until(
        lambda: applied_count(client, [*seed, *other]) == len(seed) + len(other), 60, "applied", proc=consumer
    )
    flood = summary_now(client, "flood-2023")
    kazakhstan = summary_now(client, seed[0].story)
    assert flood["items"] == 3 and kazakhstan["items"] == len(seed)
    assert set(flood["sources"]) == {"Wire"} and "Wire" not in kazakhstan["sources"]
    assert flood["figures"]["evacuated:people"]["current"]["value"] == 30
    assert not any(k.startswith("evacuated") for k in kazakhstan["figures"])


def test_replaying_the_story_twice_changes_nothing(
    spawn: Callable[..., Proc], client: redis.Redis, broker_url: str | None
) -> None:
    spawn(compose_command("worker"), name="worker").wait_for_log("ready.", timeout=60)
    consumer = spawn(compose_command("consumer"), name="consumer")
    items = read_sources([str(SAMPLE)]).items
    story = items[0].story
    for round_ in (1, 2):
        replay = spawn(["ticker", "replay", str(SAMPLE), "--fast"], name=f"replay{round_}")
        assert replay.process.wait(timeout=60) == 0, replay.log()
        wait_until(lambda: applied_count(client, items) == len(items), 60, "applied", proc=consumer)
        wait_until(lambda: drained(client, broker_url), 30, "broker queue drained")
        if round_ == 1:
            first = summary_now(client, story)
    assert client.xlen(keys.items_stream(story)) == len(items)
    assert summary_now(client, story) == first
