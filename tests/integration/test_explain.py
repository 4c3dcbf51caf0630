"""`ticker explain --story S --item ID`: a stored item's numbers and the summary's reason for each figure."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.clirun import run_ticker
from tests.factories import item
from tests.webpage import store_of, write_and_fold
from ticker.embedded import EmbeddedRedis

pytestmark = pytest.mark.integration


def test_explain_a_stored_item_adds_why_the_current_figure_is_current(redis_server: EmbeddedRedis) -> None:
    store = store_of(redis_server.url)
    first = replace(item(1, "2022-01-05T10:00+01:00"), text="Police said 12 people were killed.")
    later = replace(
        item(2, "2022-01-05T12:00+01:00"), id="urn:item:2", text="Police said 15 people were killed."
    )
    write_and_fold(store, [first, later])
    result = run_ticker(
        "explain", "--story", "test-story", "--item", first.id, "--redis-url", redis_server.url, "--json"
    )
    assert result.exit_code == 0, result.output
    (twelve,) = [n for n in json.loads(result.output)["numbers"] if n["number"] == "12"]
    assert twelve["claim"]["value"] == 12
    assert twelve["figure"] == {
        "key": "killed:people",
        "current": 15,
        "current_item": "urn:item:2",
        "why": "its source revised its own figure",
        "reports": 2,
        "earlier_event": None,
    }
    text = run_ticker(
        "explain", "--story", "test-story", "--item", "urn:item:2", "--redis-url", redis_server.url
    )
    assert (
        "    summary killed:people: current 15 (its source revised its own figure; 2 reports)" in text.output
    )


def test_explain_an_item_the_story_lacks_exits_66(redis_server: EmbeddedRedis) -> None:
    store = store_of(redis_server.url)
    write_and_fold(store, [replace(item(1, "2022-01-05T10:00+01:00"), text="Police said 3 were hurt.")])
    missing = run_ticker(
        "explain", "--story", "test-story", "--item", "nope", "--redis-url", redis_server.url
    )
    assert missing.exit_code == 66 and "has no item 'nope'" in missing.output
    story = run_ticker("explain", "--story", "other", "--item", "nope", "--redis-url", redis_server.url)
    assert story.exit_code == 66
