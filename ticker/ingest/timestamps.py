"""Times as news text writes them, read with python-dateutil after a pre-clean.

Without the pre-clean dateutil reads "1.30 p.m." as 13:00 and "7.1.2022" as July;
German outlets write clocks with a dot and dates day first, so both are rewritten
into unambiguous forms ("1:30 PM", "2022-01-07") before dateutil sees them. A
regex finds where a time is; dateutil reads it.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from dateutil import parser as dateparser

from ticker.ingest.month_names import FULL_MONTH_PATTERN, english_date_field, english_months

_MONTH_NAMES = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?|"
    + FULL_MONTH_PATTERN  # full names in other languages; their abbreviations are ordinary words too
)
_GERMAN_MONTHS = {
    "januar": "January", "februar": "February", "märz": "March", "mai": "May", "juni": "June", "juli": "July",
    "oktober": "October", "okt": "Oct", "dezember": "December", "dez": "Dec",
}  # fmt: skip
_MONTH = rf"(?:{_MONTH_NAMES})(?![^\W\d_])\.?"  # a whole word: "sept" is not the start of "septembre"
_DAY = r"\d{1,2}(?:st|nd|rd|th|\.)?"
_YEAR = r"\d{4}"
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\b\.?|uhr\b|h\b)|\d{1,2}:\d{2}(?::\d{2})?"
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:de\s+)?{_MONTH}(?:,?\s+(?:de\s+)?{_YEAR})?|"
    rf"\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\.?),?\s+"
# RFC 822 and common named zones; dateutil knows none of them by itself.
ZONE_NAMES: dict[str, int] = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 3600, "CET": 3600, "MEZ": 3600, "CEST": 7200,
    "MESZ": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800, "EST": -18000, "EDT": -14400, "CST": -21600,
    "CDT": -18000, "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200, "AST": -14400,
    "ADT": -10800, "JST": 32400, "IST": 19800, "AEST": 36000, "AEDT": 39600,
}  # fmt: skip
# a zone written after a clock ("8:09 p.m. UTC", "14:05 CET", "9 am GMT+1"): it wins over the page's
_ZONE = (
    r"(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?\b|(?:"
    + "|".join(sorted((z for z in ZONE_NAMES if len(z) > 2), key=len, reverse=True))
    + r")\b"
)
# A date with an optional clock after it ("January 8, 4:20 p.m."), or a bare clock ("12.40 p.m.", "14:05").
MOMENT = re.compile(
    rf"(?:{_WEEKDAY})?(?P<date>{_DATE})(?:,?\s+(?:(?:at|um|à|às|a\s+las|om|alle|kl\.?|o|в|saat)\s+|-\s+|•\s+)?(?P<clock>{_CLOCK})"
    rf"(?:\s?(?P<zone>{_ZONE}))?)?"
    rf"|(?P<bare>{_CLOCK})(?:\s?(?P<barezone>{_ZONE}))?",
    re.I,
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_AMPM = re.compile(r"(?<=[\d\s])([ap])\.?\s?m\b\.?", re.I)
_DOTTED_CLOCK = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?!\.\d)")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")  # German order: 7.1.2022
_MONTH_DAY_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")  # US order: 01/12/2022
_GERMAN_DAY = re.compile(r"\b(\d{1,2})\.(?=\s+[A-Za-zä])")  # "8. Januar"
_CLOCK_CONNECTOR = re.compile(r"\s(?:à|às|a\s+las|om|alle|kl\.?|o|в|saat)\s+(?=\d)", re.I)
_LABEL = re.compile(r"\b(?:uhr|h)\b", re.I)
_YEAR_IN = re.compile(r"\b\d{4}\b")
_CLOCK_IN = re.compile(r"\d:\d{2}|\d\s?[AP]M\b")
_DATE_IN = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|\b(?:{_MONTH_NAMES})\b", re.I)


# Labels of a line that says when a page was written or updated.
DATELINE_LABEL = re.compile(
    r"^(as of|stand|updated|created|published|last updated|posted|veröffentlicht|aktualisiert|date|"
    r"publicado( em| el)?|atualizado( em)?|actualizado( el)?|publié le|mis à jour le|pubblicato( il)?|"
    r"aggiornato( il)?|gepubliceerd( op)?|bijgewerkt( op)?|opublikowano|zaktualizowano|опубликовано|"
    r"обновлено|publicerad|uppdaterad|publiceret|opdateret|publisert|oppdatert|yayınlanma|güncelleme)"
    r"(?![^\W\d_])\s*:?\s*",
    re.I,
)
MAX_OFFSET = timedelta(hours=14)
LOOKAHEAD = timedelta(days=7)  # how far past its reference date a page may still report


class BadDate(ValueError):
    """Raised when text names a date or time that does not exist (February 30, 25:00)."""


@dataclass(frozen=True)
class Stated:
    """A time read from text. ``day`` is None for a bare clock; ``year_given`` says if the text had one."""

    day: date | None
    year_given: bool
    clock: time | None
    span: tuple[int, int]
    offset: int | None = None  # seconds east of UTC, when the text names a zone

    def resolve(self, zone: tzinfo, reference: date) -> datetime:
        """An aware moment in ``zone`` (or the zone the text names); a missing year is the one nearest
        ``reference`` (New Year)."""
        day = self.day or reference
        if self.day is not None and not self.year_given:
            day = nearest_year(day.month, day.day, reference)
        if self.offset is not None:
            zone = timezone(timedelta(seconds=self.offset))
        return datetime.combine(day, self.clock or time(0), zone)


def nearest_year(month: int, day: int, reference: date) -> date:
    """The date with this month and day nearest ``reference``: "December 31" in January: last year's."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise BadDate(f"no such date: {_month_name(month)} {day}")
    settled = [d for d in candidates if d <= reference + LOOKAHEAD]
    if settled:
        return max(settled)  # news is about the past of the page that tells it
    return min(candidates, key=lambda d: abs((d - reference).days))


def _month_name(month: int) -> str:
    return date(2000, month, 1).strftime("%B")


def preclean(text: str) -> str:
    """Rewrite news-style times into forms dateutil reads unambiguously."""
    text = re.sub(r"(?<=\d)(?=[A-Za-z]{3})", " ", text)  # "01/12/2022Updated"
    text = _DAY_MONTH_YEAR.sub(lambda m: _iso(m[3], m[2], m[1]), text)
    text = _MONTH_DAY_YEAR.sub(
        lambda m: _iso(m[3], m[1], m[2]) if int(m[1]) <= 12 else _iso(m[3], m[2], m[1]), text
    )
    text = _ORDINAL.sub(r"\1", text)
    text = _GERMAN_DAY.sub(r"\1", text)
    text = _AMPM.sub(lambda m: " " + m[1].upper() + "M", text)
    text = _DOTTED_CLOCK.sub(r"\1:\2", text)
    text = _LABEL.sub("", text)
    text = re.sub(r"(?<=\w)\s+de\s+(?=\w)", " ", english_months(text))  # "24 de septiembre de 2018"
    text = _CLOCK_CONNECTOR.sub(" ", text)  # "à 10:00", "om 10:00", "alle 10.30"
    for german, english in _GERMAN_MONTHS.items():
        text = re.sub(rf"\b{german}\b", english, text, flags=re.I)
    return " ".join(text.replace("•", " ").split()).strip(" ,.:;-")


def _iso(year: str, month: str, day: str) -> str:
    full = int(year) + (2000 if len(year) == 2 else 0)
    return f"{full:04d}-{int(month):02d}-{int(day):02d}"


def read_time(raw: str) -> Stated:
    """One date and/or clock phrase (the whole of ``raw``); raises BadDate for impossible values."""
    text = preclean(raw)
    default = datetime(2000, 1, 1)  # a leap year, so "February 29" without a year is not rejected here
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(text, default=default, tzinfos=ZONE_NAMES)
    except (ValueError, OverflowError) as exc:
        raise BadDate(f"cannot read {raw.strip()!r} as a time: {exc}") from None
    has_clock = bool(_CLOCK_IN.search(text))
    has_date = bool(_DATE_IN.search(text))
    year_given = bool(_YEAR_IN.search(text))
    return Stated(
        day=parsed.date() if has_date else None,
        year_given=year_given,
        clock=parsed.time() if has_clock else None,
        span=(0, len(raw)),
    )


def find_time(text: str, *, start_only: bool = False) -> Stated | None:
    """The first date/clock phrase in ``text`` (or only at its start); raises BadDate for impossible ones."""
    for match in MOMENT.finditer(text):
        if start_only and match.start() != 0:
            return None
        if match["bare"] and not re.search(r":|[ap]\.?\s?m|uhr|h\b", match["bare"], re.I):
            continue
        zone = match["zone"] or match["barezone"]
        text = match.group(0)
        if zone:
            text = text[: match.start("zone" if match["zone"] else "barezone") - match.start()]
        stated = read_time(text)
        return replace(stated, span=match.span(), offset=None if zone is None else zone_offset(zone))
    return None


def zone_offset(name: str) -> int:
    """Seconds east of UTC of a zone as written after a clock ("BST", "GMT+1", "UTC-05:00")."""
    name = name.upper().replace(" ", "")
    if name in ZONE_NAMES:
        return ZONE_NAMES[name]
    sign = 1 if "+" in name else -1
    hours, _, minutes = name[3:].lstrip("+-").partition(":")
    if len(hours) > 2:  # "+0530"
        hours, minutes = hours[:-2], hours[-2:]
    return sign * (int(hours) * 3600 + int(minutes or 0) * 60)


def find_date(text: str) -> Stated | None:
    """The first phrase in ``text`` with a full date (a year included), or None."""
    for match in MOMENT.finditer(text):
        if match["date"]:
            try:
                stated = read_time(match.group(0))
            except BadDate:
                continue
            if stated.day is not None and stated.year_given:
                return replace(stated, year_given=True, span=match.span())
    return None


ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b")


def find_iso(text: str) -> datetime | None:
    match = ISO_MOMENT.search(text)
    if not match:
        return None
    try:
        return datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_published(value: str, zone: tzinfo) -> tuple[datetime, bool]:
    """A manifest time: full ISO (minute precision) or a bare date (day precision, local midnight).

    Raises ValueError for anything else.
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.combine(date.fromisoformat(value), time(0), zone), True
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)), False


def parse_feed_date(raw: str, zone: tzinfo = UTC) -> datetime | None:
    """An RSS/Atom date string with its own zone kept (RFC 822 names included); None if unreadable.

    A date without a zone is taken in ``zone``. Raises BadDate for a readable but
    impossible one (an offset beyond 14 hours, a year outside 1900-2999).
    """
    text = raw.strip()
    if not text or len(text) > 100:
        return None
    moment = None
    # the English form first: dateutil reads "Seg, 24 Set 2018" without error as the wrong day
    for candidate in (english_date_field(text), text):
        if candidate is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                moment = dateparser.parse(candidate, tzinfos=ZONE_NAMES)
            break
        except (ValueError, OverflowError):
            continue
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        offset = moment.utcoffset()
    except ValueError:
        offset = None
    if offset is None or abs(offset) > MAX_OFFSET or not 1900 <= moment.year <= 2999:
        raise BadDate(f"impossible date {text!r}")
    return moment


def from_struct(parsed: tuple[int, ...]) -> datetime | None:
    """feedparser's UTC-normalised time tuple, as a fallback when the raw string is unreadable to dateutil."""
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (TypeError, ValueError):
        return None
