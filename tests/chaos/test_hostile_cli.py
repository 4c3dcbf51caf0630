"""Hostile titles and outlets reach the terminal inert and never forge a log line.

The corpus (fixtures/hostile/, see tests/chaos/hostile.py) carries terminal escapes, bidi
overrides, C0/C1 controls, NUL, lone surrogates and log injection. Every command runs in a
pseudo-terminal, so rich renders as for a person, and the assertions are on the bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.chaos.conftest import Pipeline
from tests.chaos.hostile import FORGED_LOG_LINE, HOSTILE_DIR, STORY, violations
from tests.chaos.pty_run import Screen, run_in_pty
from tests.processes import wait_until
from tests.readback import applied_count
from ticker import keys
from ticker.ingest import read_sources

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

SOURCES = [str(HOSTILE_DIR / "items.jsonl"), str(HOSTILE_DIR / "feed.xml")]


def assert_inert(screen: Screen, what: str) -> None:
    assert b"Traceback" not in screen.output, f"{what} crashed:\n{screen.output.decode(errors='replace')}"
    found = violations(screen.output)
    assert not found, f"{what} let through: {found}\n{screen.output[-3000:]!r}"


def screen_of_summary(env: dict[str, str]) -> bytes:
    return run_in_pty(["ticker", "summary", "--story", STORY], env).output


@pytest.mark.timeout(120)
def test_parse_shows_hostile_sources_inert_in_a_terminal(pipeline: Pipeline) -> None:
    env = pipeline.env()
    for argv in (["ticker", "parse", *SOURCES], ["ticker", "parse", "--json", *SOURCES]):
        screen = run_in_pty(argv, env)
        assert screen.returncode in (0, 65), screen.output  # 65: the ill-formed feed is reported
        assert_inert(screen, " ".join(argv[:3]))
        # the forged line shown inline after "ok" (cut to the width between words), never as a line
        assert b"ok [2026-11-23 00:00:00,000: ERROR/MainProcess]" in screen.output


@pytest.mark.timeout(120)
def test_tail_summary_and_logs_of_hostile_items_are_inert(pipeline: Pipeline) -> None:
    worker = pipeline.worker()
    consumer = pipeline.consumer()
    env = pipeline.env({"TICKER_REDIS_URL": pipeline.server.url})
    replay = run_in_pty(["ticker", "replay", "--fast", *SOURCES], env)
    assert_inert(replay, "ticker replay")

    items = read_sources(SOURCES).items
    assert len(items) >= 30
    wait_until(lambda: applied_count(pipeline.client, items) == len(items), 60, "hostile items applied")

    commands = {  # each command and a piece of hostile-item text it must show
        ("ticker", "tail", "--no-follow", "-n", "100"): b"FORGED-LOG",
        ("ticker", "tail", "--no-follow", "-n", "100", "--json"): b"FORGED-LOG-LINE",
        ("ticker", "summary", "--story", STORY): b"Ministry",
        ("ticker", "summary", "--story", STORY, "--json"): b"Ministry",
        ("ticker", "dlq"): b"",
    }
    for argv, shown in commands.items():
        screen = run_in_pty(argv, env)
        assert screen.returncode == 0, screen.output
        assert_inert(screen, " ".join(argv))
        assert shown in screen.output, f"{argv}: {screen.output[-2000:]!r}"
    assert b"\x1b[" in screen_of_summary(env)  # rich took the pty for a terminal: it styles

    for proc in (worker, consumer):
        log = proc.log_path.read_bytes()
        assert not any(line.startswith(FORGED_LOG_LINE.encode()) for line in log.splitlines())
        assert not violations(log), f"{proc.argv[0]} log: {violations(log)}"


@pytest.mark.timeout(120)
def test_item_with_an_invalid_story_name_is_refused_or_parked_never_dropped(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    worker = pipeline.worker()
    pipeline.consumer()
    good = [json.loads(line) for line in (HOSTILE_DIR / "items.jsonl").read_text().splitlines()[:3]]
    bad = {**good[0], "id": "badstory00000000", "story": "../Evil\x1b[2J"}
    source = tmp_path / "bad-story.jsonl"
    source.write_text("".join(json.dumps(entry) + "\n" for entry in [bad, *good]))
    env = pipeline.env({"TICKER_REDIS_URL": pipeline.server.url})
    replay = run_in_pty(["ticker", "replay", "--fast", str(source)], env)
    assert_inert(replay, "ticker replay")

    items = read_sources([str(source)]).items
    accepted = [i for i in items if i.id != bad["id"]]
    wait_until(lambda: applied_count(pipeline.client, accepted) == len(accepted), 60, "good items applied")
    wait_until(lambda: pipeline.client.llen("ticker") == 0, 30, "queue drained", proc=worker)
    refused_at_ingest = len(items) == len(accepted) and replay.returncode != 0
    parked = [json.loads(raw) for raw in pipeline.client.lrange(keys.dead_letters(), 0, -1)]
    assert refused_at_ingest or [p["item_id"] for p in parked] == [bad["id"]], (replay.output, parked)
