"""Serving the app with uvicorn: in the foreground (`ticker web`) or beside a run (`ticker run --web`)."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from ticker.errors import ConfigError
from ticker.store import Store
from ticker.web.app import create_app


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _config(store: Store, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(store),
        host=host,
        port=port,
        log_level="warning",
        # one open event stream must not hold a restart for long
        timeout_graceful_shutdown=2,
    )


def check_free(host: str, port: int) -> None:
    """ConfigError (exit 78) now, rather than a uvicorn log line, if the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot serve the page on {host}:{port}: {exc.strerror}") from exc


def serve(store: Store, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM)."""
    check_free(host, port)
    uvicorn.Server(_config(store, host, port)).run()


class BackgroundServer:
    """The page served from a thread while this process does other work; ``stop()`` ends it."""

    def __init__(self, store: Store, host: str, port: int) -> None:
        check_free(host, port)
        self.url = address(host, port)
        self._server = uvicorn.Server(_config(store, host, port))
        self._thread = threading.Thread(target=self._server.run, name="ticker-web", daemon=True)

    def start(self, timeout: float = 30.0) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(f"the page did not start serving at {self.url}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
