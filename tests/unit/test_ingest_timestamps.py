"""Times as news text writes them, read with dateutil after the pre-clean."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ticker.ingest.timestamps import BadDate, find_date, find_time, nearest_year, parse_feed_date, preclean

BERLIN = ZoneInfo("Europe/Berlin")
JAN_12 = date(2022, 1, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 10th, 8:01 a.m", "2022-01-10T08:01"),
        ("January 8, 4:20 p.m.:", "2022-01-08T16:20"),
        ("January 7th, 1.30 p.m.:", "2022-01-07T13:30"),
        ("January 7th, 12.40 p.m.", "2022-01-07T12:40"),
        ("January 7th, 10:20 am:", "2022-01-07T10:20"),
        ("January 7, 10:20 AM", "2022-01-07T10:20"),
        ("January 7, 12:05 a.m.", "2022-01-07T00:05"),
        ("Jan. 7, 14:05", "2022-01-07T14:05"),
        ("7 January, 9.15 pm", "2022-01-07T21:15"),
        ("8. Januar, 13.30 Uhr", "2022-01-08T13:30"),
        ("Friday, January 7, 2022", "2022-01-07T00:00"),
        ("January 8th, 2022 9:12 a.m.", "2022-01-08T09:12"),
        ("7.1.2022", "2022-01-07T00:00"),
        ("07.01.2022, 14:05", "2022-01-07T14:05"),
        ("01/12/2022", "2022-01-12T00:00"),
        ("2022-01-07", "2022-01-07T00:00"),
    ],
)
def test_news_style_times_are_read_to_the_minute(text: str, expected: str) -> None:
    stated = find_time(text)
    assert stated is not None
    moment = stated.resolve(BERLIN, JAN_12)
    assert moment.isoformat().startswith(expected)
    assert moment.utcoffset() == timedelta(hours=1)


def test_without_the_preclean_dateutil_would_misread_dotted_clocks_and_day_first_dates() -> None:
    assert preclean("January 7, 1.30 p.m.") == "January 7, 1:30 PM"
    assert preclean("7.1.2022") == "2022-01-07"
    assert preclean("Created: 01/12/2022Updated:") == "Created: 2022-01-12 Updated"


def test_a_date_in_a_video_caption_is_day_first() -> None:
    stated = find_date("Ina Ruck, ARD Moscow, daily news 8 p.m., 7.1.2022")
    assert stated is not None and stated.day == date(2022, 1, 7)


def test_a_bare_clock_has_no_day() -> None:
    stated = find_time("12.40 p.m.")
    assert stated is not None and stated.day is None and stated.clock is not None
    assert (stated.clock.hour, stated.clock.minute) == (12, 40)


def test_a_year_less_date_takes_the_year_of_the_page_with_new_year_rollover() -> None:
    assert nearest_year(12, 31, date(2022, 1, 12)) == date(2021, 12, 31)
    assert nearest_year(1, 10, date(2022, 1, 12)) == date(2022, 1, 10)
    assert nearest_year(1, 14, date(2022, 1, 12)) == date(2022, 1, 14)  # a page may run a little ahead
    assert nearest_year(2, 29, date(2025, 3, 1)) == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["February 30, 9:00 a.m.", "January 35th, 2022", "April 31, 10:00"])
def test_impossible_dates_raise_bad_date(text: str) -> None:
    with pytest.raises(BadDate):
        stated = find_time(text)
        assert stated is not None
        stated.resolve(BERLIN, JAN_12)


def test_plain_numbers_are_not_times() -> None:
    assert find_time("more than 3,000 arrests and 26 deaths") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sat, 08 Jan 2022 10:00:00 EST", "2022-01-08T15:00:00+00:00"),
        ("Sat, 08 Jan 2022 10:00:00 GMT", "2022-01-08T10:00:00+00:00"),
        ("Sat, 08 Jan 2022 10:00:00 +0100", "2022-01-08T09:00:00+00:00"),
        ("2022-01-08T10:00:00-05:00", "2022-01-08T15:00:00+00:00"),
        ("2022-01-08T10:00:00Z", "2022-01-08T10:00:00+00:00"),
        ("2022-01-08T10:00:00", "2022-01-08T10:00:00+00:00"),
    ],
)
def test_feed_dates_keep_their_zone(raw: str, expected: str) -> None:
    moment = parse_feed_date(raw)
    assert moment is not None and moment.astimezone(UTC).isoformat() == expected


def test_a_feed_date_keeps_its_own_offset() -> None:
    moment = parse_feed_date("Sat, 08 Jan 2022 10:00:00 +0100")
    assert moment is not None and moment.utcoffset() == timedelta(hours=1)
    assert moment.tzinfo != UTC


def test_zoneless_feed_dates_use_the_given_zone() -> None:
    moment = parse_feed_date("2022-01-08T10:00:00", timezone(timedelta(hours=6)))
    assert moment == datetime(2022, 1, 8, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["2022-01-08T10:00:00+99:00", "Sat, 08 Jan 9999 10:00:00 GMT"])
def test_impossible_feed_dates_raise(raw: str) -> None:
    with pytest.raises(BadDate):
        parse_feed_date(raw)


@pytest.mark.parametrize("raw", ["yesterday evening", "", "x" * 500])
def test_unreadable_feed_dates_are_none(raw: str) -> None:
    assert parse_feed_date(raw) is None
