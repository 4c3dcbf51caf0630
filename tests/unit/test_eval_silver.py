"""`ticker eval --silver`: the silver set's points scored in-process by score_silver.py's rules,
and the minutes each story's headline figure was wrong (tests/data/silver, an invented blog)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.processes import ROOT
from ticker import cli
from ticker.errors import AnswerKeyError
from ticker.evaluate import silver
from ticker.evaluate.run import enriched_items
from ticker.evaluate.silver import SilverPoint, Snapshot
from ticker.evaluate.table import Tally
from ticker.models import TimeBound
from ticker.summary import fold

SILVER = ROOT / "tests" / "data" / "silver"
BLOG = "lake-ferry-mini"

# (time, metric, silver value) -> (ticker's value, right): what the blog's text gives ticker
VERDICTS: dict[tuple[str, str, int], tuple[int | None, bool]] = {
    ("08:32", "killed", 9): (9, True),  # at least 9: 9
    ("08:32", "arrested", 2): (None, False),  # no figure is wrong
    ("09:10", "killed", 14): (14, True),
    ("09:10", "injured", 28): (30, True),  # about 28: [25.2, 30.8]
    ("10:05", "killed", 20): (23, True),  # more than 20: (20, 24]
    ("10:05", "missing", 60): (52, False),
    ("10:05", "injured", 32): (30, True),  # nearly 32: [28.8, 32)
    ("10:30", "killed", 25): (23, False),
    ("11:40", "killed", 25): (23, False),  # the page title
}
# metric -> (minutes wrong, minutes from its first point to the last item at 11:40)
MINUTES = {
    "arrested": (188.0, 188.0),  # never found
    "injured": (0.0, 150.0),
    "killed": (95.0, 188.0),  # 17 at 9:40 fails "14" until "more than 20" at 10:05; 23 fails "25" from 10:30
    "missing": (95.0, 95.0),
}


def at(hh_mm: str) -> datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return datetime(2026, 5, 12, hour, minute, tzinfo=UTC)


def point(value: float, qualifier: str = "exact", value_max: float | None = None, **kw: Any) -> SilverPoint:
    fields: dict[str, Any] = {
        "story": "s",
        "time_utc": "2026-05-12T08:00:00Z",
        "time": at("08:00"),
        "metric": "killed",
        "value": value,
        "value_max": value_max,
        "qualifier": qualifier,
        "subject": "people",
        "src": "key_event",
        "text": "",
    }
    return SilverPoint(**{**fields, **kw})


def entry(value: int, at_text: str = "2026-05-12T08:00:00Z", **kw: Any) -> dict[str, Any]:
    return {"value": value, "at": at_text, "sort_at": at_text, "scope": None, "part": False, **kw}


def verdicts(report: silver.SilverReport) -> dict[tuple[str, str, int], tuple[float | None, bool]]:
    return {
        (v.point.time.strftime("%H:%M"), v.point.metric, int(v.point.value)): (v.ticker_value, v.right)
        for v in report.verdicts
    }


@pytest.fixture(scope="module")
def plain() -> silver.SilverReport:
    return silver.score_set(SILVER)


@pytest.fixture(scope="module")
def cased() -> silver.SilverReport:
    return silver.score_set(SILVER, cased=True)


def test_each_point_gets_the_verdict_of_score_silver_rules(plain: silver.SilverReport) -> None:
    assert verdicts(plain) == VERDICTS
    assert [s.story for s in plain.stories] == [BLOG]


def test_the_cased_copy_is_its_own_story_with_the_same_verdicts(cased: silver.SilverReport) -> None:
    assert verdicts(cased) == VERDICTS
    assert [(s.blog, s.story) for s in cased.stories] == [(BLOG, f"{BLOG}-cased")]
    assert cased.text == "cased"


def test_the_pooled_numbers(plain: silver.SilverReport) -> None:
    assert plain.points_right() == Tally(5, 9)
    assert plain.per_metric() == {
        "arrested": Tally(0, 1),
        "injured": Tally(2, 2),
        "killed": Tally(3, 5),
        "missing": Tally(0, 1),
    }
    assert plain.final_points() == Tally(0, 1)
    assert plain.blogs_final_right() == Tally(0, 1)  # 25 dead in the title, 23 in the text
    assert plain.any_subject() == Tally(5, 9)


def test_minutes_wrong_per_metric_and_in_total(plain: silver.SilverReport) -> None:
    (story,) = plain.stories
    assert {m.metric: (m.wrong, m.covered) for m in story.minutes} == MINUTES
    killed = next(m for m in story.minutes if m.metric == "killed")
    assert killed.spans == ((at("09:40"), at("10:05")), (at("10:30"), at("11:40")))
    assert plain.minutes_total() == (378.0, 621.0)


def test_folding_item_by_item_gives_what_summary_at_folds_from_scratch() -> None:
    enriched = silver.stream_order(enriched_items(SILVER / "liveblogs" / BLOG))
    metrics = ["arrested", "injured", "killed", "missing"]
    snaps = silver.snapshots(BLOG, enriched, metrics)
    assert [s.at for s in snaps] == [at(t) for t in ("08:32", "09:10", "09:40", "10:05", "11:40")]
    moments = [at("08:00"), *(s.at for s in snaps), *(p.time + silver.GRACE for p in points())]
    for moment in moments:
        known = [e for e in enriched if e.item.known_at(TimeBound(moment))]
        figures = fold(BLOG, known).to_dict()["figures"]
        assert silver.figures_at(snaps, moment) == figures, moment


def points() -> list[SilverPoint]:
    return silver.read_points(SILVER / silver.POINTS_FILE)


@pytest.mark.parametrize(
    ("silver_point", "value", "ok"),
    [
        (point(400, "more_than"), 436, True),  # the editors rounded
        (point(400, "more_than"), 480, True),
        (point(400, "more_than"), 481, False),
        (point(400, "more_than"), 400, True),  # equal is right whatever the qualifier
        (point(400, "at_least"), 400, True),
        (point(400, "at_least"), 399, False),
        (point(100, "nearly"), 90, True),
        (point(100, "nearly"), 89, False),
        (point(100, "nearly"), 101, False),
        (point(100, "about"), 110, True),
        (point(100, "about"), 111, False),
        (point(100, "about"), 90, True),
        (point(100, "exact"), 101, False),
        (point(100, "up_to"), 90, False),  # "up to" states no bound the scorer accepts
        (point(10, "exact", value_max=20), 15, True),
        (point(10, "exact", value_max=20), 21, False),
        (point(10), None, False),
    ],
)
def test_a_point_is_right_by_value_range_or_hedge(
    silver_point: SilverPoint, value: float | None, ok: bool
) -> None:
    assert silver.right(silver_point, value) is ok


def test_a_scoped_or_part_current_gives_way_to_the_latest_standing_entry() -> None:
    older, newer = entry(7, "2026-05-12T08:00:00Z"), entry(9, "2026-05-12T09:00:00Z")
    scoped = entry(3, "2026-05-12T10:00:00Z", scope="in the north")
    figures = {"killed:people": {"current": scoped, "history": [newer, older, scoped]}}
    assert silver.pick(figures, "killed") == ("people", newer)
    part = {"killed:people": {"current": entry(2, part=True), "history": [entry(2, part=True)]}}
    assert silver.pick(part, "killed") == (None, None)
    # people first, then civilians; another subject is no whole-story total
    other = {"killed:civilians": {"current": entry(5)}, "killed:police": {"current": entry(4)}}
    assert silver.pick(other, "killed") == ("civilians", entry(5))
    assert silver.pick({"killed:police": {"current": entry(4)}}, "killed") == (None, None)
    assert silver.any_subject_right({"killed:police": {"current": entry(4)}}, point(4))


def test_minutes_are_judged_between_point_times_and_item_times() -> None:
    def snap(hh_mm: str, value: int) -> Snapshot:
        return Snapshot(at(hh_mm), {"killed:people": {"current": entry(value)}})

    snaps = [snap("08:00", 5), snap("08:20", 6), snap("09:00", 8)]
    pts = [point(5, time=at("08:10")), point(8, time=at("08:40"))]
    # 08:10 expects 5 (right till 08:20: 6), 08:40 expects 8 (wrong till 09:00), end 09:30
    assert silver.wrong_spans(pts, snaps, at("09:30")) == [(at("08:20"), at("09:00"))]
    got = silver.metric_minutes("killed", pts, snaps, at("09:30"))
    assert (got.wrong, got.covered) == (40.0, 80.0)
    assert silver.wrong_spans(pts, snaps, at("08:00")) == []  # the story ended before the first point
    early = [point(5, time=at("07:00"))]  # nothing known before 08:00: wrong
    assert silver.wrong_spans(early, snaps, at("08:30")) == [
        (at("07:00"), at("08:00")),
        (at("08:20"), at("08:30")),
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        cli.main(["eval", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_the_points_and_the_minutes_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--silver", str(SILVER))
    assert code == 0
    assert "points right 5/9 (56%); any-subject (diagnostic) 5/9" in out
    assert "final (page-title) points right 0/1 (0%)" in out
    assert "blogs whose final headline figure is right: 0/1" in out
    assert f"{BLOG}  killed" in out
    assert out.rstrip().splitlines()[-1].split() == ["total", "378", "621", "0.61"]


def test_the_command_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--silver", str(SILVER), "--cased", "--blogs", BLOG, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["type"] == "eval_silver" and data["text"] == "cased"
    assert data["summary"]["right"] == 5 and data["summary"]["minutes_wrong"] == 378.0
    (blog,) = data["blogs"]
    assert blog["story"] == f"{BLOG}-cased" and len(blog["points"]) == 9


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"story": "x"\n', "line 1: not JSON"),
        ('{"story": "x", "metric": "killed", "value": 3}\n', "line 1: missing 'time_utc'"),
        ('{"story": "x", "time_utc": "later", "metric": "killed", "value": 3}\n', "is not an ISO 8601 time"),
        (
            '{"story": "x", "time_utc": "2026-05-12T08:00:00Z", "metric": "killed", "value": "3"}\n',
            "'value' is str",
        ),
        ("\n", "no silver points"),
    ],
)
def test_a_points_file_it_cannot_read_exits_65_in_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / silver.POINTS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswerKeyError, match=reason):
        silver.read_points(path)
    code, out, err = run(capsys, "--silver", str(tmp_path))
    assert code == 65 and out == ""
    assert err.count("\n") == 1 and str(path) in err and reason in err


def test_a_set_without_a_points_file_exits_65(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--silver", str(tmp_path))
    assert code == 65 and str(tmp_path / silver.POINTS_FILE) in err


@pytest.mark.parametrize(
    "args",
    [
        ["--silver", str(SILVER), "--blogs", "no-such-blog"],
        ["--silver", str(SILVER), "--blogs", ","],
        ["--silver", str(SILVER), "--dev", str(SILVER)],
        ["--dev", str(SILVER), "--cased"],
        ["--silver", str(SILVER), "some-source"],
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 2 and out == ""


def test_the_fixture_is_in_the_silver_layout() -> None:
    manifest = json.loads((SILVER / "liveblogs" / BLOG / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["story"] == BLOG
    assert {p.story for p in points()} == {BLOG}
    assert (
        silver.story_folder(SILVER / "liveblogs", BLOG, cased=True) == SILVER / "liveblogs" / BLOG / "cased"
    )
    assert timedelta(minutes=1) == silver.GRACE
