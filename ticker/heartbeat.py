"""A liveness file for a healthcheck: the consumer touches it while its loop turns.

The check is the file's age, so it works in any container without Redis or a port:
a consumer stuck (or unable to reach Redis) stops touching it and turns unhealthy.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ticker.errors import ConfigError

DEFAULT_MAX_AGE = 60.0  # seconds; one loop turn blocks up to ~1 s, a slow commit burst far less than this


class Heartbeat:
    """Touches ``path`` at most once every ``every`` seconds (a busy loop need not write each turn)."""

    def __init__(self, path: str | Path, every: float = 5.0) -> None:
        self.path = Path(path)
        self.every = every
        self._last = float("-inf")
        # refused at start, in one line, rather than as a traceback from the loop's first beat
        if not os.access(self.path.parent, os.W_OK) or self.path.is_dir():
            raise ConfigError(f"heartbeat file {self.path}: cannot write there")

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        self.path.touch()


def age(path: str | Path) -> float | None:
    """Seconds since the last beat, or None if there never was one."""
    try:
        return max(0.0, time.time() - Path(path).stat().st_mtime)
    except FileNotFoundError:
        return None
