"""Server-Sent Events from a Redis stream: each event's ``id`` is its stream entry id.

A browser that reconnects sends the last id it saw as ``Last-Event-ID`` and the stream
goes on right after it: nothing missed, nothing twice. The read is a blocking XREAD of at
most ``block_ms`` in a worker thread, so a client that leaves holds Redis for at most that.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import anyio
import redis
from anyio import to_thread

from ticker.store import Store

log = logging.getLogger(__name__)

Render = Callable[[str, dict[str, str]], dict[str, Any] | None]
RETRY_MS = 1000  # how soon a browser reconnects after a dropped connection
KEEPALIVE = 15.0  # seconds between comments that keep proxies from closing an idle stream


def event(kind: str, entry_id: str, data: dict[str, Any]) -> str:
    # ASCII JSON on one line: no newline or U+2028 can split the data field
    return f"id: {entry_id}\nevent: {kind}\ndata: {json.dumps(data, ensure_ascii=True)}\n\n"


async def stream_events(
    store: Store,
    stream: str,
    position: str,
    kind: str,
    render: Render,
    *,
    block_ms: int = 1000,
    on_error: Callable[[], None] = lambda: None,
    on_event: Callable[[], None] = lambda: None,
) -> AsyncIterator[str]:
    """Events for the entries of ``stream`` after ``position``, until the client leaves.

    An entry ``render`` turns into None (filtered out) is passed over without an event; a
    reconnect from an earlier id reads it again and passes over it again.
    """
    yield f"retry: {RETRY_MS}\n\n"
    quiet_since = time.monotonic()
    while True:
        try:
            reply = await to_thread.run_sync(
                partial(store.read_after, {stream: position}, block_ms=block_ms, count=100)
            )
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            # Redis away: keep the browser's connection and our position, try again shortly
            log.warning("live page lost Redis reading %s: %s", stream, exc)
            on_error()
            yield ": redis unavailable, retrying\n\n"
            await anyio.sleep(1.0)
            continue
        for _, rows in reply:
            for entry_id, fields in rows:
                position = entry_id
                data = render(entry_id, fields)
                if data is not None:
                    on_event()
                    quiet_since = time.monotonic()
                    yield event(kind, entry_id, data)
        if time.monotonic() - quiet_since > KEEPALIVE:
            quiet_since = time.monotonic()
            yield ": keepalive\n\n"
