"""The sample story read by ingest: every ticker block and article time the answer key gives, furniture gone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import KEY_PATH, SAMPLE
from ticker.ingest import IngestResult, read_sources
from ticker.ingest.replay import position_index
from ticker.models import ItemKind, Precision, TickerItem

NOW = datetime(2026, 11, 23, tzinfo=UTC)
TICKER = "000_c8a87cd2ad82fa86.txt"


@cache
def key() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    return data


@cache
def story() -> IngestResult:
    return read_sources([str(SAMPLE)], now=NOW)


def blocks() -> list[TickerItem]:
    return sorted((i for i in story().items if i.source == TICKER), key=position_index)


def article(prefix: str) -> TickerItem:
    (found,) = [i for i in story().items if i.source.startswith(prefix)]
    return found


def everything() -> list[str]:
    return [i.title + "\n" + i.text for i in story().items]


def test_the_sample_story_reads_without_errors() -> None:
    assert story().errors == ()
    assert len(story().items) == 12 + 4


def test_items_come_sorted_by_sort_time_then_id() -> None:
    items = story().items
    assert list(items) == sorted(items, key=lambda i: (i.sort_time, i.id))


@pytest.mark.parametrize("number", range(1, 13))
def test_ticker_block_time_matches_the_key(number: int) -> None:
    update = key()["sources"][TICKER]["updates"][number - 1]
    block = blocks()[number - 1]
    assert block.position == f"block {number}"
    assert block.kind is ItemKind.TICKER_UPDATE
    assert block.precision is Precision.MINUTE
    assert block.stated_at == datetime.fromisoformat(update["at"])
    assert block.stated_at is not None and block.stated_at.utcoffset() is not None
    assert block.stated_at.tzinfo is UTC  # stored as UTC; the zone travels in item.timezone
    assert block.timezone == "Europe/Berlin"
    assert block.published_at == datetime.fromisoformat(key()["sources"][TICKER]["published"])


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_article_time_matches_the_key(prefix: str) -> None:
    expected = next(v for k, v in key()["sources"].items() if k.startswith(prefix))
    item = article(prefix)
    assert item.kind is ItemKind.ARTICLE and item.position == "article"
    assert item.title and item.text
    if expected.get("precision") == "day":
        assert item.precision is Precision.DAY
        assert item.event_date.isoformat() == expected["published"]
        local = item.event_time.astimezone(ZoneInfo(item.timezone))
        assert (local.hour, local.minute) == (0, 0)  # local midnight of that day
    else:
        assert item.precision is Precision.MINUTE
        assert item.event_time == datetime.fromisoformat(expected["published"])


def test_dateline_gives_the_time_and_the_manifest_fills_in_when_the_text_has_none() -> None:
    assert article("001").stated_at is not None  # "Friday, January 7, 2022"
    assert article("002").stated_at is not None  # "As of: January 8th, 2022 9:12 a.m."
    assert article("003").stated_at is None and article("003").published_at is not None
    assert article("004").stated_at is None and article("004").published_at is not None


@pytest.mark.parametrize("example", key()["boilerplate_examples"])
def test_boilerplate_example_appears_in_no_item(example: str) -> None:
    for text in everything():
        assert example not in text


@pytest.mark.parametrize(
    "line",
    [
        "Latest",
        "Source: merkur",
        "(AFP / dpa / fn)",
        "AFP / dpa / fn",
        "© Valery Sharifulin / dpa",
        "Source: dpa / Vladimir Tretyakov",
        "Ina Ruck, ARD Moscow, daily news 8 p.m., 7.1.2022",
        "Andrea Beer, ARD Moscow",
        "Security forces on duty in Almaty, the largest city in Kazakhstan.",
        "Riot police block a street to stop protesters",
        "Kassym-Jomart Tokayev, President of Kazakhstan, during his televised address",
        "Foreign Minister Annalena Baerbock on her first visit to Washington",
        "Inaugural visit to the USA",
        "China's President Xi, Russia's President Putin",
        "The inclusion of any links",
        "(see update from",
        "(see previous updates)",
    ],
)
def test_page_furniture_is_gone(line: str) -> None:
    for text in everything():
        assert line not in text.split("\n") and line not in text


def test_every_source_counts_what_it_removed() -> None:
    by_source: dict[str, int] = {}
    for item in story().items:
        by_source[item.source] = by_source.get(item.source, 0) + item.boilerplate_removed
    assert len(by_source) == 5
    assert all(count > 0 for count in by_source.values()), by_source


def test_the_digest_and_the_repost_banner_are_not_items() -> None:
    first = blocks()[0]
    assert first.text.startswith(
        "After the violent protests in Kazakhstan, almost 8,000 people were arrested"
    )
    for text in everything():
        assert "news ticker is updated regularly" not in text
        assert "•" not in text
        assert "Created: 01/12/2022" not in text
        assert "2022-01-12T04:47:29" not in text
    assert first.boilerplate_removed >= 10  # banner, repeated title and teaser, digest


def test_background_belongs_to_the_oldest_block() -> None:
    oldest = blocks()[-1]
    assert oldest.stated_at == datetime.fromisoformat("2022-01-07T10:20:00+01:00")
    for piece in (
        'Kazakhstan: Dissident Abliasov speaks of "revolution"',
        'Kazakhstan: Baerbock\'s Ministry calls for "peaceful solution"',
        "more than 1,000 people have been injured and around 2,300 arrested",
    ):
        assert piece in oldest.text
        assert all(piece not in b.text for b in blocks()[:-1])


def test_a_headline_above_a_header_titles_the_block_below() -> None:
    titles = {b.position: b.title for b in blocks()}
    assert titles["block 3"] == "Kazakhstan's President dismisses Vice-Secretary of the Security Council"
    assert titles["block 5"] == 'Kazakhstan: USA "is watching the situation with great concern"'
    assert titles["block 7"] == "Russia intervenes in Kazakhstan with a military alliance"
    for block in blocks():
        for other in blocks():
            if other is not block and not block.text.startswith(block.title):
                assert block.title not in other.text


def test_a_block_without_a_headline_is_titled_by_its_first_sentence() -> None:
    first = blocks()[0]
    assert (
        first.title
        == "After the violent protests in Kazakhstan, almost 8,000 people were arrested, according to the authorities."
    )
    assert first.text.startswith(first.title)


def test_header_continuation_on_the_next_line_is_joined() -> None:
    block5 = blocks()[4]  # "Update from January 8, 8:09 a.m" then ".: The USA is also reacting..."
    assert block5.text.startswith("The USA is also reacting to the Kazakhstan crisis.")


def test_tagesschau_comment_and_video_captions_are_gone_but_the_news_stays() -> None:
    text = article("002").text
    for gone in ("fathaland", "Marmolada", "Louis XVI", "Ina Ruck", "Andrea Beer", "so confusing?", "Avatar"):
        assert gone not in text
    assert "Kazakh President Tokayev gives security forces an order to shoot protesters" not in text
    assert "Tokayev speaks of 20,000 “terrorists”" in text.split("\n\n")
    assert "spoke of up to 20,000 “terrorists” who attacked Almaty in several waves" in text
    assert text.rstrip().endswith("This included the right to peaceful demonstrations.")


def test_subheadings_inside_an_article_are_kept() -> None:
    paragraphs = article("001").text.split("\n\n")
    for heading in (
        "Energy prices as a trigger",
        "Russia Has Arrived In Kazakhstan",
        "Kazakhstan: Police and protesters clashed again",
    ):
        assert heading in paragraphs


def test_drop_cap_artifact_is_repaired() -> None:
    assert article("004").text.startswith("The dispatch of foreign soldiers to Kazakhstan")
    assert "D.he" not in article("004").text


def test_the_repeated_headline_and_kicker_are_dropped() -> None:
    item = article("003")
    assert item.title == "Military alliance consults: Kazakhstan’s authorities report 8,000 arrests"
    assert item.text.startswith("What’s next in Kazakhstan?")


def test_reading_twice_gives_the_same_ids_and_revisions() -> None:
    again = read_sources([str(SAMPLE)], now=datetime(2030, 1, 1, tzinfo=UTC))
    assert [(i.id, i.revision) for i in again.items] == [(i.id, i.revision) for i in story().items]
    assert len({i.id for i in again.items}) == len(again.items)


def test_a_single_file_of_a_story_folder_keeps_its_manifest_entry() -> None:
    alone = read_sources([str(SAMPLE / "002_3d272934acddc640.txt")], now=NOW)
    assert alone.errors == ()
    (item,) = alone.items
    assert (item.id, item.revision) == (article("002").id, article("002").revision)
    assert item.outlet == "tagesschau" and item.story == "kazakhstan-2022"
