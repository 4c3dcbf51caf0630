"""The story's own event: a report dated before the story began counts another one. Invented texts."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.factories import claim, enriched, item
from ticker.models import EnrichedItem, Metric
from ticker.store import layout
from ticker.summary import fold
from ticker.summary.event import earlier_event

K = Metric.KILLED
START = datetime(2015, 5, 12, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("quote", "earlier"),
    [
        ("the earthquake that devastated the valley on 25 April killed 8,000", True),
        ("the April 25th quake left more than 8,000 dead", True),
        ("the quake on 12 May has killed 36 so far", False),
        ("the first quake struck on Saturday 10 May, killing 40", False),  # within two days: the story's own
        ("in April the ministry counted 300 deaths", False),  # a month, not a day
        ("36 dead since 12 May, after 8,000 on 25 April", False),  # it also names the story's days
        ("on 25 April 2014 a flood killed 20", False),  # a dated year: enrichment's to judge
    ],
)
def test_a_report_dated_before_the_story_began_counts_another_event(quote: str, earlier: bool) -> None:
    assert (earlier_event(quote, START) is not None) is earlier


def report(n: int, when: str, value: int, quote: str) -> EnrichedItem:
    return enriched(item(n, when), replace(claim(K, value, claimant="the government"), quote=quote))


def test_an_earlier_item_arriving_late_judges_every_report_again() -> None:
    older = report(1, "2015-05-12T08:00+00:00", 8000, "the quake that struck on 25 April killed 8,000")
    today = report(2, "2015-05-12T11:00+00:00", 12, "the government says 12 died today")
    first = report(3, "2015-04-25T09:00+00:00", 100, "at least 100 people have died")
    for order in itertools.permutations([older, today, first]):
        summary = fold("s", list(order))
        fig = summary.figures["killed:people"]
        # once the story is known to begin on 25 April, the 8,000 is its own toll again
        assert summary.started == first.item.sort_time
        assert fig.earlier_events == {} and fig.current is not None and fig.current.value == 12
    alone = fold("s", [today, older]).figures["killed:people"]
    assert list(alone.earlier_events.values()) == [
        "it dates what it counts to 25 April, before the story began (12 May)"
    ]


def test_the_start_is_stored_and_read_back_with_the_summary() -> None:
    summary = fold("s", [report(1, "2015-05-12T08:00+00:00", 8000, "on 25 April 8,000 died")])
    fields = {name: json.dumps(value) for name, value in layout.full(summary).fields.items()}
    back = layout.from_fields({**fields, "version": str(summary.version)})
    assert back == summary and back.figures["killed:people"].earlier_events != {}
