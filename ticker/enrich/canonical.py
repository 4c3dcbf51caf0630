"""One name per actor across spellings, transliterations, titles and acronyms.

``canonical_key`` folds the spelling differences transliteration makes
(Kassym-Jomart / Kassym-Shomart / Kassym-Schomart, Massimov / Massimow,
Buschmann / Bushmann); ``same_actor`` adds what a key cannot: titles
("President Tokayev"), lone surnames ("Tokayev", "Xi"), acronyms ("CSTO" and
"Collective Security Treaty Organization") and reordered long names
("Organization of the Collective Security Treaty").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ticker.enrich.words import wordset

PARTICLES = wordset("von van der den de da di del la le du dos das al el bin ibn ben ter ten zu")
TITLES = wordset(
    "president prime minister chancellor secretary general state foreign interior justice defence defense "
    "vice deputy federal spokesman spokeswoman spokesperson chairman chairwoman chair head chief leader "
    "ruler expert politician dissident activist ambassador envoy governor mayor senator king queen prince "
    "princess sheikh emir commander colonel gen mr mrs ms dr prof ex former first acting interim "
    "opposition us eu nato un commission council security"
)
# words that name a kind of body: a lone "Ministry" is not the "Interior Ministry"
_GENERIC = wordset(
    "ministry office organization organisation council committee agency union party service department "
    "government alliance commission treaty army police court bank"
)
_MINOR = wordset("of the for and in on at to")
_FOLDS = (
    ("dzh", "j"),
    ("sch", "j"),
    ("zh", "j"),
    ("sh", "j"),
    ("kh", "ch"),
    ("y", "i"),
)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    if word.endswith("w"):
        word = word[:-1] + "v"
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    text = re.sub(r"\([^)]*\)", " ", _ascii(name))
    text = re.sub(r"['’]s\b", "", text)
    return tuple(re.findall(r"[A-Za-z0-9]+", text))


@lru_cache(maxsize=8192)
def canonical_key(name: str) -> str:
    """A spelling-insensitive key: "Kassym-Schomart Tokayev" and "Kassym-Jomart Tokayev" share it."""
    return " ".join(_fold_word(w.lower()) for w in _words(name))


def person_tokens(name: str) -> list[str]:
    """Folded name words without titles, particles and notes: "President Tokayev" -> ["tokaiev"]."""
    return list(_person_tokens(name))


@lru_cache(maxsize=8192)
def _person_tokens(name: str) -> tuple[str, ...]:
    words = [w.lower() for w in _words(name)]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return tuple(_fold_word(w) for w in words if w not in PARTICLES)


def acronym_of(name: str) -> str | None:
    words = _words(name)
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return words[0]
    return None


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in _words(name) if w.lower() not in _MINOR)


@lru_cache(maxsize=8192)
def _significant(name: str) -> frozenset[str]:
    return frozenset(_fold_word(w.lower()) for w in _words(name) if w.lower() not in _MINOR)


def _org_shaped(name: str) -> bool:
    return any(w.lower() in _GENERIC for w in _words(name))


@lru_cache(maxsize=131072)  # actors x names seen; a long story compares the same pairs often
def same_actor(a: str, b: str) -> bool:
    """Do two names denote the same person or organisation?"""
    if not a.strip() or not b.strip():
        return False
    if canonical_key(a) == canonical_key(b):
        return True
    short_a, short_b = acronym_of(a), acronym_of(b)
    if short_a or short_b:
        if short_a and short_b:
            return short_a == short_b
        short, long = (short_a, b) if short_a else (short_b, a)
        initials = _initials(long)
        return len(initials) > 1 and sorted(initials) == sorted(str(short))
    sig_a, sig_b = _significant(a), _significant(b)
    if len(sig_a) > 1 and sig_a == sig_b:
        return (
            True  # "Organization of the Collective Security Treaty", "Health Ministry"/"Ministry of Health"
        )
    if _org_shaped(a) or _org_shaped(b):
        return False
    ta, tb = person_tokens(a), person_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if len(ta) == 1 or len(tb) == 1:
        single, full = (ta[0], tb) if len(ta) == 1 else (tb[0], ta)
        return len(full) > 1 and single not in _GENERIC and len(single) > 1 and single in (full[0], full[-1])
    if ta[-1] != tb[-1]:
        return False
    first_a, first_b = ta[0], tb[0]
    return (
        first_a == first_b
        or (len(first_a) == 1 and first_b.startswith(first_a))
        or (len(first_b) == 1 and first_a.startswith(first_b))
    )
