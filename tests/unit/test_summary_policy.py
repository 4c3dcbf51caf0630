"""Which report is current: by evidence, not by arrival (summary/policy.py). Invented figures."""

from __future__ import annotations

import itertools
from dataclasses import replace

from tests.factories import claim, enriched, item
from ticker.models import EnrichedItem, Metric
from ticker.summary import fold

K = Metric.KILLED


def report(n: int, when: str, value: int, claimant: str | None = None, quote: str = "") -> EnrichedItem:
    one = claim(K, value, claimant=claimant)
    if quote:
        one = replace(one, quote=quote)
    return enriched(item(n, f"2024-03-02T{when}+00:00"), one)


def figure(*reports: EnrichedItem):  # type: ignore[no-untyped-def]
    return fold("s", list(reports)).figures["killed:people"]


def test_an_official_rise_is_current_whatever_its_size() -> None:
    fig = figure(report(1, "08:00", 3), report(2, "09:00", 300, "the interior ministry"))
    assert fig.current.value == 300 and fig.why_current == "an official source"  # type: ignore[union-attr]


def test_a_lone_unofficial_jump_waits_beside_the_current_figure() -> None:
    fig = figure(report(1, "08:00", 12, "police"), report(2, "08:30", 8000))
    assert fig.current.value == 12  # type: ignore[union-attr]
    assert [o.value for o in fig.unconfirmed] == [8000]
    assert fig.confidence()["status"] == "conflicting"  # and it disagrees, from another source


def test_a_second_source_confirms_a_jump() -> None:
    fig = figure(
        report(1, "08:00", 12, "police"),
        report(2, "08:30", 80, "a witness"),
        report(3, "09:00", 81, "a medic"),
    )
    assert fig.current.value == 81 and fig.why_current == "confirmed by another independent source"  # type: ignore[union-attr]


def test_a_rise_nobody_contradicts_for_two_hours_becomes_current() -> None:
    early = [report(1, "08:00", 12, "police"), report(2, "08:30", 80, "a witness")]
    assert figure(*early, report(3, "10:00", 2, "a reporter")).current.value == 12  # type: ignore[union-attr]
    late = figure(*early, report(3, "10:45", 2, "a reporter"))
    assert late.current.value == 80  # type: ignore[union-attr]


def test_a_wrong_early_figure_does_not_hold_the_headline() -> None:
    """The first report is another event's toll; the story's own, from officials, replaces it."""
    fig = figure(report(1, "08:00", 8000), report(2, "09:00", 12, "the government"))
    assert fig.current.value == 12  # type: ignore[union-attr]


def test_a_far_lower_count_is_a_part_unless_it_says_it_corrects() -> None:
    toll = report(1, "08:00", 39, "the governor")
    one = report(2, "09:00", 1, "the police", quote="police said a woman from Lyon was among the dead")
    assert figure(toll, one).current.value == 39  # type: ignore[union-attr]
    fixed = report(3, "09:30", 9, "the governor's office", quote="the toll was revised down to 9")
    assert figure(toll, one, fixed).current.value == 9  # type: ignore[union-attr]
    own = report(4, "09:30", 9, "the governor")
    assert figure(toll, own).current.value == 9  # type: ignore[union-attr]


def test_a_foreign_ministry_counts_its_own_citizens() -> None:
    fig = figure(
        report(1, "08:00", 39, "the governor"), report(2, "09:00", 3, "the Jordanian foreign ministry")
    )
    assert fig.current.value == 39  # type: ignore[union-attr]


def test_the_same_reports_give_the_same_current_figure_in_any_order() -> None:
    reports = [
        report(1, "08:00", 8000),
        report(2, "09:00", 12, "the government"),
        report(3, "09:30", 16, "a witness"),
        report(4, "10:00", 2, "a local paper"),
        report(5, "12:30", 36, "the government"),
    ]
    answers = {figure(*order).current.value for order in itertools.permutations(reports)}  # type: ignore[union-attr]
    assert answers == {36}


def test_confidence_counts_independent_sources_and_officials() -> None:
    fig = figure(
        report(1, "08:00", 40, "Reuters via the Daily"), report(2, "08:10", 40, "Reuters via the Post")
    )
    assert fig.confidence()["sources"] == 1 and fig.confidence()["status"] == "unconfirmed"
    fig = figure(report(1, "08:00", 40, "a witness"), report(2, "08:10", 40, "a medic"))
    assert fig.confidence() == {
        "sources": 2,
        "official": False,
        "status": "settled",
        "why": "the newest report by event time",
    }
