"""The pure fold ``apply(state, enriched) -> (state, changes)``: one item into the summary.

The fold is order-independent by construction: every figure keeps its
observations sorted by event time and derives the current value from them, so a
late, older item enters history without replacing a newer figure, and the same
set of items yields the same summary in any arrival order. Observations are
keyed by item id, so re-applying an item (or a new revision of it) replaces
rather than adds. Every list is bounded (``Limits``), which keeps the cost of one
apply flat as a story grows. Each step returns the changes it made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticker.enrich.canonical import same_actor
from ticker.enrich.dedupe import similar
from ticker.enrich.media import is_media
from ticker.models import Change, ChangeKind, EnrichedItem, EntityKind
from ticker.summary.names import absorb, canonical_name, looks_english, vote
from ticker.summary.state import Actor, Development, Figure, Observation, Report, Summary

ACTOR_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANISATION})
# what a fold step found: the kind of change and its payload (``apply`` adds story, version, item)
Found = tuple[ChangeKind, dict[str, Any]]


@dataclass(frozen=True)
class Limits:
    """Every bound of the summary: what keeps one apply's cost flat as a story grows."""

    history: int = 50  # observations kept per figure (and sub-figures)
    developments: int = 40
    actors: int = 200
    reports: int = 50  # (item, outlet) pairs kept per development; every outlet keeps one


def apply(
    state: Summary, enriched: EnrichedItem, *, first_sighting: bool = True, limits: Limits = Limits()
) -> tuple[Summary, list[Change]]:
    """Fold one enriched item into a copy of ``state``; return it and what changed.

    ``first_sighting`` is False when an earlier revision of the item was
    already applied: its observations are replaced and it is not counted again.
    """
    new = state.clone()
    new.version = state.version + 1
    item = enriched.item
    if not first_sighting:  # an earlier revision of the item is in: its reports go
        _forget(new, item.id, limits)
    if new.started is None or item.sort_time < new.started:
        _start(new, state, item.sort_time)
    found = _fold_figures(new, state, enriched, limits)
    found += _fold_development(new, enriched, limits)
    if first_sighting:
        found += _fold_actors(new, enriched, limits)
        new.sources[item.outlet] = new.sources.get(item.outlet, 0) + 1
        new.items += 1
    # the latest item's zone; of items at the same moment, the greatest zone name, not the last to arrive
    # (sort time: a date-only item is its whole day, so it is not older than that day's minute items)
    if new.as_of is None or (item.sort_time, item.timezone) > (new.as_of, new.timezone):
        new.as_of, new.timezone, new.as_of_precision = item.sort_time, item.timezone, item.precision
    changes = [Change(kind, new.story, new.version, item.id, payload) for kind, payload in found]
    return new, changes


def fold(story: str, items: Iterable[EnrichedItem], limits: Limits = Limits()) -> Summary:
    """The summary of a set of items, from scratch (tests, `summary --at`)."""
    state = Summary(story=story)
    seen: set[str] = set()
    for enriched in items:
        state, _ = apply(state, enriched, first_sighting=enriched.item.id not in seen, limits=limits)
        seen.add(enriched.item.id)
    return state


def _start(state: Summary, old: Summary, start: datetime) -> None:
    """The story began earlier than thought: every figure judges its reports again."""
    state.started = start
    for key, fig in state.figures.items():
        if fig is old.figures.get(key):
            fig = state.figures[key] = fig.clone()
        fig.event_start = start


def _forget(state: Summary, item_id: str, limits: Limits) -> None:
    for key, shared in state.figures.items():
        if any(o.item_id == item_id for o in (*shared.observations, *shared.sub_figures)):
            fig = state.figures[key] = shared.clone()
            fig.observations = [o for o in fig.observations if o.item_id != item_id]
            fig.sub_figures = [o for o in fig.sub_figures if o.item_id != item_id]
    led = [dev.order for dev in state.developments if dev.lead.item_id == item_id]
    for dev in state.developments:
        dev.reports = [r for r in dev.reports if r.item_id != item_id]
    if led:  # the development it led is worded by another report now, and may fall apart
        _recluster(state, min(led), [], limits, without=item_id)


def _figure_state(fig: Figure) -> tuple[dict[str, Any] | None, int]:
    cur = fig.current
    return (None if cur is None else cur.to_dict(), len(fig.conflicts()))


def _fold_figures(state: Summary, old: Summary, enriched: EnrichedItem, limits: Limits) -> list[Found]:
    """Fold the item's claims into ``state``; changes are judged against ``old``, the state before."""
    changes: list[Found] = []
    before: dict[str, tuple[dict[str, Any] | None, int]] = {}
    for index, claim in enumerate(enriched.enrichment.claims):
        obs = Observation.of(claim, enriched, index)
        if claim.key not in before:
            old_figure = old.figures.get(claim.key)
            before[claim.key] = (None, 0) if old_figure is None else _figure_state(old_figure)
        fig = state.figures.get(claim.key)
        if fig is None:
            fig = Figure(claim.metric, claim.subject.value, event_start=state.started)
        elif fig is old.figures.get(claim.key):  # still shared with the state before: copy first
            fig = fig.clone()
        state.figures[claim.key] = fig
        payload = {"figure": fig.key, "observation": obs.to_dict()}
        if obs.scope:  # a part of the figure ("in two markets"): never its current value
            fig.sub_figures = sorted([*fig.sub_figures, obs], key=lambda o: o.order)[-limits.history :]
            changes.append((ChangeKind.FIGURE_REPORTED, payload))
            continue
        fig.observations = sorted([*fig.observations, obs], key=lambda o: o.order)[-limits.history :]
        previous, conflicts_before = before[claim.key]
        after = fig.current
        updated = after is not None and after.to_dict() != previous
        conflicts = fig.conflicts()
        if obs.retracted:
            changes.append((ChangeKind.RETRACTION, payload))
        if updated and after is not None:
            changes.append(
                (ChangeKind.FIGURE_UPDATED, {**payload, "current": after.to_dict(), "previous": previous})
            )
            if fig.decreased():
                changes.append((ChangeKind.FIGURE_DECREASED, {**payload, "current": after.to_dict()}))
        if len(conflicts) > conflicts_before:
            changes.append(
                (ChangeKind.FIGURE_CONFLICT, {**payload, "conflicts": [o.to_dict() for o in conflicts]})
            )
        elif not (updated or obs.retracted):
            # a late or lesser report: it enters the history, and subscribers hear of it
            changes.append((ChangeKind.FIGURE_REPORTED, payload))
        # several claims of one item may touch the same figure: compare later ones with this state
        before[claim.key] = _figure_state(fig)
    return changes


def _fold_development(state: Summary, enriched: EnrichedItem, limits: Limits) -> list[Found]:
    """Add the item's lead to the developments.

    Developments are a function of the set of reports, not of their order: taken earliest first
    (by sort time, then item id), each report joins the earliest development whose lead it is
    similar to, or leads a new one. A report later than a similar lead just joins it; one that
    leads must re-cluster the developments led after it.
    """
    if not enriched.enrichment.lead:
        return []
    report = Report.of(enriched)
    target = _earliest_similar(state.developments, report)
    if target is not None:
        target.reports = _kept_reports([*target.reports, report], limits.reports)
    else:
        _recluster(state, report.order, [report], limits)
    for dev in state.developments:
        if dev.lead.item_id == report.item_id:
            return [(ChangeKind.NEW_DEVELOPMENT, {"development": dev.to_dict()})]
        if any(r.item_id == report.item_id for r in dev.reports):
            others = {dev.lead.outlet, *(r.outlet for r in dev.reports if r.item_id != report.item_id)}
            if report.outlet in others:
                return []
            return [(ChangeKind.CORROBORATED, {"development": dev.to_dict()})]
    return []  # older than every development kept


def _earliest_similar(developments: list[Development], report: Report) -> Development | None:
    """Of the developments led before the report, the earliest whose lead it is similar to."""
    for dev in sorted(developments, key=lambda d: d.order):
        if dev.order >= report.order:
            return None
        if similar(dev.lead.fingerprint, report.fingerprint):
            return dev
    return None


def _recluster(
    state: Summary, since: tuple[datetime, str], extra: list[Report], limits: Limits, *, without: str = ""
) -> None:
    """Cluster again, earliest first, every report of the developments led at or after ``since``
    (and ``extra``); the developments led before it cannot change."""
    kept = [d for d in state.developments if d.order < since]
    moved = {
        r.item_id: r
        for d in state.developments
        if d.order >= since
        for r in (d.lead, *d.reports)
        if r.item_id != without
    }
    moved.update((r.item_id, r) for r in extra)
    for report in sorted(moved.values(), key=lambda r: r.order):
        target = _earliest_similar(kept, report)
        if target is None:
            kept.append(Development(report, [report]))
        else:
            target.reports = _kept_reports([*target.reports, report], limits.reports)
    kept.sort(key=lambda d: d.order, reverse=True)
    state.developments = kept[: limits.developments]


def _kept_reports(reports: list[Report], kept_at_most: int) -> list[Report]:
    """The reports a development keeps: bounded, every outlet kept, and chosen by item id alone,
    so any arrival order keeps the same ones."""
    members = sorted({r.item_id: r for r in reports}.values(), key=lambda r: (r.item_id, r.outlet))
    if len(members) <= kept_at_most:
        return members
    first_of_outlet = {r.outlet: r.item_id for r in reversed(members)}
    kept = set(first_of_outlet.values())
    kept.update([r.item_id for r in members if r.item_id not in kept][: max(0, kept_at_most - len(kept))])
    return [r for r in members if r.item_id in kept]


def _fold_actors(state: Summary, enriched: EnrichedItem, limits: Limits) -> list[Found]:
    item = enriched.item
    at = item.event_time
    english = looks_english(item.text)
    outlets = {o.casefold() for o in (*state.sources, item.outlet)}
    changes: list[Found] = []
    for entity in enriched.enrichment.entities:
        if entity.kind is EntityKind.MEDIA:
            _note_media(state, entity.name, limits)
            continue
        if (
            entity.kind not in ACTOR_KINDS
            or is_media(entity.name)
            or entity.name.casefold() in outlets
            or any(same_actor(m, entity.name) for m in state.media)
        ):
            continue  # outlets and agencies are the sources of news, not actors in it
        matches = _actors_named(state, entity.name, entity.kind)
        if not matches:
            actor = Actor(entity.name, entity.kind, 1, at, at, sorted(set(entity.surface_forms)))
            vote(actor, entity.name, item.outlet, english)
            state.actors.append(actor)
            changes.append((ChangeKind.NEW_ACTOR, {"actor": entity.to_dict()}))
            continue
        # one entity may bridge actors seen apart ("Tokayev" and "Kassym-Jomart Tokayev")
        merged = matches[0]
        for other in matches[1:]:
            merged.mentions += other.mentions
            merged.first_seen = min(merged.first_seen, other.first_seen)
            merged.last_seen = max(merged.last_seen, other.last_seen)
            merged.forms = sorted({*merged.forms, *other.forms})
            absorb(merged, other)
            state.actors.remove(other)
        merged.mentions += 1
        merged.first_seen, merged.last_seen = min(merged.first_seen, at), max(merged.last_seen, at)
        merged.forms = sorted({*merged.forms, *entity.surface_forms, entity.name})
        vote(merged, entity.name, item.outlet, english)
        merged.name = canonical_name(merged)
    state.actors.sort(key=lambda a: (-a.mentions, a.name))
    del state.actors[limits.actors :]
    return changes


def _actors_named(state: Summary, name: str, kind: EntityKind) -> list[Actor]:
    matches = [a for a in state.actors if a.kind == kind and same_actor(a.name, name)]
    matches += [
        a
        for a in state.actors
        if a not in matches and a.kind == kind and any(same_actor(s, name) for s in a.spellings)
    ]
    return matches


def _note_media(state: Summary, name: str, limits: Limits) -> None:
    """An item called ``name`` an outlet: it is a source, so it leaves the key actors whichever
    item came first (an item that named it without saying so may have counted it already)."""
    if not any(same_actor(m, name) for m in state.media):
        state.media = sorted([*state.media, name])[: limits.actors]
    for kind in ACTOR_KINDS:  # as later mentions of the name are skipped, whatever their kind
        for actor in _actors_named(state, name, kind):
            state.actors.remove(actor)
