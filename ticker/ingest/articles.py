"""Articles: one item per page, with its headline, body and the time its text states."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from importlib import resources

from ticker.ingest.boilerplate import clean_body, strip_head, words
from ticker.ingest.page import Page, PageResult, make_item
from ticker.ingest.timestamps import DATELINE_LABEL, BadDate, Stated, find_iso, find_time
from ticker.models import ItemKind

_DROP_CAP = re.compile(r"^([A-Z])\.([a-z]{1,5})\b")
_DOUBLED_INITIAL = re.compile(r"^([A-Z])\.(?=\1[a-z])")
TOP_LINES = 8


@cache
def common_words() -> dict[str, int]:
    """Rank of each word in the bundled list of frequent English words."""
    text = resources.files("ticker").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    listed = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    ranks: dict[str, int] = {}
    for rank, word in enumerate(listed):
        ranks.setdefault(word, rank)
    return ranks


def undo_drop_cap(line: str) -> str:
    """Repair a drop-cap artifact at the start of a body: "D.he dispatch" -> "The dispatch".

    The decorated initial was exported as "X." and the word's real first letter lost
    (or kept twice: "T.The"). Only a repair that yields a common word is applied.
    """
    doubled = _DOUBLED_INITIAL.match(line)
    if doubled:
        return line[doubled.end() :]
    match = _DROP_CAP.match(line)
    if not match:
        return line
    initial, fragment = match.group(1), match.group(2)
    ranks = common_words()
    candidates = [initial.lower() + fragment, fragment]
    candidates += [chr(c) + fragment for c in range(ord("a"), ord("z") + 1)]
    known = [c for c in candidates if c in ranks]
    if not known:
        return line
    best = known[0] if known[0] == candidates[0] else min(known, key=lambda c: ranks[c])
    return best[0].upper() + best[1:] + line[match.end() :]


def dateline(line: str, reference: date, page: Page) -> tuple[datetime, bool] | None:
    """The time a short metadata line states: "As of: January 8th, 2022 9:12 a.m.", "Friday, January 7, 2022".

    Returns (moment, day_only), or None when the line is more than a date.
    """
    if words(line) > 12:
        return None
    iso = find_iso(line)
    if iso is not None and words(line) <= 2:
        return iso, False
    label = DATELINE_LABEL.match(line)
    rest = line[label.end() :] if label else line
    found = _dates_in(rest)
    if not found:
        return None
    if not label and (found[0].span[0] > 0 or words(_without_spans(rest, found)) > 1):
        return None
    last = found[-1]  # "Created: … Updated: …": the latest state of the text
    try:
        return last.resolve(page.zone, reference), last.clock is None
    except BadDate:
        return None


def _dates_in(text: str) -> list[Stated]:
    """Every date phrase in ``text``, with spans relative to ``text``."""
    found: list[Stated] = []
    position = 0
    while True:
        try:
            stated = find_time(text[position:])
        except BadDate:
            return found
        if stated is None or stated.day is None:
            return found
        start, end = stated.span
        found.append(replace(stated, span=(start + position, end + position)))
        position += end


def _without_spans(text: str, found: list[Stated]) -> str:
    parts, position = [], 0
    for stated in found:
        parts.append(text[position : stated.span[0]])
        position = stated.span[1]
    parts.append(text[position:])
    return "".join(parts).strip(" ,.:;")


def read_article(lines: list[str], page: Page, reference: date) -> PageResult:
    lines, head = strip_head(lines)
    removed = len(head)
    datelines: list[tuple[datetime, bool, bool]] = []  # (moment, day_only, machine stamp)
    title = ""
    body_start = 0
    problems = []
    for index, line in enumerate(lines[:TOP_LINES]):
        moment = dateline(line, reference, page)
        if moment is not None:
            datelines.append((moment[0], moment[1], find_iso(line) is not None))
        elif DATELINE_LABEL.match(line) and re.search(r"\d", line) and words(line) <= 12:
            problems.append(page.error("article", f"cannot read the date in {line!r}; using the page's time"))
        elif not title and words(line) <= 30:
            title = line
        elif not (title and (line in title or title.startswith(line))):
            break  # anything but the headline repeated (or its kicker) by the page template
        body_start = index + 1
    removed += body_start - (1 if title else 0)  # datelines and repeated headlines
    written = [d for d in datelines if not d[2]] or datelines
    stated, stated_is_day = (written[0][0], written[0][1]) if written else (None, False)
    cleaned = clean_body(lines[body_start:])
    text_lines = cleaned.lines
    if text_lines:
        text_lines[0] = undo_drop_cap(text_lines[0])
    if not title and text_lines:
        title = re.split(r"(?<=[.!?])\s", text_lines[0], maxsplit=1)[0][:200]
    if not title and not text_lines:
        return PageResult(errors=[page.error("article", "no text left after removing page furniture")])
    item = make_item(
        page,
        "article",
        ItemKind.ARTICLE,
        title,
        text_lines,
        removed=removed + cleaned.count,
        stated=stated,
        stated_is_day=stated_is_day,
    )
    return PageResult(items=[item], errors=problems)
