"""The README's "Without Docker" block works as printed, in the clone right after the Quick start.

The block runs in bash with a PATH that does not hold the virtualenv (its first line must
activate it) and with the test's throwaway Redis standing in for its `redis-server` line and
port 6379; the summary then shows every item of the sample story.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.processes import BIN, ROOT, wait_until
from ticker.embedded import EmbeddedRedis
from ticker.ingest import read_sources

pytestmark = pytest.mark.integration


def by_hand_block() -> list[str]:
    section = (ROOT / "README.md").read_text().split("Without Docker, the same by hand", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README has a sh block after 'Without Docker, the same by hand'"
    return match.group(1).splitlines()


def as_run_here(lines: list[str], port: int) -> str:
    """The block with this environment's virtualenv for the Quick start's and the test Redis for 6379."""
    activate = BIN / "activate"
    if not activate.exists():
        pytest.skip(f"the tests do not run in a virtualenv ({BIN}): nothing to activate")
    assert lines[0] == ". .venv/bin/activate", "the block activates the Quick start's virtualenv first"
    script = [f". {activate}"]
    for line in lines[1:]:
        if line.startswith("redis-server "):
            continue  # the test's throwaway Redis stands in: never port 6379 here
        script.append(line.replace("127.0.0.1:6379", f"127.0.0.1:{port}"))
    assert sum(f":{port}" in line for line in script) == 1, script
    return "\n".join(script) + "\n"


def stop_group(pgid: int) -> None:
    """SIGTERM to everything the block started (its background jobs), SIGKILL what stays."""
    for sig, wait in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def test_the_without_docker_block_works_as_printed(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    port = int(redis_server.url.rsplit(":", 1)[1].split("/")[0])
    script = tmp_path / "by_hand.sh"
    script.write_text(as_run_here(by_hand_block(), port))
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    log = tmp_path / "by_hand.log"
    with log.open("wb") as out:
        shell = subprocess.Popen(
            ["bash", "-e", str(script)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        assert shell.wait(timeout=120) == 0, log.read_text()[-3000:]
        wanted = len(read_sources([str(SAMPLE)]).items)
        url = f"redis://127.0.0.1:{port}/0"

        def folded() -> bool:
            shown = subprocess.run(
                [BIN / "ticker", "summary", "--json", "--redis-url", url], capture_output=True, text=True
            )
            return shown.returncode == 0 and json.loads(shown.stdout)["items"] == wanted

        wait_until(folded, 90, "the worker and the consumer started by the block to fold every item")
    finally:
        stop_group(shell.pid)
    assert "consumer stopped" in log.read_text()  # the background jobs were the block's own
