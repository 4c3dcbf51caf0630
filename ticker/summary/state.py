"""The "what we know now" state: the records a summary is made of, and their JSON codec.

Observations are never changed once made, and figures are shared between a summary and
its clones until the fold changes one, so folding one item costs the bounded state it
touches, not the whole summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from ticker.models import (
    SCHEMA,
    Claim,
    EnrichedItem,
    EntityKind,
    Metric,
    Precision,
    Qualifier,
    from_utc_text,
    to_utc_text,
)
from ticker.summary import event, policy

# Counts that only grow while a story unfolds; a later, lower report is worth a warning. (The
# missing and the displaced fall as people are found or go home: no warning for those.)
CUMULATIVE = frozenset(
    {
        Metric.KILLED, Metric.INJURED, Metric.ARRESTED, Metric.SHOT, Metric.RESCUED, Metric.EXECUTED,
        Metric.SUSPENDED, Metric.BUILDINGS_DAMAGED, Metric.BUILDINGS_DESTROYED,
    }
)  # fmt: skip
# Two reports this close in event time are "about the same time": disagreeing is a conflict.
CONFLICT_WINDOW = timedelta(hours=3)
# Exact figures beat approximate ones reported at the same moment.
QUALIFIER_RANK = {q: i for i, q in enumerate(Qualifier)}


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
    index: int = 0  # the claim's place in its item: of two values in one item, the first is its news
    part: bool = False  # a share of another figure ("14 of them"), not a place's own count

    @classmethod
    def of(cls, claim: Claim, enriched: EnrichedItem, index: int = 0) -> Observation:
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
            index=index,
            part=claim.part,
        )

    @property
    def order(self) -> tuple[datetime, int, str, int]:
        # latest wins; at the same moment the more exact qualifier, then the first in the text (an
        # item leads with its news and refers back later: "... all four have been killed, he says")
        return (self.sort_at, -QUALIFIER_RANK[self.qualifier], self.item_id, -self.index)

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
            "index": self.index,
            "part": self.part,
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
            index=int(data.get("index", 0)),
            part=bool(data.get("part")),
        )


def _source(o: Observation) -> str:
    return o.claimant or o.outlet


# words that set a report in the present: of one item's reports, it is the news even if not first
_NOW = re.compile(r"\b(?:now|tonight|so far|currently|latest|has risen|have risen|rose to|risen to)\b", re.I)


def _leads(o: Observation, lead: Observation) -> bool:
    """Does ``o`` lead its item rather than ``lead``? The first report does, unless only a later
    one says it is the present count ("3,000 were put up in shelters ... tonight 6,000")."""
    now, lead_now = bool(_NOW.search(o.quote)), bool(_NOW.search(lead.quote))
    if now != lead_now and o.quote != lead.quote:
        return now
    return o.index < lead.index


def _item_leads(reports: list[Observation]) -> list[Observation]:
    """One report per item, its news (``_leads``), oldest first: an item's other values of the
    figure refer back ("there were four of them and all have been killed, he says")."""
    leads: dict[str, Observation] = {}
    for o in reports:
        if o.item_id not in leads or _leads(o, leads[o.item_id]):
            leads[o.item_id] = o
    return sorted(leads.values(), key=lambda o: o.order)


def _disjoint(a: Observation, b: Observation) -> bool:
    (alo, ahi), (blo, bhi) = a.interval(), b.interval()
    return ahi < blo or bhi < alo


@dataclass
class Figure:
    metric: Metric
    subject: str
    observations: list[Observation] = field(default_factory=list)  # oldest first
    sub_figures: list[Observation] = field(default_factory=list)
    # when the story's event began (its earliest item): a report dated before counts another one
    event_start: datetime | None = field(default=None, compare=False)
    # what is derived from the two lists (standing, current, conflicts), worked out once per pair:
    # the fold asks for them several times per item, and conflicts are quadratic in the history
    _derived: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def clone(self) -> Figure:
        # the fold only ever rebinds these lists, never edits them: sharing them is safe
        copy = Figure(self.metric, self.subject, self.observations, self.sub_figures, self.event_start)
        copy._derived = self._derived
        return copy

    def _derive(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` for the lists this figure holds now, worked out once (they are rebound,
        never edited)."""
        memo = self._derived
        held = memo.get("lists")  # held, not their ids: a freed list's id could come back
        if (
            held is None
            or held[0] is not self.observations
            or held[1] is not self.sub_figures
            or held[2] != self.event_start
        ):
            memo = self._derived = {"lists": (self.observations, self.sub_figures, self.event_start)}
        if name not in memo:
            memo[name] = compute()
        return memo[name]

    @property
    def key(self) -> str:
        return f"{self.metric.value}:{self.subject}"

    @property
    def standing(self) -> list[Observation]:
        standing: list[Observation] = self._derive("standing", self._standing)
        return standing

    def _standing(self) -> list[Observation]:
        return [o for o in self.observations if not o.retracted and o not in self.earlier_events]

    @property
    def earlier_events(self) -> dict[Observation, str]:
        """Reports that count an event before the story's own, with the reason (summary/event.py)."""
        found: dict[Observation, str] = self._derive("earlier", self._earlier_events)
        return found

    def _earlier_events(self) -> dict[Observation, str]:
        out = {}
        for o in (*self.observations, *self.sub_figures):
            if reason := event.earlier_event(o.quote, self.event_start):
                out[o] = reason
        return out

    @property
    def current(self) -> Observation | None:
        current: Observation | None = self._derive("current", self._current)
        return current

    def _current(self) -> Observation | None:
        return self.choice.current

    @property
    def why_current(self) -> str:
        """Why the current report is the current one, in words (``ticker explain``)."""
        return self.choice.reason

    @property
    def choice(self) -> policy.Choice:
        """The current report chosen by evidence (summary/policy.py), why, and what waits."""
        choice: policy.Choice = self._derive("choice", self._choose)
        return choice

    def _reports(self) -> list[Observation]:
        """The reports the current value is chosen from: the standing reports of the whole, or,
        with none, of its places (the latest report of a place then stands for it)."""
        return self.standing or [
            o for o in self.sub_figures if not o.retracted and not o.part and o not in self.earlier_events
        ]

    def _choose(self) -> policy.Choice:
        reports = self._reports()
        times = [o.sort_at for o in (*self.observations, *self.sub_figures)]
        choice = policy.choose(_item_leads(reports), max(times) if times else None)
        if not self.standing and choice.current is not None:
            return policy.Choice(
                choice.current, choice.reason + "; no report of the whole, so a place's stands for it"
            )
        return choice

    @property
    def unconfirmed(self) -> list[Observation]:
        """Newer reports that would change the figure a lot, waiting for a second source."""
        return list(self.choice.unconfirmed)

    def confidence(self) -> dict[str, Any]:
        return policy.confidence(self.choice, self._reports(), bool(self.conflicts()))

    @property
    def retractions(self) -> list[Observation]:
        return [o for o in self.observations if o.retracted]

    def conflicts(self) -> list[Observation]:
        """Reports by other claimants at about the current's time that disagree with it."""
        conflicts: list[Observation] = self._derive("conflicts", self._conflicts)
        return conflicts

    def _conflicts(self) -> list[Observation]:
        cur = self.current
        if cur is None:
            return []
        return [
            o
            for o in self.standing
            if o is not cur
            and _source(o) != _source(cur)
            and abs(o.sort_at - cur.sort_at) <= CONFLICT_WINDOW
            and _disjoint(o, cur)
            and not self._resolved(o, cur)
        ]

    def _resolved(self, dissent: Observation, cur: Observation) -> bool:
        """A later report by another source that agrees with the current one settles a conflict."""
        return any(
            o is not cur and o.order > dissent.order and _source(o) != _source(cur) and not _disjoint(o, cur)
            for o in self.standing
        )

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
            "unconfirmed": [o.to_dict() for o in self.unconfirmed],
            "confidence": self.confidence(),
            "earlier_events": [{**o.to_dict(), "reason": why} for o, why in self.earlier_events.items()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(
            metric=Metric(data["metric"]),
            subject=data["subject"],
            observations=[Observation.from_dict(o) for o in data.get("history", ())],
            sub_figures=[Observation.from_dict(o) for o in data.get("sub_figures", ())],
        )


@dataclass(frozen=True)
class Report:
    """One item's lead in a development: enough to word the development, or to be clustered again."""

    item_id: str
    outlet: str
    text: str
    fingerprint: str
    at: datetime
    sort_at: datetime
    category: str
    precision: Precision = Precision.MINUTE

    @classmethod
    def of(cls, enriched: EnrichedItem) -> Report:
        item, info = enriched.item, enriched.enrichment
        return cls(
            item_id=item.id,
            outlet=item.outlet,
            text=info.lead,
            fingerprint=info.fingerprint,
            at=item.event_time,
            sort_at=item.sort_time,
            category=info.category.value,
            precision=item.precision,
        )

    @property
    def order(self) -> tuple[datetime, str]:
        """Earliest first; at the same moment, by item id: never by arrival."""
        return (self.sort_at, self.item_id)

    def to_dict(self) -> dict[str, Any]:
        return self._dict

    @cached_property
    def _dict(self) -> dict[str, Any]:
        # built once: a report is serialised with the summary's head on every commit
        return {
            "item_id": self.item_id,
            "outlet": self.outlet,
            "text": self.text,
            "fingerprint": self.fingerprint,
            "at": to_utc_text(self.at),
            "sort_at": to_utc_text(self.sort_at),
            "category": self.category,
            "precision": self.precision.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            item_id=data["item_id"],
            outlet=data["outlet"],
            text=data["text"],
            fingerprint=data["fingerprint"],
            at=from_utc_text(data["at"]),
            sort_at=from_utc_text(data["sort_at"]),
            category=data["category"],
            precision=Precision(data.get("precision", "minute")),
        )


@dataclass
class Development:
    """Reports of one development, worded by its earliest report (the lead)."""

    lead: Report
    reports: list[Report] = field(default_factory=list)  # by item id, bounded; the lead unless cut

    def clone(self) -> Development:
        return Development(self.lead, list(self.reports))

    @property
    def order(self) -> tuple[datetime, str]:
        return self.lead.order

    @property
    def item_ids(self) -> list[str]:
        return [r.item_id for r in self.reports]

    @property
    def outlets(self) -> list[str]:
        return [r.outlet for r in self.reports]

    def to_dict(self) -> dict[str, Any]:
        lead = self.lead.to_dict()
        return {
            **{key: lead[key] for key in ("text", "fingerprint", "at", "sort_at", "category", "precision")},
            "item_ids": self.item_ids,
            "outlets": self.outlets,
            "lead": lead,
            "reports": [r.to_dict() for r in self.reports],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Development:
        if "lead" in data:
            return cls(Report.from_dict(data["lead"]), [Report.from_dict(r) for r in data.get("reports", ())])
        # stored before developments kept their reports: each report is taken to read as the lead
        ids, outlets = list(data["item_ids"]), list(data["outlets"])
        words = {
            "text": data["text"],
            "fingerprint": data["fingerprint"],
            "at": from_utc_text(data["at"]),
            "sort_at": from_utc_text(data["sort_at"]),
            "category": data["category"],
            "precision": Precision(data.get("precision", "minute")),
        }
        reports = [Report(item_id=i, outlet=o, **words) for i, o in zip(ids, outlets, strict=True)]
        return cls(reports[0] if reports else Report(item_id="", outlet="", **words), reports)


@dataclass
class Actor:
    name: str
    kind: EntityKind
    mentions: int
    first_seen: datetime
    last_seen: datetime
    forms: list[str] = field(default_factory=list)
    # the name each outlet wrote in full (spelling -> outlets), and the spellings seen in English copy
    spellings: dict[str, list[str]] = field(default_factory=dict)
    english: list[str] = field(default_factory=list)

    def clone(self) -> Actor:
        return Actor(
            self.name,
            self.kind,
            self.mentions,
            self.first_seen,
            self.last_seen,
            list(self.forms),
            {k: list(v) for k, v in self.spellings.items()},
            list(self.english),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "mentions": self.mentions,
            "first_seen": to_utc_text(self.first_seen),
            "last_seen": to_utc_text(self.last_seen),
            "forms": self.forms,
            "spellings": self.spellings,
            "english": self.english,
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
            spellings={str(k): [str(o) for o in v] for k, v in dict(data.get("spellings") or {}).items()},
            english=[str(n) for n in data.get("english", ())],
        )


@dataclass
class Summary:
    story: str
    version: int = 0
    items: int = 0
    as_of: datetime | None = None  # the latest item's sort time: a date-only item's is the end of its day
    timezone: str = "UTC"  # the zone of the latest item, for showing times to people
    as_of_precision: Precision = Precision.MINUTE
    started: datetime | None = None  # the earliest item's sort time: when the story's event began
    figures: dict[str, Figure] = field(default_factory=dict)
    developments: list[Development] = field(default_factory=list)  # newest first
    actors: list[Actor] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)  # names items called outlets: never key actors

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
            as_of_precision=self.as_of_precision,
            started=self.started,
            figures=dict(self.figures),
            developments=[dev.clone() for dev in self.developments],
            actors=[actor.clone() for actor in self.actors],
            sources=dict(self.sources),
            media=list(self.media),
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
            "as_of_precision": self.as_of_precision.value,
            "started": None if self.started is None else to_utc_text(self.started),
            "developments": [d.to_dict() for d in self.developments],
            "actors": [a.to_dict() for a in self.actors],
            "sources": dict(sorted(self.sources.items())),
            "media": self.media,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls._dated(
            cls(
                story=data["story"],
                version=int(data["version"]),
                items=int(data.get("items", 0)),
                as_of=None if data.get("as_of") is None else from_utc_text(data["as_of"]),
                timezone=data.get("timezone", "UTC"),
                as_of_precision=Precision(data.get("as_of_precision", "minute")),
                started=None if data.get("started") is None else from_utc_text(data["started"]),
                figures={k: Figure.from_dict(v) for k, v in data.get("figures", {}).items()},
                developments=[Development.from_dict(d) for d in data.get("developments", ())],
                actors=[Actor.from_dict(a) for a in data.get("actors", ())],
                sources=dict(data.get("sources", {})),
                media=[str(n) for n in data.get("media", ())],
            )
        )

    @staticmethod
    def _dated(summary: Summary) -> Summary:
        """Each figure told when the story began (figures are stored without it)."""
        for fig in summary.figures.values():
            fig.event_start = summary.started
        return summary
