"""Reading back what the pipeline stored, through the store, from a test's own Redis client."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis

from ticker import reader
from ticker.config import Settings
from ticker.models import TickerItem
from ticker.store import Store


def applied_count(client: redis.Redis, items: Sequence[TickerItem]) -> int:
    return Store(client, Settings()).applied_count(items)


def summary_now(client: redis.Redis, story: str) -> dict[str, Any]:
    return reader.summary_now(Store(client, Settings()), story)
