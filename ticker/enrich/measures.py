"""Numbers that are not counts of people: ages, years, dates, distances, money, addresses,
phone and flight numbers, ranks, and things counted beside people ("143 fire trucks").

Each test reads the words around the number; nothing here knows a story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Around:
    """A number and the words right around it."""

    toks: Sequence[Token]
    text: str
    number: Number
    nxt: str  # the next word, lower
    nxt2: str  # the one after, as written
    prev: Token | None
    prev_word: str  # the word before, lower

    @classmethod
    def of(cls, toks: Sequence[Token], text: str, number: Number) -> _Around:
        nxt = toks[number.end].lower if number.end < len(toks) else ""
        nxt2 = toks[number.end + 1].text if number.end + 1 < len(toks) else ""
        prev = toks[number.start - 1] if number.start > 0 else None
        return cls(toks, text, number, nxt, nxt2, prev, prev.lower if prev else "")


def _unit_date_or_money(a: _Around) -> bool:
    """ "12 km", "8 January", "January 8", "$40"."""
    return a.nxt in UNITS or a.nxt in MONTHS or a.prev_word in MONTHS or a.prev_word in CURRENCY


def _abbreviated_date(a: _Around) -> bool:
    """ "Nov. 8"."""
    return a.prev_word == "." and _before(a.toks, a.number.start, 2) in MONTHS


def _identifier(a: _Around) -> bool:
    """ "flight 235", "route 9"."""
    return a.prev_word in IDENTIFIER_BEFORE


def _address(a: _Around) -> bool:
    return _is_address(a.toks, a.number)


def _phone(a: _Around) -> bool:
    return _is_phone(a.text, a.toks, a.number)


def _age(a: _Around) -> bool:
    """ "writer X, 29, was ..."."""
    return _is_age(a.toks, a.number)


def _ages_of_a_pair(a: _Around) -> bool:
    """ "two men, one 17 and the other 21, were shot": their ages."""
    digits = a.toks[a.number.start].text.isdigit()
    return a.prev_word in ("one", "other", "another") and digits and a.nxt in _BARE_END


def _time_of_day(a: _Around) -> bool:
    """ "8 a.m.", "4 p.m."."""
    return a.nxt in ("a", "p") and a.nxt2 == "."


def _aged_out(a: _Around) -> bool:
    """ "ages of 18", "out of 10"."""
    return a.prev_word in ("aged", "age", "no", "number", "of") and _before(a.toks, a.number.start, 2) in (
        "out",
        "ages",
    )


def _one_of_a_kind(a: _Around) -> bool:
    """ "one of the biggest" is no count; "one of the attackers" is."""
    if a.nxt != "of" or a.toks[a.number.start].lower != "one":
        return False
    return not any(t.bare in SUBJECT_WORDS for t in a.toks[a.number.end + 1 : a.number.end + 4])


def _aged(a: _Around) -> bool:
    """ "aged 29", "ages 29 and 22"."""
    return a.prev_word in ("aged", "age", "no") or _in_age_list(a.toks, a.number)


def _year(a: _Around) -> bool:
    """A year, written without a thousands comma: "in 2015"."""
    return a.number.vague is None and bool(_YEAR.fullmatch(a.toks[a.number.start].text))


def _part_of_a_name(a: _Around) -> bool:
    """ "Khabar 24", "Channel 4": part of a name ("Police ID four people" is a count)."""
    raw, number = a.toks[a.number.start].text, a.number
    if a.prev is None or not a.prev.text[:1].isupper() or number.start <= 1 or _title_case(a.toks):
        return False
    if a.prev_word in _QUALIFIER_WORDS or number.value >= 1000 or number.vague is not None:
        return False
    return raw[:1].isdigit() and "," not in raw


# The measures a number may be, tried in order; the first that applies names what it is.
MEASURE_RULES: tuple[tuple[str, Callable[[_Around], bool]], ...] = (
    ("a unit, a date or money", _unit_date_or_money),
    ("a date", _abbreviated_date),
    ("an identifier", _identifier),
    ("an address", _address),
    ("a phone number", _phone),
    ("an age", _age),
    ("the ages of a pair", _ages_of_a_pair),
    ("a time of day", _time_of_day),
    ("an age or a rank ('out of', 'ages of')", _aged_out),
    ("one of a kind", _one_of_a_kind),
    ("an age", _aged),
    ("a year", _year),
    ("part of a name", _part_of_a_name),
)


def measure(toks: Sequence[Token], text: str, number: Number) -> str | None:
    """What the number measures instead of counting people, or None when it may be a count."""
    around = _Around.of(toks, text, number)
    return next((name for name, rule in MEASURE_RULES if rule(around)), None)


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_QUALIFIER_WORDS = frozenset(w for phrase, _ in QUALIFIERS for w in phrase)
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
    word = toks[number.start - 2]
    named = word.text[:1].isalpha() or word.text == "."  # "Jr., 31,"
    # "injured (85)": a count in brackets after the word for it, not an age after a name
    return before in (",", "(") and after in (",", ")") and named and word.lower not in METRIC_AFTER


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
