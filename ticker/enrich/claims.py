"""Numeric claims: a number tied to a metric word ("almost 8,000 people were arrested").

A number becomes a claim only when the words around it name what happened
(killed, arrested, deployed, ...). Measures (ages, years, durations, money,
ranks, populations) are dropped before that by the word after or before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ticker.enrich import attribution
from ticker.enrich.gazetteer import lookup
from ticker.enrich.lexicon import (
    AUXILIARIES,
    CLAUSE_STOPS,
    CURRENCY,
    FOREIGN_MODIFIERS,
    LOCATION_NOUNS,
    METRIC_AFTER,
    METRIC_NOUN_OF,
    METRIC_VERB_BEFORE,
    MONTHS,
    NATIONAL,
    QUALIFIERS,
    SUBJECT_WORDS,
    UNITS,
    Who,
)
from ticker.enrich.numbers import Number, find_numbers
from ticker.enrich.sentences import Paragraph, Token, tokens
from ticker.enrich.words import wordset
from ticker.models import Claim, Metric, Qualifier, Subject

_TOLL = (
    (
        re.compile(r"\b(?:death toll|toll|number of (?:the )?(?:deaths|dead|fatalities|victims))\b", re.I),
        Metric.KILLED,
    ),
    (
        re.compile(r"\bnumber of (?:the )?(?:arrests|detainees|detentions|people arrested)\b", re.I),
        Metric.ARRESTED,
    ),
    (re.compile(r"\bnumber of (?:the )?(?:injured|wounded|injuries)\b", re.I), Metric.INJURED),
)
_LINKS = wordset("as at to of reached")
_FOREIGN_CONTEXT = re.compile(r"\b(?:foreign|alliance|peacekeep\w*|coalition|international force)\b", re.I)
_SKIPPABLE_BEFORE = wordset("the a an total further another additional")
_TEMPORAL = wordset(
    "on during since last this yesterday today tonight overnight morning evening night monday tuesday "
    "wednesday thursday friday saturday sunday and or after before until"
)


@dataclass(frozen=True)
class Found:
    """A claim with where it was found, for merging within an item."""

    claim: Claim
    headline: bool
    order: int


def extract(paragraphs: Sequence[Paragraph]) -> list[Found]:
    found: list[Found] = []
    earlier = ""
    for para in paragraphs:
        foreign = bool(_FOREIGN_CONTEXT.search(" ".join(para.sentences)))
        for index, sentence in enumerate(para.sentences):
            toks = tokens(sentence)
            for number in find_numbers(toks, sentence):
                read = _read(toks, sentence, number, foreign)
                if read is None:
                    continue
                metric, subject, qualifier, scope = read
                retracted, disputed = attribution.status(para.sentences, index)
                claim = Claim(
                    metric=metric,
                    subject=subject,
                    value=number.value,
                    qualifier=qualifier,
                    value_max=number.value_max,
                    claimant=attribution.claimant_for(para.sentences, index, earlier),
                    quote=sentence,
                    scope=scope,
                    retracted=retracted,
                    disputed=disputed,
                )
                found.append(Found(claim, para.headline, len(found)))
        earlier += " " + " ".join(para.sentences)
    return found


def _read(
    toks: Sequence[Token], text: str, number: Number, foreign_context: bool
) -> tuple[Metric, Subject, Qualifier, str | None] | None:
    if _is_measure(toks, text, number):
        return None
    qualifier, first = _qualifier(toks, number)
    metric = _metric_before(toks, first)
    who, foreign, metric_inside, end = _subject(toks, number)
    metric = metric or metric_inside
    after = None
    if metric is None:
        after, after_end = _metric_after(toks, end)
        metric, end = after, max(end, after_end)
    metric = metric or _toll(toks, text, first)
    subject: Subject
    if who == Who.TROOPS:
        foreign = foreign or (foreign_context and metric in (None, Metric.DEPLOYED))
        metric = metric or Metric.DEPLOYED
        if metric is Metric.DEPLOYED:
            subject = Subject.FOREIGN_TROOPS if foreign else Subject.SOLDIERS
        else:
            subject = Subject.FOREIGN_TROOPS if foreign else Subject.SECURITY_FORCES
    elif who == Who.ATTACKERS:
        metric = metric or Metric.ATTACKING
        subject = Subject.ATTACKERS
    else:
        subject = Subject(who) if who else Subject.PEOPLE
    if metric is None:
        return None
    scope = None if metric in (Metric.DEPLOYED, Metric.ATTACKING) else _scope(toks, text, end)
    return metric, subject, qualifier, scope


def _is_measure(toks: Sequence[Token], text: str, number: Number) -> bool:
    nxt = toks[number.end].lower if number.end < len(toks) else ""
    nxt2 = toks[number.end + 1].text if number.end + 1 < len(toks) else ""
    prev = toks[number.start - 1] if number.start > 0 else None
    prev_word = prev.lower if prev else ""
    if nxt in UNITS or nxt in MONTHS or prev_word in MONTHS or prev_word in CURRENCY:
        return True
    if nxt in ("a", "p") and nxt2 == ".":  # 8 a.m., 4 p.m.
        return True
    if prev_word in ("aged", "age", "no", "number", "of") and _before(toks, number.start, 2) in (
        "out",
        "ages",
    ):
        return True
    if prev_word in ("aged", "age", "no") or (nxt == "of" and toks[number.start].lower == "one"):
        return True
    raw = toks[number.start].text
    if number.vague is None and re.fullmatch(r"1[89]\d\d|20\d\d", raw):
        return True  # a year, written without a thousands comma
    return bool(
        prev
        and prev.text[:1].isupper()
        and number.start > 1
        and not _title_case(toks)
        and prev_word not in {w for phrase, _ in QUALIFIERS for w in phrase}
        and number.value < 1000
        and number.vague is None
        and "," not in raw
    )  # "Khabar 24", "Channel 4": part of a name


def _before(toks: Sequence[Token], index: int, back: int) -> str:
    return toks[index - back].lower if index - back >= 0 else ""


def _title_case(toks: Sequence[Token]) -> bool:
    words = [t.text for t in toks if t.text[:1].isalpha()]
    return len(words) > 2 and sum(w[:1].isupper() for w in words) / len(words) > 0.6


def _qualifier(toks: Sequence[Token], number: Number) -> tuple[Qualifier, int]:
    lowered = [t.lower for t in toks[: number.start]]
    for phrase, qualifier in QUALIFIERS:
        if tuple(lowered[-len(phrase) :]) == phrase:
            return qualifier, number.start - len(phrase)
    return (number.vague or Qualifier.EXACT), number.start


def _metric_before(toks: Sequence[Token], first: int) -> Metric | None:
    j = first - 1
    while j >= 0 and toks[j].lower in _SKIPPABLE_BEFORE:
        j -= 1
    if j >= 0 and toks[j].lower == "of":
        j -= 1
        while j >= 0 and toks[j].lower in _SKIPPABLE_BEFORE:
            j -= 1
        return METRIC_NOUN_OF.get(toks[j].lower) if j >= 0 else None
    return METRIC_VERB_BEFORE.get(toks[j].lower) if j >= 0 else None


def _subject(toks: Sequence[Token], number: Number) -> tuple[str | None, bool, Metric | None, int]:
    """(subject kind, foreign modifier seen, metric seen among modifiers, end index)."""
    foreign, metric = False, None
    k = number.end
    while k < min(len(toks), number.end + 6):
        word = toks[k].bare
        if word in FOREIGN_MODIFIERS:
            foreign = True
        if (
            word == "security"
            and k + 1 < len(toks)
            and toks[k + 1].lower in ("forces", "officers", "personnel")
        ):
            return Who.SECURITY, foreign, metric, k + 2
        if word in ("armed", "military") and k + 1 < len(toks) and toks[k + 1].lower == "forces":
            return Who.TROOPS, foreign, metric, k + 2
        if word in SUBJECT_WORDS:
            end = (
                k + 2 if word == "police" and k + 1 < len(toks) and toks[k + 1].lower == "officers" else k + 1
            )
            return SUBJECT_WORDS[word], foreign or word == "peacekeepers", metric, end
        if word in METRIC_AFTER and k > number.end and toks[k - 1].lower not in AUXILIARIES:
            metric = METRIC_AFTER[word]  # an adjectival participle: "dozens of 'eliminated' people"
        if word in AUXILIARIES or word in CLAUSE_STOPS or word in (",", "who", "that"):
            break
        if word in METRIC_AFTER and k == number.end:
            return None, foreign, METRIC_AFTER[word], k + 1  # "3,000 arrests", "2,300 arrested"
        k += 1
    return None, foreign, metric, number.end


def _metric_after(toks: Sequence[Token], start: int) -> tuple[Metric | None, int]:
    for k in range(start, min(len(toks), start + 9)):
        word = toks[k].bare
        if word in CLAUSE_STOPS or toks[k].text[:1].isdigit():
            break
        if word == "took" and [t.lower for t in toks[k + 1 : k + 4]] == ["to", "the", "streets"]:
            return Metric.PROTESTING, k + 4
        if word in METRIC_AFTER:
            return METRIC_AFTER[word], k + 1
    return None, start


def _toll(toks: Sequence[Token], text: str, first: int) -> Metric | None:
    if first == 0 or toks[first - 1].lower not in _LINKS:
        return None
    head = text[: toks[first].start]
    for pattern, metric in _TOLL:
        if pattern.search(head):
            return metric
    return None


def _scope(toks: Sequence[Token], text: str, start: int) -> str | None:
    """A locative phrase right after the figure ("in two markets in Almaty"), unless national."""
    for k in range(start, min(len(toks), start + 5)):
        if toks[k].lower in CLAUSE_STOPS or toks[k].lower == ",":
            return None
        if toks[k].lower in ("in", "at", "inside", "near", "across", "throughout"):
            end = k + 1
            while end < len(toks) and end - k <= 9:
                word = toks[end].lower
                if word in CLAUSE_STOPS or word in (",", ")", "(") or word in _TEMPORAL:
                    break
                end += 1
            phrase = text[toks[k].start : toks[end - 1].end]
            return phrase if _local(phrase, toks[k + 1 : end]) else None
    return None


def _local(phrase: str, words: Sequence[Token]) -> bool:
    lowered = phrase.lower()
    if any(n in lowered for n in NATIONAL) or lowered.startswith(("across", "throughout")):
        return False
    places = [lookup(t.text) for t in words if t.text[:1].isupper()]
    if any(p is not None and p.national for p in places):
        return False
    return any(t.lower in LOCATION_NOUNS for t in words) or any(p is not None for p in places)
