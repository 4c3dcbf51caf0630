"""A polled feed's state: what is new or changed since the last poll (pure; ticker.poll keeps it in Redis)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ticker.models import TickerItem

MAX_SEEN = 5000  # ids remembered per feed; feeds keep far fewer entries than this


@dataclass(frozen=True)
class FeedState:
    """What the last poll of one feed saw: its validators and each entry's revision."""

    etag: str | None = None
    last_modified: str | None = None
    seen: dict[str, str] = field(default_factory=dict)  # item id -> revision

    def to_json(self) -> str:
        return json.dumps(
            {"etag": self.etag, "last_modified": self.last_modified, "seen": self.seen}, sort_keys=True
        )

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> FeedState:
        """The stored state; anything unreadable counts as a first poll."""
        if not raw:
            return cls()
        try:
            data: Any = json.loads(raw)
            seen = {str(k): str(v) for k, v in dict(data.get("seen") or {}).items()}
            return cls(data.get("etag"), data.get("last_modified"), seen)
        except (ValueError, TypeError, AttributeError):
            return cls()


def changed_entries(
    state: FeedState,
    items: Iterable[TickerItem],
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> tuple[list[TickerItem], FeedState]:
    """Items that are new or carry a new revision, and the state after this poll.

    A re-polled unchanged feed yields nothing; an edited entry yields a new revision
    of the same id. Ids that dropped out of the feed are remembered (newest last)
    up to MAX_SEEN, so an entry that reappears is not news again.
    """
    fresh: list[TickerItem] = []
    seen = dict(state.seen)
    for item in items:
        if seen.get(item.id) == item.revision:
            continue
        seen.pop(item.id, None)
        seen[item.id] = item.revision
        fresh.append(item)
    if len(seen) > MAX_SEEN:
        seen = dict(list(seen.items())[-MAX_SEEN:])
    validators = {"etag": etag or state.etag, "last_modified": last_modified or state.last_modified}
    return fresh, replace(state, seen=seen, **validators)
