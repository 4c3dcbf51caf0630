"""What the store's reads and writes return: enums and frozen records, never bare numbers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ticker.models import Change
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
    """A story's summary as read, with what the fold needs to know about a batch of items."""

    summary: Summary
    seen: frozenset[str]  # of the items asked about, the ids with some revision folded before
    applied: frozenset[str]  # of the revisions asked about (``id:revision``), those folded before

    def first_sighting(self, item_id: str) -> bool:
        return item_id not in self.seen

    def already_applied(self, version_key: str) -> bool:
        return version_key in self.applied


@dataclass(frozen=True)
class Folded:
    """One item revision a commit marks applied, with the summary version it made."""

    item_id: str
    revision: str
    version: int


@dataclass(frozen=True)
class FoldedBatch:
    """One story's batch folded and ready to commit: all of it or nothing, and only if the stored
    summary is still ``previous``."""

    summary: Summary  # the new summary
    previous: Summary  # the summary the batch was folded on
    changes: Sequence[Change]
    folded: Sequence[Folded]  # the item revisions to mark applied
    acks: Sequence[str] = ()  # item stream entries acknowledged with the commit


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
