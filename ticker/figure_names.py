"""What figures are called: the labels people read and the names a metric filter accepts.

The summary labels a figure "people arrested", or "attackers" where the noun says it all;
a filter (``ticker tail --metric``) selects a metric. Both come from the one table here, so
every name the output shows is a name the filter takes, as is the metric's own name and its
other word forms ("arrests", "injuries"), found by stemming rather than listed per metric.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from ticker.models import Metric, Subject

# the subject noun alone says what is counted: "attackers", not "attackers attacking"
SELF_DESCRIBING = frozenset({(Metric.ATTACKING, Subject.ATTACKERS), (Metric.PROTESTING, Subject.PROTESTERS)})

_SUFFIXES = ("ings", "ing", "ions", "ion", "ies", "ers", "er", "ed", "es", "s", "y", "e")


def figure_label(metric: str, subject: str) -> str:
    """ "protesters killed", "foreign troops deployed", "buildings damaged"; "attackers"."""
    noun = subject.replace("_", " ")
    words = metric.replace("_", " ")
    if (metric, subject) in SELF_DESCRIBING:
        return noun
    if words.startswith(noun + " "):  # the metric names its subject already
        return words
    return f"{noun} {words}"


def _key(name: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: "On-board" is "on_board"."""
    return "_".join(re.split(r"[\s_-]+", name.strip().casefold())).strip("_")


def _stem(word: str) -> str:
    """A crude stem, the same for the forms of one word: arrested/arrests, injured/injuries."""
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word, stripped = word[: -len(suffix)], True
                break
    return word


@cache
def _names() -> dict[str, Metric]:
    """Every accepted name (as ``_key``) -> its metric: metric names and the labels shown."""
    names = {_key(m.value): m for m in Metric}
    for metric in Metric:
        for subject in Subject:
            names.setdefault(_key(figure_label(metric.value, subject.value)), metric)
    return names


@cache
def _stems() -> dict[str, Metric]:
    return {_stem(m.value): m for m in Metric if "_" not in m.value}


def metric_named(name: str) -> Metric | None:
    """The metric ``name`` means (a metric name, a label the summary shows, a word form), or None."""
    key = _key(name)
    found = _names().get(key)
    # a subject alone ("rescuers") is not a metric, whatever its stem
    if found is None and key and "_" not in key and key not in set(Subject):
        found = _stems().get(_stem(key))
    return found


def close_metrics(name: str, limit: int = 3) -> list[Metric]:
    """Metrics whose names or labels look like ``name``, best first: what to suggest for a typo."""
    names = _names()
    close = difflib.get_close_matches(_key(name), list(names), n=limit * 4, cutoff=0.6)
    return list(dict.fromkeys(names[n] for n in close))[:limit]
