"""The HTML of the pages: small shells, every value escaped; the script fills in the data.

Nothing from a source is put into markup here: the index shows story names (checked to
a-z 0-9 . _ -) and counts, the story page echoes the query's filters as attribute values,
both through ``html.escape``. The page's script sets all news text with ``textContent``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ticker.models import Category, Metric, Topic
from ticker.web.query import FILTER_NAMES

STATIC = "/static"
NO_STORIES = "No stories yet: replay some sources."


def _page(title: str, body: str, *, script: bool) -> str:
    scripts = (
        f'<script src="{STATIC}/chart.js" defer></script><script src="{STATIC}/page.js" defer></script>'
        if script
        else ""
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{STATIC}/page.css">{scripts}</head>'
        f"<body>{body}</body></html>\n"
    )


def index_page(stories: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<li><a href="/stories/{escape(s["story"])}">{escape(s["story"])}</a>'
        f' <span class="dim">{int(s["items"])} items · version {int(s["version"])}</span></li>'
        for s in stories
    )
    body = (
        '<header><h1>ticker</h1><p class="dim">live stories in this Redis</p></header><main>'
        + (
            f'<ul id="stories">{rows}</ul>'
            if rows
            else '<p id="stories">No stories yet: replay some sources.</p>'
        )
        + "</main>"
    )
    return _page("ticker", body, script=False)


def _select(name: str, choices: list[str], chosen: str) -> str:
    options = '<option value="">any</option>' + "".join(
        f'<option value="{escape(c)}"{" selected" if c == chosen else ""}>{escape(c)}</option>'
        for c in choices
    )
    return f'<label>{name} <select name="{name}">{options}</select></label>'


def _text(name: str, value: str, hint: str) -> str:
    return (
        f'<label>{name} <input name="{name}" value="{escape(value, quote=True)}" '
        f'placeholder="{escape(hint, quote=True)}"></label>'
    )


def filter_form(query: dict[str, str]) -> str:
    parts = [
        _select("metric", [m.value for m in Metric], query.get("metric", "")),
        _text("entity", query.get("entity", ""), "name"),
        _text("outlet", query.get("outlet", ""), "outlet"),
        _select("category", [c.value for c in Category], query.get("category", "")),
        _select("topic", [t.value for t in Topic], query.get("topic", "")),
        _text("since", query.get("since", ""), "2022-01-08T12:00"),
        _text("at", query.get("at", ""), "what was known at…"),
    ]
    return f'<form id="filters" method="get">{"".join(parts)}<button>apply</button></form>'


def story_page(story: str, query: dict[str, str]) -> str:
    wanted = {k: v for k, v in query.items() if k in (*FILTER_NAMES, "at")}
    body = (
        f'<header><a href="/">ticker</a> / <h1 id="story" data-story="{escape(story, quote=True)}">'
        f"{escape(story)}</h1>"
        '<p id="status" class="dim">loading…</p><p id="as-of" class="dim"></p></header>'
        "<main>"
        '<section id="now"><h2 id="now-title">What we know now</h2><div id="figures"></div></section>'
        '<section id="charts"><h2>Figures over event time</h2><div id="chart-list"></div></section>'
        '<section id="actors-section"><h2>Key actors</h2><ul id="actors"></ul></section>'
        '<section id="developments-section"><h2>Latest developments</h2><ol id="developments"></ol></section>'
        f'<section id="feed-section"><h2>Items, newest first</h2>{filter_form(wanted)}'
        '<ol id="feed"></ol></section>'
        "</main>"
        "<noscript>This page reads the story live with JavaScript; "
        "`ticker summary` and `ticker tail` show the same in a terminal.</noscript>"
    )
    return _page(f"{story} · ticker", body, script=True)
