"""Numbers in news copy: digits ("7,939", "2.2 million"), words ("eight", "twenty-five") and
vague quantities ("dozens", "tens of thousands"), found on a sentence's tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ticker.enrich.lexicon import HARM_VERBS
from ticker.enrich.sentences import Token
from ticker.enrich.words import wordlist
from ticker.models import Qualifier

_UNITS = {
    w: i
    for i, w in enumerate(
        wordlist(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(wordlist("_ _ twenty thirty forty fifty sixty seventy eighty ninety"))
    if i > 1
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# every word that writes a number or a vague amount: the one list the other readers share
NUMBER_WORDS = frozenset(
    [*_UNITS, *_TENS, *_SCALES, *wordlist("dozen dozens score scores tens hundreds thousands millions")]
)
NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))  # a regex alternation
# vague words: (lower bound, qualifier); "dozens" means at least two dozen
_VAGUE = {
    "dozens": (24, Qualifier.DOZENS),
    "scores": (40, Qualifier.DOZENS),
    "hundreds": (200, Qualifier.HUNDREDS),
    "thousands": (2_000, Qualifier.THOUSANDS),
    "millions": (2_000_000, Qualifier.THOUSANDS),
}
_FEW = frozenset({"several", "a few", "few", "many"})
# the words a vague or written quantity starts with: "a dozen", "several hundred", "tens of thousands"
_STARTS = frozenset({*_UNITS, *_TENS, *_SCALES, *_VAGUE, *_FEW, "a", "tens", "hundreds", "dozen"})
_FEW_VALUE = {
    "dozen": (36, Qualifier.DOZENS),
    "hundred": (300, Qualifier.HUNDREDS),
    "thousand": (3_000, Qualifier.THOUSANDS),
}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity spanning tokens[start:end]."""

    value: int
    start: int
    end: int
    vague: Qualifier | None = None  # set for "dozens", "thousands", "a dozen"
    value_max: int | None = None
    person: bool = False  # "a man", "a 16-year-old girl": one person, the noun inside the span


# one person named by a noun: "a man was shot dead", "Teen killed in crash"
SINGULAR_PEOPLE = frozenset(
    wordlist(
        "man woman boy girl teen teenager child toddler infant baby person victim resident student "
        "passenger motorist pedestrian driver father mother son daughter juvenile officer deputy trooper "
        "wife husband brother sister girlfriend boyfriend grandson granddaughter grandmother grandfather "
        "nephew niece cousin stepfather stepmother stepson stepdaughter male female"
    )
)
# the people a count names in a list of relatives: "his wife and their two daughters"
_PLURAL_PEOPLE = frozenset(
    wordlist(
        "children sons daughters brothers sisters men women boys girls grandchildren relatives "
        "people others adults teenagers teens victims"
    )
)
_LIST_GLUE = frozenset(wordlist(", and his her their the"))
_POSSESSIVES = frozenset(wordlist("his her their"))
# verbs of harm: "Bullet kills man", "injured another", "injuring Lee Marsh and Dora Finch"
_HARM_VERBS = HARM_VERBS
# the cheap gate before the scan: every word a rule below starts from
_MAYBE_PERSON = re.compile(
    r"\b(?:" + "|".join(sorted(SINGULAR_PEOPLE | _HARM_VERBS)) + r")\b|year-old|another"
)
_AGE_APPOSITION = re.compile(r"[A-Za-z], \d{1,3},")
_PERSON_MODIFIERS = re.compile(
    r"^(?:-|\d+|year-old|years?|old|young|elderly|local|unidentified|unnamed|"
    rf"{NUMBER_WORD}|"  # "a two year old child"
    r"unarmed|pregnant|teenage|second|third|fourth|fifth|\w+-year-old)$",  # "a third man"
    re.I,
)


def singular_people(toks: Sequence[Token], text: str) -> list[Number]:
    """One-person counts: "a man", "an unarmed 17-year-old boy", a headline's "Teen killed",
    "17-year-old killed", and a bare noun after a verb ("Bullet kills man")."""
    if not _MAYBE_PERSON.search(text.lower()) and not _AGE_APPOSITION.search(text):  # lower: quicker
        return []
    found: list[Number] = []
    for i in range(len(toks)):
        one = (
            _named_with_age(toks, i)
            or _another_one(toks, i)
            or _names_after_harm(toks, i)
            or _person_at(toks, i)
        )
        if one:
            found.append(one)
    return _without_overlaps(found)


def _person_at(toks: Sequence[Token], i: int) -> Number | None:
    """ "a man", "his wife", "an unarmed 17-year-old boy", "a Virginia man"; "The girl was shot"
    opening a sentence; "17-year-old killed in shooting": one person, named once."""
    tok = toks[i]
    article = tok.lower in ("a", "an", "another") or tok.lower in _POSSESSIVES
    article = article or (tok.lower == "the" and _opens(toks, i))
    if not (article or _opens(toks, i) or _after_verb(toks, i) or _aged(toks, i)):
        return None
    j = _past_modifiers(toks, i, article)
    start = i
    if j < len(toks) and toks[j].lower in SINGULAR_PEOPLE:
        return Number(1, start, j + 1, person=True)
    if j > i + 1 and toks[j - 1].lower.endswith("year-old"):
        return Number(1, start, j, person=True)
    return None


def _past_modifiers(toks: Sequence[Token], i: int, article: bool) -> int:
    """Where the person noun may stand: past the article and what may stand before the noun
    ("an unarmed 17-year-old", "a Virginia")."""
    j = i + 1 if article else i
    place_first = article or _opens(toks, i)  # "a Virginia man", "Burlington teen shot dead"
    while j < min(len(toks), i + 6) and (
        _PERSON_MODIFIERS.match(toks[j].text)
        or (place_first and j == i + article and _place_before_person(toks, j))
    ):
        j += 1
    return j


def _another_one(toks: Sequence[Token], i: int) -> Number | None:
    """ "killed two and injured another": one more person, the noun left out after a verb of harm."""
    if toks[i].lower != "another" or i == 0 or toks[i - 1].lower not in _HARM_VERBS:
        return None
    after = toks[i + 1] if i + 1 < len(toks) else None
    if after is None or not (after.text[:1].isdigit() or after.lower in SINGULAR_PEOPLE):
        return Number(1, i, i + 1, person=True)
    return None


def _names_after_harm(toks: Sequence[Token], i: int) -> Number | None:
    """ "injuring Leanne Smith and Dustin Grey": people named in full right after a verb of harm,
    each name two or three capitalised words, joined by commas and "and"."""
    if i == 0 or toks[i - 1].lower not in _HARM_VERBS:
        return None
    count, j = 0, i
    while (k := _full_name_end(toks, j)) is not None:
        count, j = count + 1, k
        joined = _name_joint(toks, j)
        if joined is None:
            break
        j = joined
    return Number(count, i, j, person=True) if count else None


def _full_name_end(toks: Sequence[Token], j: int) -> int | None:
    """Where a name of two or three capitalised words starting at ``j`` ends, or None."""
    k = j
    while k < len(toks) and k - j < 3 and toks[k].text.istitle() and toks[k].text.isalpha():
        k += 1
    return k if k - j >= 2 else None


def _name_joint(toks: Sequence[Token], j: int) -> int | None:
    """Where the next name of a list starts after ", ", " and " or ", and ", or None."""
    if j + 1 < len(toks) and toks[j].lower in (",", "and") and toks[j + 1].text.istitle():
        return j + 1
    if j + 2 < len(toks) and toks[j].text == "," and toks[j + 1].lower == "and":
        return j + 2
    return None


def _place_before_person(toks: Sequence[Token], j: int) -> bool:
    """ "Virginia" in "a Virginia man": one capitalised word right before a person noun."""
    return (
        toks[j].text.istitle()
        and toks[j].lower not in SINGULAR_PEOPLE
        and toks[j].lower != "the"
        and j + 1 < len(toks)
        and toks[j + 1].lower in SINGULAR_PEOPLE
    )


def _named_with_age(toks: Sequence[Token], i: int) -> Number | None:
    """ "Jaquise Lewis, 17, was shot": a name with an age beside it is one person."""
    j = i
    while j < min(len(toks), i + 4) and toks[j].text.istitle() and toks[j].text.isalpha():
        j += 1
    if j - i < 2 or j + 2 >= len(toks) or (i > 0 and toks[i - 1].text.istitle()):
        return None
    age = toks[j + 1].text
    if toks[j].text == "," and age.isdigit() and int(age) < 110 and toks[j + 2].text == ",":
        return Number(1, i, j + 3, person=True)  # the age belongs to the span: it is no count
    return None


def people_lists(toks: Sequence[Token], numbers: list[Number]) -> list[Number]:
    """Counts of people listed together become one count: "a man, his wife and their two
    daughters" is 4, "Father, two children" is 3. Only one-person counts and counts of people
    ("two daughters") join, across nothing but commas, "and" and possessives."""
    out: list[Number] = []
    for number in numbers:
        prev = out[-1] if out else None
        if prev is not None and _listed_together(toks, prev, number):
            out[-1] = Number(prev.value + number.value, prev.start, number.end, person=number.person)
        else:
            out.append(number)
    return out


def _listed_together(toks: Sequence[Token], prev: Number, number: Number) -> bool:
    """Whether two counts of people are one list: only commas, "and" and possessives between."""
    if not (_of_people(toks, prev) and _of_people(toks, number) and (prev.person or number.person)):
        return False
    # between them: the earlier count's noun ("two children"), then only commas, "and", "their"
    gap = {t.lower for t in toks[prev.end + (not prev.person) : number.start]}
    if not gap <= _LIST_GLUE or not gap & {",", "and"}:
        return False
    return "and" in gap or not _apposition(toks, number)


def _apposition(toks: Sequence[Token], number: Number) -> bool:
    """ "The victim, a 15-year-old boy, was": a second name for the one before, closed by a comma."""
    after = number.end if number.person else number.end + 1
    while after < len(toks) and toks[after].text.istitle():
        after += 1  # "The victim, 16-year-old Ana Ruiz, was": the name belongs to the second
    return after < len(toks) and toks[after].text == ","


def _of_people(toks: Sequence[Token], number: Number) -> bool:
    if number.vague is not None:
        return False
    return number.person or (number.end < len(toks) and toks[number.end].lower in _PLURAL_PEOPLE)


def _aged(toks: Sequence[Token], i: int) -> bool:
    """ "19-year-old killed": an age standing for the one person it describes."""
    return (
        toks[i].text.isdigit()
        and [t.lower for t in toks[i + 1 : i + 3]][:1] == ["-"]
        and i + 2 < len(toks)
        and toks[i + 2].lower.startswith("year-old")
        and (i == 0 or toks[i - 1].lower not in ("a", "an", "another", "the", "-"))
    )


def _opens(toks: Sequence[Token], i: int) -> bool:
    """The start of a sentence or headline, or of the part after a colon ("Police: Teen killed")."""
    return i == 0 or toks[i - 1].text == ":"


def _after_verb(toks: Sequence[Token], i: int) -> bool:
    return i > 0 and toks[i - 1].lower in _HARM_VERBS and toks[i].lower in SINGULAR_PEOPLE


def _without_overlaps(found: list[Number]) -> list[Number]:
    kept: list[Number] = []
    for number in found:
        if not kept or number.start >= kept[-1].end:
            kept.append(number)
    return kept


def _word_value(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and 0 < _UNITS[parts[1]] < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    if len(parts) == 2 and parts[1] == "dozen" and parts[0] in _UNITS:
        return _UNITS[parts[0]] * 12  # "two-dozen"
    return None


def _atom(tok: Token, after: str) -> float | None:
    """The value of one token, or None. ``after`` is the raw text right after it."""
    text = tok.lower
    if after.startswith("-") and re.match(r"-[a-z]", after, re.I) and not after.lower().startswith("-strong"):
        return None  # "81-year-old", "two-day": a modifier, not a count
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    if _DECIMAL.match(text):
        return float(text)  # only kept when a scale word follows ("2.2 million")
    value = _word_value(text)
    return None if value is None else float(value)


def find_numbers(toks: Sequence[Token], text: str) -> list[Number]:
    """Every quantity in a sentence, left to right, ranges merged ("between 200 and 300")."""
    found: list[Number] = []
    i = 0
    while i < len(toks):
        number = (_vague_at(toks, i) or _exact_at(toks, text, i)) if _may_start(toks[i]) else None
        if number is None:
            i += 1
            continue
        found.append(number)
        i = number.end
    return _merge_ranges(toks, found)


def _may_start(tok: Token) -> bool:
    """Whether a quantity may start at this token (a cheap test before reading one)."""
    word = tok.lower
    if word[:1].isdigit() or word in _STARTS:
        return True
    return "-" in word and word.split("-", 1)[0] in _STARTS  # "twenty-five", "two-dozen"


def _vague_at(toks: Sequence[Token], i: int) -> Number | None:
    word = toks[i].lower
    nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
    after = toks[i + 2].lower if i + 2 < len(toks) else ""
    if word in ("tens", "hundreds") and nxt == "of" and after == "thousands":
        return Number(10_000 if word == "tens" else 100_000, i, i + 3, Qualifier.THOUSANDS)
    if word in _VAGUE:
        value, qualifier = _VAGUE[word]
        return Number(value, i, i + 1, qualifier)
    if word == "a" and nxt == "few" and after.rstrip("s") in _FEW_VALUE:
        value, qualifier = _FEW_VALUE[after.rstrip("s")]
        return Number(value, i, i + 3, qualifier)
    if word in _FEW and nxt.rstrip("s") in _FEW_VALUE:
        value, qualifier = _FEW_VALUE[nxt.rstrip("s")]
        return Number(value, i, i + 2, qualifier)
    if word == "a" and nxt == "dozen":
        return Number(12, i, i + 2, Qualifier.ABOUT)
    return None


def _exact_at(toks: Sequence[Token], text: str, i: int) -> Number | None:
    if i > 0 and toks[i - 1].end == toks[i].start and toks[i - 1].text[-1:].isalpha():
        return None  # the tail of a name or code, not a count: "@anne9", "GE235"
    first = _atom(toks[i], text[toks[i].end : toks[i].end + 8])
    if first is None:
        return None
    total, current, j = 0.0, first, i + 1
    while (step := _number_word_step(toks, j, total, current)) is not None:
        total, current, j = step
    value = total + current
    if value != int(value):
        return None  # "1.30 p.m.", a bare decimal: not a count of anything
    return Number(int(value), i, j)


def _number_word_step(
    toks: Sequence[Token], j: int, total: float, current: float
) -> tuple[float, float, int] | None:
    """The number written so far extended by the words at ``j`` ("thousand", "five" after a scale,
    "and fifty" after "hundred"): (total, current, next j), or None where it ends."""
    if j >= len(toks):
        return None
    word = toks[j].lower
    if word in _SCALES or word == "dozen":
        scale = 12 if word == "dozen" else _SCALES[word]
        if scale >= 1_000:
            return total + current * scale, 0.0, j + 1
        return total, current * scale, j + 1
    after_scale = toks[j - 1].lower in _SCALES
    extra = _word_value(word) if after_scale else None
    if extra is not None:  # "two thousand five hundred"
        return total, current + extra, j + 1
    after_and = _word_value(toks[j + 1].lower) if j + 1 < len(toks) else None
    if word == "and" and after_scale and after_and is not None and after_and < 100:
        return total, current + after_and, j + 2  # "two hundred and fifty"
    return None


def _merge_ranges(toks: Sequence[Token], found: list[Number]) -> list[Number]:
    out: list[Number] = []
    k = 0
    while k < len(found):
        cur = found[k]
        if k + 1 < len(found) and cur.vague is None and found[k + 1].vague is None:
            nxt = found[k + 1]
            between = [t.lower for t in toks[cur.end : nxt.start]]
            before = toks[cur.start - 1].lower if cur.start > 0 else ""
            ranged = between in (["-"], ["–"]) or (between == ["to"] and before != "from")
            if (ranged or (between == ["and"] and before == "between")) and nxt.value > cur.value:
                out.append(Number(cur.value, cur.start, nxt.end, None, nxt.value))
                k += 2
                continue
        out.append(cur)
        k += 1
    return out
