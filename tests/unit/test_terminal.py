"""Untrusted text never reaches a terminal raw."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from rich.console import Console

from tests.factories import claim, enriched, item
from ticker.escape import clean
from ticker.models import Metric, TimeBound
from ticker.summary import fold
from ticker.terminal import figure_label, item_line, print_summary

HOSTILE = [
    "\x1b[2J\x1b[31mred",  # CSI: clear screen, colour
    "\x1b]0;owned\x07title",  # OSC: set window title
    "\x9b31mC1 CSI",  # C1 control
    "nul\x00byte",
    "bidi \u202egnp.exe",  # right-to-left override
    "zero\u200bwidth",
    "bell\x07",
    "line\u2028separator",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_clean_leaves_no_control_or_format_character(text: str) -> None:
    out = clean(text)
    assert all(ch.isprintable() for ch in out), repr(out)
    assert "\\u" in out


def test_clean_keeps_ordinary_text_and_cuts_width() -> None:
    assert clean("Tokayev  spoke\nof “terrorists” [sic]") == "Tokayev spoke of “terrorists” [sic]"
    assert clean("x" * 50, width=10) == "x" * 9 + "…"


@pytest.mark.parametrize("color", [True, False])
def test_item_line_renders_hostile_titles_harmlessly(color: bool) -> None:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, color_system="standard" if color else None, markup=False
    )
    for text in HOSTILE:
        console.print(item_line(enriched(item(1, "2022-01-08T10:00+01:00", outlet=text), lead=text)))
    out = buffer.getvalue()
    for bad in ("\x00", "\x07", "\x9b", "\u202e", "\u200b", "]0;owned"):
        assert bad not in out.replace("\\u", "") or (bad == "]0;owned" and "\\u001b]0;owned" in out)
    if not color:
        assert "\x1b" not in out


@pytest.mark.parametrize(
    ("metric", "subject", "label"),
    [
        ("arrested", "people", "people arrested"),
        ("killed", "security_forces", "security forces killed"),
        ("deployed", "foreign_troops", "foreign troops deployed"),
        ("attacking", "attackers", "attackers"),
        ("buildings_damaged", "buildings", "buildings damaged"),
        ("on_board", "people", "people on board"),
    ],
)
def test_figures_are_labelled_the_way_a_reader_says_them(metric: str, subject: str, label: str) -> None:
    assert figure_label(metric, subject) == label


def rendered(summary: dict[str, Any], at: datetime | None = None, day: str | None = None) -> str:
    buffer = io.StringIO()
    bound = TimeBound.parse(day) if day else TimeBound(at) if at else None
    print_summary(Console(file=buffer, width=220), summary, at=bound)
    return buffer.getvalue()


HEALTH_MINISTRY = "Ministry of Health via state television"


def test_a_summary_at_a_past_time_says_what_we_knew_then_in_singular_and_plural() -> None:
    one = enriched(item(1, "2022-01-07T10:00+01:00", outlet="n-tv"))
    other = enriched(item(2, "2022-01-07T11:00+01:00", outlet="Welt"))
    then = rendered(fold("test-story", [one]).to_dict(), at=datetime(2022, 1, 7, 10, 30, tzinfo=UTC))
    now = rendered(fold("test-story", [one, other]).to_dict())
    assert "test-story — what we knew at 2022-01-07 11:30 CET" in then and "know now" not in then
    assert "· 1 item from 1 outlet" in then
    assert "test-story — what we know now" in now and "· 2 items from 2 outlets" in now
    assert "test-story — what we knew on 2022-01-07" in rendered(
        fold("test-story", [one]).to_dict(), day="2022-01-07"
    )


def test_a_long_development_is_cut_between_words() -> None:
    lead = " ".join(f"word{n}" for n in range(60))
    out = rendered(fold("test-story", [enriched(item(1, "2022-01-07T10:00+01:00"), lead=lead)]).to_dict())
    shown = re.search(r"CET  (word.*?)…", out)
    assert shown and lead.startswith(shown.group(1)) and lead[len(shown.group(1))] == " "


def test_a_withdrawn_report_names_claimant_and_outlet_without_nested_brackets() -> None:
    report = claim(Metric.KILLED, 160, claimant=HEALTH_MINISTRY)
    withdrawn = claim(Metric.KILLED, 160, claimant=HEALTH_MINISTRY, retracted=True)
    out = rendered(
        fold(
            "test-story",
            [
                enriched(item(1, "2022-01-07T10:00+01:00", outlet="n-tv"), report),
                enriched(item(2, "2022-01-07T12:00+01:00", outlet="n-tv"), withdrawn),
            ],
        ).to_dict()
    )
    assert f"WITHDRAWN: 160  {HEALTH_MINISTRY} (n-tv)" in out
    assert not re.search(r"\([^()]*\(", out), out  # no bracket opens inside another


def test_an_item_line_names_its_story_when_asked() -> None:
    one = enriched(item(1, "2022-01-07T10:00+01:00", story="second-story"))
    assert item_line(one, story=True).plain.startswith("second-story  2022-01-07 10:00 CET")
    assert item_line(one).plain.startswith("2022-01-07 10:00 CET")


def test_clean_cuts_between_words_unless_a_word_fills_the_width() -> None:
    assert clean("the head of state Kassym-Shomart Tokayev", width=36) == "the head of state Kassym-Shomart…"
    assert clean("aaaa bbbb, cccc", width=11) == "aaaa bbbb…"
    assert clean("a" + "b" * 30, width=10) == "a" + "b" * 8 + "…"


def test_a_figure_says_how_well_its_current_value_is_backed_and_what_waits() -> None:
    toll = claim(Metric.KILLED, 12, claimant="the interior ministry")
    jump = claim(Metric.KILLED, 8000, claimant="a blogger")
    out = rendered(
        fold(
            "test-story",
            [
                enriched(item(1, "2022-01-07T10:00+01:00"), toll),
                enriched(item(2, "2022-01-07T10:30+01:00"), jump),
            ],
        ).to_dict()
    )
    assert "conflicting: 1 source, official (an official source)" not in out  # the first report
    assert "conflicting: 1 source, official (the first report)" in out
    assert "UNCONFIRMED: 8,000  a blogger" in out
