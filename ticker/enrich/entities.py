"""People, organisations and places named in an item, each under one name.

Capitalised spans are the candidates (what each one names: :mod:`ticker.enrich.mentions`).
A lone surname joins the fullest name with that surname in the item; "Long Name (ACRONYM)"
joins both forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ticker.enrich.canonical import same_actor
from ticker.enrich.gazetteer import lookup
from ticker.enrich.media import is_media
from ticker.enrich.mentions import CONNECTORS, POSSESSIVE, Mention, classify_span
from ticker.enrich.namewords import ORG_HEADS, PARTICLES, SPEECH_VERBS, STARTERS
from ticker.enrich.sentences import Paragraph, Token, tokens
from ticker.models import Entity, EntityKind

_LOWER_ORG = re.compile(
    r"\b(interior|foreign|defen[cs]e|health|justice|finance|emergencies|home|economy) ministry\b"
    r"|\bministry of (interior|foreign affairs|defen[cs]e|health|justice|finance|emergencies)\b"
)
_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?P<what>(?:[A-Za-z]+-led\s+|military\s+|regional\s+|defence\s+|security\s+)*"
    r"(?P<head>alliance|ministry|organi[sz]ation))\b"
)
# a source credit closing a sentence, "(Wire via The Daily)", "(El Diario in Spanish)": it names
# who reported, not who acted
_CREDITS = re.compile(r"(?:\s*\((?:[^()]*\bvia\b[^()]*|[^()]*\bin [A-Z][a-z]+\s*)\))+$")
_SORTS = {"alliance": ("alliance", "treaty", "pact"), "organisation": ("organisation", "organization")}


def extract(paragraphs: Sequence[Paragraph]) -> tuple[Entity, ...]:
    text = "\n".join(" ".join(p.sentences) for p in paragraphs)
    lower_words = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    mentions: list[Mention] = []
    for para in paragraphs:
        for sentence, toks in zip(para.sentences, para.tokens, strict=True):
            if sentence.endswith(")") and (stripped := _CREDITS.sub("", sentence)) != sentence:
                sentence, toks = stripped, tokens(stripped)
            titled = _title_case(toks)
            headline = para.headline or titled
            spans = _spans(toks)
            if titled:
                spans = [part for span in spans for part in _split_common(toks, span, lower_words)]
            for start, end in spans:
                mentions.extend(classify_span(toks, start, end, sentence, headline, lower_words))
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
            possessive = toks[j - 1].text.endswith(POSSESSIVE)
            if _is_cap(toks[j]) and (not possessive or toks[j].lower in ORG_HEADS):
                j += 1
                continue
            run = j
            while run < len(toks) and toks[run].lower in CONNECTORS and not possessive:
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


def _cluster(mentions: list[Mention]) -> tuple[Entity, ...]:
    people = [m for m in mentions if m.kind is EntityKind.PERSON and len(m.text.split()) > 1]
    # a body the item once calls an outlet ("the state agency X") is that outlet everywhere in it
    media = {m.text for m in mentions if m.kind is EntityKind.MEDIA}
    mentions = [
        replace(m, kind=EntityKind.MEDIA) if m.text in media and m.kind is not EntityKind.PLACE else m
        for m in mentions
    ]
    groups: list[tuple[EntityKind, list[Mention]]] = []
    for m in mentions:
        kind = m.kind
        if kind is None or (kind is EntityKind.PERSON and len(m.text.split()) == 1):
            # a lone word is a person only as the surname (or family name) of someone named in full
            full = next((p for p in people if same_actor(p.text, m.text)), None)
            if full is None and not m.titled and kind is None:
                if m.alone is None:
                    continue
                kind = m.alone
            else:
                kind = EntityKind.PERSON
        for gkind, members in groups:
            if gkind is kind and any(_same(kind, x.text, m.text) for x in members):
                members.append(m)
                break
        else:
            groups.append((kind, [m]))
    out: list[Entity] = []
    for kind, members in groups:
        # the fullest name as the item writes it most often (first on a tie), never the longest spelling
        most = max(len(x.text.split()) for x in members)
        texts = [x.text for x in members if len(x.text.split()) == most]
        name = max(texts, key=lambda t: (texts.count(t), -texts.index(t)))
        forms = tuple(sorted({x.surface for x in members} | {x.text for x in members}))
        if kind is EntityKind.ORGANISATION and is_media(name):
            kind = EntityKind.MEDIA
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
