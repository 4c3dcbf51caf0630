"""Page furniture by shape, not by site: the rules on lines the sample story does not contain."""

from __future__ import annotations

import pytest

from ticker.ingest.articles import undo_drop_cap
from ticker.ingest.boilerplate import clean_body, furniture, is_video_credit, strip_head

PARAGRAPH = "The police fired tear gas at several thousand protesters in the main square on Wednesday."


@pytest.mark.parametrize(
    "line",
    [
        "Share on WhatsApp Email Print",
        "Facebook | Twitter | LinkedIn",
        "Photo: Reuters / Jane Doe",
        "© AP Photo/Ebrahim Noroozi",
        "Credits: Getty Images",
        "(see our earlier report)",
        "Advertisement",
        "Read more",
        "Most read",
        "Example-news.com is an offer from Example Media GmbH",
        "This website uses cookies to improve your experience.",
        "All rights reserved.",
        "(dpa/AFP)",
        "-",
        "More stories from",
        "What our readers commented on",
    ],
)
def test_furniture_shapes_are_recognised(line: str) -> None:
    assert furniture(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Energy prices as a trigger",
        "Internet turned off again",
        "Source of the unrest: fuel prices",
        "He posted on Telegram that the order stood.",
        PARAGRAPH,
        "More than 4,000 people were arrested.",
    ],
)
def test_news_lines_and_subheadings_are_kept(line: str) -> None:
    assert furniture(line) is None


def test_a_credit_takes_the_caption_above_it() -> None:
    cleaned = clean_body(
        [PARAGRAPH, "Clashes in Almaty", "Police block a road", "Photo: AFP / John Smith", PARAGRAPH]
    )
    assert cleaned.lines == [PARAGRAPH, PARAGRAPH]
    assert [rule for rule, _ in cleaned.removed] == ["credit", "caption", "caption"]


def test_a_source_line_without_a_photo_credit_leaves_the_text_above_alone() -> None:
    cleaned = clean_body([PARAGRAPH, "Short line of text.", "Source: ministry website", PARAGRAPH])
    assert cleaned.lines == [PARAGRAPH, "Short line of text.", PARAGRAPH]


def test_a_video_credit_takes_its_caption() -> None:
    assert is_video_credit("Jane Roe, BBC News, 10 January 2022 7:15 p.m.")
    assert not is_video_credit("Jane Roe, a teacher, said she was afraid on January 10.")
    cleaned = clean_body(
        [PARAGRAPH, "What happens next in Almaty?", "Jane Roe, BBC News, 10.1.2022", PARAGRAPH]
    )
    assert cleaned.lines == [PARAGRAPH, PARAGRAPH] and cleaned.count == 2


def test_also_read_drops_its_teaser_lines_only() -> None:
    cleaned = clean_body(
        [PARAGRAPH, "Read also:", "Minister visits Washington", "First trip abroad", PARAGRAPH]
    )
    assert cleaned.lines == [PARAGRAPH, PARAGRAPH] and cleaned.count == 3


def test_everything_from_a_comment_section_on_is_dropped() -> None:
    body = [
        PARAGRAPH,
        PARAGRAPH,
        PARAGRAPH,
        "jane doe",
        "January 9th, 2022 • 7:02 pm",
        "I disagree with this.",
    ]
    cleaned = clean_body(body)
    assert cleaned.lines == [PARAGRAPH] * 3
    assert [rule for rule, _ in cleaned.removed] == ["comments"] * 3
    cleaned = clean_body([PARAGRAPH, PARAGRAPH, PARAGRAPH, "3 Comments", "Great article!"])
    assert cleaned.lines == [PARAGRAPH] * 3


def test_unpunctuated_leftovers_at_the_end_of_a_page_go() -> None:
    cleaned = clean_body([PARAGRAPH, "Related Topics", "Kazakhstan Protests", "Follow us"])
    assert cleaned.lines == [PARAGRAPH] and cleaned.count == 3


def test_a_full_stop_split_off_by_the_export_is_joined_back() -> None:
    cleaned = clean_body(["They clashed last week", "(see previous updates)", ".", PARAGRAPH])
    assert cleaned.lines == ["They clashed last week.", PARAGRAPH]
    assert cleaned.count == 1


def test_a_site_banner_before_the_headline_goes_but_a_short_headline_stays() -> None:
    lines, removed = strip_head(
        ["Daily Planet", "Now you can read it in English...", "Curfew ordered", PARAGRAPH]
    )
    assert lines == ["Curfew ordered", PARAGRAPH] and len(removed) == 2
    lines, removed = strip_head(["Curfew ordered", PARAGRAPH])
    assert lines == ["Curfew ordered", PARAGRAPH] and removed == []


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("D.he dispatch of troops", "The dispatch of troops"),
        ("T.The dispatch of troops", "The dispatch of troops"),
        ("A.fter the riots", "After the riots"),
        ("W.e hope", "We hope"),
        ("U.S. officials said", "U.S. officials said"),
        ("X.qzt is not a word", "X.qzt is not a word"),
        ("The dispatch", "The dispatch"),
    ],
)
def test_drop_cap_artifacts_are_repaired_only_into_common_words(line: str, repaired: str) -> None:
    assert undo_drop_cap(line) == repaired
