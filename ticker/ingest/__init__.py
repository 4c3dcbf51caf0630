"""Sources to TickerItems (pure: no Redis, no Celery): live tickers, articles, feeds, JSON lines, replay."""

from ticker.ingest.feeds import parse_feed_bytes
from ticker.ingest.feedstate import FeedState, changed_entries
from ticker.ingest.fetch import FetchPolicy, FetchResult, fetch_feed
from ticker.ingest.jsonl import items_to_jsonl, parse_jsonl, read_jsonl
from ticker.ingest.replay import paced, pauses, replay_order
from ticker.ingest.result import IngestResult
from ticker.ingest.sources import MAX_FILE_BYTES, read_source, read_sources

__all__ = [
    "MAX_FILE_BYTES",
    "FeedState",
    "FetchPolicy",
    "FetchResult",
    "IngestResult",
    "changed_entries",
    "fetch_feed",
    "items_to_jsonl",
    "paced",
    "parse_feed_bytes",
    "parse_jsonl",
    "pauses",
    "read_jsonl",
    "read_source",
    "read_sources",
    "replay_order",
]
