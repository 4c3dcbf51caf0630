"""Calls to read on, post footers and photo credits leave feed entries and pages, and are counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import run_ticker
from ticker.ingest.boilerplate import clean_body, clean_feed_text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Rivers rose overnight. Continue reading…", "Rivers rose overnight."),
        ("Rivers rose overnight… Continue reading", "Rivers rose overnight…"),
        ("Rivers rose overnight. Read full article >>", "Rivers rose overnight."),
        ("Rivers rose overnight.\nRead more", "Rivers rose overnight."),
        ("Rivers rose overnight. [Read more…]", "Rivers rose overnight."),
        ("Rivers rose. Continue reading ‘Floods’ on Example…", "Rivers rose."),
        ("Die Pegel steigen. Weiterlesen »", "Die Pegel steigen."),
        ("Les eaux montent. Lire la suite", "Les eaux montent."),
        ("Rivers rose. (Image credit: Space Agency/Lab) Crews were sent.", "Rivers rose. Crews were sent."),
        ("Rivers rose overnight. Photo: Jane Roe/AFP", "Rivers rose overnight."),
        (
            "Photograph: Jane Roe/Getty Images\nRescuers worked through the night.",
            "Rescuers worked through the night.",
        ),
        ("Rivers rose.\nThe post Floods hit the valley appeared first on Valley Daily.", "Rivers rose."),
    ],
)
def test_feed_furniture_is_removed_and_counted(text: str, kept: str) -> None:
    cleaned, count = clean_feed_text(text)
    assert cleaned == kept
    assert count == 1


@pytest.mark.parametrize(
    "text",
    [
        "I read more books now than ever.",
        "We continue reading the report, she said.",
        "The photo: a crowd at the gate, taken on Friday, was shared widely, police said.",
        "The post office was closed.",
        "Read more about the flood response in our guide to the evacuation routes and shelters.",
    ],
)
def test_news_that_only_looks_like_furniture_stays(text: str) -> None:
    assert clean_feed_text(text) == (text, 0)


def test_a_page_body_loses_inline_furniture_too() -> None:
    cleaned = clean_body(
        ["Crews reached the village at dawn. Continue reading…", "(Image credit: Lab) Roads are shut."]
    )
    assert cleaned.lines == ["Crews reached the village at dawn.", "Roads are shut."]
    assert cleaned.count == 2


def test_parse_json_counts_what_was_removed(tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>Wire</title>"
        "<item><title>Floods</title><guid>https://w.example/1</guid>"
        "<description>&lt;p&gt;Rivers rose overnight.&lt;/p&gt;&lt;p&gt;Photograph: Jane Roe/AFP&lt;/p&gt;"
        "&lt;p&gt;&lt;a href='https://w.example/1'&gt;Continue reading…&lt;/a&gt;&lt;/p&gt;</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    ran = run_ticker("parse", str(feed), "--json")
    assert ran.exit_code == 0, ran.stderr
    (line,) = ran.stdout.splitlines()
    got = json.loads(line)
    assert got["text"] == "Rivers rose overnight."
    assert got["boilerplate_removed"] == 2
