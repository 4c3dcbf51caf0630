"""RSS and Atom feeds through feedparser, always from bytes: given a path or URL string it would open it."""

from __future__ import annotations

import io
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser

from ticker.errors import SourceError
from ticker.ingest.boilerplate import clean_feed_text
from ticker.ingest.charset import feed_as_utf8
from ticker.ingest.current_events_feed import current_events_items
from ticker.ingest.htmltext import html_to_text, looks_like_html
from ticker.ingest.identity import entry_id, entry_key
from ticker.ingest.month_names import english_date_field
from ticker.ingest.prefilter import repair_char_refs
from ticker.ingest.result import IngestResult
from ticker.ingest.text import first_sentence, normalise, one_line, revision
from ticker.ingest.timestamps import BadDate, from_struct, parse_feed_date
from ticker.models import ItemKind, Precision, TickerItem

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_TITLE = 500
MAX_TEXT = 100_000
MAX_MARKUP = 10 * MAX_TEXT
_CLOCK = re.compile(r"\d:\d\d")


def parse_feed_bytes(
    data: bytes,
    *,
    source: str,
    story: str,
    outlet: str | None = None,
    now: datetime | None = None,
    zone: str = "UTC",
    base_url: str | None = None,
    content_type: str | None = None,
) -> IngestResult:
    """Entries of an RSS/Atom document as feed-entry items; problems as errors at ``source:feed``.

    ``base_url`` (where the bytes came from) resolves relative links; ``content_type``
    is the HTTP header, whose charset feedparser weighs against the XML declaration.
    """
    now = now or datetime.now(UTC)
    if not isinstance(data, bytes):
        raise TypeError("parse_feed_bytes takes bytes, never a path or URL")
    if len(data) > MAX_FEED_BYTES:
        return IngestResult.failed(SourceError(source, "feed", f"feed is over {MAX_FEED_BYTES} bytes"))
    headers = {"content-location": base_url or "", "content-type": content_type or "application/xml"}
    data, repaired = repair_char_refs(data)
    transcoded = feed_as_utf8(data, content_type)
    if transcoded is None:
        offset = next((i for i, b in enumerate(data) if b >= 0x80), 0)
        return IngestResult.failed(
            SourceError(source, f"byte {offset}", "cannot tell the charset: none decodes it cleanly")
        )
    data = transcoded
    try:
        # a stream, never bytes: feedparser opens bytes that look like a path as a local file
        parsed = feedparser.parse(
            io.BytesIO(data), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as exc:  # feedparser raises on some inputs (#599: a lone surrogate reference)
        reason = f"parse_error:{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
        return IngestResult.failed(SourceError(source, "feed", reason))
    feed_title = one_line(html_to_text(str(parsed.feed.get("title", ""))))[:MAX_TITLE]
    name = outlet or feed_title or source
    base = base_url or _absolute(str(parsed.feed.get("link") or ""))
    items: list[TickerItem] = []
    errors: list[SourceError] = []
    warnings: list[SourceError] = []
    seen: dict[str, tuple[int, str]] = {}
    for number, entry in enumerate(parsed.entries, start=1):
        position = f"entry {number}"
        bullets = current_events_items(entry, story=story, source=source, position=position, now=now)
        if bullets:
            items.extend(bullets)
            continue
        item = _entry_item(entry, story=story, outlet=name, source=source,
                           position=position, now=now, zone=ZoneInfo(zone), base=base)  # fmt: skip
        if item is None:
            errors.append(SourceError(source, position, "entry has neither title nor text"))
            continue
        first = seen.get(item.id)
        if first is not None:
            if first[1] != item.revision:
                reason = f"duplicate id of entry {first[0]} with other text; kept entry {first[0]}"
                errors.append(SourceError(source, position, reason))
            continue
        seen[item.id] = (number, item.revision)
        items.append(item)
        unread = unreadable_date(entry) if item.precision is Precision.INGESTED else None
        if unread is not None:
            reason = f"cannot read the date {unread!r}; ingestion time stands in (precision 'ingested')"
            warnings.append(SourceError(source, position, reason))
    if repaired:
        reason = f"{repaired} numeric character reference(s) naming no character replaced by U+FFFD"
        errors.append(SourceError(source, "feed", reason))
    problems = _feed_problems(parsed, source, len(items), data)
    if not items:
        for error in errors:
            log.debug("%s (nothing recovered from the feed)", error)
        return IngestResult.of((), problems)  # one line says why the feed gave nothing
    return IngestResult.of(items, errors + problems, warnings)


def _feed_problems(parsed: Any, source: str, count: int, data: bytes) -> list[SourceError]:
    html = " (an HTML page)" if looks_like_html(data) else ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
        if count:
            log.warning("%s: ill-formed feed, recovered %d entries: %s", source, count, reason)
            return [SourceError(source, "feed", f"ill-formed feed ({reason}); recovered {count} entries")]
        return [SourceError(source, "feed", f"not a readable feed ({reason})")]
    if not count:
        if not parsed.get("version"):
            return [SourceError(source, "feed", f"not an RSS or Atom feed{html}")]
        return [SourceError(source, "feed", "feed has no entries")]
    return []


def _absolute(url: str) -> str | None:
    return url if urlsplit(url).scheme in ("http", "https") else None


def _entry_item(
    entry: Any,
    *,
    story: str,
    outlet: str,
    source: str,
    position: str,
    now: datetime,
    zone: ZoneInfo,
    base: str | None,
) -> TickerItem | None:
    title = one_line(_text_of(entry.get("title_detail"), str(entry.get("title", ""))))[:MAX_TITLE]
    text, removed = clean_feed_text(_entry_text(entry)[:MAX_TEXT])
    if not (title or text):
        return None
    title = title or first_sentence(text)
    raw_link = str(entry.get("link") or "").strip()
    link = _web_url(urljoin(base, raw_link) if base and raw_link else raw_link)
    published, day_only = entry_time(entry, zone) or (None, False)
    when = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    key = entry_key(str(entry.get("id") or ""), raw_link, feed=outlet, fallback=f"{title}|{when}")
    precision = Precision.DAY if day_only else Precision.MINUTE
    return TickerItem(
        id=entry_id(story, key),
        revision=revision(title + "\n" + text),
        story=story,
        outlet=outlet,
        source=source,
        position=position,
        kind=ItemKind.FEED_ENTRY,
        title=title,
        text=text,
        url=link,
        stated_at=None,
        published_at=None if published is None else published.astimezone(UTC),
        ingested_at=now.astimezone(UTC),
        precision=precision if published else Precision.INGESTED,
        timezone=zone.key,
        boilerplate_removed=removed,
    )


def _web_url(url: str) -> str | None:
    """Only an absolute http(s) link is a URL to show: not a tag: or urn: id, nor javascript: or data:."""
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _text_of(detail: Any, value: str) -> str:
    value = value[:MAX_MARKUP]  # no more than this can be needed for MAX_TEXT of text
    if detail and detail.get("type") == "text/plain":
        return normalise(value)
    return html_to_text(value)


def _entry_text(entry: Any) -> str:
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return _text_of(best, str(best.get("value", "")))
    return _text_of(entry.get("summary_detail"), str(entry.get("summary", "")))


def entry_time(entry: Any, zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """published, else updated, else created, and whether it is a date alone.

    The raw string keeps its zone; feedparser's UTC tuple is the fallback for
    strings dateutil cannot read. A date alone ("2022-01-08") is day-precise.
    """
    for field in ("published", "updated", "created"):
        raw = dict.get(entry, field)  # FeedParserDict.get maps updated to published, with a warning
        try:
            moment = parse_feed_date(str(raw), zone) if raw else None
        except BadDate:
            return None  # readable and wrong: feedparser's tuple would be just as wrong
        if moment is not None:
            return moment, not _CLOCK.search(str(raw))
        parsed = dict.get(entry, f"{field}_parsed")
        fallback = from_struct(tuple(parsed)) if parsed else None
        if fallback is not None:
            return fallback, False
    return None


def unreadable_date(entry: Any) -> str | None:
    """The entry's date as written, when it has one (that none of the readers could use)."""
    for field in ("published", "updated", "created"):
        raw = dict.get(entry, field)
        if raw and str(raw).strip():
            return one_line(str(raw))[:80]
    return None


def _foreign_date(raw: str) -> time.struct_time | None:
    """feedparser's date handler for month and day names in other languages ("Seg, 24 Set 2018")."""
    if english_date_field(raw) is None:
        return None
    try:
        moment = parse_feed_date(raw)
    except BadDate:
        return None
    return None if moment is None else moment.astimezone(UTC).timetuple()


feedparser.registerDateHandler(_foreign_date)
