"""Fault hooks loaded into a real Celery worker with ``celery -A workers worker -I tests.chaos.hooks``.

They wrap the task's enrichment step, so no product code changes for the tests:

* every start records the process id in ``ticker:test:inflight:{item_id}`` (so a test can
  SIGKILL the exact prefork child running that item) and counts the run in
  ``ticker:test:runs:{item_id}``;
* an item whose text contains ``[[sleep:N]]`` sleeps N seconds first;
* an item whose text contains ``[[poison]]`` SIGKILLs its own process, every time.

``TICKER_TEST_RESTORE_EVERY`` scans for unacknowledged messages older than the visibility
timeout every N seconds, *unless the product already configures it* (workers/celery.py
does now: kombu's default scans every 10 x 10 = 100 s, so a message of a SIGKILLed worker
came back up to 100 s after its visibility timeout).

``TICKER_TEST_VISIBILITY_TIMEOUT`` overrides the broker's visibility timeout *behind the
configuration guard* (which refuses task_time_limit >= visibility_timeout), to show what
the guard prevents: a slow task delivered twice at once.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import time
from typing import Any

import redis

from tests.processes import own_client
from ticker.models import TickerItem
from workers import tasks
from workers.celery import app

log = logging.getLogger(__name__)

TEST_PREFIX = "ticker:test"
POISON = "[[poison]]"
_SLEEP = re.compile(r"\[\[sleep:(\d+(?:\.\d+)?)\]\]")


def inflight_key(item_id: str) -> str:
    return f"{TEST_PREFIX}:inflight:{item_id}"


def runs_key(item_id: str) -> str:
    return f"{TEST_PREFIX}:runs:{item_id}"


def sleep_marker(seconds: float) -> str:
    return f"[[sleep:{seconds:g}]]"


def _record_start(item: TickerItem) -> None:
    try:
        pipe = own_client().pipeline()
        pipe.set(inflight_key(item.id), os.getpid())
        pipe.incr(runs_key(item.id))
        pipe.execute()
    except redis.RedisError as exc:  # a fault under test may be in the way; the product call decides
        log.warning("chaos hook could not record the start of %s: %s", item.id, type(exc).__name__)


_PATCHED = "enrich"  # the name workers.tasks calls; looked up at call time
_real_enrich = getattr(tasks, _PATCHED)


def enrich_with_faults(item: TickerItem) -> Any:
    _record_start(item)
    if POISON in item.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if found := _SLEEP.search(item.text):
        time.sleep(float(found.group(1)))
    return _real_enrich(item)


def _override_transport_options() -> None:
    options = dict(app.conf.broker_transport_options)
    every = os.environ.get("TICKER_TEST_RESTORE_EVERY")
    if every and "unacked_restore_interval" not in options:
        options.update(unacked_restore_interval=int(every), unacked_restore_throttle=1)
        log.warning("chaos hook: unacked messages restored every %ss", every)
    visibility = os.environ.get("TICKER_TEST_VISIBILITY_TIMEOUT")
    if visibility:
        options.update(
            visibility_timeout=int(visibility), unacked_restore_interval=1, unacked_restore_throttle=1
        )
        log.warning("chaos hook: visibility_timeout forced to %ss behind the configuration guard", visibility)
    app.conf.broker_transport_options = options


setattr(tasks, _PATCHED, enrich_with_faults)
_override_transport_options()
