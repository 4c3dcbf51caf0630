"""Every fixture under fixtures/feeds, fixtures/articles and fixtures/bad, checked against its NAME.expect.json.

A sidecar says what the fixture is ("what") and what reading it must give: the item
count, titles, URLs, times and precisions (in document order), text that must or must
not appear, and a substring of each error (in order), or only security properties
(a time budget, a local file whose content must appear nowhere, a cap on text size).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_reads_as_its_sidecar_says(path: Path) -> None:
    expect: dict[str, Any] = json.loads(path.with_name(path.name.split(".")[0] + ".expect.json").read_text())
    assert expect.get("what"), "every fixture says what it is"
    started = time.monotonic()
    result = read_sources([str(path)], now=NOW)
    elapsed = time.monotonic() - started
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
        secret = Path(expect["forbidden_file"]).read_text().strip()
        assert secret and secret not in everything
    if "max_text_chars" in expect:
        assert len(everything) <= expect["max_text_chars"]
    assert elapsed < expect.get("max_seconds", 5)
    for item in items:
        assert item.ingested_at == NOW or path.suffix == ".jsonl"
        for moment in (item.stated_at, item.published_at):
            assert moment is None or moment.utcoffset() is not None
        assert "\x00" not in item.text + item.title


def test_there_are_at_least_twenty_feed_quirks() -> None:
    feeds = [p for p in fixtures() if p.parent.name == "feeds"]
    assert len(feeds) >= 20
