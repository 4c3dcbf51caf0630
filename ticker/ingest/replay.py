"""Event-time order and pacing: the producer sleeps between items; it never schedules ETAs."""

from __future__ import annotations

import itertools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from ticker.models import TickerItem


def position_index(item: TickerItem) -> int:
    """The number in a position ("block 3" -> 3, "entry 12" -> 12); 0 when there is none."""
    match = re.search(r"\d+", item.position)
    return int(match.group(0)) if match else 0


def replay_order(items: Iterable[TickerItem]) -> list[TickerItem]:
    """Oldest first by sort time; ties by source and position, so every run gives the same order."""
    return sorted(items, key=lambda i: (i.sort_time, i.source, position_index(i), i.position, i.id))


def pauses(items: Sequence[TickerItem], *, speed: float | None, max_gap: float | None = None) -> list[float]:
    """Seconds to wait before each item (in the given order): real gap / ``speed``, capped at ``max_gap``."""
    if not speed or math.isinf(speed) or speed < 0:
        return [0.0] * len(items)
    waits = [0.0] if items else []
    for before, after in itertools.pairwise(items):
        gap = max((after.sort_time - before.sort_time).total_seconds(), 0.0) / speed
        waits.append(min(gap, max_gap) if max_gap is not None else gap)
    return waits


def paced(
    items: Sequence[TickerItem],
    *,
    speed: float | None,
    max_gap: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[TickerItem]:
    """Items in replay order, sleeping the (scaled, capped) real gap before each one."""
    ordered = replay_order(items)
    for wait, item in zip(pauses(ordered, speed=speed, max_gap=max_gap), ordered, strict=True):
        if wait > 0:
            sleep(wait)
        yield item
