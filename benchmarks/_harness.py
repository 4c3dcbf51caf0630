"""Shared pieces of the pipeline benchmarks: a throwaway Redis, real worker and consumer
processes (the compose commands), synthetic items with figures, and small statistics.

Every process is started in its own process group and stopped by that group's id.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticker.config import Settings  # noqa: E402
from ticker.embedded import EmbeddedRedis  # noqa: E402
from ticker.models import ItemKind, Precision, TickerItem  # noqa: E402
from ticker.store import Store  # noqa: E402
from workers.celery import create_app  # noqa: E402

BIN = Path(sys.executable).parent
WORKER = ["celery", "-A", "workers", "worker", "--loglevel", "INFO", "--pool", "prefork",
          "--without-gossip", "--without-mingle"]  # fmt: skip

CORES = len(os.sched_getaffinity(0))  # what this process and its children may run on

_TEXTS = (
    "The Interior Ministry said {n} protesters were arrested in Almaty after clashes on {place} square.",
    "Police said {n} people were killed and {m} injured in {place} on {day}.",
    "Officials of the {org} said about {m} people were detained in {place}.",
    "Health officials said {n} people were injured when security forces dispersed a rally in {place}.",
    "President Kassym-Jomart Tokayev said {m} troops of the {org} had been deployed to {place}.",
)
_PLACES = ("Almaty", "Nur-Sultan", "Aktobe", "Shymkent", "Taraz", "Zhanaozen", "Aktau")
_ORGS = ("Collective Security Treaty Organization", "Interior Ministry", "National Security Committee")
_DAYS = ("Wednesday", "Thursday", "Friday", "Saturday")
_START = datetime(2022, 1, 4, 12, 0, tzinfo=UTC)


def synthetic_items(count: int, story: str, *, spacing: timedelta = timedelta(minutes=1)) -> list[TickerItem]:
    """``count`` distinct items of one story, later and later, each with figures to fold."""
    out = []
    for n in range(count):
        text = _TEXTS[n % len(_TEXTS)].format(
            n=n + 3,
            m=5 * n + 7,
            place=_PLACES[n % len(_PLACES)],
            org=_ORGS[n % len(_ORGS)],
            day=_DAYS[n % len(_DAYS)],
        )
        ident = hashlib.sha256(f"{story}/{n}".encode()).hexdigest()[:16]
        out.append(
            TickerItem(
                id=ident,
                revision="r1",
                story=story,
                outlet=f"Outlet {n % 7}",
                source=f"bench-{n % 7}.txt",
                position=f"block {n}",
                kind=ItemKind.TICKER_UPDATE,
                title=f"Update {n}: {text[:60]}",
                text=text,
                url=None,
                stated_at=_START + spacing * n,
                published_at=None,
                ingested_at=_START,
                precision=Precision.MINUTE,
                timezone="Asia/Almaty",
            )
        )
    return out


class Process:
    """One command in its own process group, output to a log file."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], log: Path) -> None:
        program = BIN / argv[0]
        self.log_path = log
        self._log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            [str(program) if program.exists() else argv[0], *argv[1:]],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log_path.read_text(errors="replace"):
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.log_path.name}: no {text!r}:\n{self.log_path.read_text()[-2000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._log.close()


class Bench:
    """A Redis of its own and the processes started against it; everything stopped on exit."""

    def __init__(self, server: EmbeddedRedis) -> None:
        self.server = server
        self.processes: list[Process] = []
        self.names: list[str] = []  # each process's name, as started
        self.logs = Path(server.data_dir)
        self.defaults: dict[str, str] = {}  # TICKER_* settings for every process started

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
        env.update(TICKER_REDIS_URL=self.server.url, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        return {**env, **self.defaults, **(extra or {})}

    def start(self, argv: Sequence[str], name: str, extra: dict[str, str] | None = None) -> Process:
        proc = Process(argv, self.env(extra), self.logs / f"{name}.log")
        self.processes.append(proc)
        self.names.append(name)
        return proc

    def worker(
        self, name: str, concurrency: int = 1, *, app: str = "workers", queue: str | None = None
    ) -> Process:
        argv = [*WORKER, "-n", f"{name}@%h", "--concurrency", str(concurrency)]
        argv[2] = app
        if queue:
            argv += ["-Q", queue]
        proc = self.start(argv, name)
        proc.wait_for("ready.")
        return proc

    def producer(self) -> tuple[redis.Redis, Celery, Store]:
        """A client of this Redis, and the Celery app and store ``ticker replay`` would publish with."""
        settings = Settings().with_redis(self.server.url)
        client = redis.Redis.from_url(self.server.url, decode_responses=True)
        return client, create_app(settings), Store(client, settings)

    def consumer(self, name: str = "consumer") -> Process:
        proc = self.start(["ticker", "consume", "--name", name], name)
        proc.wait_for("running", timeout=30)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.processes):
            proc.stop()
        self.processes.clear()
        self.names.clear()


@contextmanager
def bench_redis(*, appendonly: bool = True, extra_args: tuple[str, ...] = ()) -> Iterator[Bench]:
    server = EmbeddedRedis(appendonly=appendonly, extra_args=extra_args)
    server.start()
    bench = Bench(server)
    try:
        yield bench
    finally:
        bench.stop_all()
        server.close()


def wait_for(predicate: Callable[[], bool], timeout: float, what: str, poll: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(poll)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
