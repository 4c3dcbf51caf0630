"""Real processes for integration tests: Celery workers and consumers we can kill by PID."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import redis

from ticker.config import Settings
from ticker.connection import client

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def command(argv: Sequence[str]) -> list[str]:
    """A compose-style command resolved to this environment's executables."""
    program = BIN / argv[0]
    return [str(program) if program.exists() else argv[0], *argv[1:]]


WORKER = ["celery", "-A", "workers", "worker", "--loglevel", "INFO", "--pool", "prefork",
          "--concurrency", "1", "--without-gossip", "--without-mingle"]  # fmt: skip
CONSUMER = ["ticker", "consume"]
BEAT = ["celery", "-A", "workers", "beat", "--loglevel", "INFO"]  # + "--schedule", a writable path


_clients: dict[int, redis.Redis] = {}


def own_client() -> redis.Redis:
    """This process's own client of the test Redis (``TICKER_REDIS_URL``), made after any fork.

    For hooks inside product processes that mark test keys: the product's store keeps its
    client to itself. The product's timeouts: a hook must not hang on a connection a fault
    test made silent.
    """
    pid = os.getpid()
    if pid not in _clients:
        _clients.clear()
        _clients[pid] = client(os.environ["TICKER_REDIS_URL"], Settings.from_env())
    return _clients[pid]


class Proc:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], log_path: Path) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command(argv),
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float = 30.0) -> None:
        wait_until(lambda: text in self.log(), timeout, f"{text!r} in {self.log_path}", proc=self)

    def signal(self, sig: int) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                os.killpg(self.pid, sig)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20.0) -> int:
        try:
            if self.process.poll() is None:
                self.signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.kill()
        finally:
            # the group too: a pool child outlives its main process when that one was SIGKILLed
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            self._log.close()
        return self.process.returncode


def wait_until(
    predicate: Callable[[], object], timeout: float, what: str, *, proc: Proc | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.process.poll() is not None:
            raise AssertionError(
                f"{proc.argv[0]} exited ({proc.process.returncode}) waiting for {what}:\n{proc.log()[-3000:]}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)
