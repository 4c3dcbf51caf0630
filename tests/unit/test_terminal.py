"""Untrusted text never reaches a terminal raw."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from tests.factories import enriched, item
from ticker.escape import clean
from ticker.terminal import figure_label, item_line

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
    ],
)
def test_figures_are_labelled_the_way_a_reader_says_them(metric: str, subject: str, label: str) -> None:
    assert figure_label(metric, subject) == label
