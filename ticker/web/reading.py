"""What the page reads from Redis, through the store and the readers `ticker tail`/`summary` use."""

from __future__ import annotations

from typing import Any

from ticker import follow, keys
from ticker.errors import ConfigError
from ticker.reader import summary_at, summary_now
from ticker.store import Store
from ticker.web.query import PageQuery
from ticker.web.views import item_view, summary_view


class UnknownStory(LookupError):
    """Raised when the page is asked for a story this Redis has no items of (a 404)."""


def known_story(store: Store, story: str) -> str:
    try:
        keys.check_story(story)
    except ConfigError:
        raise UnknownStory(story) from None
    if story not in store.stories():
        raise UnknownStory(story)
    return story


def story_list(store: Store) -> list[dict[str, Any]]:
    out = []
    for name in store.stories():
        summary = store.summary(name)
        out.append({"story": name, "version": summary.version, "items": summary.to_dict()["items"]})
    return out


def summary_payload(store: Store, story: str, query: PageQuery) -> dict[str, Any]:
    """The summary as the page shows it, and the change stream position it includes.

    The position is read first: a change committed meanwhile comes again over the change
    stream and the page reads the summary once more, never misses one.
    """
    position = store.last_entry_id(keys.changes_stream(story)) or "0-0"
    data = summary_now(store, story) if query.at is None else summary_at(store, story, query.at)
    at = None if query.at is None else (query.at.day or query.at.moment).isoformat()
    return {"summary": summary_view(data, at=at), "position": position}


def items_payload(store: Store, story: str, query: PageQuery, limit: int) -> dict[str, Any]:
    """The newest ``limit`` items the filters accept (newest first), and where to follow on from."""

    def keep(entry: follow.Entry) -> bool:
        if query.at is not None and not entry.item.item.known_at(query.at):
            return False
        return query.filters.accept(entry.item)

    stream = keys.items_stream(story)
    entries, positions = follow.backfill(store, [stream], limit, keep=keep)
    return {"items": [item_view(e) for e in reversed(entries)], "position": positions[stream]}
