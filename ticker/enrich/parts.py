"""Totals and their parts within a sentence: "17 dead, including six firefighters", "23 dead -
14 of them on the spot", "265 killed: 161 civilians and police and 104 plotters"; the whole a
part is counted out of ("280 of 815 students"); a group pointed back at ("the 12 who died").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ticker.enrich.lexicon import METRIC_AFTER, PART_MARKERS
from ticker.enrich.namewords import is_demonym
from ticker.enrich.numbers import Number
from ticker.enrich.sentences import Token
from ticker.enrich.words import wordset
from ticker.models import PART_SCOPE, Claim, Metric, Subject


def is_base_count(toks: Sequence[Token], numbers: Sequence[Number], position: int) -> bool:
    """The 815 of "280 of the university's 815 students": the whole a part is counted out of."""
    if position == 0:
        return False
    between = [t.lower for t in toks[numbers[position - 1].end : numbers[position].start]]
    return bool(between) and between[0] == "of" and len(between) <= 5 and "," not in between


def part_of(
    toks: Sequence[Token],
    number: Number,
    metric: Metric,
    subject: Subject,
    earlier: Sequence[tuple[Number, Claim]],
) -> str | None:
    """A scope when the figure is a part of a total the sentence gave before it: "17 dead,
    including six firefighters", "23 dead - 14 of them on the spot", "265 killed: 161 ... and 104"."""
    same = [c for _, c in earlier if c.metric is metric and c.subject is subject]
    totals = [c for c in same if c.value > number.value and not c.scope]
    if not totals:
        return None
    if same[-1].scope and same[-1].scope.startswith(PART_SCOPE):
        return same[-1].scope  # "23 dead - 14 of them on the spot, and nine in hospital"
    return f"{PART_SCOPE} {totals[0].value:,}" if _marked_part(toks, number, earlier[0][0].end) else None


def inherited(
    toks: Sequence[Token], number: Number, earlier: Sequence[tuple[Number, Claim]]
) -> Metric | None:
    """The metric of the total a part is listed under: "the 44 dead includes 12 firefighters"."""
    totals = [c for n, c in earlier if c.value > number.value]
    return totals[-1].metric if totals and _marked_part(toks, number, earlier[0][0].end) else None


def _marked_part(toks: Sequence[Token], number: Number, since: int) -> bool:
    """Words that list a figure under a total ending at ``since``: "including six", "14 of them",
    ": 161 civilians and 104 plotters" (a figure joined by "and" to a listed one is listed too)."""
    before = {t.lower for t in toks[max(0, number.start - 3) : number.start]}
    after = [t.lower for t in toks[number.end : number.end + 2]]
    if before & (PART_MARKERS | _LIST_MARKS) or after in (["of", "them"], ["of", "those"], ["of", "whom"]):
        return True
    between = {t.lower for t in toks[since : number.start]}
    return bool(between & (PART_MARKERS | _LIST_MARKS)) and bool(before & {"and", ","})


def named_before(toks: Sequence[Token], number: Number) -> str | None:
    """ "it is not clear if this includes the 12 who died": a group the story named before,
    pointed back at, not a new count of everyone."""
    before = toks[number.start - 1].lower if number.start else ""
    after = toks[number.end].lower if number.end < len(toks) else ""
    return EARLIER_GROUP if before == "the" and after in ("who", "that", "whose") else None


EARLIER_GROUP = "a group named before"
_COPULAS = wordset("were are was is")
_GROUP_ENDS = wordset("according said says who which that and but while as")


def share_named(toks: Sequence[Token], number: Number) -> str | None:
    """ "31 of the people on board were mainland Chinese tourists": a share of a whole, told by
    who they were rather than by what befell them, is a part of that whole, never its count."""
    if number.end >= len(toks) or toks[number.end].lower != "of":
        return None
    for k in range(number.end + 1, min(len(toks), number.end + 9)):
        if not toks[k].text[:1].isalnum():
            return None
        if toks[k].lower in _COPULAS and k > number.end + 1:
            group: list[str] = []
            for tok in toks[k + 1 : k + 7]:
                if not tok.text[:1].isalpha() or tok.lower in _GROUP_ENDS:
                    break
                group.append(tok.text)
            if not group or any(t.lower() in METRIC_AFTER or t.lower() in _NOT_A_GROUP for t in group):
                return None  # "31 of the people on board were killed": a count of the killed
            whole = " ".join(t.text for t in toks[number.end + 1 : k])
            return f"{PART_SCOPE} {whole}: {' '.join(group)}"
    return None


def nationals(toks: Sequence[Token], number: Number, metric: Metric) -> str | None:
    """ "three Jordanians were killed", "five Saudi citizens", "16 foreigners": victims counted by
    nationality are a part of the event's toll, never the toll itself."""
    if metric not in _VICTIMS or number.end >= len(toks):
        return None
    words = [t.text for t in toks[number.end : number.end + 3]]
    first = words[0].lower()
    follows = words[1].lower() if len(words) > 1 else ""
    if _foreigners(first, follows):
        return f"{PART_SCOPE} the whole: foreigners"
    if not is_demonym(words[0]):
        return None
    if follows in _NATIONAL_NOUNS or first.endswith("s"):
        return f"{PART_SCOPE} the whole: {' '.join(words[: 2 if follows in _NATIONAL_NOUNS else 1])}"
    return None


def _foreigners(first: str, follows: str) -> bool:
    return first in _FOREIGNERS or (first == "foreign" and follows in _NATIONAL_NOUNS)


_VICTIMS = frozenset({Metric.KILLED, Metric.INJURED, Metric.MISSING})
_FOREIGNERS = wordset("foreigners expatriates expats")
_NATIONAL_NOUNS = wordset(
    "citizens citizen nationals national tourists tourist residents people men women children"
)
_NOT_A_GROUP = wordset("still not also all already now being been feared believed thought reported")


_LIST_MARKS = frozenset({":", "-", "–", "—"})


def plus_one(toks: Sequence[Token], number: Number) -> Number:
    """ "six passengers and the pilot", "he and four others": the count takes in the one person
    named beside it."""
    words = [t.lower for t in toks[number.end : number.end + 4]]
    for k in range(min(2, len(words) - 2)):
        if words[k : k + 2] == ["and", "the"] and words[k + 2] in _ONE_MORE:
            return replace(number, value=number.value + 1)
    if words[:1] == ["others"] and number.start > 1 and toks[number.start - 1].lower == "and":
        before = toks[number.start - 2]
        if before.lower in _PRONOUNS or (before.text == "," and _name_before_comma(toks, number.start - 2)):
            return replace(number, value=number.value + 1)
    return number


def _name_before_comma(toks: Sequence[Token], comma: int) -> bool:
    """ "Reginald Brown, 18, and four others": a name, maybe with an age, before the comma."""
    k = comma - 1
    if k >= 1 and toks[k].text.isdigit() and toks[k - 1].text == ",":
        k -= 2
    return (
        k >= 1 and toks[k].text[:1].isupper() and (toks[k - 1].text[:1].isupper() or toks[k - 1].text == ".")
    )


_PRONOUNS = wordset("he she him her")


_ONE_MORE = wordset("pilot driver captain gunman attacker bomber shooter suspect co-pilot conductor")
