"""The feeds to poll: a TOML file of ``[[feed]]`` tables (TICKER_FEEDS or ``--feeds``).

::

    [[feed]]
    url = "https://example.org/rss"
    story = "kazakhstan-2022"
    outlet = "Example News"     # optional: the feed's title, else its host
    timezone = "Asia/Almaty"    # optional: for dates without a zone; default UTC

The whole file is checked before anything is fetched; the first problem is one
ConfigError line naming the file, the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ticker.errors import ConfigError
from ticker.keys import check_story

_KEYS = ("url", "story", "outlet", "timezone")
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*feed[ \t]*\]\]", re.M)
_TOML_POSITION = re.compile(r"^(?P<what>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.S)


class _Bad(Exception):
    def __init__(self, key: str | None, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class FeedConfig:
    url: str
    story: str
    outlet: str | None = None  # None: from the feed (see ticker.poll)
    timezone: str = "UTC"

    def to_dict(self) -> dict[str, str | None]:
        """JSON-safe: the argument of the ``ticker.poll_feed`` task."""
        return {"url": self.url, "story": self.story, "outlet": self.outlet, "timezone": self.timezone}

    @classmethod
    def from_dict(cls, data: Any) -> FeedConfig:
        """A feed from a task argument, checked like one from the file."""
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if v is not None}  # to_dict writes outlet: null
        try:
            return _feed(data)
        except _Bad as bad:
            raise ConfigError(f"feed {_where(bad)}") from None


def _where(bad: _Bad) -> str:
    return f"{bad.key}: {bad.problem}" if bad.key else bad.problem


def _feed(table: Any) -> FeedConfig:
    if not isinstance(table, dict):
        raise _Bad(None, f"must be a table, not {type(table).__name__}")
    for key in table:
        if key not in _KEYS:  # a typo ("timezome") must not be silently ignored
            raise _Bad(key, f"unknown key (known: {', '.join(_KEYS)})")
    for key in ("url", "story"):
        if key not in table:
            raise _Bad(key, "missing")
    for key, value in table.items():
        if not isinstance(value, str):
            raise _Bad(key, f"must be a string, not {type(value).__name__}")
    url = table["url"].strip()
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number
    except ValueError as exc:
        raise _Bad("url", f"{url!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Bad("url", f"{url!r} is not an http(s) URL")
    try:
        story = check_story(table["story"])
    except ConfigError as exc:
        raise _Bad("story", str(exc)) from None
    outlet = table.get("outlet")
    if outlet is not None and not outlet.strip():
        raise _Bad("outlet", "empty (leave it out to take the feed's title)")
    zone = table.get("timezone", "UTC")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Bad("timezone", f"unknown time zone {zone!r}") from None
    return FeedConfig(url, story, outlet.strip() if outlet else None, zone)


def load_feeds(path: str | Path) -> tuple[FeedConfig, ...]:
    """Every feed in the file, or a ConfigError naming the file, position and key of the first problem."""
    name = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the feeds file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.match(str(exc))
        where = f"{name}:{found['line']}:{found['column']}" if found else name
        raise ConfigError(f"{where}: {found['what'] if found else exc}") from None
    for key in data:
        if key != "feed":
            raise ConfigError(f"{name}: unknown top-level key {key!r} (feeds go in [[feed]] tables)")
    tables = data.get("feed")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{name}: no [[feed]] tables")
    # TOML keeps no line numbers: point at the n-th [[feed]] header when the count agrees
    lines = [text.count("\n", 0, m.start()) + 1 for m in _HEADER.finditer(text)]
    feeds: list[FeedConfig] = []
    first_of: dict[str, int] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{name}:{lines[number - 1]}" if len(lines) == len(tables) else name
        try:
            feed = _feed(table)
        except _Bad as bad:
            raise ConfigError(f"{where}: [[feed]] #{number}: {_where(bad)}") from None
        if feed.url in first_of:  # one stored state per URL: a second story would only ever see 304s
            raise ConfigError(f"{where}: [[feed]] #{number}: url: same as [[feed]] #{first_of[feed.url]}")
        first_of[feed.url] = number
        feeds.append(feed)
    return tuple(feeds)
