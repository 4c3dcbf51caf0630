"""Helpers for the live page's tests: a story written and folded into a real Redis, hostile items."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from tests.processes import ROOT, wait_until
from ticker.config import Settings
from ticker.connection import client
from ticker.consumer import Consumer
from ticker.embedded import free_port
from ticker.enrich import enrich
from ticker.ingest import read_sources
from ticker.models import EnrichedItem, TickerItem
from ticker.store import Store
from ticker.web import BackgroundServer

SAMPLE = ROOT / "fixtures" / "stories" / "kazakhstan-2022"
HOSTILE = ROOT / "fixtures" / "hostile" / "items.jsonl"
# markup a source could send: none of it may become an element or run
HTML_PAYLOADS = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 1">',
    '"><svg onload="window.pwned = 1"></svg>',
    '</li></ol><iframe src="javascript:window.pwned = 1"></iframe>',
    '<a href="javascript:window.pwned = 1">click</a> &amp; <b>bold</b>',
]


def store_of(url: str) -> Store:
    return Store(client(url, Settings(), block_seconds=2), Settings().with_redis(url))


def sample_items() -> list[TickerItem]:
    return list(read_sources([str(SAMPLE)]).items)


def hostile_items() -> list[TickerItem]:
    """The terminal-hostile items of fixtures/hostile, then the same with HTML payloads."""
    base = [TickerItem.from_dict(json.loads(line)) for line in HOSTILE.read_text().splitlines() if line]
    marked = [
        replace(
            base[0],
            id=f"{0xF0 + n:016x}",
            outlet=f"Outlet {payload}",
            title=f"Title {payload}",
            text=f"The {payload} Ministry said {n + 3} protesters were arrested in {payload}.",
            url="javascript:window.pwned = 1",
            stated_at=base[0].stated_at and base[0].stated_at.replace(hour=12 + n),
        )
        for n, payload in enumerate(HTML_PAYLOADS)
    ]
    return base + marked


def write_and_fold(store: Store, items: Sequence[TickerItem], timeout: float = 60.0) -> list[str]:
    """Enrich and write ``items`` (as a worker does), fold them with a real consumer; their stream ids."""
    ids = [store.write_item(EnrichedItem(item, enrich(item))) for item in items]
    consumer = Consumer(store, block_ms=100, name="web-tests")
    wait_until(
        lambda: consumer.step() >= 0 and store.applied_count(items) == len(items), timeout, "items folded"
    )
    return [i for i in ids if i]


@contextmanager
def serving(store: Store, port: int | None = None) -> Iterator[BackgroundServer]:
    server = BackgroundServer(store, "127.0.0.1", port or free_port()).start()
    try:
        yield server
    finally:
        server.stop()
