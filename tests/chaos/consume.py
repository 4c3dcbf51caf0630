"""``ticker consume`` with test hooks: ``python -m tests.chaos.consume [ticker consume options]``.

* An item stream entry whose text contains ``[[slow-consumer:N]]`` stalls this consumer N
  seconds after it has been read (it is pending for this consumer, not yet acknowledged),
  once per item across all consumers; the pid is recorded in
  ``ticker:test:consumer-inflight:{item_id}`` so a test can SIGKILL the exact process.
* ``TICKER_TEST_CLAIM_IDLE_MS`` and ``TICKER_TEST_CLAIM_EVERY`` shorten how long an entry must
  sit idle before another consumer claims it (the product waits 60 s, checked every 15 s).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from typing import Any

from tests.processes import own_client
from ticker import cli
from ticker.consumer import Consumer
from ticker.models import EnrichedItem

TEST_PREFIX = "ticker:test"
_SLOW = re.compile(r"\[\[slow-consumer:(\d+(?:\.\d+)?)\]\]")


def slow_marker(seconds: float) -> str:
    return f"[[slow-consumer:{seconds:g}]]"


def consumer_inflight_key(item_id: str) -> str:
    return f"{TEST_PREFIX}:consumer-inflight:{item_id}"


_real_init = Consumer.__init__
_real_decode = Consumer._decode


def _init(self: Consumer, *args: Any, **kwargs: Any) -> None:
    _real_init(self, *args, **kwargs)
    if idle := os.environ.get("TICKER_TEST_CLAIM_IDLE_MS"):
        self.min_idle_ms = int(idle)
    if every := os.environ.get("TICKER_TEST_CLAIM_EVERY"):
        self.claim_every = float(every)


def _decode(self: Consumer, stream: str, entry_id: str, fields: dict[str, str] | None) -> EnrichedItem | None:
    raw = (fields or {}).get("data", "")
    found = _SLOW.search(raw)
    if found:
        item_id = str(json.loads(raw)["item"]["id"])
        client = own_client()
        if client.set(f"{TEST_PREFIX}:slowed:{item_id}", self.name, nx=True):
            client.set(consumer_inflight_key(item_id), os.getpid())
            time.sleep(float(found.group(1)))
    return _real_decode(self, stream, entry_id, fields)


Consumer.__init__ = _init  # type: ignore[method-assign]
Consumer._decode = _decode  # type: ignore[method-assign]

if __name__ == "__main__":
    cli.main(["consume", *sys.argv[1:]])
