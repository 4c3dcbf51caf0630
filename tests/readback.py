"""Reading back what the pipeline stored, through the store, from a test's own Redis client."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

import redis

from ticker import keys, reader
from ticker.config import Settings
from ticker.dispatch import ENRICH_ITEMS
from ticker.models import TickerItem
from ticker.store import Store


def applied_count(client: redis.Redis, items: Sequence[TickerItem]) -> int:
    return Store(client, Settings()).applied_count(items)


def summary_now(client: redis.Redis, story: str) -> dict[str, Any]:
    return reader.summary_now(Store(client, Settings()), story)


def queued(client: redis.Redis) -> list[tuple[str, list[str]]]:
    """(task name, item ids) of each message waiting in the task queue (a Redis broker), oldest first."""
    out = []
    for raw in reversed(client.lrange(keys.TASK_QUEUE, 0, -1)):
        message = json.loads(raw)
        body = message["body"]
        if message["properties"].get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]  # Celery's message protocol 2: [args, kwargs, embed]
        name = message["headers"]["task"]
        payloads = args[0] if name == ENRICH_ITEMS else [args[0]]
        out.append((name, [TickerItem.from_json(p).id for p in payloads]))
    return out


def queued_items(client: redis.Redis) -> int:
    """How many items the messages waiting in the task queue carry."""
    return sum(len(ids) for _, ids in queued(client))
