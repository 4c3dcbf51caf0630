"""Reading a story's summary: now (one key) or at a past event time (refolded from the stream)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ticker import keys
from ticker.follow import decode_entries
from ticker.models import TimeBound
from ticker.store import Store
from ticker.summary import fold


def summary_now(store: Store, story: str) -> dict[str, Any]:
    """The story's current summary (schema 1), empty if nothing was folded yet."""
    return store.summary(story).to_dict()


def summary_at(store: Store, story: str, at: TimeBound | datetime) -> dict[str, Any]:
    """What was known at event time ``at``: the items up to then, folded from scratch.

    A day ("2022-01-08") means by the end of that day in each item's zone.
    """
    bound = at if isinstance(at, TimeBound) else TimeBound(at)
    stream = keys.items_stream(story)
    entries = decode_entries(stream, store.entries(stream))
    # a day-precise report counts as known once its day is over (its sort time)
    known = [e.item for e in entries if e.item.item.known_at(bound)]
    return fold(story, known).to_dict()
