"""`ticker run --web`: the page is served after the replay, until Ctrl-C, which ends it cleanly."""

from __future__ import annotations

import json
import os
import signal
import urllib.request
from pathlib import Path

from tests.processes import Proc, wait_until
from ticker.embedded import EmbeddedRedis, free_port


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return bytes(answer.read())


def test_run_with_web_serves_the_page_until_ctrl_c(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "TICKER_WEB_PORT": str(port)}
    run = Proc(
        ["ticker", "run", "--fast", "--web", "--redis-url", redis_server.url], env, tmp_path / "run.log"
    )
    try:
        run.wait_for_log("until Ctrl-C", timeout=180)
        address = f"http://127.0.0.1:{port}"
        assert address in run.log()
        assert json.loads(_get(f"{address}/healthz"))["status"] == "ok"
        summary = json.loads(_get(f"{address}/api/stories/kazakhstan-2022/summary"))
        assert summary["summary"]["items"] == 16
        assert b"kazakhstan-2022" in _get(f"{address}/stories/kazakhstan-2022")
        run.signal(signal.SIGINT)
        wait_until(lambda: run.process.poll() is not None, 60, "ticker run to end after Ctrl-C", proc=None)
        assert run.process.returncode == 0, run.log()[-2000:]
        assert "stopped serving" in run.log()
    finally:
        run.stop()
