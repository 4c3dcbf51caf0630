"""Polling one feed: a conditional GET, then only the new or edited entries go to the workers.

The order is what makes it safe: items are staged in the outbox and sent first,
and only then is the feed's state (validators and seen revisions) saved. A crash
in between sends the same items again on the next poll, which is harmless: ids and
revisions are stable and every write is keyed by them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ticker.config import Settings
from ticker.dispatch import Batcher
from ticker.errors import SourceError
from ticker.escape import clean
from ticker.feedconfig import FeedConfig
from ticker.ingest import FetchPolicy, changed_entries, fetch_feed, parse_feed_bytes
from ticker.models import TickerItem
from ticker.store import Store

if TYPE_CHECKING:
    from celery import Celery  # handed in by the caller: the library never builds the app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollResult:
    url: str
    story: str
    fetched: bool = False  # a body came back (not a 304, not an error)
    not_modified: bool = False
    new: int = 0  # entries never seen before, sent to the workers
    updated: int = 0  # seen entries with other text: new revisions of the same ids, sent too
    problems: tuple[str, ...] = ()  # entries that could not be read; the others were sent
    error: str | None = None  # nothing could be taken from the feed
    exit_code: int = 0

    @property
    def failed(self) -> bool:
        return self.error is not None

    def line(self) -> str:
        """One line for people and logs, every character from the feed escaped."""
        head = f"{clean(self.url, width=100)}  {self.story}: "
        if self.error is not None:
            return head + clean(self.error, width=200)
        if self.not_modified:
            return head + "not modified"
        text = f"{self.new} new, {self.updated} updated"
        return head + text + (f" ({len(self.problems)} entries unreadable)" if self.problems else "")


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        allow_hosts=settings.fetch_allow_hosts,
        total_timeout=settings.fetch_timeout,
        timeout=min(FetchPolicy.timeout, settings.fetch_timeout),
    )


def poll_feed(
    feed: FeedConfig,
    *,
    app: Celery,
    store: Store,
    policy: FetchPolicy | None = None,
    now: datetime | None = None,
) -> PollResult:
    """Fetch ``feed`` if changed, send its new or edited entries, then save what was seen.

    A feed that cannot be polled is returned as ``error`` for the caller to report, never
    raised; unreadable entries are logged. A Redis or broker failure is raised (nothing
    was saved, so the next poll does it again).
    """
    state = store.feed_state(feed.url)
    try:
        fetched = fetch_feed(feed.url, etag=state.etag, last_modified=state.last_modified, policy=policy)
    except SourceError as exc:
        return PollResult(feed.url, feed.story, error=exc.reason, exit_code=exc.exit_code)
    if fetched.not_modified:
        return PollResult(feed.url, feed.story, not_modified=True)
    parsed = parse_feed_bytes(
        fetched.body, source=feed.url, story=feed.story, outlet=feed.outlet, now=now, zone=feed.timezone,
        base_url=fetched.url, content_type=fetched.content_type,
    )  # fmt: skip
    problems = tuple(str(error) for error in parsed.errors)
    if not parsed.items:
        # the state is not saved: the next poll fetches in full and reports this again, not a quiet 304
        reason = parsed.errors[0].reason if parsed.errors else "no entries"
        return PollResult(feed.url, feed.story, fetched=True, error=reason, exit_code=65)
    for problem in problems:
        log.warning("poll %s", clean(problem))
    items = [_named(item, feed) for item in parsed.items]
    fresh, after = changed_entries(state, items, etag=fetched.etag, last_modified=fetched.last_modified)
    with Batcher.configured(app, store) as batcher:
        for item in fresh:
            batcher.add(item)
    store.save_feed_state(feed.url, after)
    updated = sum(1 for item in fresh if item.id in state.seen)
    return PollResult(
        feed.url, feed.story, fetched=True, new=len(fresh) - updated, updated=updated, problems=problems
    )


def _named(item: TickerItem, feed: FeedConfig) -> TickerItem:
    """A feed without a title and without a configured outlet is named by its host, not its URL.

    The id is unaffected: without an outlet it derives from the URL, so it stays stable.
    """
    if feed.outlet is None and item.outlet == feed.url:
        return replace(item, outlet=urlsplit(feed.url).hostname or feed.url)
    return item
