"""Near-duplicate text across outlets: a normalised token fingerprint and a fuzzy comparison.

A fingerprint is the lead's content words, lowercased, ASCII-folded, numbers
without separators, stop words dropped, in text order; two fingerprints are
compared with rapidfuzz's token_set_ratio (shared wire copy scores high even
when one outlet adds a clause). Figures are merged on extracted claims, not on
this similarity (texts with different numbers can look alike).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from ticker.enrich.words import wordset

THRESHOLD = 75.0
NUMBER_THRESHOLD = 55.0  # when both share a specific figure, wording may differ more
MIN_SHARED = 4  # content words two fingerprints must share, so short texts do not match everything
MAX_WORDS = 40
SHARED_AT_LEAST = 3  # similar() never holds with fewer shared words (a figure and two words)
_STOP = wordset(
    "a an the of in on at to for from by with and or but as is are was were be been being has have had "
    "it its this that these those there their they he she his her which who whom also not no so than then "
    "into over after before about against between during while since until up out more most some such "
    "would could should will can may might said says according"
)


def fingerprint(text: str) -> str:
    """The near-duplicate key of a text: its first content words, normalised."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", folded)
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP and len(w) > 1]
    return " ".join(words[:MAX_WORDS])


@lru_cache(maxsize=16384)
def _words(fp: str) -> frozenset[str]:
    """A fingerprint's words: each recent fingerprint is compared with every new one, split once."""
    return frozenset(fp.split())


def similar(a: str, b: str) -> bool:
    """Do two fingerprints describe the same fact or development?"""
    if not a or not b:
        return False
    shared = _words(a) & _words(b)
    figures = [w for w in shared if w.isdigit() and int(w) > 10 and not 1900 <= int(w) <= 2100]
    if figures and len(shared) - len(figures) >= 2 and fuzz.token_set_ratio(a, b) >= NUMBER_THRESHOLD:
        return True  # the same specific figure said of the same things: "26 demonstrators ... killed"
    if len(shared) < MIN_SHARED:
        return False
    smaller = min(len(_words(a)), len(_words(b)))
    return len(shared) >= 0.5 * smaller and fuzz.token_set_ratio(a, b) >= THRESHOLD


def find_duplicates(
    fp: str, earlier: Sequence[tuple[str, str, str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Of the (item_id, outlet, fingerprint) triples in ``earlier``, those ``fp`` repeats:
    (their item ids, their distinct outlets), in the order given."""
    ids: list[str] = []
    outlets: list[str] = []
    words = _words(fp)
    for item_id, outlet, other in earlier:
        # most texts share too few words to be similar at all: skip them before the fuzzy ratio
        if len(words & _words(other)) < SHARED_AT_LEAST:
            continue
        if similar(fp, other):
            ids.append(item_id)
            if outlet not in outlets:
                outlets.append(outlet)
    return tuple(ids), tuple(outlets)
