"""Every fixture under fixtures/feeds, fixtures/articles and fixtures/bad, checked against its NAME.expect.json.

A sidecar says what the fixture is ("what") and what reading it must give: the item
count, titles, URLs, times and precisions (in document order), text that must or must
not appear, and a substring of each error (in order), or only security properties
(a local file never opened and whose content appears nowhere, a cap on text size, a cap
on what the feed parser hands back). Reading a fixture never touches the network.
"""

from __future__ import annotations

import builtins
import json
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.processes import ROOT
from ticker.ingest import IngestResult, read_sources
from ticker.ingest.replay import position_index
from ticker.models import TickerItem, to_utc_text

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FOLDERS = [ROOT / "fixtures" / name for name in ("feeds", "articles", "bad")]


def fixtures() -> list[Path]:
    found = []
    for folder in FOLDERS:
        for sidecar in sorted(folder.glob("*.expect.json")):
            stem = sidecar.name.removesuffix(".expect.json")
            matches = [p for p in folder.iterdir() if p.name != sidecar.name and p.name.split(".")[0] == stem]
            assert len(matches) == 1, f"{sidecar} describes {len(matches)} fixtures"
            found.append(matches[0])
    return found


def in_document_order(result: IngestResult) -> list[TickerItem]:
    return sorted(result.items, key=lambda i: (i.source, position_index(i)))


def utc_text(moment: datetime | None) -> str | None:
    return None if moment is None else to_utc_text(moment)


@dataclass
class Reach:
    """What reading a fixture reached for: files it tried to open, network calls, and how
    many characters of text the feed parser handed back (entities expanded show here)."""

    opened: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)
    parsed_chars: int = 0


def chars_in(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(chars_in(k) + chars_in(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(chars_in(v) for v in value)
    return 0


@pytest.fixture
def reach(monkeypatch: pytest.MonkeyPatch) -> Reach:
    seen = Reach()
    real_open, real_connect, real_getaddrinfo = builtins.open, socket.socket.connect, socket.getaddrinfo
    real_parse = feedparser.parse

    def tracked_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        seen.opened.append(os.fsdecode(file) if isinstance(file, (str, bytes, os.PathLike)) else repr(file))
        return real_open(file, *args, **kwargs)

    def tracked_connect(sock: socket.socket, address: Any) -> None:
        seen.network.append(f"connect {address}")
        real_connect(sock, address)

    def tracked_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        seen.network.append(f"getaddrinfo {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def tracked_parse(*args: Any, **kwargs: Any) -> Any:
        parsed = real_parse(*args, **kwargs)
        seen.parsed_chars += chars_in(parsed.get("feed")) + chars_in(parsed.get("entries"))
        return parsed

    monkeypatch.setattr(builtins, "open", tracked_open)
    monkeypatch.setattr(socket.socket, "connect", tracked_connect)
    monkeypatch.setattr(socket, "getaddrinfo", tracked_getaddrinfo)
    monkeypatch.setattr(feedparser, "parse", tracked_parse)
    return seen


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_reads_as_its_sidecar_says(path: Path, reach: Reach) -> None:
    expect: dict[str, Any] = json.loads(path.with_name(path.name.split(".")[0] + ".expect.json").read_text())
    assert expect.get("what"), "every fixture says what it is"
    result = read_sources([str(path)], now=NOW)
    items = in_document_order(result)
    everything = " ".join([i.title + " " + i.text for i in items] + [str(e) for e in result.errors])

    if "items" in expect:
        assert len(items) == expect["items"], [str(e) for e in result.errors]
    if "titles" in expect:
        assert [i.title for i in items] == expect["titles"]
    if "urls" in expect:
        assert [i.url for i in items] == expect["urls"]
    if "published" in expect:
        assert [utc_text(i.published_at) for i in items] == expect["published"]
    if "stated" in expect:
        assert [utc_text(i.stated_at) for i in items] == expect["stated"]
    if "precision" in expect:
        assert [i.precision.value for i in items] == expect["precision"]
    if "outlet" in expect:
        assert {i.outlet for i in items} == {expect["outlet"]}
    if "unique_ids" in expect:
        assert len({i.id for i in items}) == expect["unique_ids"]
    for wanted in expect.get("texts_contain", []):
        assert any(wanted in i.text for i in items), wanted
    for unwanted in expect.get("texts_exclude", []):
        assert all(unwanted not in i.title + i.text for i in items), unwanted
    if "errors" in expect:
        reasons = [str(e) for e in result.errors]
        assert len(reasons) == len(expect["errors"]), reasons
        for reason, wanted in zip(reasons, expect["errors"], strict=True):
            assert wanted in reason, (wanted, reason)
            assert "\n" not in reason  # one line: source:position: reason
    if "positions" in expect:
        assert [e.position for e in result.errors] == expect["positions"]
    if "forbidden_file" in expect:
        assert expect["forbidden_file"] not in reach.opened
        secret = Path(expect["forbidden_file"]).read_text().strip()
        assert secret and secret not in everything
    if "max_text_chars" in expect:
        assert len(everything) <= expect["max_text_chars"]
    if "max_parsed_chars" in expect:
        assert reach.parsed_chars <= expect["max_parsed_chars"]
    assert reach.network == []
    for item in items:
        assert item.ingested_at == NOW or path.suffix == ".jsonl"
        for moment in (item.stated_at, item.published_at):
            assert moment is None or moment.utcoffset() is not None
        assert "\x00" not in item.text + item.title


def test_there_are_at_least_twenty_feed_quirks() -> None:
    feeds = [p for p in fixtures() if p.parent.name == "feeds"]
    assert len(feeds) >= 20


def test_feed_bytes_that_name_a_local_file_are_not_read_from_disk(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_text(
        '<rss version="2.0"><channel><title>t</title><item><title>leaked</title>'
        "<guid>g1</guid></item></channel></rss>",
        encoding="utf-8",
    )
    from ticker.ingest.feeds import parse_feed_bytes

    result = parse_feed_bytes(str(secret).encode(), source="remote", story="s")
    assert not any("leaked" in item.title for item in result.items)
