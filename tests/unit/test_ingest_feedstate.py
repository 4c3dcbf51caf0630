"""Polling state: a re-polled feed yields nothing new; an edited entry is a new revision of the same id."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.processes import ROOT
from ticker.ingest import FeedState, changed_entries, parse_feed_bytes
from ticker.models import TickerItem

FEED = (ROOT / "fixtures" / "feeds" / "rss20_basic.rss").read_bytes()
NOW = datetime(2026, 11, 23, tzinfo=UTC)


def entries(data: bytes) -> list[TickerItem]:
    return list(parse_feed_bytes(data, source="https://news.example.org/feed", story="s", now=NOW).items)


def test_first_poll_yields_everything_then_nothing() -> None:
    fresh, state = changed_entries(FeedState(), entries(FEED), etag='"a"')
    assert len(fresh) == 2 and state.etag == '"a"' and len(state.seen) == 2
    again, same = changed_entries(state, entries(FEED))
    assert again == [] and same.seen == state.seen and same.etag == '"a"'


def test_an_edited_entry_is_a_new_revision_of_the_same_id() -> None:
    _, state = changed_entries(FeedState(), entries(FEED))
    edited = FEED.replace(b"Thousands marched on Saturday.", b"Tens of thousands marched on Saturday.")
    fresh, after = changed_entries(state, entries(edited))
    (item,) = fresh
    assert item.title == "Protests spread to the capital"
    assert item.id in state.seen and state.seen[item.id] != item.revision == after.seen[item.id]


def test_ids_do_not_depend_on_entry_order_or_ingestion_time() -> None:
    first = {i.title: i.id for i in entries(FEED)}
    later = parse_feed_bytes(
        FEED, source="https://news.example.org/feed", story="s", now=datetime(2030, 1, 1, tzinfo=UTC)
    )
    assert {i.title: i.id for i in later.items} == first


def test_state_survives_json_and_garbage_means_a_first_poll() -> None:
    _, state = changed_entries(
        FeedState(), entries(FEED), etag='"a"', last_modified="Sat, 08 Jan 2022 12:00:00 GMT"
    )
    assert FeedState.from_json(state.to_json()) == state
    assert FeedState.from_json("not json") == FeedState()
    assert FeedState.from_json(None) == FeedState()
    assert FeedState.from_json('{"seen": [1, 2]}') == FeedState()
