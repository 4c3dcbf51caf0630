"""A pipeline of real processes to break: redis-server, Celery workers with fault hooks, consumers.

Timeouts are shortened through the same TICKER_* environment the product reads, so a
fault is detected and repaired in seconds rather than minutes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery

from tests.chaos.ledger import Key, Ledger, Verdict, check, settle
from tests.factories import item
from tests.processes import ROOT, WORKER, Proc
from ticker.config import Settings
from ticker.embedded import EmbeddedRedis
from ticker.models import TickerItem
from ticker.store import Store
from workers.celery import create_app

CHAOS_ENV = {
    "TICKER_VISIBILITY_TIMEOUT": "10",
    "TICKER_TASK_TIME_LIMIT": "9",
    "TICKER_SOCKET_TIMEOUT": "3",
    "TICKER_HEALTH_CHECK_INTERVAL": "2",
    "TICKER_CONNECT_TIMEOUT": "2",
    # the consumer sends again what was staged this long ago and never written (every 6 s);
    # above the visibility timeout, so a message a dead worker holds comes back first
    "TICKER_RECONCILE_AFTER": "12",
    "PYTHONPATH": str(ROOT),
}
CHAOS_SETTINGS = Settings(
    visibility_timeout=10,
    task_time_limit=9,
    socket_timeout=3,
    health_check_interval=2,
    connect_timeout=2,
    reconcile_after=12,
)
CONSUMER = ["python", "-m", "tests.chaos.consume"]
FAST_CLAIMS = {"TICKER_TEST_CLAIM_IDLE_MS": "2000", "TICKER_TEST_CLAIM_EVERY": "1"}

_TEXTS = (
    "The Interior Ministry said {n} protesters were arrested in Almaty.",
    "Police said {n} people were killed and {m} injured in Almaty.",
    "Officials said about {m} people were detained.",
    "Health officials said {n} people were injured on the main square.",
)
_START = datetime.fromisoformat("2022-01-05T10:00+06:00")


def burst(story: str, count: int, *, markers: dict[int, str] | None = None) -> list[TickerItem]:
    """``count`` items of one story with figures in them; ``markers`` adds hook markers by index."""
    out = []
    for n in range(count):
        text = _TEXTS[n % len(_TEXTS)].format(n=n + 3, m=10 * n + 5)
        if markers and n in markers:
            text = f"{text} {markers[n]}"
        when = (_START + timedelta(minutes=7 * n)).isoformat()
        out.append(item(n, when, story=story, outlet=f"Outlet {n % 3}", text=text))
    return out


class Supervisor:
    """Restarts a watched process that exited, as compose's ``restart: unless-stopped`` does."""

    def __init__(self) -> None:
        self.watched: list[tuple[list[Proc], Callable[[], Proc]]] = []
        self.restarts: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)

    def watch(self, proc: Proc, start: Callable[[], Proc]) -> None:
        self.watched.append(([proc], start))
        if not self._thread.is_alive():
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=70)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for slot, start in self.watched:
                if slot[0].process.poll() is not None and not self._stop.is_set():
                    self.restarts.append(f"{slot[0].argv[0]} exited {slot[0].process.returncode}")
                    slot[0] = start()


@dataclass
class Pipeline:
    """The processes of one test and the ledger of what it put in."""

    server: EmbeddedRedis
    client: redis.Redis
    spawn: Callable[..., Proc]
    app: Celery
    ledger: Ledger = field(default_factory=Ledger)
    supervisor: Supervisor = field(default_factory=Supervisor)

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**CHAOS_ENV, **(extra or {})}

    def worker(self, name: str = "w1", *, env: dict[str, str] | None = None, ready: bool = True) -> Proc:
        proc = self.spawn(
            [*WORKER, "-n", f"{name}@%h", "-I", "tests.chaos.hooks"], env=self.env(env), name=name
        )
        if ready:
            proc.wait_for_log("ready.", timeout=60)
        return proc

    def consumer(self, name: str = "c1", *, env: dict[str, str] | None = None, ready: bool = True) -> Proc:
        proc = self.spawn([*CONSUMER, "--name", name], env=self.env(env), name=name)
        if ready:
            proc.wait_for_log("running", timeout=30)
        return proc

    @property
    def store(self) -> Store:
        """The producer's view of the store: items are staged in the outbox before they are sent."""
        return Store(self.client, CHAOS_SETTINGS.with_redis(self.server.url))

    def publish(self, items: Iterable[TickerItem]) -> None:
        self.ledger.enqueue_all(self.app, items, self.store)

    def publish_batch(self, items: list[TickerItem]) -> None:
        self.ledger.enqueue_batch(self.app, items, self.store)

    def retry_refused(self) -> list[str]:
        return self.ledger.retry_refused(self.app, self.store)

    def settle(self, timeout: float = 60, excluded: frozenset[Key] = frozenset()) -> None:
        settle(self.client, self.ledger, timeout=timeout, excluded=excluded)

    def verdict(self, excluded: frozenset[Key] = frozenset()) -> Verdict:
        return check(self.client, self.ledger, excluded=excluded)

    def runs(self, item_id: str) -> int:
        return int(self.client.get(f"ticker:test:runs:{item_id}") or 0)


def publisher(url: str) -> Celery:
    return create_app(CHAOS_SETTINGS.with_redis(url))


@pytest.fixture
def pipeline(
    redis_server: EmbeddedRedis, client: redis.Redis, spawn: Callable[..., Proc], tmp_path: Path
) -> Iterator[Pipeline]:
    app = publisher(redis_server.url)
    pipe = Pipeline(redis_server, client, spawn, app)
    yield pipe
    pipe.supervisor.stop()
    app.close()
