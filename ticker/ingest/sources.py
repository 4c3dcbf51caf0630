"""One entry point for every kind of source: a story folder, a text page, a feed, JSON lines, a URL.

A problem with one source (missing, unreadable, too big, binary, ill-formed) is an
error in the result; it never hides the other sources' items and never raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ticker.errors import SourceError, SourceUnavailable
from ticker.ingest import manifest
from ticker.ingest.feeds import parse_feed_bytes
from ticker.ingest.fetch import FetchPolicy, fetch_feed
from ticker.ingest.htmltext import html_to_text, looks_like_html
from ticker.ingest.jsonl import parse_jsonl
from ticker.ingest.page import Page
from ticker.ingest.result import IngestResult
from ticker.ingest.text import decode_bytes
from ticker.ingest.textpage import read_page

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
HTML_SUFFIXES = (".html", ".htm")
_XML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<(\?xml|rss[\s>]|feed[\s>]|rdf:RDF|channel[\s>])", re.I)


def read_sources(
    paths: Sequence[str],
    *,
    story: str | None = None,
    now: datetime | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    policy: FetchPolicy | None = None,
) -> IngestResult:
    """Every item of every source, sorted by (sort_time, id), and one error per bad source or position."""
    now = now or datetime.now(UTC)
    results = [read_source(path, story=story, now=now, max_bytes=max_bytes, policy=policy) for path in paths]
    return IngestResult.merge(results)


def read_source(
    path: str,
    *,
    story: str | None = None,
    now: datetime | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    policy: FetchPolicy | None = None,
) -> IngestResult:
    now = now or datetime.now(UTC)
    try:
        if re.match(r"^https?://", path, re.I):
            return _read_url(path, story, now, policy)
        target = Path(path)
        if target.is_dir():
            return _read_story_dir(target, path, story, now, max_bytes)
        entry = _listed_in_manifest(target, story, now)
        if entry is not None:
            return _read_file(entry.path, replace(entry.page, location=path), max_bytes)
        name = story or manifest.slug(target.stem)
        page = Page(name, target.stem, target.name, now=now, location=path, outlet_given=False)
        return _read_file(target, page, max_bytes)
    except SourceError as exc:
        return IngestResult.failed(exc)


def _read_url(url: str, story: str | None, now: datetime, policy: FetchPolicy | None) -> IngestResult:
    fetched = fetch_feed(url, policy=policy)
    name = story or manifest.slug(urlsplit(url).hostname or "feed")
    return parse_feed_bytes(
        fetched.body, source=url, story=name, now=now, base_url=fetched.url, content_type=fetched.content_type
    )


def read_bytes(path: Path, where: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing (without reading it all) one over ``max_bytes``."""
    try:
        if path.is_dir():
            raise SourceUnavailable(where, "open", "is a directory without a manifest.json")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
            size = max(len(data), path.stat().st_size)
    except FileNotFoundError:
        raise SourceUnavailable(where, "open", "no such file or directory") from None
    except PermissionError:
        raise SourceUnavailable(where, "open", "permission denied") from None
    except OSError as exc:
        raise SourceUnavailable(where, "open", exc.strerror or str(exc)) from None
    if size > max_bytes:
        limit = f"{max_bytes / 2**20:g} MB" if max_bytes % 2**20 == 0 else f"{max_bytes / 2**10:g} KB"
        amount = f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.1f} KB"
        raise SourceError(where, "size", f"file is {amount}, over the {limit} limit")
    return data


def _read_file(path: Path, page: Page, max_bytes: int) -> IngestResult:
    data = read_bytes(path, page.where, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".jsonl" or page.kind == "jsonl":
        return parse_jsonl(decode_bytes(data, page.where), page.where)
    if (
        suffix in FEED_SUFFIXES
        or page.kind == "feed"
        or (_XML_START.match(data) and not looks_like_html(data))
    ):
        return parse_feed_bytes(
            data, source=page.source, story=page.story, outlet=page.outlet if page.outlet_given else None,
            now=page.now, zone=page.zone.key,
        )  # fmt: skip
    text = decode_bytes(data, page.where)
    if suffix in HTML_SUFFIXES or looks_like_html(data):
        text = html_to_text(text)
    reading = read_page(text, page)
    return IngestResult.of(reading.items, reading.errors)


def _listed_in_manifest(path: Path, story: str | None, now: datetime) -> manifest.Entry | None:
    """A single file from a story folder keeps what the folder's manifest says about it."""
    folder = path.parent
    manifest_path = folder / manifest.MANIFEST
    if not path.is_file() or not manifest_path.is_file():
        return None
    try:
        data = manifest.load(folder, read_bytes(manifest_path, str(manifest_path), 1024 * 1024))
        entries, _ = manifest.entries(folder, data, story=story, now=now)
    except SourceError:
        return None
    return next((e for e in entries if e.path.resolve() == path.resolve()), None)


def _read_story_dir(
    folder: Path, where: str, story: str | None, now: datetime, max_bytes: int
) -> IngestResult:
    manifest_path = folder / manifest.MANIFEST
    if not manifest_path.is_file():
        raise SourceUnavailable(where, "open", "a directory without a manifest.json")
    data = manifest.load(folder, read_bytes(manifest_path, str(manifest_path), max_bytes))
    entries, errors = manifest.entries(folder, data, story=story, now=now)
    results = [IngestResult.of((), errors)]
    for entry in entries:
        try:
            results.append(_read_file(entry.path, entry.page, max_bytes))
        except SourceError as exc:
            results.append(IngestResult.failed(exc))
    result = IngestResult.merge(results)
    log.debug("%s: %d items, %d errors", where, len(result.items), len(result.errors))
    return result
