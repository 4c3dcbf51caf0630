"""What the store's reads and writes return: enums and frozen records, never bare numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ticker.summary import Summary

Fields = dict[str, str]
# (stream, entry id, fields): fields is None for an entry trimmed after it was read
StreamEntry = tuple[str, str, Fields | None]


class Commit(Enum):
    """How ``Store.commit`` ended."""

    APPLIED = "applied"  # the summary, its changes and the applied mark are stored
    ALREADY_APPLIED = "already_applied"  # this item revision was folded before: nothing written
    STALE = "stale"  # another consumer committed first: fold again on the fresh state


@dataclass(frozen=True)
class Loaded:
    """A story's summary as read, with what the fold needs to know about one item."""

    summary: Summary
    first_sighting: bool
    already_applied: bool


@dataclass(frozen=True)
class Claimed:
    """One page of stale pending entries taken over from another consumer."""

    next_start: str  # "0-0" when the scan is complete
    entries: list[StreamEntry]
    deleted: list[str]  # pending entries that were trimmed from the stream before anyone applied them


@dataclass(frozen=True)
class DeadLetter:
    """One parked input, as stored (``raw_json``) and read back."""

    raw_json: str
    reason: str
    parked_at: str
    where: str  # the source, else the item id, else "-"

    @classmethod
    def from_json(cls, raw: str) -> DeadLetter:
        entry: dict[str, Any] = json.loads(raw)
        where = entry.get("source") or entry.get("item_id") or "-"
        return cls(raw, entry["reason"], entry["parked_at"], where)
