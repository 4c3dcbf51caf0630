"""Numbers that are not counts of people: ages, years, dates, distances, money, addresses,
phone and flight numbers, ranks, and things counted beside people ("143 fire trucks").

Each test reads the words around the number; nothing here knows a story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ticker.enrich.lexicon import (
    CURRENCY,
    IDENTIFIER_BEFORE,
    METRIC_AFTER,
    MONTHS,
    QUALIFIERS,
    STREET,
    SUBJECT_WORDS,
    THINGS,
    UNITS,
)
from ticker.enrich.numbers import Number
from ticker.enrich.sentences import Token


def is_measure(toks: Sequence[Token], text: str, number: Number) -> bool:
    nxt = toks[number.end].lower if number.end < len(toks) else ""
    nxt2 = toks[number.end + 1].text if number.end + 1 < len(toks) else ""
    prev = toks[number.start - 1] if number.start > 0 else None
    prev_word = prev.lower if prev else ""
    if nxt in UNITS or nxt in MONTHS or prev_word in MONTHS or prev_word in CURRENCY:
        return True
    if prev_word == "." and _before(toks, number.start, 2) in MONTHS:
        return True  # "Nov. 8"
    if prev_word in IDENTIFIER_BEFORE or _is_address(toks, number) or _is_phone(text, toks, number):
        return True
    if _is_age(toks, number):
        return True
    if prev_word in ("one", "other", "another") and toks[number.start].text.isdigit() and nxt in _BARE_END:
        return True  # "two men, one 17 and the other 21, were shot": their ages
    if nxt in ("a", "p") and nxt2 == ".":  # 8 a.m., 4 p.m.
        return True
    if prev_word in ("aged", "age", "no", "number", "of") and _before(toks, number.start, 2) in (
        "out",
        "ages",
    ):
        return True
    # "one of the biggest" is no count; "one of the attackers" is
    one_of = nxt == "of" and toks[number.start].lower == "one"
    if one_of and not any(t.bare in SUBJECT_WORDS for t in toks[number.end + 1 : number.end + 4]):
        return True
    if prev_word in ("aged", "age", "no") or _in_age_list(toks, number):
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
        and raw[:1].isdigit()
        and "," not in raw
    )  # "Khabar 24", "Channel 4": part of a name ("Police ID four people" is a count)


_BARE_END = frozenset({",", "and", ".", ")", ";", ""})


def _before(toks: Sequence[Token], index: int, back: int) -> str:
    return toks[index - back].lower if index - back >= 0 else ""


def _title_case(toks: Sequence[Token]) -> bool:
    words = [t.text for t in toks if t.text[:1].isalpha()]
    return len(words) > 2 and sum(w[:1].isupper() for w in words) / len(words) > 0.6


def counts_things(toks: Sequence[Token], number: Number) -> bool:
    """ "143 fire trucks", "ten schools": the noun the number counts is a thing, not a person."""
    for k in range(number.end, min(len(toks), number.end + 3)):
        word = toks[k].bare
        if word in THINGS:
            return True
        if k == number.end and word.endswith(("'s", "’s")):
            return True  # "six people's families": the number counts what they own
        if word in SUBJECT_WORDS or word in METRIC_AFTER or not word.isalpha():
            return False
    return False


def _is_age(toks: Sequence[Token], number: Number) -> bool:
    """ "writer X, 29, was ...": a small number alone between commas after a word is an age."""
    if number.end - number.start != 1 or not 0 < number.value < 120 or number.start < 2:
        return False
    before, after = toks[number.start - 1].text, toks[number.end].text if number.end < len(toks) else ""
    named = toks[number.start - 2].text[:1].isalpha() or toks[number.start - 2].text == "."  # "Jr., 31,"
    return before in (",", "(") and after in (",", ")") and named


def _is_address(toks: Sequence[Token], number: Number) -> bool:
    """ "the 1200 block of", "45 Main Street": a house number (digits, then names, then the street
    word; "Four shot outside Elm Street" is a count)."""
    if not toks[number.start].text[:1].isdigit():
        return False
    for k in range(number.end, min(len(toks), number.end + 4)):
        if toks[k].bare.rstrip(".") in STREET:
            return True
        if not toks[k].text[:1].isupper():
            return False
    return False


def _in_age_list(toks: Sequence[Token], number: Number) -> bool:
    """ "ages 29 and 22", "between the ages of 18 and 22", "ages 19, 21 and 22"."""
    for k in range(number.start - 1, max(-1, number.start - 8), -1):
        word = toks[k].lower
        if word in ("ages", "aged", "age"):
            return True
        if not (word in _AGE_LIST_GLUE or toks[k].text[:1].isdigit()):
            return False
    return False


_AGE_LIST_GLUE = frozenset({",", "and", "to", "of", "the", "between", "-", "–"})


def _is_phone(text: str, toks: Sequence[Token], number: Number) -> bool:
    lo = max(0, toks[number.start].start - 6)
    return bool(_PHONE.search(text[lo : toks[number.end - 1].end + 10]))


_PHONE = re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}|\b\d{3}[-.]\d{4}\b")
