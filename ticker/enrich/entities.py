"""People, organisations and places named in an item, each under one name.

Capitalised spans are the candidates; titles ("President", "spokesman") mark
people, head words ("Ministry", "Organization") and acronyms mark
organisations, the gazetteer marks places. A lone surname joins the fullest
name with that surname in the item; "Long Name (ACRONYM)" joins both forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ticker.enrich.canonical import same_actor
from ticker.enrich.gazetteer import lookup
from ticker.enrich.namewords import (
    KNOWN_ORGS,
    MEDIA_DESCRIPTORS,
    NOT_NAMES,
    ORG_HEADS,
    PARTICLES,
    ROLE_PARTS,
    ROLES,
    SPEECH_VERBS,
    STARTERS,
    is_demonym,
)
from ticker.enrich.sentences import Paragraph, Token, tokens
from ticker.enrich.words import wordset
from ticker.models import Entity, EntityKind

_CONNECTORS = frozenset({"of", "for", "and", "the", "in", *PARTICLES})
_LOWER_ORG = re.compile(
    r"\b(interior|foreign|defen[cs]e|health|justice|finance|emergencies|home|economy) ministry\b"
    r"|\bministry of (interior|foreign affairs|defen[cs]e|health|justice|finance|emergencies)\b"
)
_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?P<what>(?:[A-Za-z]+-led\s+|military\s+|regional\s+|defence\s+|security\s+)*"
    r"(?P<head>alliance|ministry|organi[sz]ation))\b"
)
_SORTS = {"alliance": ("alliance", "treaty", "pact"), "organisation": ("organisation", "organization")}
_ADVERBS = wordset("also had has have then later previously again has already")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Mention:
    text: str  # as it should be named, titles stripped
    surface: str  # as written
    kind: EntityKind | None  # None: a lone word that may be a surname
    titled: bool = False


def extract(paragraphs: Sequence[Paragraph]) -> tuple[Entity, ...]:
    text = "\n".join(" ".join(p.sentences) for p in paragraphs)
    lower_words = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    mentions: list[Mention] = []
    for para in paragraphs:
        for sentence in para.sentences:
            toks = tokens(sentence)
            headline = para.headline or _title_case(toks)
            spans = _spans(toks)
            if _title_case(toks):
                spans = [part for span in spans for part in _split_common(toks, span, lower_words)]
            for start, end in spans:
                mentions.extend(_classify(toks, start, end, sentence, headline, lower_words))
            for m in _LOWER_ORG.finditer(sentence):
                name = " ".join(
                    w.capitalize() if w not in ("of", "affairs") else w for w in m.group().split()
                )
                mentions.append(Mention(name, m.group(), EntityKind.ORGANISATION))
    return _descriptions(_cluster(mentions), text)


def _title_case(toks: Sequence[Token]) -> bool:
    words = [t.text for t in toks if t.text[:1].isalpha()]
    return len(words) > 3 and sum(w[:1].isupper() for w in words) / len(words) > 0.8


def _is_cap(tok: Token) -> bool:
    word = tok.text
    if not word[:1].isupper() or len(word) < 2 or (not word[1:2].isalpha() and word[1:2] not in "'’."):
        return False
    parts = word.split("-")
    return all(p[:1].isupper() for p in parts if p) or word.lower().startswith("ex-")


def _spans(toks: Sequence[Token]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i]):
            i += 1
            continue
        start = i
        while start > 0 and toks[start - 1].text in PARTICLES:  # "von der Leyen"
            start -= 1
        j = i + 1
        while j < len(toks):
            possessive = toks[j - 1].text.endswith(_POSSESSIVE)
            if _is_cap(toks[j]) and (not possessive or toks[j].lower in ORG_HEADS):
                j += 1
                continue
            run = j
            while run < len(toks) and toks[run].lower in _CONNECTORS and not possessive:
                run += 1
            if run > j and run < len(toks) and _is_cap(toks[run]) and _joins(toks, start, j, run):
                j = run + 1
            elif toks[j].text.isdigit() and len(toks[j].text) <= 3 and _name_number(toks, j):
                j += 1  # "Khabar 24"
            else:
                break
        out.append((start, j))
        i = j
    return out


def _joins(toks: Sequence[Token], start: int, j: int, run: int) -> bool:
    """May connectors toks[j:run] sit inside a name? "and"/"in" only inside an organisation's name."""
    words = {t.lower for t in toks[j:run]}
    if words & {"and", "in"}:
        first = next((t for t in toks[start:j] if t.lower not in STARTERS), None)
        return first is not None and first.lower in ORG_HEADS
    return True


def _split_common(toks: Sequence[Token], span: tuple[int, int], common: set[str]) -> list[tuple[int, int]]:
    """In a Title Case Headline every word is capitalised: cut at the words that are not names."""
    parts: list[tuple[int, int]] = []
    start = span[0]
    for k in range(span[0], span[1]):
        if toks[k].text[:1].isupper() and toks[k].lower in common and lookup(toks[k].text) is None:
            if k > start:
                parts.append((start, k))
            start = k + 1
    if span[1] > start:
        parts.append((start, span[1]))
    return parts


def _name_number(toks: Sequence[Token], j: int) -> bool:
    after = toks[j + 1] if j + 1 < len(toks) else None
    return (
        after is None
        or not after.text[:1].isalpha()
        or after.lower in SPEECH_VERBS
        or after.lower == "reported"
    )


def _classify(
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
    return _single_or_place(span.bare, toks, end)


def _name_words(
    toks: Sequence[Token], start: int, end: int, headline: bool, lower_words: set[str]
) -> tuple[tuple[str, ...], int]:
    """The span's words without a final "'s", an "ex-", the capitalised common words in front
    ("Riots In Kazakhstan") and connectors at the end; and where the first kept word stands."""
    words = [t.text for t in toks[start:end]]
    words[-1] = _unpossessive(words[-1])
    words = [w[3:] if w.lower().startswith("ex-") else w for w in words]
    while words and _common_word(words[0], start == 0 or headline, lower_words):
        words, start = words[1:], start + 1
    while words and words[-1].lower() in _CONNECTORS:
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
    return word[:-2] if word.endswith(_POSSESSIVE) else word


@dataclass(frozen=True)
class _Span:
    """A capitalised span once trimmed: ``words`` keep inner possessives, ``bare`` has none."""

    toks: Sequence[Token]
    start: int
    end: int
    sentence: str
    words: tuple[str, ...]

    @property
    def bare(self) -> list[str]:
        return [_unpossessive(w) for w in self.words]

    @property
    def name(self) -> str:
        return " ".join(self.bare)

    @property
    def surface(self) -> str:
        return self.sentence[self.toks[self.start].start : self.toks[self.end - 1].end]

    @property
    def before(self) -> str:
        return self.toks[self.start - 1].lower if self.start > 0 else ""

    @property
    def after(self) -> str:
        return self.toks[self.end].lower if self.end < len(self.toks) else ""


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
    """A known organisation, or a name a media word stands next to ("broadcaster Khabar 24")."""
    name = span.name
    media = span.before in MEDIA_DESCRIPTORS or span.after in ("agency", "news")
    if name.lower() in KNOWN_ORGS or (media and lookup(name) is None and not is_demonym(name)):
        return [Mention(name, span.surface, EntityKind.ORGANISATION)]
    return None


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
    place = lookup(span.name)
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


def _single_or_place(words: list[str], toks: Sequence[Token], end: int) -> list[Mention]:
    out: list[Mention] = []
    for word in words:
        place = lookup(word)
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


def _cluster(mentions: list[Mention]) -> tuple[Entity, ...]:
    people = [m for m in mentions if m.kind is EntityKind.PERSON and len(m.text.split()) > 1]
    groups: list[tuple[EntityKind, list[Mention]]] = []
    for m in mentions:
        kind = m.kind
        if kind is None or (kind is EntityKind.PERSON and len(m.text.split()) == 1):
            # a lone word is a person only as the surname (or family name) of someone named in full
            full = next((p for p in people if same_actor(p.text, m.text)), None)
            if full is None and not m.titled and kind is None:
                continue
            kind = EntityKind.PERSON
        for gkind, members in groups:
            if gkind is kind and any(_same(kind, x.text, m.text) for x in members):
                members.append(m)
                break
        else:
            groups.append((kind, [m]))
    out: list[Entity] = []
    for kind, members in groups:
        name = max((x.text for x in members), key=lambda t: (len(t.split()), len(t)))
        forms = tuple(sorted({x.surface for x in members} | {x.text for x in members}))
        out.append(Entity(name=name, kind=kind, surface_forms=forms))
    return tuple(out)


def _descriptions(found: tuple[Entity, ...], text: str) -> tuple[Entity, ...]:
    """Definite descriptions ("the ministry", "the Moscow-led military alliance") join the one
    organisation of that sort the item names; with none or several, they stay unresolved."""
    out = list(found)
    for match in _DESCRIPTION.finditer(text):
        head = match.group("head").lower()
        sorts = _SORTS.get(head, (head,))
        fits = [
            i
            for i, e in enumerate(out)
            if e.kind is EntityKind.ORGANISATION and any(s in e.name.lower() for s in sorts)
        ]
        if len(fits) == 1:
            entity = out[fits[0]]
            phrase, bare = match.group(), match.group("what")
            forms = tuple(sorted({*entity.surface_forms, phrase, bare}))
            out[fits[0]] = Entity(entity.name, entity.kind, forms)
    return tuple(out)


def _same(kind: EntityKind, a: str, b: str) -> bool:
    if kind is EntityKind.PLACE:
        return a == b
    return same_actor(a, b)
