"""Time reference: is a number about this story now, or about another event or an earlier time?

"40 were killed a fortnight ago", "the 2009 attack that killed five", "last year a blast killed
70; in 2013, 119": such numbers are background. They are kept as context on the item and never
become a figure of the story. The test is made on the clause that holds the number, plus the
clause it continues ("..., killing 48", "..., in which 30 died") or the short time phrase that
opens it ("in 2013, 119 ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ticker.enrich.gazetteer import lookup
from ticker.enrich.patterns import any_case
from ticker.enrich.sentences import Token
from ticker.enrich.words import wordset

_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "–", "—"})
_PAST = any_case(
    r"\b(?:last|previous|past)\s+(?:year|month|week|decade|summer|winter|spring|autumn|fall|time)\b"
    r"|\b(?:years?|months?|weeks?|decades?|a\s+fortnight|fortnight)\s+(?:ago|earlier|before|after|since)\b"
    r"|\b(?:days?|weeks?|months?|years?)\s+previously\b|\bpreviously\b|\ba\s+day\s+(?:earlier|before)\b"
    r"|\bearlier\s+this\s+(?:year|month)\b|\bin\s+the\s+past\b"
    r"|\b(?:follows?|followed|following|comes?\s+(?:just\s+)?\S+\s+\S+\s+after)\s+(?:a|an|the)\b"
    r"|\bin\s+(?:a\s+)?(?:similar|separate|unrelated)\s+(?:attack|incident|crash|case)"
    # other incidents of a roundup: "nine wounded in shootings across the city", "in another shooting"
    r"|\bin\s+(?:\S+\s+){0,2}?(?:shootings|stabbings|incidents)\b|\bseparate\s+(?:shootings|stabbings|incidents)\b"
    r"|\bin\s+(?:another|an\s+unrelated|a\s+separate)\s+(?:\S+\s+){0,2}?(?:shooting|stabbing|incident|attack)\b"
)
# a person's record, told to say who they are: "the commander who oversaw the killings of 58"
_DEED = any_case(
    r"\b(?:who|which)\s+(?:had\s+)?(?:oversaw|ordered|masterminded|orchestrated|planned|directed|"
    r"plotted|organi[sz]ed)\s+(?:the\s+)?(?:killings?|massacres?|murders?|deaths|attacks?)\b"
)
# a clause that carries on the one before: it shares that clause's time
_CONTINUES = any_case(r"^\s*(?:killing|leaving|injuring|wounding|in\s+which|which|who|that|when|where)\b")
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?![\d,])")


# "the first, late on Thursday, killed nine": an ordinal standing for an earlier event of the kind
_EARLIER_ONE = any_case(
    r"^\s*the\s+(?:first|second|earlier|previous|other)\s*(?:,|(?:one\s+)?(?:killed|left))"
)
# words that anchor a sentence in the story's present
_NOW = any_case(r"\b(?:now|so far|currently|latest|today|tonight|this morning|still)\b")
CARRY_WORDS = 8  # a sentence this short right after a background one still speaks of that event


# "a 7.3-magnitude tremor struck ...": an indefinite article introduces an event, not the story's own
_ANOTHER_EVENT = any_case(
    r"\b(?:a|an)\s+(?:\S+\s+){0,2}?(?:earthquake|quake|tremor|attack|bombing|blast|explosion|crash|"
    r"shooting|storm|typhoon|hurricane|cyclone|flood|landslide|fire)\b"
)


# a record of attacks told as a kind: an indefinite plural in the perfect ("some attacks have been
# carried out", "the group has staged a string of bombings"). The next sentence's figures, unless
# it anchors them now, are examples from that record and not the story's own. A bare plural
# ("Attacks have been reported in three towns") is as likely the story's own news, so it is not one
_KINDS = r"(?:attacks|bombings|massacres)"
_RECORD = any_case(
    r"\b(?:some|many|other|previous|earlier|past|repeated|similar)\s+(?:\w+\s+)?"
    rf"{_KINDS}\s+(?:have|had)\s+(?:\w+\s+)?been\b"
    r"|\b(?:has|have|had)\s+(?:also\s+)?(?:carried\s+out|staged|mounted)\s+"
    r"(?:a\s+(?:series|string|spate|wave)\s+of|some|many|other|previous|earlier|repeated|similar)\s+"
    rf"(?:\w+\s+)?{_KINDS}\b"
)


def tells_a_record(text: str) -> bool:
    """Whether a sentence speaks of earlier attacks of a kind, with nothing to anchor it now."""
    return bool(_RECORD.search(text)) and not _NOW.search(text)


def countries(toks: Sequence[Token]) -> frozenset[str]:
    """The countries a sentence names (one-word and two-word names)."""
    found = set()
    words = [re.sub(r"['’]s$", "", t.text) for t in toks]  # "Chile's"
    for k, word in enumerate(words):
        for name in (word, f"{word} {words[k + 1]}" if k + 1 < len(words) else ""):
            place = lookup(name) if name[:1].isalpha() else None
            if place is not None and place.kind == "country":
                found.add(place.name)
    return frozenset(found)


def sentence_background(
    text: str,
    year: int | None,
    after_background: bool,
    toks: Sequence[Token] = (),
    home: Callable[[], frozenset[str]] = frozenset,
    after_record: bool = False,
) -> str | None:
    """Why a whole sentence is background (None: it is not).

    A whole sentence is about an earlier event when it opens with one ("The first, late on Thursday,
    killed nine"), is a short follow-on of a background sentence ("There were 54 on board."), gives
    an example of the record the sentence before it tells ("Some attacks have been carried out
    at random. Ten were killed at a bus depot."), or introduces an event in a country the item did
    not open with ("a storm hit Fiji, killing 12" in an item that leads with another country's storm)."""
    if _EARLIER_ONE.match(text):
        return 'it opens with an earlier event of the kind ("the first ...")'
    if after_record and not _NOW.search(text):
        return "an example of the record of attacks the sentence before tells"
    if _ANOTHER_EVENT.search(text):
        named, opened = countries(toks), home()  # ``home``: the item's countries, looked up lazily
        if named and opened and not named & opened:
            return f"an event in {', '.join(sorted(named))}, not where the item opens"
    if after_background and len(text.split()) <= CARRY_WORDS and not _NOW.search(text):
        return "a short follow-on of a background sentence"
    return None


def background(toks: Sequence[Token], text: str, start: int, year: int | None) -> str | None:
    """Why the number at ``toks[start]`` is about an earlier time or another event (None: it is not)."""
    clauses = _clauses(toks, text)
    index = next(i for i, (lo, hi, _) in enumerate(clauses) if lo <= start < hi)
    if reason := _past(clauses[index][2], year):
        return reason
    # carry the time of the clause before back over continuations: ", killing 48", ", in which 30"
    while index > 0 and _CONTINUES.match(clauses[index][2]):
        index -= 1
        if reason := _past(clauses[index][2], year):
            return reason + " (the clause it continues)"
    if index > 0 and len(clauses[index - 1][2].split()) <= 4:  # "in 2013 , 119 ..."
        return _past(clauses[index - 1][2], year)
    if index > 0 and _opens_with_time(clauses[0][2]) and (reason := _past(clauses[0][2], year)):
        return reason + " (the sentence opens with it)"
    return None


def _clauses(toks: Sequence[Token], text: str) -> list[tuple[int, int, str]]:
    """(first token, end token, text) of each clause between commas, colons, semicolons, brackets."""
    out: list[tuple[int, int, str]] = []
    first = 0
    for k, tok in enumerate(toks):
        if tok.text in _CLAUSE_BREAKS:
            out.append((first, k + 1, _span(toks, text, first, k)))
            first = k + 1
    out.append((first, len(toks), _span(toks, text, first, len(toks))))
    return out


def _span(toks: Sequence[Token], text: str, lo: int, hi: int) -> str:
    return text[toks[lo].start : toks[hi - 1].end] if hi > lo else ""


def _past(clause: str, year: int | None) -> str | None:
    """Why a clause speaks of an earlier time or another event, or None."""
    if found := _PAST.search(clause):
        return f'an earlier time or another incident ("{found.group()}")'
    if found := _DEED.search(clause):
        return f'a person\'s record ("{found.group()}")'
    if year is not None and (years := [y for y in _years(clause) if int(y) < year]):
        return f"an earlier year ({years[0]})"
    return None


# a year-like number after these is a count a toll reached ("the toll rose to 1953"), not a year
_COUNT_LINKS = wordset(
    "to at reached reaches rose risen rises stands stood hit hits climbed climbs total totals totalled"
)


def _years(clause: str) -> list[str]:
    """The years a clause names ("in 2013", "since 1988"), not the counts that look like one."""
    years = []
    for m in _YEAR.finditer(clause):
        before = clause[: m.start()].split()
        if not before or before[-1].lower() not in _COUNT_LINKS:
            years.append(m.group(1))
    return years


def _opens_with_time(clause: str) -> bool:
    """A sentence whose first clause sets an earlier time for all of it: "Last week it bombed a hotel"."""
    return bool(re.match(r"^\s*(?:last|in\s+\d{4}|in\s+(?:a|the)\s+\w+\s+\d{4}|\d{4})\b", clause, re.I))
