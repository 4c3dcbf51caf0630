"""Story folders: a manifest.json naming the story, its time zone and, per file, outlet, kind, time and URL.

    {"story": "kazakhstan-2022", "timezone": "Europe/Berlin",
     "sources": [{"file": "000.txt", "outlet": "Merkur", "kind": "ticker",
                  "published": "2022-01-12T05:47:29+01:00", "url": "https://…"}]}

``published`` is a full ISO time, or a date alone for day precision.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ticker.errors import SourceError
from ticker.ingest.page import Page
from ticker.ingest.timestamps import parse_published

MANIFEST = "manifest.json"
KINDS = ("ticker", "article", "auto", "feed", "jsonl")


@dataclass(frozen=True)
class Entry:
    """One file of a story folder, with what the manifest says about it."""

    path: Path
    page: Page


def slug(text: str) -> str:
    name = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")[:64]
    return name or "story"


def zone_named(name: str, where: str, position: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(where, position, f"unknown time zone {name!r}") from None


def load(folder: Path, raw: bytes) -> dict[str, Any]:
    where = str(folder / MANIFEST)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SourceError(where, "manifest", f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise SourceError(where, "manifest", "expected an object with a list of 'sources'")
    return data


def entries(
    folder: Path, data: dict[str, Any], *, story: str | None, now: datetime
) -> tuple[list[Entry], list[SourceError]]:
    """The manifest's files as entries; a bad entry is an error and the others still count."""
    where = str(folder / MANIFEST)
    name = story or str(data.get("story") or "") or slug(folder.name)
    found: list[Entry] = []
    errors: list[SourceError] = []
    for number, raw in enumerate(data.get("sources", []), start=1):
        position = f"source {number}"
        try:
            found.append(_entry(folder, raw, name, str(data.get("timezone") or "UTC"), now, where, position))
        except SourceError as exc:
            errors.append(exc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            errors.append(SourceError(where, position, f"bad entry: {type(exc).__name__}: {exc}"))
    return found, errors


def _entry(
    folder: Path, raw: dict[str, Any], story: str, default_zone: str, now: datetime, where: str, position: str
) -> Entry:
    file = str(raw["file"])
    path = (folder / file).resolve()
    if folder.resolve() not in path.parents:
        raise SourceError(where, position, f"{file!r} is outside the story folder")
    zone = zone_named(str(raw.get("timezone") or default_zone), where, position)
    kind = str(raw.get("kind") or "auto")
    if kind not in KINDS:
        raise SourceError(where, position, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    published, is_day = (
        parse_published(str(raw["published"]), zone) if raw.get("published") else (None, False)
    )
    page = Page(
        story=story,
        outlet=str(raw.get("outlet") or Path(file).stem),
        source=file,
        zone=zone,
        kind=kind,
        published=published,
        published_is_day=is_day,
        url=None if raw.get("url") is None else str(raw["url"]),
        now=now,
        location=str(folder / file),
    )
    return Entry(folder / file, page)
