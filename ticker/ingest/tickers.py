"""Live tickers: a page of blocks headed "Update from January 8, 4:20 p.m.:", usually newest first.

Each block becomes an item. A headline just above a header titles the block below
it; the digest and page chrome above the first block are not items; the
background after the oldest block belongs to that block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ticker.ingest.boilerplate import clean_body, furniture, is_sentence, words
from ticker.ingest.page import Page, PageResult, make_item
from ticker.ingest.timestamps import DATELINE_LABEL, BadDate, Stated, find_time
from ticker.models import ItemKind

_LABEL = re.compile(
    r"^(?:\+{2,3}\s*)?(?:(?:latest|new|first|initial|original)\s+)?"  # not "Updated:", a page's dateline
    r"(?:updates?|report|post|entry|erstmeldung|aktualisierung|eilmeldung|breaking(?:\s+news)?)"
    r"\s*(?:(?:from|of|at|on|vom|von|um|am)\b)?\s*[:,–-]?\s*",
    re.I,
)
_SEPARATOR = re.compile(r"^\s*(?:[.:;–-]+|\+{2,3})\s*")
MAX_HEADER_WORDS = 12
# a "label: address" line ("# source url: https://…") describes the page; it titles nothing
_METADATA = re.compile(r"^[#>*\s]*[\w ]{0,30}:\s*(?:https?://|www\.)\S+\s*$", re.I)


@dataclass(frozen=True)
class Header:
    """A block header: its time (None if unreadable), why not, and text after it on the same line."""

    stated: Stated | None
    problem: str | None
    rest: str
    labelled: bool


def match_header(line: str) -> Header | None:
    """The header on this line, if it starts a ticker block."""
    label = _LABEL.match(line)
    labelled = label is not None
    start = label.end() if label else len(line) - len(line.lstrip("+ "))
    remainder = line[start:]
    try:
        stated = find_time(remainder, start_only=True)
    except BadDate as exc:
        if not labelled or words(line) > MAX_HEADER_WORDS:
            return None
        return Header(None, str(exc), "", labelled)
    if stated is None or (stated.clock is None and stated.day is None):
        return None
    end = stated.span[1]
    after = remainder[end:]
    separator = _SEPARATOR.match(after)
    rest = after[separator.end() :] if separator else after
    if words(line[: start + end]) > MAX_HEADER_WORDS:
        return None
    if not labelled and (stated.clock is None or (rest and not separator)):
        return None  # a bare time is a header only alone on its line or before ":"/"–"
    return Header(stated, None, rest.strip(), labelled)


def find_headers(lines: list[str]) -> dict[int, Header]:
    return {i: h for i, line in enumerate(lines) if (h := match_header(line)) is not None}


def read_ticker(lines: list[str], page: Page, reference: date, headers: dict[int, Header]) -> PageResult:
    reading = PageResult()
    order = sorted(headers)
    starts = [_title_index(lines, h, headers) for h in order]
    head_removed = starts[0] if starts else 0
    times = _block_times(order, headers, page, reference, reading)
    for n, index in enumerate(order):
        end = starts[n + 1] if n + 1 < len(order) else len(lines)
        title = lines[starts[n]] if starts[n] < index else ""
        body = ([headers[index].rest] if headers[index].rest else []) + lines[index + 1 : end]
        if body:
            body[0] = re.sub(r"^[.:]+\s*", "", body[0])
        cleaned = clean_body([line for line in body if line])
        removed = cleaned.count + (head_removed if n == 0 else 0)
        title = title or _first_sentence(cleaned.lines)
        position = f"block {n + 1}"
        item = make_item(
            page, position, ItemKind.TICKER_UPDATE, title, cleaned.lines, removed=removed, stated=times[n]
        )
        reading.items.append(item)
    return reading


def _block_times(
    order: list[int], headers: dict[int, Header], page: Page, reference: date, reading: PageResult
) -> list[datetime | None]:
    """Each block's time; a bare clock takes its day from the block before it (or after it)."""
    times: list[datetime | None] = []
    for n, index in enumerate(order):
        stated, problem, moment = headers[index].stated, headers[index].problem, None
        if stated is not None and stated.day is not None:
            try:
                moment = stated.resolve(page.zone, reference)
            except BadDate as exc:
                problem = str(exc)
        if problem:
            reading.errors.append(page.error(f"block {n + 1}", f"{problem}; using the page's time"))
        times.append(moment)
    for n, index in enumerate(order):
        stated = headers[index].stated
        if times[n] is None and stated is not None and stated.day is None:  # a bare clock
            times[n] = _bare_clock_time(stated, n, times, page, reference)
    return times


def _bare_clock_time(
    stated: Stated, n: int, times: list[datetime | None], page: Page, reference: date
) -> datetime:
    dated = [t for t in times if t is not None]
    newest_first = len(dated) < 2 or dated[0] >= dated[-1]
    before = next((t for t in reversed(times[:n]) if t is not None), None)
    after = next((t for t in times[n + 1 :] if t is not None), None)
    anchor = before or after
    day = anchor.astimezone(page.zone).date() if anchor else reference
    moment = stated.resolve(page.zone, day)
    step = timedelta(days=1)
    if before is not None:
        if newest_first and moment > before:
            moment -= step  # went back past midnight
        elif not newest_first and moment < before:
            moment += step
    elif after is not None:
        if newest_first and moment < after:
            moment += step
        elif not newest_first and moment > after:
            moment -= step
    return moment


def _title_index(lines: list[str], header: int, headers: dict[int, Header]) -> int:
    """A headline directly above a header titles the block below it."""
    above = header - 1
    if above < 0 or above in headers or (above == 0 and header == min(headers)):
        return header  # the page's own headline is not the first block's title
    line = lines[above]
    if DATELINE_LABEL.match(line) or _METADATA.match(line):
        return header
    if words(line) > 16 or is_sentence(line) or furniture(line) or line.startswith(("(", "•", "-", "*")):
        return header
    return above


def _first_sentence(lines: list[str]) -> str:
    text = " ".join(lines)
    match = re.match(r"(.{20,200}?[.!?])(\s|$)", text)
    return (match.group(1) if match else text[:200]).strip()
