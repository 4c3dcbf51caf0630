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
    kept = _without_generic_twins(_without_vague_echoes(_collapsed(found)))
    return tuple(k.claim for k in sorted(kept, key=lambda k: k.order))


def _collapsed(found: Sequence[Found]) -> list[Found]:
    """Repeats of one figure collapsed into the best ranked, completed by the others."""
    kept: list[Found] = []
    for cand in sorted(found, key=_rank):
        twin = next((k for k in kept if _same_figure(k.claim, cand.claim)), None)
        if twin is None:
            kept.append(cand)
        else:
            kept[kept.index(twin)] = Found(_completed(twin.claim, cand.claim), twin.headline, twin.order)
    return kept


def _without_vague_echoes(kept: list[Found]) -> list[Found]:
    """ "thousands of arrests" beside "7,939 arrested": the vague report of a precise one goes."""

    def echoes(vague: Claim, k: Claim) -> bool:
        low, high = vague.value, vague.value * _VAGUE_RANGE[vague.qualifier]
        same = k.key == vague.key and k.scope == vague.scope
        return same and not k.qualifier.vague and low <= k.value < high

    return [v for v in kept if not (v.claim.qualifier.vague and any(echoes(v.claim, k.claim) for k in kept))]


def _without_generic_twins(kept: list[Found]) -> list[Found]:
    """ "26 deaths" in a headline is the "26 demonstrators killed" of the body: the named subject stays."""

    def named_twin(generic: Claim, k: Claim) -> bool:
        same = k.metric is generic.metric and k.scope == generic.scope
        return same and k.subject is not Subject.PEOPLE and _close(k.value, generic.value)

    out = list(kept)
    for generic in [k for k in kept if k.claim.subject is Subject.PEOPLE]:
        if any(named_twin(generic.claim, k.claim) for k in out):
            out.remove(generic)
    return out


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
