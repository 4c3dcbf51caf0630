"""Polling tasks: beat sends ``ticker.poll_feeds``, which sends one ``ticker.poll_feed`` per feed.

Both run on the poll queue, so a slow feed server never delays enrichment. A
failed poll is logged in one line and not retried: the next tick polls again.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from kombu.exceptions import OperationalError

from ticker import dispatch, poll
from ticker.config import Settings
from ticker.errors import ConfigError
from ticker.escape import clean
from ticker.feedconfig import FeedConfig, load_feeds
from workers.celery import app
from workers.tasks import store

log = logging.getLogger(__name__)


@app.task(name=dispatch.POLL_FEEDS)
def poll_feeds() -> None:
    """Send one poll task per feed of the feeds file, read now so an edited file takes effect."""
    settings: Settings = app.conf.ticker_settings
    if not settings.feeds_file:
        log.warning("no feeds file (TICKER_FEEDS) on this worker: nothing polled")
        return
    try:
        feeds = load_feeds(settings.feeds_file)
    except ConfigError as exc:
        log.error("feeds not polled: %s", clean(str(exc)))
        return
    for feed in feeds:
        dispatch.send_poll(app, feed, expires=settings.poll_every)


@app.task(name=dispatch.POLL_FEED)
def poll_feed(spec: dict[str, Any]) -> None:
    """Poll one feed (``FeedConfig.to_dict()``) and send its new or edited entries to the workers."""
    try:
        feed = FeedConfig.from_dict(spec)
    except ConfigError as exc:
        log.error("poll_feed with a bad argument: %s", clean(str(exc)))
        return
    settings: Settings = app.conf.ticker_settings
    try:
        result = poll.poll_feed(feed, app=app, store=store(), policy=poll.fetch_policy(settings))
    except (redis.RedisError, OperationalError) as exc:
        log.error("poll %s: not done, Redis or broker unavailable: %s", clean(feed.url), clean(str(exc)))
        return
    if result.failed:
        log.warning("poll failed: %s", result.line())
    else:
        log.info("poll %s", result.line())
