"""Keep a child process running: start it again when it exits on its own, with backoff.

What compose's ``restart: unless-stopped`` does for the services, for the processes
`ticker run` starts itself. A Celery worker can die for good on a broker fault (kombu
raising a non-connection error, "Unrecoverable error"); its unacknowledged task comes back
after the visibility timeout, but only if some worker is still there to take it.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the thread that started it ends (its parent died)."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait before restart ``n`` (1, 2, 4 … up to ``most``); reset after a good run."""

    first: float = 1.0
    most: float = 30.0
    healthy_after: float = 60.0

    def delay(self, restarts_in_a_row: int) -> float:
        return float(min(self.most, self.first * 2 ** max(0, restarts_in_a_row - 1)))


class Supervised:
    """One child process (``argv`` with ``env``), restarted whenever it exits until ``stop()``."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        backoff: Backoff | None = None,
        poll_every: float = 0.2,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = dict(env) if env is not None else None
        self.backoff = backoff or Backoff()
        self.poll_every = poll_every
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)

    def start(self) -> Supervised:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            # the child's stdout would mix with ours (a summary on stdout); its log goes to stderr.
            # Its own process group: a Ctrl-C at the terminal reaches us, and we stop it in order,
            # instead of it dying at once and being restarted; it still ends when we die.
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                stdout=subprocess.DEVNULL,
                process_group=0,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - one prctl call, no locks taken
            )
        self._started_at = time.monotonic()

    def _watch(self) -> None:
        in_a_row = 0
        while not self._stopping.wait(self.poll_every):
            process = self.process
            if process is None or process.poll() is None:
                continue
            ran = time.monotonic() - self._started_at
            in_a_row = 1 if ran >= self.backoff.healthy_after else in_a_row + 1
            delay = self.backoff.delay(in_a_row)
            self.restarts += 1
            log.warning(
                "%s exited with code %s after %.0fs; restart %d in %.0fs",
                self.name,
                process.returncode,
                ran,
                self.restarts,
                delay,
            )
            if self._stopping.wait(delay):
                return
            self._spawn()

    def stop(self, timeout: float = 20.0) -> None:
        """Stop watching, then stop the child: SIGTERM (a warm shutdown), SIGKILL if it lingers."""
        with self._lock:
            self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
