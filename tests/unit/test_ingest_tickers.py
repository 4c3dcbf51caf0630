"""Live-ticker pages: block headers in their real-world variants, titles, times and fallbacks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ticker.ingest.page import Page, PageResult
from ticker.ingest.textpage import read_page
from ticker.ingest.tickers import match_header
from ticker.models import ItemKind, Precision

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, tzinfo=UTC)


def page(published: str | None = "2022-01-12T05:47:29+01:00", kind: str = "auto") -> Page:
    return Page(
        story="s",
        outlet="o",
        source="t.txt",
        zone=BERLIN,
        kind=kind,
        published=None if published is None else datetime.fromisoformat(published),
        now=NOW,
    )


def times(reading: PageResult) -> list[str]:
    return [
        i.stated_at.astimezone(BERLIN).strftime("%m-%d %H:%M") if i.stated_at else "-" for i in reading.items
    ]


def test_header_variants_are_recognised() -> None:
    for line in (
        "Update from January 10th, 8:01 a.m",
        "Update from January 8, 4:20 p.m.:",
        "Update from January 7th, 1.30 p.m.:",
        "First report from January 7th, 10:20 am:",
        "Update from January 7, 14:05:",
        "+++ 14:05 Uhr +++",
        "12.40 p.m.:",
        "14:05",
    ):
        assert match_header(line) is not None, line


def test_sentences_and_cross_references_are_not_headers() -> None:
    for line in (
        "(see update from January 8, 11:28 a.m.)",
        "The update from January 8, 4:20 p.m. said more.",
        "14:05 was when the first shots were heard in the square.",
        "9:34 am, Marmolada",
        "Updated: 01/12/2022, 05:39 AM",
        "Last update: January 7, 2022, 9:00 PM",
        "Updates from the region will follow as soon as we know more about the situation on the ground today.",
    ):
        assert match_header(line) is None, line


def test_text_on_the_header_line_starts_the_block() -> None:
    reading = read_page(
        "Update from January 8, 4:20 p.m.: Putin called Tokayev.\nMore text.\n\n"
        "Update from January 8, 3:08 p.m.: Tokayev dismissed a deputy.\n",
        page(),
    )
    assert [i.text for i in reading.items] == [
        "Putin called Tokayev.\n\nMore text.",
        "Tokayev dismissed a deputy.",
    ]
    assert times(reading) == ["01-08 16:20", "01-08 15:08"]
    assert all(i.kind is ItemKind.TICKER_UPDATE for i in reading.items)


def test_a_header_cut_before_its_colon_continues_on_the_next_line() -> None:
    reading = read_page(
        "Update from January 10th, 8:01 a.m\n\n.: Almost 8,000 arrested.\n\n"
        "Update from January 8, 8:09 a.m\n\n.: The USA reacts.\n",
        page(),
    )
    assert [i.text for i in reading.items] == ["Almost 8,000 arrested.", "The USA reacts."]
    assert times(reading) == ["01-10 08:01", "01-08 08:09"]


def test_bare_clocks_take_the_day_of_the_block_above_and_step_back_past_midnight() -> None:
    reading = read_page(
        "Update from January 8, 4:20 p.m.:\nFirst.\n\n12.40 p.m.:\nSecond.\n\n23:50\nThird.\n\n"
        "Update from January 7, 10:20 a.m.:\nFourth.\n",
        page(),
    )
    assert times(reading) == ["01-08 16:20", "01-08 12:40", "01-07 23:50", "01-07 10:20"]
    assert [i.position for i in reading.items] == ["block 1", "block 2", "block 3", "block 4"]


def test_an_oldest_first_ticker_steps_forward_past_midnight() -> None:
    reading = read_page(
        "Update from January 7, 10:20 p.m.:\nFirst.\n\n00:15\nAfter midnight.\n\n"
        "Update from January 8, 9:00 a.m.:\nMorning.\n",
        page(),
    )
    assert times(reading) == ["01-07 22:20", "01-08 00:15", "01-08 09:00"]


def test_december_in_a_january_page_is_last_year() -> None:
    reading = read_page(
        "Update from January 2, 9:00 a.m.:\nNew year.\n\nUpdate from December 31, 11:45 p.m.:\nOld year.\n",
        page("2022-01-02T10:00:00+01:00"),
    )
    assert [i.stated_at.astimezone(BERLIN).year if i.stated_at else 0 for i in reading.items] == [2022, 2021]


def test_a_page_without_a_manifest_time_takes_its_year_from_its_own_dateline() -> None:
    reading = read_page(
        "Live ticker\n\nUpdated: 01/12/2022, 05:39 AM\n\n"
        "Update from January 10th, 8:01 a.m.:\nText.\n\nUpdate from January 8, 4:20 p.m.:\nMore.\n",
        page(None),
    )
    assert reading.errors == []
    assert [i.stated_at.year if i.stated_at else 0 for i in reading.items] == [2022, 2022]
    assert all(i.published_at == datetime(2022, 1, 12, 4, 39, tzinfo=UTC) for i in reading.items)


def test_a_headline_above_a_header_titles_the_block_below_not_the_one_above() -> None:
    reading = read_page(
        "Update from January 8, 4:20 p.m.:\nPutin called.\n\nArms exports stopped\n\n"
        "Update from January 8, 11:28 a.m.:\nThe government banned exports.\n",
        page(),
    )
    first, second = reading.items
    assert "Arms exports stopped" not in first.text
    assert second.title == "Arms exports stopped"
    assert first.title == "Putin called."


def test_a_sentence_above_a_header_stays_in_the_block_above() -> None:
    reading = read_page(
        "Update from January 8, 4:20 p.m.:\nPutin called.\nHe spoke for an hour.\n\n"
        "Update from January 8, 11:28 a.m.:\nExports banned.\n",
        page(),
    )
    assert reading.items[0].text.endswith("He spoke for an hour.")
    assert reading.items[1].title == "Exports banned."


def test_an_impossible_header_date_keeps_the_block_at_the_page_time_and_reports_it() -> None:
    reading = read_page(
        "Update from January 8, 4:20 p.m.:\nOne.\n\nUpdate from February 30, 9:00 a.m.:\nTwo.\n\n"
        "Update from January 7, 10:20 a.m.:\nThree.\n",
        page(),
    )
    assert [i.text for i in reading.items] == ["One.", "Two.", "Three."]
    bad = reading.items[1]
    assert bad.stated_at is None and bad.event_time == datetime(2022, 1, 12, 4, 47, 29, tzinfo=UTC)
    assert bad.precision is Precision.MINUTE
    (error,) = reading.errors
    assert error.position == "block 2" and "February 30" in error.reason and "page's time" in error.reason


def test_a_page_with_a_single_header_is_an_article_unless_the_manifest_says_ticker() -> None:
    text = (
        "A headline\n\nUpdate from January 8, 4:20 p.m.:\nOnly one block here, so this reads as an article.\n"
    )
    assert [i.kind for i in read_page(text, page()).items] == [ItemKind.ARTICLE]
    assert [i.kind for i in read_page(text, page(kind="ticker")).items] == [ItemKind.TICKER_UPDATE]


def test_a_ticker_without_headers_is_an_error() -> None:
    reading = read_page("Just text.\n", page(kind="ticker"))
    assert reading.items == [] and "without block headers" in reading.errors[0].reason


def test_zone_in_a_header_wins_over_the_pages_and_leaves_no_trace() -> None:
    text = (
        "# Page title | World news\n# source url: https://example.org/live/page\n\n"
        "Update from July 15, 8:09 p.m. UTC: rescuers reached the site.\n\n"
        "Update from July 15, 9:30 p.m. BST: the mayor spoke.\n\n"
        "Update from July 15, 10:00 p.m. GMT+2: talks began.\n"
    )
    reading = read_page(text, page("2022-07-16T00:00:00+02:00", kind="ticker"))
    utc = [i.stated_at.astimezone(UTC).strftime("%H:%M") if i.stated_at else "-" for i in reading.items]
    assert utc == ["20:09", "20:30", "20:00"]
    for item in reading.items:
        assert not item.text.startswith(("UTC", "BST", "GMT")), item.text
        assert "source url" not in item.title
