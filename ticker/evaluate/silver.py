"""The silver set in-process: editors' headline figures against the summary ticker showed then.

A silver set directory holds ``silver_points.jsonl`` (one point a line: at ``time_utc`` the
editors' headline said the current ``metric`` of the story was ``value``) and
``liveblogs/<story>/`` folders (``cased/`` inside each for the recased text). The rules are
those of the set's ``score_silver.py``, which runs ``ticker run`` into Redis and reads
``ticker summary --at T+1min`` per point time T; here the same items are read, enriched once
and folded in the stream's order, so no Redis is needed:

- the figure compared is ``<metric>:<subject>``, else ``<metric>:people``, else
  ``<metric>:civilians``, using its current entry, or when that is scoped, a part or retracted,
  the latest history entry that is none of these;
- a point is right when that value equals the silver value, lies in a silver range, or meets
  the bound a hedged headline states (more than v: (v, 1.2v]; at least v: [v, 1.2v];
  nearly v: [0.9v, v); about v: [0.9v, 1.1v]); a missing figure is wrong.

Minutes wrong (the latency idea of TREC Temporal Summarization, applied to figures): per story
and metric, from the first silver point of the metric to the story's last item, the event time
during which the summary of the items known then fails the latest silver point at or before
that moment, by the rule above.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ticker.errors import AnswerKeyError
from ticker.evaluate.run import enriched_items
from ticker.evaluate.table import Tally
from ticker.ingest.replay import replay_order
from ticker.models import EnrichedItem
from ticker.summary import Summary, apply

POINTS_FILE = "silver_points.jsonl"
STORIES = "liveblogs"
CASED = "cased"
FINAL_TITLE = "final_title"  # a page-title point: the title's figure at the last block's time
WHOLE = ("people", "civilians")  # the subjects that are a whole-story total
GRACE = timedelta(minutes=1)  # the scorer reads the summary at T+1min
# a headline that states a bound is met by a more precise figure inside it ("more than 400" by 436)
BOUNDS: dict[str, tuple[float, float]] = {
    "more_than": (1.0, 1.2),
    "at_least": (1.0, 1.2),
    "nearly": (0.9, 1.0),
    "about": (0.9, 1.1),
}

Figures = Mapping[str, Mapping[str, Any]]  # a summary's "figures", as `ticker summary --json` has them


@dataclass(frozen=True)
class SilverPoint:
    story: str  # the story folder under liveblogs/
    time_utc: str  # as the file writes it
    time: datetime
    metric: str
    value: float
    value_max: float | None
    qualifier: str
    subject: str
    src: str  # key_event or final_title
    text: str

    @property
    def final(self) -> bool:
        return self.src == FINAL_TITLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "time_utc": self.time_utc,
            "metric": self.metric,
            "value": self.value,
            "value_max": self.value_max,
            "qualifier": self.qualifier,
            "subject": self.subject,
            "src": self.src,
            "text": self.text,
        }


# -- reading the points ------------------------------------------------------------------------


def read_points(path: Path) -> list[SilverPoint]:
    """The points of a ``silver_points.jsonl``; AnswerKeyError (exit 65) names what is wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AnswerKeyError(str(path), f"cannot read it: {reason}") from exc
    points = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise AnswerKeyError(str(path), f"line {n}: not JSON ({exc})") from exc
        try:
            points.append(point_of(data))
        except (KeyError, TypeError, ValueError) as exc:
            raise AnswerKeyError(str(path), f"line {n}: {_reason(exc)}") from exc
    if not points:
        raise AnswerKeyError(str(path), "no silver points in it")
    return points


def _reason(exc: Exception) -> str:
    return f"missing {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)


def point_of(data: Any) -> SilverPoint:
    if not isinstance(data, dict):
        raise TypeError(f"a point is a JSON object, not {type(data).__name__}")
    value, value_max = _number(data, "value"), data.get("value_max")
    if value is None:
        raise TypeError("'value' is null")
    return SilverPoint(
        story=_text(data, "story"),
        time_utc=_text(data, "time_utc"),
        time=_utc(_text(data, "time_utc")),
        metric=_text(data, "metric"),
        value=value,
        value_max=None if value_max is None else _number(data, "value_max"),
        qualifier=str(data.get("qualifier") or "exact"),
        subject=str(data.get("subject") or "people"),
        src=str(data.get("src") or ""),
        text=str(data.get("text") or ""),
    )


def _text(data: dict[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name!r} is {type(value).__name__}, not a non-empty string")
    return value


def _number(data: dict[str, Any], name: str) -> float | None:
    value = data[name]
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise TypeError(f"{name!r} is {type(value).__name__}, not a number")
    return value


def _utc(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"'time_utc' {text!r} is not an ISO 8601 time") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def by_story(points: Iterable[SilverPoint]) -> dict[str, list[SilverPoint]]:
    """The points of each story, stories in name order, points in file order."""
    grouped: dict[str, list[SilverPoint]] = {}
    for point in points:
        grouped.setdefault(point.story, []).append(point)
    return dict(sorted(grouped.items()))


# -- the rules ---------------------------------------------------------------------------------


def right(point: SilverPoint, value: float | None) -> bool:
    """Whether ticker's ``value`` agrees with the point: equal, in its range, or within its bound."""
    if value is None:
        return False
    if value == point.value:
        return True
    if point.value_max is not None:
        return point.value <= value <= point.value_max
    lo, hi = BOUNDS.get(point.qualifier, (1.0, 1.0))
    v = point.value
    if point.qualifier == "more_than":
        return v < value <= v * hi
    if point.qualifier == "nearly":
        return v * lo <= value < v
    return v * lo <= value <= v * hi


def _standing(entry: Mapping[str, Any]) -> bool:
    return not entry.get("scope") and not entry.get("part") and not entry.get("retracted")


def pick(
    figures: Figures, metric: str, subject: str = "people"
) -> tuple[str | None, Mapping[str, Any] | None]:
    """The subject and entry compared for a point: the point's subject, else a whole-story one;
    a current entry that is scoped, a part or retracted gives way to the latest standing one."""
    for subj in (subject, *WHOLE):
        fig = figures.get(f"{metric}:{subj}")
        if not fig:
            continue
        cur = fig.get("current") or {}
        if not _standing(cur):
            ok = [h for h in fig.get("history", []) if _standing(h)]
            cur = max(ok, key=lambda h: h.get("sort_at") or h.get("at") or "") if ok else None
        if cur:
            return subj, cur
    return None, None


def value_for(figures: Figures, point: SilverPoint) -> float | None:
    _, entry = pick(figures, point.metric, point.subject)
    return None if entry is None else entry.get("value")


def any_subject_right(figures: Figures, point: SilverPoint) -> bool:
    """Diagnostic: some subject of the point's metric has a current value the point accepts."""
    return any(
        right(point, (fig.get("current") or {}).get("value"))
        for key, fig in figures.items()
        if key.split(":")[0] == point.metric
    )


# -- the summary over time ---------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The figures of the summary once the items of sort time ``at`` (and all before) are known."""

    at: datetime
    figures: dict[str, dict[str, Any]]


def snapshots(story: str, enriched: Sequence[EnrichedItem], metrics: Iterable[str]) -> list[Snapshot]:
    """The summary's figures of ``metrics`` each time items become known.

    ``enriched`` is in the stream's order (replay order: oldest sort time first), so the items
    known at any moment are a prefix of it, and folding them one by one gives, after each sort
    time, what ``fold`` of the items known then gives (what `ticker summary --at` shows).
    """
    wanted = set(metrics)
    state = Summary(story=story)
    seen: set[str] = set()
    out: list[Snapshot] = []
    for at, group in itertools.groupby(enriched, key=lambda e: e.item.sort_time):
        for one in group:
            state, _ = apply(state, one, first_sighting=one.item.id not in seen)
            seen.add(one.item.id)
        figures = {k: f.to_dict() for k, f in sorted(state.figures.items()) if f.metric.value in wanted}
        out.append(Snapshot(at, figures))
    return out


def figures_at(snaps: Sequence[Snapshot], moment: datetime) -> Figures:
    """The figures of the items known at ``moment`` (sort time at or before it); none before the first."""
    n = bisect.bisect_right([s.at for s in snaps], moment)
    return snaps[n - 1].figures if n else {}


# -- minutes wrong -----------------------------------------------------------------------------


def expected_at(points: Sequence[SilverPoint], moment: datetime) -> list[SilverPoint]:
    """The latest points at or before ``moment`` (all of them when several share that time)."""
    before = [p for p in points if p.time <= moment]
    if not before:
        return []
    latest = max(p.time for p in before)
    return [p for p in before if p.time == latest]


def wrong_spans(
    points: Sequence[SilverPoint], snaps: Sequence[Snapshot], end: datetime
) -> list[tuple[datetime, datetime]]:
    """The event-time spans, from the first point to ``end``, in which the summary fails the
    latest point (the points are one metric's). The verdict changes only at a point's time or
    when items become known, so each span between those moments is judged at its start."""
    if not points:
        return []
    start = min(p.time for p in points)
    if end <= start:
        return []
    cuts = sorted(
        {start, end}
        | {p.time for p in points if start < p.time < end}
        | {s.at for s in snaps if start < s.at < end}
    )
    spans: list[tuple[datetime, datetime]] = []
    for a, b in itertools.pairwise(cuts):
        figures = figures_at(snaps, a)
        if not all(right(p, value_for(figures, p)) for p in expected_at(points, a)):
            if spans and spans[-1][1] == a:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return spans


def minutes(span: timedelta) -> float:
    return span.total_seconds() / 60


@dataclass(frozen=True)
class MetricMinutes:
    metric: str
    wrong: float  # minutes the summary failed the latest point
    covered: float  # minutes from the metric's first point to the story's last item
    spans: tuple[tuple[datetime, datetime], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "minutes_wrong": self.wrong,
            "minutes_covered": self.covered,
            "wrong_spans": [[_iso(a), _iso(b)] for a, b in self.spans],
        }


def metric_minutes(
    metric: str, points: Sequence[SilverPoint], snaps: Sequence[Snapshot], end: datetime
) -> MetricMinutes:
    start = min(p.time for p in points)
    spans = wrong_spans(points, snaps, end)
    wrong = float(sum(minutes(b - a) for a, b in spans))
    return MetricMinutes(metric, wrong, max(minutes(end - start), 0.0), tuple(spans))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- scoring a story ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PointVerdict:
    point: SilverPoint
    ticker_value: float | None
    ticker_subject: str | None
    right: bool
    any_subject: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.point.to_dict(),
            "ticker_value": self.ticker_value,
            "ticker_subject": self.ticker_subject,
            "right": self.right,
            "any_subject": self.any_subject,
        }


def verdict(point: SilverPoint, snaps: Sequence[Snapshot]) -> PointVerdict:
    """The point against the summary `ticker summary --at T+1min` shows."""
    figures = figures_at(snaps, point.time + GRACE)
    subject, entry = pick(figures, point.metric, point.subject)
    value = None if entry is None else entry.get("value")
    return PointVerdict(point, value, subject, right(point, value), any_subject_right(figures, point))


@dataclass(frozen=True)
class StoryScore:
    blog: str  # the story folder (the points' story)
    story: str  # ticker's story name (the folder's manifest)
    points: tuple[PointVerdict, ...]
    minutes: tuple[MetricMinutes, ...]

    @property
    def final_right(self) -> bool:
        """Whether the points at the blog's latest point time are all right."""
        last = max(v.point.time_utc for v in self.points)
        return all(v.right for v in self.points if v.point.time_utc == last)

    def to_dict(self) -> dict[str, Any]:
        return {
            "blog": self.blog,
            "story": self.story,
            "points": [v.to_dict() for v in self.points],
            "final_right": self.final_right,
            "minutes": [m.to_dict() for m in self.minutes],
        }


def score_story(blog: str, enriched: Sequence[EnrichedItem], points: Sequence[SilverPoint]) -> StoryScore:
    """One story's point verdicts and minutes wrong; ``enriched`` in the stream's order."""
    story = enriched[0].item.story if enriched else blog
    metrics = sorted({p.metric for p in points})
    snaps = snapshots(story, enriched, metrics)
    # the last item's time (its sort time: a date-only item is known at its day's end)
    end = max((e.item.sort_time for e in enriched), default=None)
    per_metric = (
        ()
        if end is None
        else tuple(metric_minutes(m, [p for p in points if p.metric == m], snaps, end) for m in metrics)
    )
    return StoryScore(blog, story, tuple(verdict(p, snaps) for p in points), per_metric)


# -- the whole set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SilverReport:
    text: str  # "plain" or "cased"
    stories: tuple[StoryScore, ...] = field(default_factory=tuple)

    @property
    def verdicts(self) -> list[PointVerdict]:
        return [v for s in self.stories for v in s.points]

    def points_right(self) -> Tally:
        return _tally(self.verdicts)

    def any_subject(self) -> Tally:
        return Tally(sum(v.any_subject for v in self.verdicts), len(self.verdicts))

    def per_metric(self) -> dict[str, Tally]:
        metrics = sorted({v.point.metric for v in self.verdicts})
        return {m: _tally([v for v in self.verdicts if v.point.metric == m]) for m in metrics}

    def final_points(self) -> Tally:
        return _tally([v for v in self.verdicts if v.point.final])

    def blogs_final_right(self) -> Tally:
        return Tally(sum(s.final_right for s in self.stories), len(self.stories))

    def minutes_total(self) -> tuple[float, float]:
        rows = [m for s in self.stories for m in s.minutes]
        return sum(m.wrong for m in rows), sum(m.covered for m in rows)

    def to_dict(self) -> dict[str, Any]:
        wrong, covered = self.minutes_total()
        return {
            "schema": 1,
            "type": "eval_silver",
            "text": self.text,
            "summary": {
                "blogs": len(self.stories),
                "points": self.points_right().total,
                "right": self.points_right().got,
                "any_subject_right": self.any_subject().got,
                "per_metric": {m: [t.got, t.total] for m, t in self.per_metric().items()},
                "final_title_points": _pair(self.final_points()),
                "blogs_final_headline_right": _pair(self.blogs_final_right()),
                "minutes_wrong": wrong,
                "minutes_covered": covered,
            },
            "blogs": [s.to_dict() for s in self.stories],
        }


def _tally(verdicts: Sequence[PointVerdict]) -> Tally:
    return Tally(sum(v.right for v in verdicts), len(verdicts))


def _pair(tally: Tally) -> list[int]:
    return [tally.got, tally.total]


def story_folder(stories_dir: Path, blog: str, *, cased: bool) -> Path:
    """The folder the scorer reads for a blog: ``<stories>/<blog>``, or its ``cased/`` copy."""
    folder = stories_dir / blog
    return folder / CASED if cased else folder


def stream_order(enriched: Iterable[EnrichedItem]) -> list[EnrichedItem]:
    """The order `ticker run` writes the items to the story's stream: replay order."""
    by_id = {id(e.item): e for e in enriched}
    return [by_id[id(item)] for item in replay_order(e.item for e in by_id.values())]


class UnknownBlogs(ValueError):
    """Blogs were named that the points file has no points of."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(f"no silver points of {', '.join(names)}")
        self.names = list(names)


def score_set(root: Path, *, cased: bool = False, blogs: Sequence[str] | None = None) -> SilverReport:
    """Score the silver set at ``root`` (its points file and liveblogs/), or the named blogs of it."""
    grouped = by_story(read_points(root / POINTS_FILE))
    if blogs:
        unknown = sorted(set(blogs) - set(grouped))
        if unknown:
            raise UnknownBlogs(unknown)
        grouped = {name: pts for name, pts in grouped.items() if name in set(blogs)}
    scores = []
    for blog, points in grouped.items():
        enriched = stream_order(enriched_items(story_folder(root / STORIES, blog, cased=cased)))
        scores.append(score_story(blog, enriched, points))
    return SilverReport(CASED if cased else "plain", tuple(scores))


# -- the printed report ------------------------------------------------------------------------


def aligned(rows: Sequence[Sequence[str]], right_columns: frozenset[int] = frozenset()) -> str:
    """Rows as aligned plain-text columns (the columns in ``right_columns`` right-aligned)."""
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.rjust(w) if n in right_columns else cell.ljust(w)
            for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )


def percent(tally: Tally) -> str:
    share = f" ({100 * tally.got / tally.total:.0f}%)" if tally.total else ""
    return f"{tally.got}/{tally.total}{share}"


def _minutes_text(value: float) -> str:
    return f"{value:.0f}"


def render(report: SilverReport) -> str:
    """The points table, the pooled lines and the minutes-wrong table."""
    rows = [("blog", "text", "right", "final", "title")]
    for s in report.stories:
        titles = _tally([v for v in s.points if v.point.final])
        title = f"{titles.got}/{titles.total}" if titles.total else ""
        right_ = _tally(s.points)
        rows.append(
            (s.blog, report.text, f"{right_.got}/{right_.total}", "ok" if s.final_right else "WRONG", title)
        )
    per_metric = ", ".join(f"{m} {t.got}/{t.total}" for m, t in report.per_metric().items())
    anys = report.any_subject()
    pooled = [
        f"points right {percent(report.points_right())}; any-subject (diagnostic) {anys.got}/{anys.total}",
        f"per metric: {per_metric}",
        f"final (page-title) points right {percent(report.final_points())}",
        f"blogs whose final headline figure is right: {_pair_text(report.blogs_final_right())}",
    ]
    minute_rows = [("story", "metric", "minutes wrong", "of minutes", "share")]
    for s in report.stories:
        for m in s.minutes:
            minute_rows.append((s.blog, m.metric, *_minute_cells(m.wrong, m.covered)))
    wrong, covered = report.minutes_total()
    minute_rows.append(("total", "", *_minute_cells(wrong, covered)))
    return "\n\n".join(
        [aligned(rows), "\n".join(pooled), aligned(minute_rows, right_columns=frozenset({2, 3, 4}))]
    )


def _minute_cells(wrong: float, covered: float) -> tuple[str, str, str]:
    share = f"{wrong / covered:.2f}" if covered else "-"
    return _minutes_text(wrong), _minutes_text(covered), share


def _pair_text(tally: Tally) -> str:
    return f"{tally.got}/{tally.total}"
