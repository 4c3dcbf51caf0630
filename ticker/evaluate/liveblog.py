"""Score claims against a live-blog key: recall, claimant, retractions, distractors, current figure.

The rules are the dev set's (its README, "How to score"). A claim hits a timeline point when
it comes from the point's block (same minute), has the point's metric, its value, a qualifier
of the same family and, outside critical counts, a scope exactly when the point has one.
The current-figure check folds ticker's own summary up to each editor key event and at the
end, and compares the current value of each metric with the key's latest standing point.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ticker.evaluate.keys import LiveBlogKey, TimelinePoint
from ticker.evaluate.table import Tally
from ticker.models import PART_SCOPE, Claim, EnrichedItem, Metric, Qualifier, Subject, TickerItem
from ticker.summary import Summary, fold

FAMILY: dict[Qualifier, str] = {
    Qualifier.EXACT: "exact",
    Qualifier.AT_LEAST: "lower",
    Qualifier.MORE_THAN: "lower",
    Qualifier.ABOUT: "about",
    Qualifier.ALMOST: "upper",
    Qualifier.UP_TO: "upper",
    Qualifier.DOZENS: "dozens",
    Qualifier.HUNDREDS: "hundreds",
    Qualifier.THOUSANDS: "thousands",
}
# A critical count is part of the injured figure: it matches any scope and is never the
# injured figure's current value.
PART_MEASURES = frozenset({"injured_critical"})
_FILLER = frozenset({"the", "a", "an", "via", "s"})
CLAIMANT_RATIO = 0.85


@dataclass(frozen=True)
class Found:
    """A claim and the minute of the block it came from."""

    minute: datetime
    claim: Claim

    @classmethod
    def of(cls, item: TickerItem, claim: Claim) -> Found:
        return cls(minute_of(item.event_time), claim)


@dataclass(frozen=True)
class BlogScore:
    recall: Tally
    first_reports: Tally
    claimant_right: Tally
    retractions_flagged: Tally
    distractors_extracted: Tally
    current_figure: Tally
    claims: int
    claims_unmatched: int


def minute_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def hits(point: TimelinePoint, found: Found) -> bool:
    claim = found.claim
    if found.minute != minute_of(point.at):
        return False
    if claim.metric.value not in (point.metric_name, point.measure):
        return False
    if point.value is None:  # a vague point: ticker's claims always carry a value (the lower bound)
        return FAMILY[claim.qualifier] == FAMILY[point.qualifier]
    if claim.value != point.value:
        return False
    if FAMILY[claim.qualifier] not in {FAMILY[q] for q in (point.qualifier, *point.also_ok)}:
        return False
    return (
        point.measure in PART_MEASURES
        or (claim.scope is None) == (point.scope is None)
        or (point.scope is None and names_group(point, claim.scope))
    )


def names_group(point: TimelinePoint, scope: str | None) -> bool:
    """A key's count of a group ticker has no subject for ("mainland chinese tourists") found as
    a part naming that group ("part of the people on board: mainland Chinese tourists")."""
    if subject_of(point) is not None or not scope or not scope.startswith(PART_SCOPE) or ":" not in scope:
        return False
    group = set(_words(scope.split(":", 1)[1]))
    return any(w in group for w in _words(point.subject) if len(w) > 3)


def _words(text: str | None) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", (text or "").lower())
    return [w for w in re.findall(r"[a-z0-9]+", text) if w not in _FILLER]


def claimant_ok(wanted: str, got: str | None) -> bool:
    """Either side's words contain the other's, or they read alike (any "/"-alternative)."""
    if not wanted:
        return True
    have = _words(got)
    for alternative in wanted.split("/"):
        want = _words(alternative)
        if not want or not have:
            continue
        if set(want) <= set(have) or set(have) <= set(want):
            return True
        if difflib.SequenceMatcher(None, " ".join(want), " ".join(have)).ratio() >= CLAIMANT_RATIO:
            return True
    return False


def score(
    key: LiveBlogKey, enriched: Sequence[EnrichedItem], block_times: dict[str, datetime] | None = None
) -> BlogScore:
    """Score the claims of ``enriched`` (one blog's items); ``block_times`` places key events."""
    found = [Found.of(e.item, claim) for e in enriched for claim in e.enrichment.claims]
    hit_by = [[f for f in found if hits(p, f)] for p in key.timeline]
    used = {id(f) for fs in hit_by for f in fs}
    scored = [n for n, p in enumerate(key.timeline) if p.scored]
    with_claimant = [n for n in scored if hit_by[n] and key.timeline[n].attributed_to]
    retracted = [n for n, p in enumerate(key.timeline) if p.status == "retracted"]
    on_distractor: set[int] = set()
    distractors = 0
    for d in key.distractors:
        at = minute_of(d.at)
        taken = [f for f in found if id(f) not in used and f.minute == at and f.claim.value == d.value]
        distractors += bool(taken)
        on_distractor |= {id(f) for f in taken}
    first = [n for n in scored if key.timeline[n].first_report]
    return BlogScore(
        recall=Tally(sum(bool(hit_by[n]) for n in scored), len(scored)),
        first_reports=Tally(sum(bool(hit_by[n]) for n in first), len(first)),
        claimant_right=Tally(
            sum(
                any(claimant_ok(key.timeline[n].attributed_to, f.claim.claimant) for f in hit_by[n])
                for n in with_claimant
            ),
            len(with_claimant),
        ),
        retractions_flagged=Tally(
            sum(any(f.claim.retracted for f in hit_by[n]) for n in retracted), len(retracted)
        ),
        distractors_extracted=Tally(distractors, len(key.distractors)),
        current_figure=current_figure(key, enriched, block_times),
        claims=len(found),
        claims_unmatched=sum(id(f) not in used and id(f) not in on_distractor for f in found),
    )


def metric_of(point: TimelinePoint) -> Metric | None:
    """ticker's Metric for the point's measure, once ticker has one."""
    for name in (point.metric_name, point.measure):
        try:
            return Metric(name)
        except ValueError:
            continue
    return None


def subject_of(point: TimelinePoint) -> Subject | None:
    try:
        return Subject(point.subject)
    except ValueError:
        return None


def expected_current(points: Iterable[TimelinePoint], until: datetime) -> list[TimelinePoint]:
    """The latest standing, whole-event point per measure and subject up to ``until`` (inclusive)."""
    latest: dict[tuple[str, str], TimelinePoint] = {}
    for point in sorted(points, key=lambda p: (minute_of(p.at), p.order)):
        if minute_of(point.at) > until:
            continue
        if point.scored and point.scope is None and point.value is not None:
            latest[(point.measure, point.subject)] = point
    return list(latest.values())


def current_right(summary: Summary, point: TimelinePoint) -> bool | None:
    """Whether the summary's current figure for the point's metric is its value; None: not checked."""
    metric = metric_of(point)
    if metric is None or point.measure in PART_MEASURES:
        return None
    subject = subject_of(point)
    figures = [f for f in summary.figures.values() if f.metric is metric]
    values = [
        fig.current.value
        for fig in figures
        if (subject is None or str(fig.subject) == subject.value) and fig.current is not None
    ]
    groups = [part for fig in figures for part in fig.sub_figures if not part.retracted]
    latest = {part.scope: part.value for part in sorted(groups, key=lambda p: p.order)}
    return point.value in values or any(
        value == point.value and names_group(point, scope) for scope, value in latest.items()
    )


def key_event_times(key: LiveBlogKey, block_times: dict[str, datetime]) -> list[datetime]:
    """The block time of each editor key event whose block is known (by the key or the story)."""
    known = {p.block_id: p.at for p in key.timeline} | {d.block_id: d.at for d in key.distractors}
    known |= block_times
    return [minute_of(known[e.block_id]) for e in key.key_events if e.block_id in known]


def current_figure(
    key: LiveBlogKey, enriched: Sequence[EnrichedItem], block_times: dict[str, datetime] | None = None
) -> Tally:
    """Checks of the current figure at each key event and at the end of the blog (each moment once)."""
    ordered = sorted(enriched, key=lambda e: e.item.event_time)
    if not ordered:
        return Tally(0, 0)
    end = minute_of(ordered[-1].item.event_time)
    right = total = 0
    for cut in sorted({*key_event_times(key, block_times or {}), end}):
        upto = [e for e in ordered if minute_of(e.item.event_time) <= cut]
        summary = fold(ordered[0].item.story, upto)
        for point in expected_current(key.timeline, cut):
            verdict = current_right(summary, point)
            if verdict is not None:
                right += verdict
                total += 1
    return Tally(right, total)
