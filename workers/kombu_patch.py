"""A kombu fix the workers need: a failed ack must still free the delivery's prefetch slot.

kombu's Redis ``QoS.ack`` (kombu 5.7.0) first removes the message from the unacked index in
Redis and only then forgets the delivery locally. When Redis is gone or frozen at that
moment the first step raises (Celery logs "Couldn't ack" and goes on), the delivery stays
counted, and with ``worker_prefetch_multiplier=1`` the channel never asks for a message
again: the worker sits idle without an error, does no I/O that would notice the broker
came back, and the queue stops draining. Freeing the slot is safe: the message is still
in Redis' unacknowledged set and the broker restores it after the visibility timeout;
its second run is a no-op (every write is keyed by item revision).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

_PATCHED = "_ticker_frees_slot_on_error"


def _freeing_the_slot(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def settle(self: Any, delivery_tag: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, delivery_tag, *args, **kwargs)
        except BaseException:
            virtual.QoS.ack(self, delivery_tag)  # local bookkeeping only: no Redis call
            raise

    setattr(settle, _PATCHED, True)
    return settle


def free_slot_on_failed_ack() -> None:
    """Patch kombu's Redis QoS ``ack`` and ``reject`` (once per process)."""
    for name in ("ack", "reject"):
        method = getattr(kombu_redis.QoS, name)
        if not getattr(method, _PATCHED, False):
            setattr(kombu_redis.QoS, name, _freeing_the_slot(method))
