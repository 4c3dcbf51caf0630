"""Paragraphs, sentences and word tokens: the units every other enricher works on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ticker.enrich.words import wordset

# a sentence ends at . ! ? (plus closing quotes/brackets) before a capital, digit or opening quote
_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(]?[A-Z0-9])")
# in text without capitals (lower-cased, tokenised copy) any full stop before a space ends one
_END_LOWER = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=\S)")
_ABBREVIATIONS = wordset(
    "mr mrs ms dr st gen sen rep gov lt col capt prof no nos vs u.s u.k e.g i.e etc approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec ex fig"
)
_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*(?:[a-z]{1,2}\b)?"  # numbers, incl. 7,939  2.2  9:12  155th  24h
    r"|[A-Za-zÀ-ɏ]+(?:['’][a-zA-Z]+)*(?:-[A-Za-zÀ-ɏ0-9]+)*(?:\.[a-z]{2,4}\b)?"  # words, hyphenated, Vlast.kz
    r"|[^\sA-Za-z0-9]"
)


class Token(NamedTuple):  # a tuple: built ~50 times per sentence, far cheaper than a dataclass
    text: str
    start: int
    end: int
    lower: str

    @property
    def bare(self) -> str:
        """Lowercase with quotes stripped: “terrorists” -> terrorists."""
        return self.text.lower().strip("\"“”'‘’«»")


def tokens(text: str) -> tuple[Token, ...]:
    return tuple([Token(word := m.group(), m.start(), m.end(), word.lower()) for m in _TOKEN.finditer(text)])


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[str, ...]
    headline: bool  # a short line without closing punctuation: a title or subheading
    tokens: tuple[tuple[Token, ...], ...] = field(default=(), compare=False)  # each sentence's, made once

    def __post_init__(self) -> None:
        if len(self.tokens) != len(self.sentences):
            object.__setattr__(self, "tokens", tuple(tokens(s) for s in self.sentences))


def split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    ends = _END_LOWER if _uncased(paragraph) else _END
    for match in ends.finditer(paragraph):
        head = paragraph[start : match.start()]
        last = head.rsplit(None, 1)[-1].lower().rstrip(".") if head.strip() else ""
        # "Gen. Smith", "U.S. troops", initials like "J. Smith" do not end a sentence
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append(head.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if _has_word(s)]


def paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(block.split())
        if not _has_word(joined):
            continue
        sentences = split_sentences(joined)
        headline = len(sentences) == 1 and len(joined) <= 140 and not re.search(r"[.!?:][\"”’')]*$", joined)
        out.append(Paragraph(tuple(sentences), headline))
    return out


def _uncased(text: str) -> bool:
    """Text whose sentences do not start with a capital: a capital is no sentence cue there."""
    if not any(c.isupper() for c in text):
        return True
    starts = re.findall(r"[.!?]\s+([A-Za-z])", text)
    return len(starts) >= 2 and sum(c.islower() for c in starts) > len(starts) / 2


def _has_word(text: str) -> bool:
    return re.search(r"[A-Za-z]{2}", text) is not None
