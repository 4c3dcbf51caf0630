"""Labelled news bullets: Wikipedia current-events items (JSONL, one bullet a line) and
WikiTimes entries (one JSON list), with their topic gold and the names editors linked.

The portal's section and WikiTimes's category are mapped onto IPTC top-level topics;
"Health and environment" accepts either topic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ticker.errors import AnswerKeyError
from ticker.models import Topic

SECTIONS: dict[str, frozenset[Topic]] = {
    "armed conflicts and attacks": frozenset({Topic.CONFLICT}),
    "disasters and accidents": frozenset({Topic.DISASTER}),
    "law and crime": frozenset({Topic.CRIME}),
    "politics and elections": frozenset({Topic.POLITICS}),
    "politics and election": frozenset({Topic.POLITICS}),  # an editors' typo the portal keeps
    "international relations": frozenset({Topic.POLITICS}),
    "business and economy": frozenset({Topic.ECONOMY}),
    "health and environment": frozenset({Topic.HEALTH, Topic.ENVIRONMENT}),
    "science and technology": frozenset({Topic.SCIENCE}),
    "arts and culture": frozenset({Topic.ARTS}),
    "sports": frozenset({Topic.SPORT}),
    # WikiTimes categories
    "war_conflict": frozenset({Topic.CONFLICT}),
    "disaster_accident": frozenset({Topic.DISASTER}),
    "law_crime": frozenset({Topic.CRIME}),
    "politics": frozenset({Topic.POLITICS}),
    "international_relation": frozenset({Topic.POLITICS}),
    "business_finance": frozenset({Topic.ECONOMY}),
    "health_medical_pharma": frozenset({Topic.HEALTH}),
    "technology_internet": frozenset({Topic.SCIENCE}),
    "entertainment_culture": frozenset({Topic.ARTS}),
}


@dataclass(frozen=True)
class Bullet:
    day: str  # the day's guid or date: with ``text``, what makes a bullet unique across files
    text: str
    topics: frozenset[Topic]  # any of these is right
    links: tuple[str, ...]  # the anchors editors linked (Wikipedia) or entity names (WikiTimes)
    story: str = ""  # the story headings the bullet stands under, as the page shows them

    @property
    def title(self) -> str:
        return self.story


def read_bullets(path: str | Path) -> list[Bullet]:
    """The bullets of a derived Wikipedia JSONL file or a WikiTimes JSON list."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerKeyError(str(path), f"cannot read: {exc}") from exc
    if path.suffix == ".jsonl":
        rows = []
        for n, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                rows.append((f"line {n}", _json(path, line, f"line {n}")))
        return [_wikipedia(path, where, row) for where, row in rows]
    data = _json(path, raw, "start")
    if not isinstance(data, list):
        raise AnswerKeyError(str(path), "a WikiTimes file is a JSON list of entries")
    return [_wikitimes(path, f"entry {n}", row) for n, row in enumerate(data)]


def is_bullet_file(path: Path) -> bool:
    """A derived Wikipedia JSONL or a WikiTimes JSON (by its first entry's fields)."""
    if path.suffix == ".jsonl":
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        return '"day_guid"' in first and '"category"' in first
    head = path.read_text(encoding="utf-8")[:4000]
    return head.lstrip().startswith("[") and '"description"' in head and '"category"' in head


def dedupe(bullets: list[Bullet]) -> list[Bullet]:
    """Overlapping snapshots repeat bullets: keep the first of each (day, text)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for bullet in bullets:
        if (bullet.day, bullet.text) not in seen:
            seen.add((bullet.day, bullet.text))
            out.append(bullet)
    return out


def _json(path: Path, text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise AnswerKeyError(str(path), f"{where}: not JSON: {exc}") from exc


def _topics(path: Path, where: str, name: object) -> frozenset[Topic]:
    topics = SECTIONS.get(str(name).strip().lower())
    if topics is None:
        raise AnswerKeyError(str(path), f"{where}: unknown section {str(name)[:60]!r}")
    return topics


def _wikipedia(path: Path, where: str, row: Any) -> Bullet:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise AnswerKeyError(str(path), f"{where}: a bullet needs a 'text' string")
    links = [link.get("anchor") for link in row.get("wiki_links") or () if isinstance(link, dict)]
    headings = row.get("story_path") or []
    story = " – ".join(str(s) for s in headings) if isinstance(headings, list) else ""
    return Bullet(
        day=str(row.get("day_guid", "")),
        text=row["text"],
        topics=_topics(path, where, row.get("category")),
        links=tuple(a for a in links if isinstance(a, str) and a.strip()),
        story=story,
    )


def _wikitimes(path: Path, where: str, row: Any) -> Bullet:
    if not isinstance(row, dict) or not isinstance(row.get("description"), str):
        raise AnswerKeyError(str(path), f"{where}: an entry needs a 'description' string")
    category = row.get("category")
    name = category.get("name") if isinstance(category, dict) else category
    names = [e.get("name") for e in row.get("entity") or () if isinstance(e, dict)]
    story = row.get("belongsToStory")
    return Bullet(
        day=str(row.get("date", "")),
        text=" ".join(row["description"].split()),
        topics=_topics(path, where, name),
        links=tuple(n for n in names if isinstance(n, str) and n.strip()),
        story=str(story.get("name") or "") if isinstance(story, dict) else "",
    )
