"""What one capitalised span names: a person, an organisation, a place, or a lone word
that may be a surname.

The span is trimmed of possessives, "ex-", capitalised common words in front and
connectors at the end; then the first rule in ``_RULES`` that recognises it decides.
Titles ("President", "spokesman") mark people, head words ("Ministry",
"Organization") and acronyms mark organisations, the gazetteer marks places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ticker.enrich.gazetteer import lookup
from ticker.enrich.media import is_media
from ticker.enrich.namewords import (
    GEO_HEADS,
    KNOWN_ORGS,
    LOCATIVES,
    MEDIA_DESCRIPTORS,
    NOT_NAMES,
    ORG_HEADS,
    PARTICLES,
    ROLE_PARTS,
    ROLES,
    SPEECH_VERBS,
    STARTERS,
    demonym_place,
    is_demonym,
)
from ticker.enrich.sentences import Token
from ticker.enrich.words import wordset
from ticker.models import EntityKind

CONNECTORS = frozenset({"of", "for", "and", "the", "in", *PARTICLES})
POSSESSIVE = ("'s", "’s")
_ADVERBS = wordset("also had has have then later previously again has already")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ROMAN = re.compile(r"[IVX]{1,4}")
# media words that never start an outlet's own name, as "Radio" or "Daily" may
_MEDIA_WORDS = wordset("broadcaster newspaper portal website outlet agency")
_AMBIGUOUS = wordset("agency network station")
_AGENCY_KINDS = wordset(
    "news press wire state state-run state-owned official information tv television radio broadcast"
)


@dataclass(frozen=True)
class Mention:
    text: str  # as it should be named, titles stripped
    surface: str  # as written
    kind: EntityKind | None  # None: a lone word that may be a surname
    titled: bool = False
    alone: EntityKind | None = None  # the kind of a lone word no person's full name claims


def classify_span(
    toks: Sequence[Token], start: int, end: int, sentence: str, headline: bool, lower_words: set[str]
) -> list[Mention]:
    """What the capitalised span toks[start:end] names: the first rule that applies decides."""
    words, start = _name_words(toks, start, end, headline, lower_words)
    if not words:
        return []
    span = _Span(toks, start, end, sentence, words)
    for rule in _RULES:
        found = rule(span)
        if found is not None:
            return found
    if len(span.bare) == 1:
        return _lone(span, headline, lower_words)
    return _unclaimed(span)


def _name_words(
    toks: Sequence[Token], start: int, end: int, headline: bool, lower_words: set[str]
) -> tuple[tuple[str, ...], int]:
    """The span's words without a final "'s", an "ex-", the capitalised common words in front
    ("Riots In Kazakhstan") and connectors at the end; and where the first kept word stands."""
    words = [t.text for t in toks[start:end]]
    words[-1] = _unpossessive(words[-1])
    words = [w[3:] if w.lower().startswith("ex-") else w for w in words]
    while words and (
        _common_word(words[0], start == 0 or headline, lower_words)
        or (len(words) > 1 and words[0].lower() in _MEDIA_WORDS)  # "Broadcaster Khabar 24 said"
    ):
        words, start = words[1:], start + 1
    while words and words[-1].lower() in CONNECTORS:
        words = words[:-1]
    return tuple(words), start


def _common_word(word: str, sentence_start: bool, lower_words: set[str]) -> bool:
    """A sentence starter, a word that is never a name, or one the item also writes in lower case."""
    low = word.lower()
    return (
        low in STARTERS
        or low in NOT_NAMES
        or (sentence_start and low in lower_words and low not in ORG_HEADS)
    )


def _unpossessive(word: str) -> str:
    return word[:-2] if word.endswith(POSSESSIVE) else word


class _Span:
    """A capitalised span once trimmed: ``words`` keep inner possessives, ``bare`` has none.
    Every rule reads these, so they are worked out once."""

    __slots__ = ("after", "bare", "before", "name", "start", "surface", "toks", "words")

    def __init__(self, toks: Sequence[Token], start: int, end: int, sentence: str, words: tuple[str, ...]):
        self.toks, self.start, self.words = toks, start, words
        self.bare = [_unpossessive(w) for w in words]
        self.name = " ".join(self.bare)
        self.surface = sentence[toks[start].start : toks[end - 1].end]
        self.before = toks[start - 1].lower if start > 0 else ""
        self.after = toks[end].lower if end < len(toks) else ""


def _named_by_head(span: _Span) -> list[Mention] | None:
    """Words ending in a head word ("Interior Ministry") name an organisation; titles in front
    are not part of its name ("Vice-Secretary of the Security Council" names the council)."""
    words = span.words
    if len(words) < 2 or words[-1].lower() not in ORG_HEADS:
        return None
    while len(words) > 2 and words[0].lower() in ROLES | {"of", "the"}:
        words = words[1:]
    return [Mention(" ".join(words), " ".join(words), EntityKind.ORGANISATION)]


def _titled(span: _Span) -> list[Mention] | None:
    """Titles (President Kassym-Jomart Tokayev): what follows the last role word (and "of State",
    "General") is the person; other words in front may still name places or organisations."""
    words = span.bare
    roles = [i for i, w in enumerate(words[:-1]) if w.lower() in ROLES]
    if not roles:
        return None
    last = roles[-1]
    while last + 2 < len(words) and words[last + 1].lower() in ROLE_PARTS | ROLES:
        last += 1
    prefix = [w for w in words[:last] if w.lower() not in ROLE_PARTS and w.lower() not in ROLES]
    rest = words[last + 1 :]
    extra = [m for w in prefix for m in _single_or_place([w], span.toks, span.start)]
    place = lookup(" ".join(rest))
    if place is not None:
        return [*extra, Mention(place.name, " ".join(rest), EntityKind.PLACE)]
    if any(len(w) < 2 or w.lower() in ROLES for w in rest):
        return extra
    return [Mention(" ".join(rest), " ".join(words), EntityKind.PERSON, titled=True), *extra]


def _known_or_media(span: _Span) -> list[Mention] | None:
    """A known organisation, or a name a media word stands next to ("broadcaster Khabar 24",
    "the state agency Kazinform"): the text itself says it is an outlet, whatever its name."""
    name = span.name
    beside = span.before in MEDIA_DESCRIPTORS or span.after in ("agency", "news")
    if beside and lookup(name) is None and not is_demonym(name):
        media = _named_as_media(span) or is_media(name)
        return [Mention(name, span.surface, EntityKind.MEDIA if media else EntityKind.ORGANISATION)]
    if name.lower() in KNOWN_ORGS:
        return [Mention(name, span.surface, EntityKind.MEDIA if is_media(name) else EntityKind.ORGANISATION)]
    return None


def _named_as_media(span: _Span) -> bool:
    """ "Agency" alone may be any agency ("the agency Frontex"); a news, press, wire or state
    agency is an outlet, and so is what a broadcaster, newspaper or channel word names."""
    if span.before in _AMBIGUOUS:  # "the terror network X", "the space agency X" are no outlets
        return span.start > 1 and span.toks[span.start - 2].lower in _AGENCY_KINDS
    return span.before in MEDIA_DESCRIPTORS or span.after == "news"


def _with_head_word(span: _Span) -> list[Mention] | None:
    """Several words, one of them an organisation's head word ("Ministry of Defence")."""
    words = span.bare
    if len(words) > 1 and any(w.lower() in ORG_HEADS for w in words):
        return [Mention(span.name, span.surface, EntityKind.ORGANISATION)]
    return None


def _acronym(span: _Span) -> list[Mention] | None:
    """One all-capitals word: a place the gazetteer knows ("USA"), else an organisation."""
    name = span.name
    if len(span.words) != 1 or not _ACRONYM.fullmatch(name) or name.lower() in NOT_NAMES:
        return None
    place = lookup(name)
    if place is not None:
        return [Mention(place.name, span.surface, EntityKind.PLACE)]
    return [Mention(name, span.surface, EntityKind.ORGANISATION)]


def _place(span: _Span) -> list[Mention] | None:
    """A place the gazetteer knows, or the adjective of one: "West Bank", "North Korean"."""
    place = lookup(span.name) or (demonym_place(span.name) if len(span.bare) > 1 else None)
    return None if place is None else [Mention(place.name, span.surface, EntityKind.PLACE)]


def _after_title(span: _Span) -> list[Mention] | None:
    """A name right after a role word outside the span ("foreign minister Mukhtar Tileuberdi")."""
    if span.before in ROLES or span.before in ("minister", "of state"):
        return [Mention(span.name, span.surface, EntityKind.PERSON, titled=True)]
    return None


def _full_name(span: _Span) -> list[Mention] | None:
    """Two to four words that may all be parts of a person's name."""
    words = span.bare
    if 2 <= len(words) <= 4 and all(_name_word(w) for w in words):
        return [Mention(span.name, span.surface, EntityKind.PERSON)]
    return None


_RULES: tuple[Callable[[_Span], list[Mention] | None], ...] = (
    _named_by_head,
    _titled,
    _known_or_media,
    _with_head_word,
    _acronym,
    _place,
    _after_title,
    _full_name,
)


def _name_word(word: str) -> bool:
    low = word.lower()
    return (
        low not in ORG_HEADS
        and low not in NOT_NAMES
        and low not in STARTERS
        and low not in ROLES
        and not is_demonym(word)
        and lookup(word) is None
        and word.replace("-", "").replace("'", "").isalpha()
        and not word.isupper()
    ) or low in PARTICLES


def _lone(span: _Span, headline: bool, lower_words: set[str]) -> list[Mention]:
    """One word no rule names. Inside running text a capital marks a name even when nothing
    says whose ("Frelimo", "Ostrobothnia"): it stays, as a place after "in", else a body,
    unless a person named in full claims it as a surname."""
    found = _single_or_place(span.bare, span.toks, span.start + 1)
    word = span.bare[0]
    inside = _inside(span) and not headline
    if not inside or len(found) != 1 or found[0].kind is not None or word.lower() in lower_words:
        return found
    kind = EntityKind.PLACE if span.before in LOCATIVES else EntityKind.ORGANISATION
    return [Mention(word, span.surface, None, alone=kind)]


def _inside(span: _Span) -> bool:
    """Does a word come before the span in its sentence?"""
    return any(t.text[:1].isalnum() for t in span.toks[: span.start])


def _unclaimed(span: _Span) -> list[Mention]:
    """Several capitalised words no rule names ("Strait of Otranto", "World War II") still name
    one thing: a place when a geographic word starts or ends them, else a body; the places inside stay."""
    words = list(span.bare)
    if not _inside(span) and len(words) > 2 and words[1].lower() in CONNECTORS:
        words = words[2:]  # "Fighters of Zorbaq": a sentence's first capital may be any word
    while words and words[0].lower() in NOT_NAMES:
        words = words[1:]
    while words and words[-1].lower() in NOT_NAMES and not _ROMAN.fullmatch(words[-1]):
        words = words[:-1]
    inner = _single_or_place(list(span.bare), span.toks, span.start + len(span.bare))
    if len(words) == 1 and not inner and _name_word(words[0]):
        return [Mention(words[0], words[0], None, alone=EntityKind.ORGANISATION)]
    if len(words) < 2 or is_demonym(words[-1]) or all(lookup(w) or is_demonym(w) for w in words):
        return inner  # "Far Eastern": an adjective, not a name
    geographic = words[-1].lower() in GEO_HEADS or words[0].lower() in GEO_HEADS  # "Gulf of ..."
    kind = EntityKind.PLACE if geographic else EntityKind.ORGANISATION
    whole = Mention(" ".join(words), span.surface, kind)
    return [whole, *(m for m in inner if m.kind is EntityKind.PLACE and lookup(m.surface))]


def _single_or_place(words: list[str], toks: Sequence[Token], end: int) -> list[Mention]:
    out: list[Mention] = []
    for word in words:
        place = lookup(word) or demonym_place(word)
        if place is not None:
            out.append(Mention(place.name, word, EntityKind.PLACE))
        elif _ACRONYM.fullmatch(word) and word.lower() not in NOT_NAMES:
            out.append(Mention(word, word, EntityKind.ORGANISATION))
        elif len(words) == 1 and _name_word(word) and len(word) > 1:
            k = end
            while k < len(toks) and toks[k].lower in _ADVERBS:
                k += 1
            verb = k < len(toks) and toks[k].lower in SPEECH_VERBS
            out.append(Mention(word, word, EntityKind.PERSON if verb else None))
    return out
