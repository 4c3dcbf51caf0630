"""Live events over a real server and Redis: resume from Last-Event-ID, consumer metrics."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import replace

import httpx2
import pytest

from tests.processes import CONSUMER, Proc, wait_until
from tests.webpage import sample_items, serving, store_of, write_and_fold
from ticker import keys
from ticker.embedded import EmbeddedRedis, free_port
from ticker.enrich import enrich
from ticker.models import EnrichedItem, TickerItem

pytestmark = pytest.mark.integration

STORY = "kazakhstan-2022"


def numbered(base: TickerItem, numbers: range) -> list[TickerItem]:
    return [
        replace(base, id=f"{0xA000 + n:016x}", text=f"Live item {n}: 5 people were arrested.")
        for n in numbers
    ]


def ids_after(store_entries: list[tuple[str, dict[str, str]]], start: str | None) -> list[str]:
    def key(entry_id: str) -> tuple[int, int]:
        ms, _, seq = entry_id.partition("-")
        return int(ms), int(seq)

    return [e for e, _ in store_entries if start is None or key(e) > key(start)]


def read_events(url: str, want: int, headers: dict[str, str], got: list[tuple[str, str]]) -> None:
    """Read events until ``want`` item events arrived, then drop the connection."""
    seen = 0
    with httpx2.stream("GET", url, headers=headers, timeout=httpx2.Timeout(60.0)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        event_id = ""
        for line in response.iter_lines():
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("data: ") and event_id:
                got.append((event_id, line[6:]))
                seen += 1
                event_id = ""
                if seen >= want:
                    return


def test_a_reconnecting_reader_resumes_after_last_event_id_without_gap_or_duplicate(
    redis_server: EmbeddedRedis,
) -> None:
    store = store_of(redis_server.url)
    base = sample_items()[0]
    write_and_fold(store, [base])
    stream = keys.items_stream(STORY)
    start = store.last_entry_id(stream)
    got: list[tuple[str, str]] = []
    with serving(store) as server:
        url = f"{server.url}stories/{STORY}/items/events?after={start}"
        first = threading.Thread(target=read_events, args=(url, 4, {}, got))
        first.start()
        for item in numbered(base, range(10)):  # while the reader is connected, and after it left
            store.write_item(EnrichedItem(item, enrich(item)))
        first.join(timeout=120)
        assert len(got) == 4
        more = numbered(base, range(10, 15))
        for item in more:
            store.write_item(EnrichedItem(item, enrich(item)))
        read_events(url, 11, {"Last-Event-ID": got[-1][0]}, got)
    written = ids_after(store.entries(stream), start)
    assert [entry_id for entry_id, _ in got] == written  # all 15, in order, each once
    assert [f'"item_id": "{0xA000 + n:016x}"' in data for n, (_, data) in enumerate(got)] == [True] * 15


def test_changes_stream_says_when_the_summary_changed(redis_server: EmbeddedRedis) -> None:
    store = store_of(redis_server.url)
    base = sample_items()[0]
    write_and_fold(store, [base])
    start = store.last_entry_id(keys.changes_stream(STORY))
    got: list[tuple[str, str]] = []
    with serving(store) as server:
        url = f"{server.url}stories/{STORY}/changes/events?after={start}"
        reader = threading.Thread(target=read_events, args=(url, 1, {}, got))
        reader.start()
        write_and_fold(store, numbered(base, range(1)))
        reader.join(timeout=120)
    changes = ids_after(store.entries(keys.changes_stream(STORY)), start)
    assert got and got[0][0] == changes[0]


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        return str(response.read().decode())


def test_consumer_serves_its_metrics_when_given_a_port(
    redis_server: EmbeddedRedis, spawn: Callable[..., Proc]
) -> None:
    port = free_port()
    consumer = spawn(CONSUMER, env={"TICKER_METRICS_PORT": str(port)}, name="consumer")
    consumer.wait_for_log("running", timeout=60)
    store = store_of(redis_server.url)
    items = sample_items()[:3]
    for item in items:
        store.write_item(EnrichedItem(item, enrich(item)))
    wait_until(lambda: store.applied_count(items) == len(items), 60, "items folded", proc=consumer)
    # the consumer counts a commit once the commit script has returned: Redis may show the items
    # applied a moment before the counter moves (a race this test lost on a loaded machine)
    applied = f'ticker_items_applied_total{{story="{STORY}"}} 3.0'
    wait_until(lambda: applied in scrape(port), 30, "the applied items counted", proc=consumer)
    text = scrape(port)
    # a commit folds what one read returned: the three items in one to three commits
    commits = re.search(r"^ticker_commit_seconds_count (\S+)$", text, re.M)
    assert commits and 1 <= float(commits.group(1)) <= 3, text
    assert 'ticker_summary_changes_total{kind="new_development"}' in text
    assert f'ticker_consumer_lag{{story="{STORY}"}} 0.0' in text
    assert "ticker_outbox_size 0.0" in text
