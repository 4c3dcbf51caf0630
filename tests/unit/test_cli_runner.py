"""The `ticker` command in-process (click's CliRunner): parse, eval, and each documented exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ticker.ingest
from tests.clirun import run_ticker
from tests.conftest import KEY_PATH, SAMPLE
from tests.processes import ROOT
from ticker.embedded import free_port
from ticker.ingest import read_sources
from ticker.models import TickerItem

BAD_FEEDS = '[[feed]]\nurl = "https://example.org/rss"\nstory = "s"\ncolour = "red"\n'


def test_parse_json_prints_every_item_of_the_story_as_one_line() -> None:
    ran = run_ticker("parse", str(SAMPLE), "--json")
    assert ran.exit_code == 0 and ran.stderr == ""
    printed = [TickerItem.from_json(line) for line in ran.stdout.splitlines()]
    expected = read_sources([str(SAMPLE)]).items
    assert [i.id for i in printed] == [i.id for i in expected] and len(printed) > 10
    assert all(i.story == "kazakhstan-2022" for i in printed)


def test_parse_prints_one_readable_line_per_item() -> None:
    ran = run_ticker("parse", str(SAMPLE))
    lines = ran.stdout.splitlines()
    assert ran.exit_code == 0 and len(lines) == len(read_sources([str(SAMPLE)]).items)
    assert all(
        re.match(r"\d{4}-\d\d-\d\d (\d\d:\d\dZ|date only) (minute|day|ingested) ", line) for line in lines
    )


def test_parse_prints_the_good_sources_and_exits_with_the_first_errors_code(tmp_path: Path) -> None:
    ran = run_ticker("parse", str(tmp_path / "missing.txt"), str(SAMPLE), "--json")
    assert ran.exit_code == 66
    assert len(ran.stdout.splitlines()) == len(read_sources([str(SAMPLE)]).items)
    assert ran.stderr == f"error: {tmp_path / 'missing.txt'}:open: no such file or directory\n"


def test_eval_scores_the_sample_story_full_on_every_line_of_the_seed_key() -> None:
    ran = run_ticker("eval", "--key", str(KEY_PATH))
    assert ran.exit_code == 0, ran.output
    ratios = re.findall(r"(\d+)/(\d+) = (\d\.\d\d)", ran.stdout)
    assert len(ratios) >= 8
    assert all(found == wanted != "0" and score == "1.00" for found, wanted, score in ratios), ran.stdout
    assert "not-event figures reported as claims: 0" in ran.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["parse", "fixtures/bad/binary_garbage.txt"], 65, "error: fixtures/bad/binary_garbage.txt:byte 6: "),
        (["parse", "fixtures/bad/no_such_file.txt"], 66, "error: fixtures/bad/no_such_file.txt:open: "),
        (["parse"], 2, "Missing argument 'SOURCES...'"),
        (["tail", "--since", "yesterday"], 2, "'yesterday' is not a time like"),
        (["poll", "--once"], 78, "error: no feeds to poll"),
        (["summary", "--redis-url", "notaurl://x"], 78, "error: invalid Redis URL notaurl://x"),
    ],
    ids=["bad-input-65", "missing-input-66", "usage-2", "bad-option-2", "no-feeds-78", "bad-url-78"],
)
def test_each_failure_exits_with_its_documented_code(
    args: list[str], code: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    ran = run_ticker(*args)
    assert ran.exit_code == code and message in ran.stderr, ran.output
    assert "Traceback" not in ran.output


def test_a_bad_feeds_file_is_one_line_naming_file_line_and_key_and_exits_78(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(BAD_FEEDS)
    ran = run_ticker("poll", "--once", "--feeds", str(feeds))
    assert ran.exit_code == 78
    assert (
        ran.stderr
        == f"error: {feeds}:1: [[feed]] #1: colour: unknown key (known: url, story, outlet, timezone)\n"
    )


def test_redis_that_does_not_answer_exits_69() -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on, never 6379
    ran = run_ticker("dlq", "--redis-url", closed, env={"TICKER_CONNECT_TIMEOUT": "0.3"})
    assert ran.exit_code == 69
    assert ran.stderr.startswith(f"error: cannot connect to Redis at {closed.removesuffix('/0')}")


def test_an_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ticker.ingest, "read_sources", interrupted)
    ran = run_ticker("parse", str(SAMPLE))
    assert (ran.exit_code, ran.stderr.strip()) == (130, "interrupted")


def test_an_unexpected_error_is_not_mapped_to_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ticker.ingest, "read_sources", broken)
    with pytest.raises(RuntimeError, match="a bug"):  # the installed command exits 1 with the traceback
        run_ticker("parse", str(SAMPLE))


@pytest.mark.parametrize("command", ["run", "replay", "parse"])
def test_a_missing_source_is_one_error_line(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    ran = run_ticker(command, str(missing))
    assert ran.exit_code == 66
    assert ran.stderr == f"error: {missing}:open: no such file or directory\n"


def test_tail_refuses_an_unknown_metric_with_a_suggestion_and_help_lists_the_metrics() -> None:
    ran = run_ticker("tail", "--metric", "arests")
    assert ran.exit_code == 2
    assert "unknown metric 'arests'; did you mean 'arrested'? (one of: killed, injured, " in ran.stderr
    shown = run_ticker("tail", "--help")
    assert shown.exit_code == 0
    assert "--metric [killed|injured|arrested|" in shown.stdout and "'attackers'" in shown.stdout
