"""`ticker eval` reads the three key formats and refuses any key it cannot score (exit 65)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import KEY_PATH
from tests.processes import ROOT
from ticker import cli
from ticker.errors import AnswerKeyError
from ticker.evaluate.keys import ArticleGold, LiveBlogKey, SeedKey, read_key

DATA = ROOT / "tests" / "data"
MINI = DATA / "eval"
BAD = DATA / "eval_bad"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        cli.main(["eval", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_each_format_is_recognised() -> None:
    assert isinstance(read_key(KEY_PATH), SeedKey)
    blog = read_key(MINI / "liveblogs" / "flood-mini_key.json")
    assert isinstance(blog, LiveBlogKey)
    assert blog.name == "flood-mini" and blog.story_dir == MINI / "liveblogs" / "flood-mini"
    assert isinstance(read_key(MINI / "articles" / "shootings-mini.json"), ArticleGold)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("unknown_key.json", "unknown key format"),
        ("not_json_key.json", "not JSON"),
        ("missing_time_key.json", "figure_timeline[1]: missing 'time_utc'"),
    ],
)
def test_a_key_it_cannot_read_is_refused_in_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    code, out, err = run(capsys, "--key", str(BAD / name))
    assert code == 65
    assert out == ""
    assert err.count("\n") == 1 and str(BAD / name) in err and reason in err


def test_an_unknown_key_no_longer_scores_a_perfect_recall(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--key", str(BAD / "unknown_key.json"))
    assert code != 0 and "recall" not in out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"figure_timeline": []}, "missing 'distractors'"),
        ({"figure_timeline": [{"measure": "killed"}], "distractors": []}, "missing 'pipeline_metric'"),
        ({"figures": {"killed": {"history": [{"value": "many"}]}}}, "'value' is str, not int"),
        ([{"id": "a", "gold": {"killed": 1}}], "missing 'article_date'"),
        ([], "unknown key format"),
    ],
)
def test_missing_or_mistyped_fields_are_named(tmp_path: Path, data: object, reason: str) -> None:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnswerKeyError, match=re.escape(reason)) as info:
        read_key(path)
    assert info.value.exit_code == 65 and str(path) in str(info.value)


def test_the_seed_key_still_scores_every_line_perfectly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--key", str(KEY_PATH))
    ratios = re.findall(r"(\d+)/(\d+) = (\d\.\d\d)", out)
    assert code == 0 and len(ratios) == 8
    assert all(a == b and r == "1.00" for a, b, r in ratios), out
    assert "retractions flagged 1/1" in out and "not-event figures reported as claims: 0" in out


def test_a_dev_directory_prints_a_line_per_check_with_target_and_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--dev", str(MINI))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["key", "text", "check", "value", "target"]
    assert all(line.endswith(("PASS", "MISS")) for line in lines[1:])
    assert sum("retractions flagged" in line for line in lines) == 2  # only the blog with a retraction
    _, as_json, _ = run(capsys, "--dev", str(MINI), "--json")
    variants = {(line["key"], line["text"]) for line in json.loads(as_json)["lines"]}
    assert variants == {("flood-mini", "plain"), ("flood-mini", "cased"), ("shootings-mini", "articles")}
    assert len(json.loads(as_json)["lines"]) == len(lines) - 1


def test_json_output_carries_each_line_and_its_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--dev", str(MINI), "--json")
    report = json.loads(out)
    assert code == 0 and report["type"] == "eval"
    first = report["lines"][0]
    assert set(first) == {"key", "text", "check", "got", "total", "target", "pass"}
    assert {line["check"] for line in report["lines"]} >= {"recall of scored points", "current figure right"}


def test_misses_do_not_fail_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copytree(MINI / "liveblogs" / "flood-mini", tmp_path / "flood-mini")
    key = json.loads((MINI / "liveblogs" / "flood-mini_key.json").read_text(encoding="utf-8"))
    unseen = {**key["figure_timeline"][0], "value": 987_654, "attributed_to": ""}
    key["figure_timeline"] += [unseen, {**unseen, "measure": "missing", "pipeline_metric": "missing"}]
    (tmp_path / "flood-mini_key.json").write_text(json.dumps(key), encoding="utf-8")
    code, out, _ = run(capsys, "--key", str(tmp_path / "flood-mini_key.json"))
    assert code == 0
    assert re.search(r"recall of scored points +\d/6 = 0\.\d\d +>= 0\.85 +MISS", out), out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--key", str(KEY_PATH), "--dev", str(MINI)],
        ["--dev", str(MINI), "fixtures/stories/kazakhstan-2022"],
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and "Error" in err
