"""A throwaway redis-server on a free loopback port, for the no-setup mode and for tests."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis

from ticker.errors import MissingDependency

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "redis-server not found: install it (Debian/Ubuntu: sudo apt-get install redis-server; "
    "macOS: brew install redis) or pass --redis-url"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedRedis:
    """Owns one redis-server process and its data directory.

    ``appendonly`` keeps an AOF in the data directory, so ``kill()`` then
    ``start()`` models a crash and restart that keeps its data.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        appendonly: bool = True,
        data_dir: str | None = None,
        extra_args: tuple[str, ...] = (),
        binary: str | None = None,
    ) -> None:
        found = binary or shutil.which("redis-server")
        if found is None:
            raise MissingDependency(INSTALL_HINT)
        self.binary = found
        self._port_chosen = port is None  # a free port we picked: another may take it first
        self.port = port or free_port()
        self.appendonly = appendonly
        self._own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="ticker-redis-")
        self.extra_args = extra_args
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 10.0) -> EmbeddedRedis:
        """Start it and wait until it answers. A free port can be taken by another process between
        our pick and redis-server's bind: then the answer comes from that process's server, or ours
        exits; either way, take another port (when we picked it) rather than use a server not ours."""
        for _ in range(5):
            if self._start_once(timeout):
                return self
            self.port = free_port()
        raise MissingDependency(f"redis-server found its port taken 5 times; see {self.data_dir}/redis.log")

    def _start_once(self, timeout: float) -> bool:
        args = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", self.data_dir,
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "everysec",
            "--maxmemory-policy", "noeviction",
            "--protected-mode", "yes",
            "--logfile", str(Path(self.data_dir) / "redis.log"),
            *self.extra_args,
        ]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        probe = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1, socket_connect_timeout=1)
        try:
            while True:
                try:
                    if probe.ping():
                        if self._answers_for(probe):
                            return True
                        self.kill()
                        if not self._port_chosen:
                            raise MissingDependency(f"port {self.port} is held by a server we did not start")
                        return False
                except (redis.AuthenticationError, redis.ResponseError):
                    return True  # it answered: it only wants a password we were not given
                except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
                    pass
                if self.process.poll() is not None:
                    if self._port_chosen and self._port_taken():
                        return False
                    raise MissingDependency(f"redis-server exited at start-up; see {self.data_dir}/redis.log")
                if time.monotonic() > deadline:
                    raise MissingDependency(f"redis-server did not answer within {timeout:.0f}s")
                time.sleep(0.02)
        finally:
            probe.close()

    def _answers_for(self, probe: redis.Redis) -> bool:
        """Whether the server answering on our port is the process we started."""
        assert self.process is not None
        if self.process.poll() is not None:
            return False
        return int(probe.info("server").get("process_id", -1)) == self.process.pid

    def _port_taken(self) -> bool:
        log = Path(self.data_dir) / "redis.log"
        return log.exists() and "Address already in use" in log.read_text(errors="replace")

    def stop(self) -> None:
        """Graceful stop (SIGTERM), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """SIGKILL: a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def pause(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> EmbeddedRedis:
        return self.start() if self.process is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
