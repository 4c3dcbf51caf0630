"""Dates with day and month names in other languages: feeds, pages, and a warning for the unreadable."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from ticker.ingest import parse_feed_bytes
from ticker.ingest.timestamps import find_time, parse_feed_date
from ticker.models import Precision

NOW = datetime(2031, 3, 9, 18, 45, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40+00:00"),  # pt
        ("Ter, 25 Out 2018 08:00:00 -0300", "2018-10-25T11:00:00+00:00"),  # pt: Out = October
        ("mar, 25 sep 2018 10:00:00 +0200", "2018-09-25T08:00:00+00:00"),  # es: mar = martes, not March
        ("jeu., 04 oct. 2018 08:00:00 +0200", "2018-10-04T06:00:00+00:00"),  # fr
        ("mer, 05 déc 2018 08:00:00 +0100", "2018-12-05T07:00:00+00:00"),  # fr
        ("Do, 04 Okt 2018 08:00:00 MESZ", "2018-10-04T06:00:00+00:00"),  # de
        ("gio, 04 ott 2018 08:00:00 +0200", "2018-10-04T06:00:00+00:00"),  # it
        ("do, 04 mrt 2018 08:00:00 +0100", "2018-03-04T07:00:00+00:00"),  # nl
        ("sob, 06 paź 2018 08:00:00 +0200", "2018-10-06T06:00:00+00:00"),  # pl
        ("Вт, 25 сент 2018 10:00:00 +0300", "2018-09-25T07:00:00+00:00"),  # ru
        ("tis, 24 sep. 2018 19:42:00 +0200", "2018-09-24T17:42:00+00:00"),  # sv
        ("tir, 24 maj 2018 19:42:00 +0200", "2018-05-24T17:42:00+00:00"),  # da/no
        ("Pzt, 24 Eyl 2018 19:42:40 +0300", "2018-09-24T16:42:40+00:00"),  # tr
        ("24 września 2018 19:42 +0200", "2018-09-24T17:42:00+00:00"),  # pl genitive
        ("Mon, 24 Sep 2018 19:42:40 GMT", "2018-09-24T19:42:40+00:00"),  # English unchanged
    ],
)
def test_feed_dates_in_other_languages_are_read_with_their_zone(raw: str, expected: str) -> None:
    moment = parse_feed_date(raw)
    assert moment is not None
    assert moment.astimezone(UTC).isoformat() == expected


def test_feedparser_itself_reads_them_through_the_registered_handler() -> None:
    import ticker.ingest.feeds  # noqa: F401  (registers the handler)

    data = b"<rss version='2.0'><channel><item><title>t</title><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item></channel></rss>"
    entry = feedparser.parse(data).entries[0]
    assert tuple(entry.published_parsed)[:6] == (2018, 9, 24, 22, 42, 40)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publicado em 24 de setembro de 2018, 19:42", "2018-09-24T19:42"),
        ("Publicado el 24 de septiembre de 2018 a las 19:42", "2018-09-24T19:42"),
        ("Mis à jour le 25 septembre 2018 à 10:00", "2018-09-25T10:00"),
        ("Aggiornato il 3 marzo 2020, 10:30", "2020-03-03T10:30"),
        ("24 december 2018 om 10:00", "2018-12-24T10:00"),
        ("Opublikowano 24 września 2018 10:42", "2018-09-24T10:42"),
        ("Обновлено 25 сентября 2018, 10:00", "2018-09-25T10:00"),
        ("Publicerad 24 september 2018 kl. 19:42", "2018-09-24T19:42"),
        ("Yayınlanma: 24 Eylül 2018 19:42", "2018-09-24T19:42"),
    ],
)
def test_page_timestamps_in_other_languages(text: str, expected: str) -> None:
    stated = find_time(text)
    assert stated is not None
    assert stated.resolve(BERLIN, datetime(2031, 1, 1).date()).strftime("%Y-%m-%dT%H:%M") == expected


@pytest.mark.parametrize("text", ["sold out 24 hours ago", "set 24 traps", "out 24 nights", "gen 3 hardware"])
def test_foreign_abbreviations_are_not_dates_in_running_text(text: str) -> None:
    assert find_time(text) is None


def test_an_unreadable_date_is_a_warning_naming_the_entry_and_the_item_is_ingested() -> None:
    data = (
        b"<rss version='2.0'><channel><title>W</title>"
        b"<item><title>Good</title><guid>g1</guid><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item>"
        b"<item><title>Bad</title><guid>g2</guid><pubDate>am Tag nach dem Fest</pubDate></item>"
        b"</channel></rss>"
    )
    result = parse_feed_bytes(data, source="pt.rss", story="s", now=NOW)
    assert result.errors == ()
    good, bad = sorted(result.items, key=lambda i: i.title)[::-1]
    assert good.precision is Precision.MINUTE
    assert bad.precision is Precision.INGESTED and bad.event_time == NOW
    (warning,) = result.warnings
    assert (warning.source, warning.position) == ("pt.rss", "entry 2")
    assert "am Tag nach dem Fest" in warning.reason
