"""Score entities against the proper nouns editors linked in news bullets.

Gold is every linked anchor that is a proper noun: each word capitalised (or a digit),
short function words aside ("Organization of the Collective Security Treaty"), so
"ceasefire" and "Lebanese president" are not gold. An anchor is **found** when an entity
of its bullet has a name or surface form that is the same actor (``same_actor``), equal
ignoring case and a possessive, or one contains the other as whole words covering at
least half of the longer. An entity is **right** when it finds an anchor linked anywhere
on the same day: editors link a name once, so precision is a lower bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ticker.enrich.canonical import same_actor
from ticker.evaluate.table import Tally
from ticker.models import Entity

_MINOR = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "a",
        "an",
        "de",
        "del",
        "da",
        "di",
        "du",
        "la",
        "le",
        "el",
        "al",
        "von",
        "van",
        "der",
        "y",
    ]
)
_WORD = re.compile(r"[\w.&'’-]+")


def is_proper(anchor: str) -> bool:
    words = _WORD.findall(anchor)
    if not words or not (anchor[:1].isupper() or anchor[:1].isdigit()):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words)


def _words(text: str) -> tuple[str, ...]:
    text = re.sub(r"['’]s\b", "", text.casefold())
    return tuple(re.findall(r"\w+", text))


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def matches(form: str, anchor: str) -> bool:
    a, b = _words(form), _words(anchor)
    if not a or not b:
        return False
    if a == b or same_actor(form, anchor):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return 2 * len(short) >= len(long) and _inside(short, long)


def _finds(entity: Entity, anchor: str) -> bool:
    return any(matches(form, anchor) for form in (entity.name, *entity.surface_forms))


@dataclass(frozen=True)
class NameScore:
    recall: Tally  # gold anchors found
    precision: Tally  # entities that find a gold anchor of their day
    missed: tuple[str, ...]
    extra: tuple[str, ...]


def score(bullets: Sequence[tuple[str, Sequence[str], Sequence[Entity]]]) -> NameScore:
    """``bullets``: (day, linked anchors, entities found) for each bullet."""
    by_day: dict[str, set[str]] = {}
    for day, links, _ in bullets:
        by_day.setdefault(day, set()).update(a for a in links if is_proper(a))
    found = total = right = extracted = 0
    missed: list[str] = []
    extra: list[str] = []
    for day, links, entities in bullets:
        for anchor in _unique(a for a in links if is_proper(a)):
            total += 1
            if any(_finds(e, anchor) for e in entities):
                found += 1
            else:
                missed.append(anchor)
        for entity in entities:
            extracted += 1
            if any(_finds(entity, anchor) for anchor in by_day[day]):
                right += 1
            else:
                extra.append(entity.name)
    return NameScore(Tally(found, total), Tally(right, extracted), tuple(missed), tuple(extra))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
