"""Which report of a figure is its current value: chosen by evidence, not by arrival.

Reports are weighed oldest first (by event time), each against the value standing before it:

* a report from an **official** claimant (a ministry, the police, a governor, the UN, ...) or
  **corroborated** by another independent source becomes current however far it rises; a fall
  to less than a ``JUMP``-th of the standing value takes a word of correction ("revised down"),
  the claimant of the standing value revising itself, or an official count of more than one
  against a value no official or second source backs: otherwise it is far more often a part
  (one place, one nationality, one victim) than the whole;
* a single unofficial report more than ``JUMP`` times the standing value, or less than a
  ``JUMP``-th of it, is **unconfirmed**: shown beside the current value until a report from
  another source agrees with it (within ``CORROBORATE_WITHIN``; a rise only: a far lower count
  is more often a part than a correction), or until ``CONFIRM_AFTER`` of event time passes in which no
  report contradicts it;
* a claimant revising its own figure is believed, as is any report within ``JUMP`` times the
  standing value: the newest wins (a correction or a lower official count included);
* a vague report ("hundreds") does not displace a precise one it agrees with.

A foreign ministry's, embassy's or consulate's count is of its own citizens: a part, never a
candidate for the whole. Sources are independent when their claimants (else outlets) differ;
"Reuters via X" and "Reuters via Y" are one source, Reuters. Pure: no I/O, and no clock but
the reports' own times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticker.summary.state import Observation

JUMP = 3.0
CONFIRM_AFTER = timedelta(hours=2)
CORROBORATE_WITHIN = timedelta(hours=3)  # two reports this far apart speak of the same moment
# words that make a claimant official: a public body or an office holder speaking for one
_OFFICIAL = re.compile(
    r"\b(?:ministry|ministries|minister|government|police|official|officials|authorities|authority|"
    r"spokes(?:man|woman|person)|president|presidency|governor|mayor|prosecutors?|coroner|army|military|"
    r"agency|centre|center|department|commission|council|cabinet|kremlin|sheriff|un|united nations|"
    r"red cross|red crescent|civil defen[cs]e|emergenc(?:y|ies)|fire (?:service|brigade|department)|"
    r"health|hospital|state media|interior|home office)\b",
    re.I,
)

# a government abroad speaks of its own citizens: "the Jordanian foreign ministry said three were
# killed" counts Jordanians, a part of the toll, never the toll itself
_FOR_ITS_NATIONALS = re.compile(
    r"\b(?:foreign (?:ministry|minister|office|affairs)|embass(?:y|ies)|consul\w*)\b", re.I
)

# words that lower a toll on purpose: "revised down to 16", "corrected the figure to 12"
_CORRECTION = re.compile(
    r"\b(?:revis\w*|correct\w*|lower\w*|downgrad\w*|reduc\w*|down to|error|mistake)\b", re.I
)

SETTLED, UNCONFIRMED, CONFLICTING = "settled", "unconfirmed", "conflicting"


@dataclass(frozen=True)
class Choice:
    """The current report of a figure, why, and the reports still waiting for confirmation."""

    current: Observation | None
    reason: str
    unconfirmed: tuple[Observation, ...] = ()


def official(o: Observation) -> bool:
    return o.claimant is not None and _OFFICIAL.search(o.claimant) is not None


def of_its_nationals(o: Observation) -> bool:
    """A count a government gives of its own citizens abroad: a part, not the whole."""
    return o.claimant is not None and _FOR_ITS_NATIONALS.search(o.claimant) is not None


def source_key(o: Observation) -> str:
    """Who a report comes from: its claimant, else its outlet; a relayed source is the original."""
    return (o.claimant or o.outlet).lower().split(" via ")[0].strip()


def agree(a: Observation, b: Observation) -> bool:
    """Whether two reports give the same value: their ranges overlap, or they are within 5%."""
    (alo, ahi), (blo, bhi) = a.interval(), b.interval()
    return not (ahi < blo or bhi < alo) or abs(a.value - b.value) <= 0.05 * max(a.value, b.value)


def _jump(o: Observation, standing: Observation) -> bool:
    """Whether ``o`` lies beyond ``JUMP`` times the standing value, up or down (by their ranges:
    "hundreds" reaches up without end)."""
    (olo, ohi), (slo, shi) = o.interval(), standing.interval()
    return olo > JUMP * max(shi, 1.0) or JUMP * max(ohi, 1.0) < slo


def choose(reports: Sequence[Observation], clock: datetime | None = None) -> Choice:
    """The current report of ``reports`` (standing reports, oldest first); ``clock`` is the latest
    event time the story knows (a waiting report is confirmed once ``CONFIRM_AFTER`` has passed)."""
    reports = [o for o in reports if not of_its_nationals(o)] or list(reports)
    current: Observation | None = None
    reason = "no standing report"
    pending: list[Observation] = []
    for o in reports:
        current, reason, pending = _confirm_expired(current, reason, pending, reports, o.sort_at)
        if current is None:
            current, reason = o, "the first report"
            continue
        why = _accepted(o, current, reports)
        if why is None:
            pending.append(o)
        else:
            current, reason = o, why
            pending = [p for p in pending if p.order > o.order]
    if clock is not None:
        current, reason, pending = _confirm_expired(current, reason, pending, reports, clock)
    return _precise_over_vague(Choice(current, reason, tuple(pending)), reports)


def _precise_over_vague(choice: Choice, reports: Sequence[Observation]) -> Choice:
    """A vague current report ("hundreds") gives way to the newest precise one it agrees with."""
    current = choice.current
    if current is None or not current.qualifier.vague:
        return choice
    precise = [o for o in reports if not o.qualifier.vague and agree(o, current) and o is not current]
    if not precise:
        return choice
    return Choice(
        precise[-1], "a vague later report agrees with it and does not displace it", choice.unconfirmed
    )


def _accepted(o: Observation, current: Observation, reports: Sequence[Observation]) -> str | None:
    """Why ``o`` displaces ``current``, or None when it must wait for confirmation."""
    if o.claimant and current.claimant and source_key(o) == source_key(current):
        return "its source revised its own figure"
    if not _jump(o, current):
        return "an official source" if official(o) else "the newest report by event time"
    if o.value < current.value:
        # a far lower count is more often a part (one place, one nationality, one victim) than a
        # correction: it takes a word of correction, or an official count (of more than one
        # person) against a value no official or second source backs
        if _CORRECTION.search(o.quote):
            return "a correction"
        if official(o) and o.value > 1 and not _backed(current, reports, o):
            return "an official source, against a value only one unofficial source gave"
        return None
    if official(o):
        return "an official source"
    if _corroborated(o, reports):
        return "confirmed by another independent source"
    return None


def _backed(value: Observation, reports: Sequence[Observation], before: Observation) -> bool:
    """Whether an official or a second independent source gave ``value`` before ``before``."""
    return _settles([r for r in reports if r.order < before.order and agree(r, value)])


def _settles(backing: Sequence[Observation]) -> bool:
    """Whether these reports of one value settle it: one is official, or two sources gave it."""
    return any(official(r) for r in backing) or len({source_key(r) for r in backing}) >= 2


def _corroborated(o: Observation, reports: Sequence[Observation]) -> bool:
    """Another independent source gave the same value shortly (``CORROBORATE_WITHIN``) before ``o``."""
    key = source_key(o)
    return any(
        r is not o
        and r.order <= o.order
        and o.sort_at - r.sort_at <= CORROBORATE_WITHIN
        and source_key(r) != key
        and agree(r, o)
        for r in reports
    )


def _confirm_expired(
    current: Observation | None,
    reason: str,
    pending: list[Observation],
    reports: Sequence[Observation],
    now: datetime,
) -> tuple[Observation | None, str, list[Observation]]:
    """A waiting rise that no report contradicted for ``CONFIRM_AFTER`` becomes current (a far
    lower count waits on: silence does not make a part the whole)."""
    for p in list(pending):
        if now - p.sort_at < CONFIRM_AFTER or (current is not None and p.value < current.value):
            continue
        window = [r for r in reports if p.order < r.order and r.sort_at - p.sort_at <= CONFIRM_AFTER]
        if not any(not agree(r, p) for r in window):
            current, reason = p, f"no report contradicted it for {CONFIRM_AFTER.seconds // 3600} hours"
            pending = [q for q in pending if q.order > p.order]
        else:
            pending = [q for q in pending if q is not p]
    return current, reason, pending


def status(choice: Choice, backing: Sequence[Observation], conflicting: bool) -> str:
    """``conflicting`` (a disagreeing report stands), ``unconfirmed`` (a newer report waits, or the
    current rests on one unofficial source) or ``settled``; ``backing``: the reports agreeing with
    the current one."""
    if conflicting:
        return CONFLICTING
    if choice.current is None or choice.unconfirmed or not _settles(backing):
        return UNCONFIRMED
    return SETTLED


def confidence(choice: Choice, reports: Sequence[Observation], conflicting: bool) -> dict[str, object]:
    """What the wire says of a figure's current value: its sources and status."""
    cur = choice.current
    backing = [] if cur is None else [r for r in reports if agree(r, cur)]
    return {
        "sources": len({source_key(r) for r in backing}),
        "official": any(official(r) for r in backing),
        "status": status(choice, backing, conflicting),
        "why": choice.reason,
    }
