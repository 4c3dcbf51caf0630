"""Replay order and pacing: event time, stable ties, sleeps computed from real gaps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.conftest import SAMPLE
from ticker.ingest import paced, pauses, read_sources, replay_order
from ticker.ingest.text import item_id, revision
from ticker.models import ItemKind, Precision, TickerItem

T0 = datetime(2022, 1, 7, 9, 0, tzinfo=UTC)


def item(source: str, position: str, minutes: float, precision: Precision = Precision.MINUTE) -> TickerItem:
    return TickerItem(
        id=item_id("s", "o", source, position),
        revision=revision(position),
        story="s",
        outlet="o",
        source=source,
        position=position,
        kind=ItemKind.TICKER_UPDATE,
        title=position,
        text=position,
        url=None,
        stated_at=T0 + timedelta(minutes=minutes),
        published_at=None,
        ingested_at=T0,
        precision=precision,
    )


def test_replay_is_oldest_first_by_event_time() -> None:
    items = [item("a", "block 1", 60), item("a", "block 2", 30), item("b", "entry 1", 45)]
    assert [i.position for i in replay_order(items)] == ["block 2", "entry 1", "block 1"]


def test_ties_break_by_source_then_position_number_in_any_input_order() -> None:
    tied = [
        item("b", "block 1", 0),
        item("a", "block 10", 0),
        item("a", "block 2", 0),
        item("a", "block 9", 0),
    ]
    expected = [("a", "block 2"), ("a", "block 9"), ("a", "block 10"), ("b", "block 1")]
    for rotation in range(len(tied)):
        shuffled = tied[rotation:] + tied[:rotation]
        assert [(i.source, i.position) for i in replay_order(shuffled)] == expected


def test_a_day_precise_item_sorts_after_the_minute_items_of_its_day() -> None:
    day = replace(item("a", "article", 0, Precision.DAY), stated_at=datetime(2022, 1, 7, tzinfo=UTC))
    evening = item("b", "block 1", 60 * 12)
    assert replay_order([day, evening]) == [evening, day]


def test_speed_60_turns_an_hour_into_a_minute() -> None:
    items = [item("a", "block 1", 0), item("a", "block 2", 60), item("a", "block 3", 90)]
    slept: list[float] = []
    out = list(paced(items, speed=60, sleep=slept.append))
    assert out == replay_order(items)
    assert slept == [60.0, 30.0]


def test_max_gap_caps_each_sleep() -> None:
    items = [item("a", "block 1", 0), item("a", "block 2", 600), item("a", "block 3", 601)]
    slept: list[float] = []
    list(paced(items, speed=60, max_gap=5, sleep=slept.append))
    assert slept == [5.0, 1.0]


def test_no_speed_means_no_sleep() -> None:
    items = [item("a", "block 1", 0), item("a", "block 2", 600)]
    for speed in (None, 0, float("inf")):
        slept: list[float] = []
        assert len(list(paced(items, speed=speed, sleep=slept.append))) == 2
        assert slept == []


def test_equal_times_do_not_sleep_and_pauses_match_paced() -> None:
    items = replay_order([item("a", "block 1", 0), item("b", "block 1", 0), item("c", "block 1", 120)])
    assert pauses(items, speed=2) == [0.0, 0.0, 3600.0]
    assert pauses([], speed=2) == []


def test_paced_is_lazy_and_sleeps_before_each_item() -> None:
    events: list[str] = []
    items = [item("a", "block 1", 0), item("a", "block 2", 60)]
    for got in paced(items, speed=60, sleep=lambda s: events.append(f"sleep {s:g}")):
        events.append(got.position)
    assert events == ["block 1", "sleep 60", "block 2"]


def test_the_same_sources_twice_give_the_same_ids_in_the_same_order() -> None:
    first = read_sources([str(SAMPLE)], now=datetime(2026, 1, 1, tzinfo=UTC))
    second = read_sources([str(SAMPLE)], now=datetime(2027, 1, 1, tzinfo=UTC))
    assert [i.id for i in replay_order(first.items)] == [i.id for i in replay_order(second.items)]
    assert [i.id for i in first.items] == [i.id for i in second.items]
