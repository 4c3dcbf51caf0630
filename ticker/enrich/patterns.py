"""Patterns written as data: a rule's text in a few readable elements, compiled once.

A pattern is compiled into one regular expression, so it runs in Python's C matcher (a rule
costs no Python loop per token) and its meaning is exactly its text. Elements are separated by
spaces; between two words any run of spaces matches, around punctuation any or none:

    according            the word, in any case, whole
    citing|quoting       any of these words; ``have_been`` is the two words "have been"
    @speech_verb         any word or phrase of the lexicon's list of that name (``WORD_LISTS``)
    word?  @list?        optional
    word*                any number of times, none included
    ~3                   up to three words, as few as the rest allows
    {np}                 a named fragment (``FRAGMENTS``): {np} is a noun phrase, captured as np
    , ; : ( ) @ . !      that character
    ^  $                 the sentence's start and end
    (what: ... )         the elements inside are captured as ``what``

Lists are referred to by name and spelled out once, in ``ticker.enrich.lexicon``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# a noun phrase: up to 80 characters with no clause punctuation (a dot only inside a word: "U.S.")
_NP_BODY = r"(?:[^,.;:!?\"“”()]|\.(?=\w)){2,80}?"
FRAGMENTS: Mapping[str, str] = {
    "np": rf"(?P<np>{_NP_BODY})",
    # where a source's name stops: punctuation, "that", "on Tuesday", or the end
    "end": r"(?=\s*(?:[,;:!?\"“”()]|\.(?!\w)|\bthat\b|\bon\s+\w+day\b|$))",
    "np_short": r"(?P<np>[^,.;:!?]{2,60}?)",  # a short name in a headline: no punctuation at all
    "subject": r"(?P<np>[^,;:]{2,80}?)",  # the opening words of a sentence, up to a clause mark
    "author": r"(?P<np>[^()@:.,;]{2,60}?)",  # a post's author before its handle
    "handle": r"[\w ]{1,30}",
    "relay": r"(?P<relay>[^,.;:]{2,60}?)",
    "speaker": r"(?P<speaker>[^,.;:]{2,60}?)",
}
_PUNCTUATION = frozenset(',;:()@.!?"“”')


class PatternMatch:
    """A pattern's match, its groups read from the text as written."""

    __slots__ = ("_match", "_text")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match, self._text = match, text

    def start(self, group: int | str = 0) -> int:
        return self._match.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._match.end(group)

    def group(self, group: int | str = 0) -> str:
        start, end = self._match.span(group)
        return self._text[start:end]

    def groupdict(self) -> dict[str, str | None]:
        return {
            name: None if self._match.start(name) < 0 else self.group(name)
            for name in self._match.groupdict()
        }


class Pattern:
    """A compiled pattern. It runs on the lower-cased text (no re.I, which costs several times
    as much), and falls back to a case-insensitive match for the rare text whose lower-casing
    changes its length ("İ")."""

    __slots__ = ("_any_case", "_lower", "text")

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self._lower = re.compile(source)
        self._any_case = re.compile(source, re.I)

    def _run(self, text: str) -> tuple[re.Pattern[str], str]:
        lower = text.lower()
        return (self._lower, lower) if len(lower) == len(text) else (self._any_case, text)

    def search(self, text: str, start: int = 0, end: int | None = None) -> PatternMatch | None:
        regex, subject = self._run(text)
        found = regex.search(subject, start, len(text) if end is None else end)
        return None if found is None else PatternMatch(found, text)

    def match(self, text: str) -> PatternMatch | None:
        regex, subject = self._run(text)
        found = regex.match(subject)
        return None if found is None else PatternMatch(found, text)

    def finditer(self, text: str) -> list[PatternMatch]:
        regex, subject = self._run(text)
        return [PatternMatch(found, text) for found in regex.finditer(subject)]


@dataclass(frozen=True)
class Rule:
    """One named construction: its pattern, what it decides, and sentences it is shown on.

    ``fires`` and ``misses`` are the rule's own examples (written for it, never taken from an
    evaluation text); fixtures/figures/ holds them and a test runs every one.
    """

    name: str
    pattern: str
    sets: str  # what a match decides, in words: "the claimant (who reports it)"
    options: Mapping[str, object] = field(default_factory=dict)
    regex: Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", compile_pattern(self.pattern))  # once, when the rule is made

    def search(self, text: str, start: int = 0) -> PatternMatch | None:
        return self.regex.search(text, start)


def _words(name: str, lists: Mapping[str, Sequence[str]]) -> str:
    words = sorted(lists[name], key=len, reverse=True)  # longest first: "spoke of" before "spoke"
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + ")"


def _element(text: str, lists: Mapping[str, Sequence[str]]) -> str:
    """One element's regex (its optional or repeat mark taken off by the caller)."""
    if text.startswith("~"):
        return rf"(?:[^\s]+\s+){{0,{int(text[1:])}}}?"
    if "{" in text:  # fragments, possibly next to each other: {np}{end}
        return re.sub(r"\{(\w+)\}", lambda m: FRAGMENTS[m.group(1)], text)
    if text in _PUNCTUATION:
        return re.escape(text)
    if text == "^":
        return "^"
    if text == "$":
        return "$"
    if all(a in _PUNCTUATION for a in text.split("|")):  # .|!
        return "(?:" + "|".join(map(re.escape, text.split("|"))) + ")"
    if text.startswith("@"):
        return rf"\b{_words(text[1:], lists)}\b"
    alternatives = [r"\s+".join(map(re.escape, a.split("_"))) for a in text.split("|")]
    return r"\b(?:" + "|".join(alternatives) + r")\b"


def _gap(before: str, after: str) -> str:
    """What may stand between two elements: spaces, none needed around punctuation or a gap."""
    if before in _PUNCTUATION or after in _PUNCTUATION or before in "^(" or after in "$)":
        return r"\s*"
    if before.startswith(("~", "{")) or after.startswith("{"):
        return r"\s*"
    return r"\s+"


def _compile(pattern: str, lists: Mapping[str, Sequence[str]]) -> str:
    out: list[str] = []
    previous, opening, open_captures = "^", "", 0
    for raw in pattern.split():
        if raw.startswith("(") and raw.endswith(":") and len(raw) > 2:  # a capture opens
            opening, open_captures = opening + f"(?P<{raw[1:-1]}>", open_captures + 1
            continue
        if raw == ")" and open_captures:  # the capture closes
            out.append(")")
            open_captures -= 1
            continue
        mark = raw[-1] if raw[-1] in "?*" and len(raw) > 1 else ""
        core = raw[:-1] if mark else raw
        gap = _gap(previous, core) if out else ""
        body = _element(core, lists)
        # an optional or repeated element comes or goes with the space before it; a capture
        # opens after that space
        out.append(f"(?:{gap}{opening}{body}){mark}" if mark else gap + opening + body)
        previous, opening = core, ""
    if open_captures or opening:
        raise ValueError(f"pattern {pattern!r}: a capture is not closed")
    return "".join(out)


def compile_pattern(pattern: str) -> Pattern:
    """The pattern compiled (matched in any case); build it once, at import."""
    from ticker.enrich.lexicon import WORD_LISTS

    return Pattern(pattern, _compile(pattern, WORD_LISTS))


def alternation(name: str) -> str:
    """A lexicon list as a regex alternative, for the few regexes still written by hand."""
    from ticker.enrich.lexicon import WORD_LISTS

    return _words(name, WORD_LISTS)


def any_case(source: str) -> Pattern:
    """A regular expression written by hand (in lower case), matched in any case as cheaply as a
    pattern: on the lower-cased text."""
    return Pattern(source, source)
