"""A date without a time is a day in the source's zone: --since DAY, --at DAY, the fold and the terminal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from tests.clirun import run_ticker
from tests.factories import enriched, item
from ticker.follow import Filters
from ticker.ingest import parse_feed_bytes
from ticker.models import Precision, TickerItem, TimeBound
from ticker.summary import fold
from ticker.terminal import when

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def berlin_feed() -> bytes:
    return (
        b"<rss version='2.0'><channel><title>Nachrichten</title>"
        b"<item><title>Report of the tenth</title><guid>https://n.example/10</guid><pubDate>2022-01-10</pubDate></item>"
        b"<item><title>Report of the ninth</title><guid>https://n.example/9</guid><pubDate>2022-01-09</pubDate></item>"
        b"</channel></rss>"
    )


def day_items() -> dict[str, TickerItem]:
    result = parse_feed_bytes(berlin_feed(), source="n.rss", story="s", now=NOW, zone="Europe/Berlin")
    assert result.ok
    return {i.title: i for i in result.items}


def test_a_feed_date_without_time_is_a_day_in_the_source_zone() -> None:
    tenth = day_items()["Report of the tenth"]
    assert tenth.precision is Precision.DAY
    assert tenth.event_date == date(2022, 1, 10)
    # Berlin's midnight is the 9th in UTC: a UTC comparison would put it on the wrong day
    assert tenth.event_time == datetime(2022, 1, 9, 23, 0, tzinfo=UTC)


def test_since_a_day_finds_the_date_only_items_of_that_day_and_not_the_day_before() -> None:
    bound = TimeBound.parse("2022-01-10")
    assert bound.day == date(2022, 1, 10)
    found = {title for title, i in day_items().items() if i.since(bound)}
    assert found == {"Report of the tenth"}
    tenth = day_items()["Report of the tenth"]
    assert Filters(since=bound).accept(enriched(tenth))
    # a moment in the middle of the day still finds the item of that day (its day is not over)
    assert tenth.since(TimeBound.parse("2022-01-10T12:00"))
    assert not tenth.since(TimeBound.parse("2022-01-11T00:00+01:00"))


def test_since_a_day_reads_minute_items_in_their_own_zone_too() -> None:
    just_after_midnight = item(1, "2022-01-10T00:30:00+01:00")  # Berlin; 23:30 UTC on the 9th
    assert just_after_midnight.since(TimeBound.parse("2022-01-10"))
    assert not item(2, "2022-01-09T23:30:00+01:00").since(TimeBound.parse("2022-01-10"))


def test_at_a_day_knows_that_whole_day_and_nothing_later() -> None:
    items = day_items()
    tenth, ninth = items["Report of the tenth"], items["Report of the ninth"]
    assert tenth.known_at(TimeBound.parse("2022-01-10"))
    assert not tenth.known_at(TimeBound.parse("2022-01-09"))
    assert ninth.known_at(TimeBound.parse("2022-01-09"))
    # at a moment, a date-only report is known once its day is over
    assert not tenth.known_at(TimeBound.parse("2022-01-10T12:00+01:00"))


def test_the_fold_orders_a_day_after_that_days_minutes_and_says_date_only() -> None:
    tenth = day_items()["Report of the tenth"]
    later_minute = item(3, "2022-01-10T18:00:00+01:00")
    state = fold("s", [enriched(later_minute), enriched(tenth)])
    assert state.as_of_precision is Precision.DAY
    assert state.as_of is not None
    assert state.as_of.astimezone(later_minute.event_time.tzinfo).date() == date(2022, 1, 10)
    state = fold(
        "s",
        [enriched(tenth), enriched(replace(later_minute, stated_at=datetime(2022, 1, 11, 8, tzinfo=UTC)))],
    )
    assert state.as_of_precision is Precision.MINUTE


def test_the_terminal_shows_the_day_and_says_date_only() -> None:
    tenth = day_items()["Report of the tenth"]
    shown = when(tenth.event_time, "Europe/Berlin", Precision.DAY)
    assert shown.strip() == "2022-01-10 date only"
    assert "00:00" not in shown


def test_parse_prints_the_day_of_a_date_only_item(tmp_path: Path) -> None:

    path = tmp_path / "n.rss"
    path.write_bytes(
        berlin_feed().replace(b"2022-01-10", b"2022-01-10").replace(b"Report of the ninth", b"Ninth")
    )
    ran = run_ticker("parse", str(path))
    assert ran.exit_code == 0, ran.stderr
    assert any(line.startswith("2022-01-10 date only day ") for line in ran.stdout.splitlines())
