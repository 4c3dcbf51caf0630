"""Answer keys: read one, tell its format and refuse one that cannot be scored.

Three formats: the seed key (``figures``), a live-blog key (``figure_timeline`` and
``distractors``, its story folder beside it as ``<name>/``) and article gold (a list of
articles, each with ``text`` and ``gold`` counts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ticker.errors import AnswerKeyError
from ticker.models import Qualifier

LIVEBLOG_SUFFIX = "_key"


class _Bad(Exception):
    """A field is missing or of the wrong type; the reader turns it into AnswerKeyError."""


@dataclass(frozen=True)
class SeedKey:
    path: Path
    data: dict[str, Any]


@dataclass(frozen=True)
class TimelinePoint:
    measure: str
    pipeline_metric: str | None
    subject: str
    value: int | None  # None: a vague quantity ("dozens")
    qualifier: Qualifier
    also_ok: tuple[Qualifier, ...]
    attributed_to: str
    scope: str | None
    status: str
    optional: bool
    first_report: bool
    at: datetime
    block_id: str
    order: tuple[int, int]  # (block, sentence), oldest first

    @property
    def metric_name(self) -> str:
        return self.pipeline_metric or self.measure

    @property
    def scored(self) -> bool:
        return not self.optional and self.status != "retracted"


@dataclass(frozen=True)
class Distractor:
    value: float | None
    kind: str
    at: datetime
    block_id: str


@dataclass(frozen=True)
class KeyEvent:
    text: str
    block_id: str


@dataclass(frozen=True)
class LiveBlogKey:
    path: Path
    name: str
    title: str
    event: str
    timeline: tuple[TimelinePoint, ...]
    distractors: tuple[Distractor, ...]
    key_events: tuple[KeyEvent, ...]

    @property
    def story_dir(self) -> Path:
        return self.path.parent / self.name


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    published: date
    url: str | None
    killed: int
    injured: int
    killed_in_text: bool | None  # None: the gold is 0
    injured_in_text: bool | None


@dataclass(frozen=True)
class ArticleGold:
    path: Path
    articles: tuple[Article, ...]

    @property
    def name(self) -> str:
        return self.path.stem


AnswerKey = SeedKey | LiveBlogKey | ArticleGold


def read_key(path: str | Path) -> AnswerKey:
    """The key in ``path``; raises AnswerKeyError naming the file when it cannot be scored."""
    where = Path(path)
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnswerKeyError(str(where), f"cannot read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerKeyError(str(where), f"not JSON: {exc}") from exc
    try:
        return _key_of(where, data)
    except _Bad as exc:
        raise AnswerKeyError(str(where), str(exc)) from exc


def _key_of(path: Path, data: Any) -> AnswerKey:
    if isinstance(data, dict) and "figure_timeline" in data:
        return _liveblog(path, data)
    if isinstance(data, dict) and "figures" in data:
        _check_seed(data)
        return SeedKey(path, data)
    if isinstance(data, list) and data and all(isinstance(a, dict) and "gold" in a for a in data):
        return ArticleGold(path, tuple(_article(a, f"article {n}") for n, a in enumerate(data)))
    raise _Bad(
        "unknown key format: expected a seed key (figures), a live-blog key "
        "(figure_timeline, distractors) or a list of articles with gold"
    )


def _need(entry: Any, name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(entry, dict):
        raise _Bad(f"{where}: not an object")
    if name not in entry:
        raise _Bad(f"{where}: missing {name!r}")
    value = entry[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _Bad(f"{where}: {name!r} is {type(value).__name__}, not {_names(kind)}")
    return value


def _names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join("null" if k is type(None) else k.__name__ for k in kinds)


def _time(entry: Any, name: str, where: str) -> datetime:
    text = _need(entry, name, str, where)
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise _Bad(f"{where}: {name!r} is not an ISO time: {text!r}") from exc


def _qualifier(text: Any, where: str) -> Qualifier:
    try:
        return Qualifier(text)
    except ValueError as exc:
        raise _Bad(f"{where}: unknown qualifier {text!r}") from exc


def _liveblog(path: Path, data: dict[str, Any]) -> LiveBlogKey:
    name = path.stem.removesuffix(LIVEBLOG_SUFFIX)
    points = _need(data, "figure_timeline", list, "key")
    distractors = _need(data, "distractors", list, "key")
    events = data.get("editor_key_events") or []
    if not isinstance(events, list):
        raise _Bad("key: 'editor_key_events' is not a list")
    return LiveBlogKey(
        path=path,
        name=name,
        title=str(data.get("title", "")),
        event=str(data.get("event", "")),
        timeline=tuple(_point(p, f"figure_timeline[{n}]") for n, p in enumerate(points)),
        distractors=tuple(_distractor(d, f"distractors[{n}]") for n, d in enumerate(distractors)),
        key_events=tuple(
            KeyEvent(str(_need(e, "text", str, w)), str(_need(e, "block_id", str, w)))
            for n, e in enumerate(events)
            for w in (f"editor_key_events[{n}]",)
        ),
    )


def _point(entry: Any, where: str) -> TimelinePoint:
    also = _need(entry, "also_ok_qualifiers", list, where) if "also_ok_qualifiers" in entry else []
    scope = _need(entry, "scope", (str, type(None)), where) if "scope" in entry else None
    return TimelinePoint(
        measure=_need(entry, "measure", str, where),
        pipeline_metric=_need(entry, "pipeline_metric", (str, type(None)), where),
        subject=_need(entry, "subject", str, where),
        value=_need(entry, "value", (int, type(None)), where),
        qualifier=_qualifier(_need(entry, "qualifier", str, where), where),
        also_ok=tuple(_qualifier(q, where) for q in also),
        attributed_to=_need(entry, "attributed_to", str, where),
        scope=scope,
        status=_need(entry, "status", str, where),
        optional=_need(entry, "optional", bool, where),
        first_report=bool(entry.get("first_report", False)),
        at=_time(entry, "time_utc", where),
        block_id=str(entry.get("block_id", "")),
        order=(int(entry.get("block_index", 0)), int(entry.get("sentence_index", 0))),
    )


def _distractor(entry: Any, where: str) -> Distractor:
    return Distractor(
        value=_need(entry, "value", (int, float, type(None)), where),
        kind=str(entry.get("kind", "")),
        at=_time(entry, "time_utc", where),
        block_id=str(entry.get("block_id", "")),
    )


def _article(entry: dict[str, Any], where: str) -> Article:
    where = f"{where} ({entry.get('id', '?')})"
    gold = _need(entry, "gold", dict, where)
    published = _need(entry, "article_date", str, where)
    try:
        day = date.fromisoformat(published)
    except ValueError as exc:
        raise _Bad(f"{where}: 'article_date' is not an ISO date: {published!r}") from exc
    return Article(
        id=_need(entry, "id", str, where),
        title=_need(entry, "title", str, where) if "title" in entry else "",
        text=_need(entry, "text", str, where),
        published=day,
        url=entry.get("uri") if isinstance(entry.get("uri"), str) else None,
        killed=_need(gold, "killed", int, f"{where} gold"),
        injured=_need(gold, "injured", int, f"{where} gold"),
        killed_in_text=_flag(entry, "gold_killed_in_text", where),
        injured_in_text=_flag(entry, "gold_injured_in_text", where),
    )


def _flag(entry: dict[str, Any], name: str, where: str) -> bool | None:
    if name not in entry:
        return None
    flag: bool | None = _need(entry, name, (bool, type(None)), where)
    return flag


def _check_seed(data: dict[str, Any]) -> None:
    figures = _need(data, "figures", dict, "key")
    for name, spec in figures.items():
        where = f"figures.{name}"
        if not isinstance(spec, dict):
            raise _Bad(f"{where}: not an object")
        final = spec.get("final", {})
        observations = [*(spec.get("history") or [final]), *spec.get("sub_figures", ())]
        for n, obs in enumerate(observations):
            _need(obs, "value", int, f"{where}[{n}]")
