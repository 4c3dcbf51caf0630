""" "What we know now": the summary state and the pure fold ``apply(state, enriched)``.

The fold is order-independent by construction: every figure keeps its
observations sorted by event time and derives the current value from them, so a
late, older item enters history without replacing a newer figure, and the same
set of items yields the same summary in any arrival order. Observations are
keyed by item id, so re-applying an item (or a new revision of it) replaces
rather than adds. Every list is bounded, which keeps the cost of one apply flat
as a story grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from ticker.enrich.canonical import same_actor
from ticker.enrich.dedupe import similar
from ticker.models import (
    SCHEMA,
    Change,
    ChangeKind,
    Claim,
    EnrichedItem,
    EntityKind,
    Metric,
    Precision,
    Qualifier,
    from_utc_text,
    to_utc_text,
)

# Counts that only grow while a story unfolds; a later, lower report is worth a warning.
CUMULATIVE = frozenset({Metric.KILLED, Metric.INJURED, Metric.ARRESTED, Metric.MISSING, Metric.DISPLACED})
# Two reports this close in event time are "about the same time": disagreeing is a conflict.
CONFLICT_WINDOW = timedelta(hours=3)
# Exact figures beat approximate ones reported at the same moment.
QUALIFIER_RANK = {q: i for i, q in enumerate(Qualifier)}
ACTOR_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANISATION})
ACTORS_KEPT = 200
REPORTS_KEPT = 50  # (item, outlet) pairs kept per development; every outlet keeps one


@dataclass(frozen=True)
class Limits:
    history: int = 50
    developments: int = 40


@dataclass(frozen=True)
class Observation:
    """One report of a figure; never changed once made, so summaries can share it."""

    item_id: str
    outlet: str
    value: int
    qualifier: Qualifier
    value_max: int | None
    claimant: str | None
    at: datetime
    sort_at: datetime
    quote: str
    retracted: bool = False
    disputed: bool = False
    scope: str | None = None
    precision: Precision = Precision.MINUTE

    @classmethod
    def of(cls, claim: Claim, enriched: EnrichedItem) -> Observation:
        item = enriched.item
        return cls(
            item_id=item.id,
            outlet=item.outlet,
            value=claim.value,
            qualifier=claim.qualifier,
            value_max=claim.value_max,
            claimant=claim.claimant,
            at=item.event_time,
            sort_at=item.sort_time,
            quote=claim.quote,
            retracted=claim.retracted,
            disputed=claim.disputed,
            scope=claim.scope,
            precision=item.precision,
        )

    @property
    def order(self) -> tuple[datetime, int, str]:
        # latest wins; at the same moment the more exact qualifier wins
        return (self.sort_at, -QUALIFIER_RANK[self.qualifier], self.item_id)

    def interval(self) -> tuple[float, float]:
        v = float(self.value)
        match self.qualifier:
            case Qualifier.EXACT:
                return (v, float(self.value_max) if self.value_max else v)
            case Qualifier.ABOUT:
                return (v * 0.9, v * 1.1)
            case Qualifier.ALMOST:
                return (v * 0.9, v)
            case Qualifier.UP_TO:
                return (0.0, v)
            case _:
                return (v, float(self.value_max) if self.value_max else float("inf"))

    def to_dict(self) -> dict[str, Any]:
        return self._dict

    @cached_property
    def _dict(self) -> dict[str, Any]:
        # built once: an observation is serialised with its figure on every commit that touches it
        return {
            "item_id": self.item_id,
            "outlet": self.outlet,
            "value": self.value,
            "value_max": self.value_max,
            "qualifier": self.qualifier.value,
            "claimant": self.claimant,
            "at": to_utc_text(self.at),
            "sort_at": to_utc_text(self.sort_at),
            "quote": self.quote,
            "retracted": self.retracted,
            "disputed": self.disputed,
            "scope": self.scope,
            "precision": self.precision.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Observation:
        return cls(
            item_id=data["item_id"],
            outlet=data["outlet"],
            value=int(data["value"]),
            value_max=data.get("value_max"),
            qualifier=Qualifier(data["qualifier"]),
            claimant=data.get("claimant"),
            at=from_utc_text(data["at"]),
            sort_at=from_utc_text(data["sort_at"]),
            quote=data.get("quote", ""),
            retracted=bool(data.get("retracted")),
            disputed=bool(data.get("disputed")),
            scope=data.get("scope"),
            precision=Precision(data.get("precision", "minute")),
        )


def _disjoint(a: Observation, b: Observation) -> bool:
    (alo, ahi), (blo, bhi) = a.interval(), b.interval()
    return ahi < blo or bhi < alo


@dataclass
class Figure:
    metric: Metric
    subject: str
    observations: list[Observation] = field(default_factory=list)  # oldest first
    sub_figures: list[Observation] = field(default_factory=list)

    def clone(self) -> Figure:
        # the fold only ever rebinds these lists, never edits them: sharing them is safe
        return Figure(self.metric, self.subject, self.observations, self.sub_figures)

    @property
    def key(self) -> str:
        return f"{self.metric.value}:{self.subject}"

    @property
    def standing(self) -> list[Observation]:
        return [o for o in self.observations if not o.retracted]

    @property
    def current(self) -> Observation | None:
        standing = self.standing
        return max(standing, key=lambda o: o.order) if standing else None

    @property
    def retractions(self) -> list[Observation]:
        return [o for o in self.observations if o.retracted]

    def conflicts(self) -> list[Observation]:
        """Reports by other claimants at about the current's time that disagree with it."""
        cur = self.current
        if cur is None:
            return []
        return [
            o
            for o in self.standing
            if o is not cur
            and (o.claimant or o.outlet) != (cur.claimant or cur.outlet)
            and abs(o.sort_at - cur.sort_at) <= CONFLICT_WINDOW
            and _disjoint(o, cur)
        ]

    def decreased(self) -> bool:
        """A cumulative count whose current report is below an earlier one."""
        cur = self.current
        if cur is None or self.metric not in CUMULATIVE:
            return False
        low = cur.interval()[1]
        return any(o.interval()[0] > low for o in self.standing if o.sort_at < cur.sort_at)

    def to_dict(self) -> dict[str, Any]:
        cur = self.current
        return {
            "metric": self.metric.value,
            "subject": self.subject,
            "current": None if cur is None else cur.to_dict(),
            "history": [o.to_dict() for o in self.observations],
            "conflicts": [o.to_dict() for o in self.conflicts()],
            "retractions": [o.to_dict() for o in self.retractions],
            "sub_figures": [o.to_dict() for o in self.sub_figures],
            "decreased": self.decreased(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(
            metric=Metric(data["metric"]),
            subject=data["subject"],
            observations=[Observation.from_dict(o) for o in data.get("history", ())],
            sub_figures=[Observation.from_dict(o) for o in data.get("sub_figures", ())],
        )


@dataclass
class Development:
    text: str
    fingerprint: str
    at: datetime
    sort_at: datetime
    category: str
    item_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    precision: Precision = Precision.MINUTE

    def clone(self) -> Development:
        return Development(
            self.text, self.fingerprint, self.at, self.sort_at, self.category,
            list(self.item_ids), list(self.outlets), self.precision,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "fingerprint": self.fingerprint,
            "at": to_utc_text(self.at),
            "sort_at": to_utc_text(self.sort_at),
            "category": self.category,
            "item_ids": self.item_ids,
            "outlets": self.outlets,
            "precision": self.precision.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Development:
        return cls(
            text=data["text"],
            fingerprint=data["fingerprint"],
            at=from_utc_text(data["at"]),
            sort_at=from_utc_text(data["sort_at"]),
            category=data["category"],
            item_ids=list(data["item_ids"]),
            outlets=list(data["outlets"]),
            precision=Precision(data.get("precision", "minute")),
        )


@dataclass
class Actor:
    name: str
    kind: EntityKind
    mentions: int
    first_seen: datetime
    last_seen: datetime
    forms: list[str] = field(default_factory=list)

    def clone(self) -> Actor:
        return Actor(self.name, self.kind, self.mentions, self.first_seen, self.last_seen, list(self.forms))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "mentions": self.mentions,
            "first_seen": to_utc_text(self.first_seen),
            "last_seen": to_utc_text(self.last_seen),
            "forms": self.forms,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            name=data["name"],
            kind=EntityKind(data["kind"]),
            mentions=int(data["mentions"]),
            first_seen=from_utc_text(data["first_seen"]),
            last_seen=from_utc_text(data["last_seen"]),
            forms=list(data.get("forms", ())),
        )


@dataclass
class Summary:
    story: str
    version: int = 0
    items: int = 0
    as_of: datetime | None = None
    timezone: str = "UTC"  # the zone of the latest item, for showing times to people
    figures: dict[str, Figure] = field(default_factory=dict)
    developments: list[Development] = field(default_factory=list)  # newest first
    actors: list[Actor] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)

    def clone(self) -> Summary:
        """A copy the fold may change without touching this one.

        Figures are shared until the fold changes one (it clones it first), so a commit can
        tell the changed figures by identity and store only those.
        """
        return Summary(
            story=self.story,
            version=self.version,
            items=self.items,
            as_of=self.as_of,
            timezone=self.timezone,
            figures=dict(self.figures),
            developments=[dev.clone() for dev in self.developments],
            actors=[actor.clone() for actor in self.actors],
            sources=dict(self.sources),
        )

    def to_dict(self) -> dict[str, Any]:
        figures = {k: self.figures[k].to_dict() for k in sorted(self.figures)}
        return {**self.head_dict(), "figures": figures}

    def head_dict(self) -> dict[str, Any]:
        """Everything but the figures."""
        return {
            "schema": SCHEMA,
            "type": "summary",
            "story": self.story,
            "version": self.version,
            "items": self.items,
            "as_of": None if self.as_of is None else to_utc_text(self.as_of),
            "timezone": self.timezone,
            "developments": [d.to_dict() for d in self.developments],
            "actors": [a.to_dict() for a in self.actors],
            "sources": dict(sorted(self.sources.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls(
            story=data["story"],
            version=int(data["version"]),
            items=int(data.get("items", 0)),
            as_of=None if data.get("as_of") is None else from_utc_text(data["as_of"]),
            timezone=data.get("timezone", "UTC"),
            figures={k: Figure.from_dict(v) for k, v in data.get("figures", {}).items()},
            developments=[Development.from_dict(d) for d in data.get("developments", ())],
            actors=[Actor.from_dict(a) for a in data.get("actors", ())],
            sources=dict(data.get("sources", {})),
        )


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
    changes: list[Change] = []

    def change(kind: ChangeKind, payload: dict[str, Any]) -> None:
        changes.append(Change(kind, new.story, new.version, item.id, payload))

    if not first_sighting:  # an earlier revision of the item is in: its reports go
        _forget(new, item.id)
    _fold_figures(new, state, enriched, limits, change)
    _fold_development(new, enriched, limits, change)
    if first_sighting:
        _fold_actors(new, enriched, change)
        new.sources[item.outlet] = new.sources.get(item.outlet, 0) + 1
        new.items += 1
    if new.as_of is None or item.event_time > new.as_of:
        new.as_of, new.timezone = item.event_time, item.timezone
    return new, changes


def fold(story: str, items: Iterable[EnrichedItem], limits: Limits = Limits()) -> Summary:
    """The summary of a set of items, from scratch (tests, `summary --at`)."""
    state = Summary(story=story)
    seen: set[str] = set()
    for enriched in items:
        state, _ = apply(state, enriched, first_sighting=enriched.item.id not in seen, limits=limits)
        seen.add(enriched.item.id)
    return state


def _forget(state: Summary, item_id: str) -> None:
    for key, shared in state.figures.items():
        if any(o.item_id == item_id for o in (*shared.observations, *shared.sub_figures)):
            fig = state.figures[key] = shared.clone()
            fig.observations = [o for o in fig.observations if o.item_id != item_id]
            fig.sub_figures = [o for o in fig.sub_figures if o.item_id != item_id]
    for dev in state.developments:
        if item_id in dev.item_ids:
            index = dev.item_ids.index(item_id)
            del dev.item_ids[index]
            del dev.outlets[index]
    state.developments = [d for d in state.developments if d.item_ids]


def _figure_state(fig: Figure) -> tuple[dict[str, Any] | None, int]:
    cur = fig.current
    return (None if cur is None else cur.to_dict(), len(fig.conflicts()))


def _fold_figures(state: Summary, old: Summary, enriched: EnrichedItem, limits: Limits, change: Any) -> None:
    """Fold the item's claims into ``state``; changes are judged against ``old``, the state before."""
    before: dict[str, tuple[dict[str, Any] | None, int]] = {}
    for claim in enriched.enrichment.claims:
        obs = Observation.of(claim, enriched)
        if claim.key not in before:
            old_figure = old.figures.get(claim.key)
            before[claim.key] = (None, 0) if old_figure is None else _figure_state(old_figure)
        fig = state.figures.get(claim.key)
        if fig is None:
            fig = Figure(claim.metric, claim.subject.value)
        elif fig is old.figures.get(claim.key):  # still shared with the state before: copy first
            fig = fig.clone()
        state.figures[claim.key] = fig
        payload = {"figure": fig.key, "observation": obs.to_dict()}
        if obs.scope:  # a part of the figure ("in two markets"): never its current value
            fig.sub_figures = sorted([*fig.sub_figures, obs], key=lambda o: o.order)[-limits.history :]
            change(ChangeKind.FIGURE_REPORTED, payload)
            continue
        fig.observations = sorted([*fig.observations, obs], key=lambda o: o.order)[-limits.history :]
        previous, conflicts_before = before[claim.key]
        after = fig.current
        updated = after is not None and after.to_dict() != previous
        conflicts = fig.conflicts()
        if obs.retracted:
            change(ChangeKind.RETRACTION, payload)
        if updated and after is not None:
            change(ChangeKind.FIGURE_UPDATED, {**payload, "current": after.to_dict(), "previous": previous})
            if fig.decreased():
                change(ChangeKind.FIGURE_DECREASED, {**payload, "current": after.to_dict()})
        if len(conflicts) > conflicts_before:
            change(ChangeKind.FIGURE_CONFLICT, {**payload, "conflicts": [o.to_dict() for o in conflicts]})
        elif not (updated or obs.retracted):
            # a late or lesser report: it enters the history, and subscribers hear of it
            change(ChangeKind.FIGURE_REPORTED, payload)
        # several claims of one item may touch the same figure: compare later ones with this state
        before[claim.key] = _figure_state(fig)


def _fold_development(state: Summary, enriched: EnrichedItem, limits: Limits, change: Any) -> None:
    item, info = enriched.item, enriched.enrichment
    if not info.lead:
        return
    for dev in state.developments:
        if similar(dev.fingerprint, info.fingerprint):
            new_outlet = item.outlet not in dev.outlets
            members = _kept_reports([*zip(dev.item_ids, dev.outlets, strict=True), (item.id, item.outlet)])
            dev.item_ids, dev.outlets = [m[0] for m in members], [m[1] for m in members]
            if (item.sort_time, info.fingerprint) < (dev.sort_at, dev.fingerprint):  # earliest words it
                dev.text, dev.fingerprint = info.lead, info.fingerprint
                dev.at, dev.sort_at, dev.precision = item.event_time, item.sort_time, item.precision
            if new_outlet:
                change(ChangeKind.CORROBORATED, {"development": dev.to_dict()})
            return
    dev = Development(
        text=info.lead,
        fingerprint=info.fingerprint,
        at=item.event_time,
        sort_at=item.sort_time,
        category=info.category.value,
        item_ids=[item.id],
        outlets=[item.outlet],
        precision=item.precision,
    )
    state.developments.append(dev)
    state.developments.sort(key=lambda d: (d.sort_at, d.fingerprint), reverse=True)
    del state.developments[limits.developments :]
    if dev in state.developments:
        change(ChangeKind.NEW_DEVELOPMENT, {"development": dev.to_dict()})


def _kept_reports(members: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (item id, outlet) pairs a development keeps: bounded, every outlet kept, and chosen
    by id alone, so any arrival order keeps the same ones."""
    members = sorted(set(members))
    if len(members) <= REPORTS_KEPT:
        return members
    first_of_outlet = {outlet: (ident, outlet) for ident, outlet in reversed(members)}
    kept = set(first_of_outlet.values())
    kept.update([m for m in members if m not in kept][: max(0, REPORTS_KEPT - len(kept))])
    return sorted(kept)


def _fold_actors(state: Summary, enriched: EnrichedItem, change: Any) -> None:
    at = enriched.item.event_time
    for entity in enriched.enrichment.entities:
        if entity.kind not in ACTOR_KINDS:
            continue
        matches = [a for a in state.actors if a.kind == entity.kind and same_actor(a.name, entity.name)]
        if not matches:
            state.actors.append(Actor(entity.name, entity.kind, 1, at, at, sorted(set(entity.surface_forms))))
            change(ChangeKind.NEW_ACTOR, {"actor": entity.to_dict()})
            continue
        # one entity may bridge actors seen apart ("Tokayev" and "Kassym-Jomart Tokayev")
        merged = matches[0]
        for other in matches[1:]:
            merged.mentions += other.mentions
            merged.first_seen = min(merged.first_seen, other.first_seen)
            merged.last_seen = max(merged.last_seen, other.last_seen)
            merged.forms = sorted({*merged.forms, *other.forms})
            state.actors.remove(other)
        merged.mentions += 1
        merged.first_seen, merged.last_seen = min(merged.first_seen, at), max(merged.last_seen, at)
        merged.forms = sorted({*merged.forms, *entity.surface_forms, entity.name})
        merged.name = max([merged.name, entity.name], key=lambda n: (len(n), n))
    state.actors.sort(key=lambda a: (-a.mentions, a.name))
    del state.actors[ACTORS_KEPT:]
