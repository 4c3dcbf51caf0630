"""The reading commands against a real Redis: unknown stories, metric names, lines of several stories,
and `ticker run` into a Redis that has seen the story before."""

from __future__ import annotations

import json
import re

import pytest
import redis

from tests.clirun import run_ticker
from tests.conftest import SAMPLE
from tests.factories import claim, enriched, item
from ticker import keys
from ticker.config import Settings
from ticker.connection import connect
from ticker.embedded import EmbeddedRedis
from ticker.ingest import read_sources
from ticker.models import Metric, Subject
from ticker.store import Store

pytestmark = pytest.mark.integration

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def store_of(server: EmbeddedRedis) -> Store:
    return Store(connect(server.url, Settings()), Settings())


@pytest.mark.parametrize("command", ["summary", "tail"])
def test_an_unknown_story_exits_66_naming_the_known_ones_escaped(
    redis_server: EmbeddedRedis, command: str
) -> None:
    store = store_of(redis_server)
    store.write_item(enriched(item(1, "2022-01-07T10:00+01:00", story="first-story")))
    raw = redis.Redis.from_url(redis_server.url)
    raw.sadd(keys.stories(), "evil\x1b[2Jstory")  # not a name ticker writes, but the set is public
    raw.close()
    typo = "frist-story\x1b]0;owned\x07"
    ran = run_ticker(command, "--story", typo, "--no-follow" if command == "tail" else "--json",
                     "--redis-url", redis_server.url)  # fmt: skip
    assert ran.exit_code == 66 and ran.stdout == ""
    (line,) = ran.stderr.splitlines()
    assert line.startswith("error: no story 'frist-story\\x1b]0;owned\\x07' in this Redis; its stories: ")
    assert "first-story" in line and "evil\\u001b[2Jstory" in line and "\x1b" not in line


def test_an_empty_redis_says_there_are_no_stories_yet_with_exit_66(redis_server: EmbeddedRedis) -> None:
    ran = run_ticker("summary", "--redis-url", redis_server.url)
    assert (ran.exit_code, ran.stdout) == (66, "")
    assert ran.stderr == "error: no stories in this Redis yet: replay or run some sources first\n"


def test_tail_lines_name_their_story_when_they_come_from_several(redis_server: EmbeddedRedis) -> None:
    store = store_of(redis_server)
    for story in ("first-story", "second-story"):
        store.write_item(enriched(item(1, "2022-01-07T10:00+01:00", story=story)))
    mixed = run_ticker("tail", "--no-follow", "--redis-url", redis_server.url)
    one = run_ticker("tail", "--no-follow", "--story", "second-story", "--redis-url", redis_server.url)
    assert mixed.exit_code == one.exit_code == 0
    heads = [line.split()[0] for line in mixed.stdout.splitlines() if line[:1] not in (" ", "")]
    assert sorted(heads) == ["first-story", "second-story"]
    assert one.stdout.startswith("2022-01-07 10:00 CET")


@pytest.mark.parametrize(
    ("name", "wanted"),
    [("attackers", 1), ("Attacking", 1), ("people arrested", 2), ("arrests", 2), ("ARRESTED", 2)],
)
def test_tail_takes_the_metric_names_the_output_shows(
    redis_server: EmbeddedRedis, name: str, wanted: int
) -> None:
    store = store_of(redis_server)
    attackers = enriched(
        item(1, "2022-01-07T10:00+01:00"), claim(Metric.ATTACKING, 200, subject=Subject.ATTACKERS)
    )
    arrests = enriched(item(2, "2022-01-07T11:00+01:00"), claim(Metric.ARRESTED, 10))
    for one in (attackers, arrests):
        store.write_item(one)
    ran = run_ticker("tail", "--no-follow", "--json", "--metric", name, "--redis-url", redis_server.url)
    assert ran.exit_code == 0, ran.output
    shown = [json.loads(line)["item"]["id"] for line in ran.stdout.splitlines()]
    assert shown == [(attackers, arrests)[wanted - 1].item.id]


def test_running_a_known_story_again_says_its_items_were_known_and_counts_them(
    redis_server: EmbeddedRedis,
) -> None:
    items = read_sources([str(SAMPLE)]).items
    first = run_ticker("run", "--fast", "--json", "--redis-url", redis_server.url)
    assert first.exit_code == 0, first.stderr[-3000:]
    before = json.loads(first.stdout)  # stdout is the summary alone
    assert before["items"] == len(items) and "note:" not in first.stderr

    # a terminal on stderr (where --json puts the progress), so the progress is drawn
    again = run_ticker(
        "run", "--fast", "--json", "--redis-url", redis_server.url,
        env={"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"},
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr[-3000:]
    assert json.loads(again.stdout) == before  # nothing new was folded
    n = len(items)
    assert f"note: {n} of {n} items were in the summary of kazakhstan-2022 already" in again.stderr
    drawn = re.findall(r"in summary\D*(\d+)/(\d+)", ANSI.sub("", again.stderr))
    assert drawn and all(done == total == str(n) for done, total in drawn), drawn
    assert "▸" not in again.stderr  # no item is shown again: none was folded again
