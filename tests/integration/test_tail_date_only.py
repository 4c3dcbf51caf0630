"""`tail --since DAY` and `summary --at DAY` against a real Redis: a date-only item is on its own day."""

from __future__ import annotations

import json

import pytest
import redis

from tests.clirun import run_ticker
from ticker.config import Settings
from ticker.enrich import enrich
from ticker.ingest import parse_feed_bytes
from ticker.models import EnrichedItem
from ticker.store import Store

pytestmark = pytest.mark.integration

FEED = (
    b"<rss version='2.0'><channel><title>Nachrichten</title>"
    b"<item><title>Police detain 40 people at the square</title><guid>https://n.example/10</guid>"
    b"<pubDate>2022-01-10</pubDate></item>"
    b"<item><title>Protesters gather in the old town</title><guid>https://n.example/9</guid>"
    b"<pubDate>2022-01-09</pubDate></item>"
    b"</channel></rss>"
)


def test_tail_since_a_day_finds_the_date_only_item_of_that_day(client: redis.Redis) -> None:
    store = Store(client, Settings())
    result = parse_feed_bytes(FEED, source="n.rss", story="berlin-day", zone="Europe/Berlin")
    for got in result.items:
        store.write_item(EnrichedItem(got, enrich(got)))
    kwargs = client.connection_pool.connection_kwargs
    url = f"redis://{kwargs['host']}:{kwargs['port']}/0"

    ran = run_ticker("tail", "--redis-url", url, "--no-follow", "--json", "--since", "2022-01-10")
    assert ran.exit_code == 0, ran.stderr
    titles = [json.loads(line)["item"]["title"] for line in ran.stdout.splitlines()]
    assert titles == ["Police detain 40 people at the square"]

    shown = run_ticker("tail", "--redis-url", url, "--no-follow", "--since", "2022-01-09")
    assert shown.exit_code == 0, shown.stderr
    assert "2022-01-10 date only" in shown.stdout and "2022-01-09 date only" in shown.stdout

    at = run_ticker("summary", "--redis-url", url, "--json", "--story", "berlin-day", "--at", "2022-01-09")
    assert at.exit_code == 0, at.stderr
    assert json.loads(at.stdout)["items"] == 1
