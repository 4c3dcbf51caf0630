"""The public surface: the README's subscriber snippet, the compose file, the main command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
import yaml

from tests.conftest import SAMPLE
from tests.processes import BEAT, CONSUMER, ROOT, WORKER, Proc, command, wait_until
from tests.readback import queued_items
from ticker import keys
from ticker.feedconfig import load_feeds
from ticker.ingest import read_sources

pytestmark = pytest.mark.integration


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Subscribe from code", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README has a python snippet under 'Subscribe from code'"
    return match.group(1)


@pytest.mark.broker
def test_readme_subscriber_snippet_receives_items_and_changes(
    spawn: Callable[..., Proc], tmp_path: object
) -> None:
    snippet = ROOT / ".pytest-snippet.py"
    snippet.write_text(readme_snippet())
    try:
        subscriber = spawn([sys.executable, str(snippet)], name="snippet")
        spawn(WORKER, name="worker").wait_for_log("ready.", timeout=60)
        spawn(CONSUMER, name="consumer")
        wait_until(lambda: True, 0.5, "subscriber up")
        replay = spawn(["ticker", "replay", str(SAMPLE), "--fast"], name="replay")
        assert replay.process.wait(timeout=60) == 0
        wait_until(
            lambda: "change new_development" in subscriber.log(), 60, "a change event", proc=subscriber
        )
        wait_until(lambda: "enriched_item" in subscriber.log(), 60, "an item event", proc=subscriber)
        first = subscriber.log().splitlines()[0].split()
        assert first[0] in {"enriched_item", "change"} and re.fullmatch(r"\d+-\d+", first[-1])
    finally:
        snippet.unlink()


def test_compose_services_run_the_commands_the_tests_run() -> None:
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "workers", "worker"]
    assert {"--without-gossip", "--without-mingle"} <= set(worker)
    assert services["consumer"]["command"] == CONSUMER
    assert services["consumer"]["environment"]["TICKER_HEARTBEAT"].startswith("/tmp/")
    assert services["replay"]["command"][:2] == ["ticker", "replay"]
    assert services["replay"]["restart"] == "no"
    redis_service = services["redis"]
    assert "--appendonly" in redis_service["command"] and "yes" in redis_service["command"]
    assert "healthcheck" in redis_service
    # beat as tests/integration/test_polling.py starts it, but with a schedule file the image's user may write
    assert services["beat"]["command"] == [*BEAT, "--schedule", "/tmp/celerybeat-schedule"]
    for name in ("worker", "consumer", "web", "replay", "beat", "poller"):
        assert services[name]["environment"]["TICKER_REDIS_URL"].startswith("redis://redis:")
    # enrichment by the worker; feed polls by the poller, which only the feeds profile starts
    assert worker[worker.index("-Q") + 1] == keys.TASK_QUEUE
    poller = services["poller"]["command"]
    assert poller[:4] == worker[:4] and poller[poller.index("-Q") + 1] == keys.POLL_QUEUE
    # beat schedules the polls, the poller runs them: both read the same mounted feeds file
    feeds = services["beat"]["environment"]["TICKER_FEEDS"]
    assert "TICKER_FEEDS" not in services["worker"]["environment"]
    for name in ("beat", "poller"):
        assert services[name]["profiles"] == ["feeds"]
        assert services[name]["environment"]["TICKER_FEEDS"] == feeds
        # long syntax: a missing file is refused, where the short one would create a directory
        (mount,) = [v for v in services[name]["volumes"] if v["target"] == feeds]
        assert mount["type"] == "bind" and mount["read_only"] is True
        default = re.fullmatch(r"\$\{TICKER_FEEDS_FILE:-(.+)\}", mount["source"])
        assert default and load_feeds(ROOT / default.group(1))  # `--profile feeds` works as it comes


def test_compose_builds_one_image_and_publishes_on_loopback_only() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    ticker_services = {name for name, spec in services.items() if name != "redis"}
    assert [name for name in services if "build" in services[name]] == ["worker"]
    assert {services[name]["image"] for name in ticker_services} == {"${TICKER_IMAGE:-ticker:local}"}
    for spec in services.values():
        for port in spec.get("ports", []):
            assert port.startswith("127.0.0.1:"), port
    for name in ("redis", "worker", "consumer", "web", "poller"):  # every long-running service but beat
        assert services[name]["healthcheck"]["test"], name
    assert services["web"]["command"][:2] == ["ticker", "web"]
    assert any("/healthz" in part for part in services["web"]["healthcheck"]["test"])


@pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose (Debian package) not installed"
)
def test_docker_compose_accepts_the_file() -> None:
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_ticker_run_plays_the_sample_story_and_leaves_nothing_running(tmp_path: Path) -> None:
    # its throwaway redis-server keeps its data under TMPDIR: look for one still running there
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [*command(["ticker"]), "run", "--fast", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)  # --json: stdout is the summary alone, the items go to stderr
    assert summary["items"] == len(read_sources([str(SAMPLE)]).items)
    assert summary["figures"]["arrested:people"]["current"]["value"] == 7939
    assert list(tmp_path.iterdir()) == []  # its data directory is gone too
    assert _redis_servers_under(tmp_path) == []


def test_ticker_run_without_redis_server_says_how_to_get_it(tmp_path: object) -> None:
    env = {"PATH": "/nonexistent", "HOME": "/tmp"}
    result = subprocess.run(
        [*command(["ticker"]), "run", "--fast"], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
    )
    assert result.returncode == 69
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and "redis-server not found" in lines[0]
        and "apt-get install redis-server" in lines[0]
    )


def test_cli_names_an_unreachable_redis_with_exit_69() -> None:
    from ticker.embedded import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"
    result = subprocess.run(
        [*command(["ticker"]), "summary", "--redis-url", url], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 69
    assert result.stdout == ""
    assert result.stderr.startswith("error: cannot connect to Redis at redis://127.0.0.1:")


def _redis_servers_under(directory: Path) -> list[int]:
    """redis-server processes working in ``directory`` (redis chdirs into its --dir)."""
    out = subprocess.run(["pgrep", "-x", "redis-server"], capture_output=True, text=True).stdout
    found = []
    for pid in map(int, out.split()):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if cwd.startswith(str(directory)):
            found.append(pid)
    return found


@pytest.mark.broker
def test_summary_cli_renders_the_seed_story(client: redis.Redis, spawn: Callable[..., Proc]) -> None:
    spawn(WORKER, name="worker").wait_for_log("ready.", timeout=60)
    consumer = spawn(CONSUMER, name="consumer")
    items = read_sources([str(SAMPLE)]).items
    replay = spawn(["ticker", "replay", str(SAMPLE), "--fast"], name="replay")
    assert replay.process.wait(timeout=60) == 0
    from tests.readback import applied_count

    wait_until(lambda: applied_count(client, items) == len(items), 60, "applied", proc=consumer)
    url = client.connection_pool.connection_kwargs
    redis_url = f"redis://{url['host']}:{url['port']}/0"
    shown = subprocess.run(
        [*command(["ticker"]), "summary", "--redis-url", redis_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "7,939" in shown.stdout and "WITHDRAWN" in shown.stdout and "\x1b" not in shown.stdout
    tailed = subprocess.run(
        [*command(["ticker"]), "tail", "--redis-url", redis_url, "--no-follow", "-n", "100", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in tailed.stdout.splitlines()]
    assert len(lines) == len(items)
    assert {line["item"]["id"] for line in lines} == {i.id for i in items}


def test_summary_at_shows_what_was_known_then(client: redis.Redis) -> None:
    from ticker.config import Settings
    from ticker.enrich import enrich
    from ticker.models import EnrichedItem
    from ticker.store import Store

    store = Store(client, Settings())
    for item in read_sources([str(SAMPLE)]).items:
        store.write_item(EnrichedItem(item, enrich(item)))
    kwargs = client.connection_pool.connection_kwargs
    url = f"redis://{kwargs['host']}:{kwargs['port']}/0"

    def arrested_at(moment: str) -> int:
        result = subprocess.run(
            [*command(["ticker"]), "summary", "--redis-url", url, "--json", "--at", moment],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return int(json.loads(result.stdout)["figures"]["arrested:people"]["current"]["value"])

    assert arrested_at("2022-01-07T12:00:00") == 2300
    assert arrested_at("2022-01-08T12:00") == 4000
    assert arrested_at("2022-01-08 18:00+06:00") == 4000  # the same moment, in Almaty
    assert arrested_at("2022-01-10T12:00:00") == 8000
    assert arrested_at("2022-01-11T00:00:00") == 7939


def test_replay_sends_the_good_sources_and_exits_non_zero_for_the_bad(client: redis.Redis) -> None:

    kwargs = client.connection_pool.connection_kwargs
    url = f"redis://{kwargs['host']}:{kwargs['port']}/0"
    result = subprocess.run(
        [*command(["ticker"]), "replay", str(SAMPLE), "missing.txt", "--fast", "--redis-url", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 66
    assert "error: missing.txt:open: no such file or directory" in result.stderr
    assert queued_items(client) == len(read_sources([str(SAMPLE)]).items)
