"""One claim per figure an item states: repeats collapse into the most informative report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ticker.enrich.claims import Found
from ticker.models import Claim, Qualifier, Subject

# a vague quantity's value is its lower bound; this factor gives its upper one
_VAGUE_RANGE = {Qualifier.DOZENS: 6, Qualifier.HUNDREDS: 5, Qualifier.THOUSANDS: 500}


def merge(found: Sequence[Found]) -> tuple[Claim, ...]:
    """One claim per figure an item states: repeats (headline, digest, body) collapse into the
    most informative one; reports that disagree are all kept."""
    kept: list[Found] = []
    for cand in sorted(found, key=_rank):
        twin = next((k for k in kept if _same_figure(k.claim, cand.claim)), None)
        if twin is None:
            kept.append(cand)
        else:
            kept[kept.index(twin)] = Found(_completed(twin.claim, cand.claim), twin.headline, twin.order)
    for vague in [k for k in kept if k.claim.qualifier.vague]:
        low, high = vague.claim.value, vague.claim.value * _VAGUE_RANGE[vague.claim.qualifier]
        if any(
            k.claim.key == vague.claim.key
            and k.claim.scope == vague.claim.scope
            and not k.claim.qualifier.vague
            and low <= k.claim.value < high
            for k in kept
        ):
            kept.remove(vague)  # "thousands of arrests" beside "7,939 arrested"
    people = [k for k in kept if k.claim.subject is Subject.PEOPLE]
    for generic in people:  # "26 deaths" in a headline is the "26 demonstrators killed" of the body
        if any(
            k.claim.subject is not Subject.PEOPLE
            and k.claim.metric is generic.claim.metric
            and k.claim.scope == generic.claim.scope
            and _close(k.claim.value, generic.claim.value)
            for k in kept
        ):
            kept.remove(generic)
    return tuple(k.claim for k in sorted(kept, key=lambda k: k.order))


def _rank(found: Found) -> tuple[bool, bool, bool, int]:
    c = found.claim
    vague = c.qualifier.vague
    return (found.headline, c.claimant is None, c.qualifier is not Qualifier.EXACT or vague, found.order)


def _same_figure(a: Claim, b: Claim) -> bool:
    return a.key == b.key and a.scope == b.scope and a.retracted == b.retracted and _close(a.value, b.value)


def _close(a: int, b: int) -> bool:
    return abs(a - b) <= 0.05 * max(a, b)


def _completed(kept: Claim, repeat: Claim) -> Claim:
    """The kept claim with what a repeat of it adds: a claimant, or the hedge of the same number
    ("at least 77" in the body of a "77 dead" headline)."""
    claimant = kept.claimant or repeat.claimant
    hedged = kept.qualifier is Qualifier.EXACT and not repeat.qualifier.vague and repeat.value == kept.value
    return replace(kept, claimant=claimant, qualifier=repeat.qualifier if hedged else kept.qualifier)
