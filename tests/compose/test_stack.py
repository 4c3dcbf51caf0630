"""`docker-compose up` for real: the stack builds on a local Debian base (Docker Hub is out of reach),
every service turns healthy, the sample story replayed into the published Redis port is folded,
`exec consumer ticker summary --json` shows the answer key's figures and the live page answers
on its published port. Skips with the reason
where no Docker engine can run."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from tests.compose.docker import NoDocker, build_local_images
from tests.conftest import SAMPLE
from tests.processes import ROOT, command
from tests.seedkey import assert_matches_key
from ticker.embedded import free_port
from ticker.ingest import read_sources

pytestmark = [pytest.mark.compose, pytest.mark.timeout(1800)]  # a cold run builds a Debian base

TEST_IMAGE = "ticker:compose-test"  # kept between runs: a warm build reuses its layers


def test_stack_starts_healthy_and_folds_the_sample_story(compose: list[str]) -> None:
    try:
        images = build_local_images(ROOT / "scripts" / "local-docker-images")
    except NoDocker as reason:
        pytest.skip(str(reason))
    redis_port, web_port = free_port(), free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("TICKER_")}
    env.update(images, REDIS_PORT=str(redis_port), WEB_PORT=str(web_port), TICKER_IMAGE=TEST_IMAGE)
    project = f"tickertest{os.getpid()}{secrets.token_hex(3)}"  # never one a person or another run uses

    def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        argv = [*compose, "-p", project, "-f", str(ROOT / "docker-compose.yml"), *args]
        return subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)

    def summary() -> dict[str, Any] | None:
        shown = run("exec", "-T", "consumer", "ticker", "summary", "--json", timeout=120)
        return json.loads(shown.stdout) if shown.returncode == 0 else None

    try:
        built = run("build", "worker", timeout=1200)
        assert built.returncode == 0, built.stderr[-3000:]
        up = run("up", "-d", timeout=600)
        assert up.returncode == 0, up.stderr[-3000:]
        wait_for(lambda: all_healthy(run), 300, "every service healthy", run)

        replay = subprocess.run(
            command(
                [
                    "ticker",
                    "replay",
                    str(SAMPLE),
                    "--fast",
                    "--redis-url",
                    f"redis://127.0.0.1:{redis_port}/0",
                ]
            ),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert replay.returncode == 0, replay.stderr[-3000:]

        items = read_sources([str(SAMPLE)]).items
        wait_for(lambda: (summary() or {}).get("items") == len(items), 300, "every item in the summary", run)
        folded = summary()
        assert folded is not None
        assert_matches_key(folded)

        web = f"http://127.0.0.1:{web_port}"
        with urllib.request.urlopen(f"{web}/healthz", timeout=30) as health:
            assert json.load(health)["status"] == "ok"
        with urllib.request.urlopen(f"{web}/api/stories/{items[0].story}/summary", timeout=30) as page:
            shown = json.load(page)["summary"]
        assert (shown["version"], shown["items"]) == (folded["version"], len(items))  # the same summary
    finally:
        run("down", "-v", "--remove-orphans", "-t", "30", timeout=300)


def all_healthy(run: Callable[..., subprocess.CompletedProcess[str]]) -> bool:
    """Every container of the project runs and its healthcheck says healthy."""
    ids = run("ps", "-q").stdout.split()
    if not ids:
        return False
    states = subprocess.run(
        [
            "docker",
            "inspect",
            "-f",
            "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
            *ids,
        ],
        capture_output=True,
        text=True,
    )
    return states.returncode == 0 and set(states.stdout.split("\n")) - {""} == {"running healthy"}


def wait_for(
    predicate: Callable[[], object],
    timeout: float,
    what: str,
    run: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    """Wait on a condition; on timeout, fail with the services' states and logs."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            states = run("ps").stdout
            logs = run("logs", "--no-color", "--tail", "30").stdout
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{states}\n{logs[-6000:]}")
        time.sleep(2)
