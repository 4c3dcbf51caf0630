"""An actor's canonical name: the spelling most outlets use.

Each item votes with the fullest name it gives the actor ("Kassym-Jomart Tokayev", not
"President Tokayev" or a lone "Tokayev" when an outlet writes the full name), one vote
per outlet. Ties go to the spelling seen in English-language copy, then to the first in
alphabetical order, so the name depends only on which items are in, never on their
order: ``summary --at T`` shows what the live fold showed at T.
"""

from __future__ import annotations

import re

from ticker.enrich.canonical import person_tokens
from ticker.enrich.words import wordset
from ticker.models import EntityKind
from ticker.summary.state import Actor

_ENGLISH = wordset("the of and to in is was that for on with by said has have are from at after")
_WORD = re.compile(r"[a-z]+")


def looks_english(text: str) -> bool:
    """English function words make up a good share of any English news sentence."""
    words = _WORD.findall(text[:2000].lower())
    return len(words) >= 5 and sum(w in _ENGLISH for w in words) >= 0.12 * len(words)


def vote(actor: Actor, spelling: str, outlet: str, english: bool) -> None:
    outlets = actor.spellings.setdefault(spelling, [])
    if outlet not in outlets:
        outlets.append(outlet)
        outlets.sort()
    if english and spelling not in actor.english:
        actor.english.append(spelling)
        actor.english.sort()


def absorb(actor: Actor, other: Actor) -> None:
    """``other`` turned out to be the same actor: its votes count for ``actor``."""
    for spelling, outlets in other.spellings.items():
        for outlet in outlets:
            vote(actor, spelling, outlet, spelling in other.english)


def canonical_name(actor: Actor) -> str:
    if not actor.spellings:
        return actor.name
    candidates = list(actor.spellings)
    if actor.kind is EntityKind.PERSON:  # a lone surname names the person only when nobody wrote more
        full = [s for s in candidates if len(person_tokens(s)) > 1]
        candidates = full or candidates
    return min(candidates, key=lambda s: (-len(actor.spellings[s]), s not in actor.english, s))
