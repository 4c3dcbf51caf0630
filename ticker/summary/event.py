"""The story's own event, as its items tell it, and the reports that belong to another one.

Enrichment reads one item at a time and marks what a sentence itself says is background ("a
fortnight ago", "in 2013", "two weeks since a tremor killed ..."). Only the story knows when
its event began: its earliest item. A report whose sentence dates what it counts to a day before
that ("the earthquake that devastated the region on 25 April", read in a story that began on 12
May) counts another event, however it is worded, and never becomes the story's figure.

The start is the earliest item's time, so any arrival order gives the same judgment: an earlier
item that arrives late moves the start, and the fold judges every report again.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date, datetime, timedelta

from ticker.ingest.timestamps import BadDate, nearest_year

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = "|".join(MONTHS) + "|" + "|".join(m[:3] for m in MONTHS) + r"|sept"
# "on 25 April", "April 25th", "25th of April"; a bare month ("in April") is not a day
_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!\s*,?\s*\d{{4}})",
    re.I,
)
# the story's first item may come a day or two after its event began ("struck on Saturday")
SLACK = timedelta(days=2)


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3]))


def days_named(quote: str, start: datetime) -> list[date]:
    """The calendar days a sentence names, each placed in the year that puts it nearest the start."""
    out = []
    for found in _DATE.finditer(quote):
        day = int(found.group("day") or found.group("day2"))
        month = _month(found.group("month") or found.group("month2"))
        with suppress(BadDate):  # "31 April": no day at all
            out.append(nearest_year(month, day, start.date()))
    return out


def earlier_event(quote: str, start: datetime | None) -> str | None:
    """Why a report counts an event before the story's own (None: it may be the story's)."""
    if start is None:
        return None
    named = days_named(quote, start)
    before = [d for d in named if d < (start - SLACK).date()]
    if before and len(before) == len(named):
        return f"it dates what it counts to {before[0]:%d %B}, before the story began ({start:%d %B})"
    return None
