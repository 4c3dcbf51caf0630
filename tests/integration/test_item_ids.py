"""Item ids are any printable text: they round-trip through the pipeline and never poison a story.

An id with ``:`` (``urn:item:1``) was once joined raw into summary field names and split back at
the wrong ``:``: the story's summary could not be read, the page answered 500 for every story
and a consumer exited at every start. These run the real worker, consumer, CLI and page.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from starlette.testclient import TestClient

from tests.factories import claim, enriched, item
from tests.processes import CONSUMER, WORKER, Proc, wait_until
from tests.webpage import store_of
from ticker import keys
from ticker.consumer import Consumer
from ticker.embedded import EmbeddedRedis
from ticker.ingest import items_to_jsonl
from ticker.models import Metric, TickerItem
from ticker.store import Store, layout
from ticker.web import create_app

pytestmark = pytest.mark.integration

FIXED_IDS = [
    "urn:item:1",
    "tag:example.com,2022:entry:1",
    "{story}:x",
    "a b:%3A",
    "Ünïcode:項目:1",
    "x" * 512,
]


def hostile_ids(count: int, seed: int) -> list[str]:
    """Printable ids of 1-512 characters, rich in ``:`` ``{`` ``}`` ``%``, spaces and non-ASCII."""
    rng = random.Random(seed)
    alphabet = [*":{}% ", *"abcXYZ019", "é", "Ж", "東", "😀", "\u00a0"]
    out = list(FIXED_IDS)
    while len(out) < count:
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 20, 200, 512])))
        if text.isprintable() and text not in out:
            out.append(text)
    return out


def story_items(story: str, ids: list[str], start: int = 0) -> list[TickerItem]:
    texts = [
        "Health officials said {n} people were injured in the clashes.",
        "Police said {n} people were killed in the city.",
        "The ministry said {n} protesters were arrested overnight.",
    ]
    return [
        replace(
            item(start + n, f"2022-01-05T{10 + n % 10:02d}:{n % 60:02d}+01:00", story=story),
            id=item_id,
            text=texts[n % 3].format(n=10 + n),
        )
        for n, item_id in enumerate(ids)
    ]


def summary_json(run: Callable[..., Proc], story: str) -> dict[str, object]:
    proc = run(["ticker", "summary", "--story", story, "--json"], name=f"summary-{story}")
    assert proc.process.wait(timeout=60) == 0, proc.log()
    text = proc.log()  # stdout is the JSON alone; progress lines go to stderr, logged before it
    data: dict[str, object] = json.loads(text[text.index("{") :])
    return data


def figures_of(summary: dict[str, object]) -> dict[str, object]:
    figures = summary["figures"]
    assert isinstance(figures, dict)
    return {key: fig["current"]["value"] for key, fig in figures.items() if fig.get("current")}


@pytest.mark.broker
def test_any_printable_ids_round_trip_through_fold_summary_tail_page_and_a_restart(
    spawn: Callable[..., Proc], redis_server: EmbeddedRedis, client: redis.Redis, tmp_path: Path
) -> None:
    ids = hostile_ids(24, seed=21)
    hostile = story_items("colon", ids)
    plain = story_items("plain", [f"plain{n:04d}" for n in range(len(ids))])
    source = tmp_path / "items.jsonl"
    source.write_text(items_to_jsonl([*plain, *hostile]))
    spawn([*WORKER, "-n", "w1@%h"], name="worker").wait_for_log("ready.", timeout=60)
    consumer = spawn(CONSUMER, name="consumer")
    assert spawn(["ticker", "replay", str(source), "--fast"], name="replay").process.wait(timeout=120) == 0
    store = store_of(redis_server.url)
    wait_until(
        lambda: store.applied_count([*plain, *hostile]) == 2 * len(ids), 120, "all folded", proc=consumer
    )

    colon, same = summary_json(spawn, "colon"), summary_json(spawn, "plain")
    assert colon["items"] == same["items"] == len(ids)
    assert figures_of(colon) == figures_of(same)  # the same story whatever its ids
    assert layout.unescaped_names(client.hgetall(keys.summary("colon"))) == []

    tail = spawn(["ticker", "tail", "--story", "colon", "--no-follow", "--json", "-n", "100"], name="tail")
    assert tail.process.wait(timeout=60) == 0
    tailed = [json.loads(line)["item"]["id"] for line in tail.log().splitlines() if line.startswith("{")]
    assert sorted(tailed) == sorted(ids)

    with TestClient(create_app(store)) as page:
        listed = page.get("/api/stories")
        assert listed.status_code == 200
        assert {s["story"]: s["items"] for s in listed.json()["stories"]} == {
            "colon": len(ids),
            "plain": len(ids),
        }
        assert page.get("/").status_code == 200
        assert page.get("/api/stories/colon/summary").status_code == 200

    # a consumer that starts again folds on, into both stories
    consumer.stop()
    restarted = spawn(CONSUMER, name="consumer-again")
    more = story_items("colon", ["urn:item:late", "late:{x}"], start=100) + story_items(
        "plain", ["p-late"], 101
    )
    source.write_text(items_to_jsonl(more))
    assert spawn(["ticker", "replay", str(source), "--fast"], name="replay-2").process.wait(timeout=120) == 0
    wait_until(lambda: store.applied_count(more) == len(more), 120, "late items folded", proc=restarted)
    assert restarted.process.poll() is None, restarted.log()
    assert summary_json(spawn, "colon")["items"] == len(ids) + 2


def test_an_id_outside_the_contract_is_refused_at_ingestion_naming_its_line(
    spawn: Callable[..., Proc], tmp_path: Path
) -> None:
    good = story_items("plain", ["good:1"])[0]
    lines = [good.to_json()]
    for bad in ["", "x" * 513, "tab\there", "new\nline"]:
        data = json.loads(good.to_json())
        data["id"] = bad
        lines.append(json.dumps(data))
    source = tmp_path / "items.jsonl"
    source.write_text("\n".join(lines) + "\n")
    parse = spawn(["ticker", "parse", str(source), "--json"], name="parse")
    assert parse.process.wait(timeout=60) == 65
    log = parse.log()
    for number, reason in [(2, "empty id"), (3, "at most 512"), (4, "control"), (5, "control")]:
        assert f"{source}:line {number}: " in log and reason in log
    assert '"id": "good:1"' in log or '"id":"good:1"' in log  # what was read stays


def test_a_summary_written_with_unescaped_ids_is_repaired_at_start(
    redis_server: EmbeddedRedis, client: redis.Redis
) -> None:
    store = store_of(redis_server.url)
    items = [
        enriched(replace(item(n, f"2022-01-05T1{n}:00+01:00"), id=i), claim(Metric.INJURED, 70 + n))
        for n, i in enumerate(["urn:item:1", "urn:item:2", "plain"])
    ]
    for one in items:
        store.write_item(one)
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    before = store.summary("test-story").to_dict()
    # as 5458d3c stored it: report names with the raw id, and no layout mark
    summary_key = keys.summary("test-story")
    for name in list(client.hkeys(summary_key)):
        if name.startswith("obs:") and "%3A" in name:
            client.hset(summary_key, name.replace("%3A", ":"), client.hget(summary_key, name) or "")
            client.hdel(summary_key, name)
    client.delete(keys.names_layout())
    assert len(layout.unescaped_names(client.hgetall(summary_key))) == 2
    assert store_of(redis_server.url).summary("test-story").to_dict() == before  # readable meanwhile

    fresh = Store(client, store.settings)
    assert fresh.repair_unescaped() == 1
    assert layout.unescaped_names(client.hgetall(summary_key)) == []
    assert fresh.summary("test-story").to_dict() == before
    assert fresh.repair_unescaped() == 0 and client.get(keys.names_layout()) == "escaped"

    # a later item folds onto the repaired summary, counted once
    late = enriched(replace(item(9, "2022-01-05T19:00+01:00"), id="urn:item:9"), claim(Metric.INJURED, 90))
    store.write_item(late)
    again = Consumer(fresh, name="c2", block_ms=10)
    while again.step():
        pass
    after = fresh.summary("test-story")
    assert after.items == 4
    assert [o.value for o in after.figures["injured:people"].observations][-1] == 90


def test_the_readmes_rebuild_folds_a_story_again_from_its_stream(
    redis_server: EmbeddedRedis, client: redis.Redis
) -> None:
    store = store_of(redis_server.url)
    for n, i in enumerate(["urn:item:1", "urn:item:2", "plain"]):
        store.write_item(
            enriched(replace(item(n, f"2022-01-05T1{n}:00+01:00"), id=i), claim(Metric.KILLED, 5 + n))
        )
    consumer = Consumer(store, name="c1", block_ms=10)
    while consumer.step():
        pass
    before = store.summary("test-story").to_dict()
    client.delete(keys.summary("test-story"), keys.applied("test-story"))  # as the README says
    client.xgroup_setid(keys.items_stream("test-story"), keys.CONSUMER_GROUP, "0")
    again = Consumer(store_of(redis_server.url), name="c2", block_ms=10)
    while again.step():
        pass
    assert store.summary("test-story").to_dict() == before
