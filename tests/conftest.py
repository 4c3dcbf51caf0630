from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from tests.processes import CONSUMER, ROOT, WORKER, Proc
from tests.rabbit import rabbit_vhost
from ticker.config import Settings
from ticker.embedded import EmbeddedRedis

SAMPLE = ROOT / "fixtures" / "stories" / "kazakhstan-2022"
KEY_PATH = ROOT / "tests" / "data" / "seed_key.json"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--broker",
        choices=["redis", "rabbitmq"],
        default=os.environ.get("TICKER_TEST_BROKER", "redis"),
        help="the Celery broker of the tests marked 'broker'; rabbitmq runs only those",
    )


def pytest_configure(config: pytest.Config) -> None:
    # a Ctrl-C a test sends must reach the processes it starts as from a terminal; a suite started
    # in the background of a non-interactive shell inherits SIGINT ignored, and so would they
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("broker") != "redis":
        # the other tests never touch the broker: on another one they would only run again
        chosen = [item for item in items if "broker" in item.keywords]
        config.hook.pytest_deselected(items=[item for item in items if item not in chosen])
        items[:] = chosen
    # integration tests need redis-server; in CI its absence is a failure, never a silent skip
    if shutil.which("redis-server") is None and not os.environ.get("CI"):
        skip = pytest.mark.skip(reason="redis-server is not installed")
        for item in items:
            if "integration" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A throwaway redis-server on a free loopback port, with its own data dir."""
    server = EmbeddedRedis(data_dir=str(tmp_path / "redis"))
    os.makedirs(server.data_dir, exist_ok=True)
    server.start()
    yield server
    server.close()


@pytest.fixture
def client(redis_server: EmbeddedRedis) -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(redis_server.url, decode_responses=True)
    yield conn
    conn.close()


@pytest.fixture
def broker_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The tasks' broker when it is not the test Redis: a RabbitMQ virtual host of the test's own."""
    if request.config.getoption("broker") == "redis":
        yield None
        return
    with rabbit_vhost() as url:
        yield url


@pytest.fixture
def pipeline_settings(redis_server: EmbeddedRedis, broker_url: str | None) -> Settings:
    """Settings for an in-process Celery app or store beside the processes ``spawn`` starts."""
    return Settings(broker_url=broker_url).with_redis(redis_server.url)


@pytest.fixture
def pipeline_env(redis_server: EmbeddedRedis, broker_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
    env.update(TICKER_REDIS_URL=redis_server.url, PYTHONUNBUFFERED="1")
    if broker_url is not None:
        env["TICKER_BROKER_URL"] = broker_url
    return env


@pytest.fixture
def spawn(tmp_path: Path, pipeline_env: dict[str, str]) -> Iterator[Callable[..., Proc]]:
    """Start processes (a worker, a consumer, any CLI) against the test Redis; all stopped after."""
    started: list[Proc] = []

    def start(argv: list[str], *, env: dict[str, str] | None = None, name: str | None = None) -> Proc:
        log = tmp_path / f"{name or argv[0]}-{len(started)}.log"
        proc = Proc(argv, {**pipeline_env, **(env or {})}, log)
        started.append(proc)
        return proc

    yield start
    # every process goes, even when stopping one of them fails: a leaked worker would keep
    # reconnecting to this test's port and join whichever later test's Redis gets it
    errors: list[BaseException] = []
    for proc in reversed(started):
        try:
            proc.stop()
        except BaseException as exc:  # re-raised below, once the others are stopped
            errors.append(exc)
    if errors:
        raise errors[0]


@pytest.fixture
def worker(spawn: Callable[..., Proc]) -> Proc:
    proc = spawn([*WORKER, "-n", "w1@%h"], name="worker")
    proc.wait_for_log("ready.", timeout=60)
    return proc


@pytest.fixture
def consumer(spawn: Callable[..., Proc]) -> Proc:
    proc = spawn(CONSUMER, name="consumer")
    proc.wait_for_log("running", timeout=30)
    return proc
