"""Frozen records that cross a process boundary as versioned JSON.

Every payload carries ``"schema": SCHEMA``. Decoding never trusts its input:
anything malformed raises :class:`ticker.errors.DecodeError` with the raw data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import orjson

from ticker.errors import ConfigError, DecodeError
from ticker.keys import check_story

SCHEMA = 1

T = TypeVar("T")


class ItemKind(StrEnum):
    TICKER_UPDATE = "ticker_update"
    ARTICLE = "article"
    FEED_ENTRY = "feed_entry"


class Precision(StrEnum):
    """How exactly an item's event time is known."""

    MINUTE = "minute"
    DAY = "day"
    INGESTED = "ingested"  # the source gave no usable time; ingestion time stands in


class Category(StrEnum):
    CASUALTIES = "casualties"
    ARRESTS = "arrests"
    SECURITY = "security"  # operations, deployments, troops
    GOVERNMENT = "government"  # leadership, decrees, dismissals
    INTERNATIONAL = "international"  # foreign reaction, diplomacy, sanctions
    COMMUNICATIONS = "communications"  # internet, media, press freedom
    ECONOMY = "economy"  # prices, trade, exports
    PROTESTS = "protests"  # demonstrations, riots, unrest
    BACKGROUND = "background"  # context, history, analysis


class Topic(StrEnum):
    """IPTC Media Topics, top level (the news industry's subject vocabulary); the comment is the code."""

    ARTS = "arts"  # medtop:01000000 arts, culture, entertainment and media
    CRIME = "crime"  # medtop:02000000 crime, law and justice
    DISASTER = "disaster"  # medtop:03000000 disaster, accident and emergency incident
    ECONOMY = "economy"  # medtop:04000000 economy, business and finance
    EDUCATION = "education"  # medtop:05000000
    ENVIRONMENT = "environment"  # medtop:06000000
    HEALTH = "health"  # medtop:07000000
    HUMAN_INTEREST = "human_interest"  # medtop:08000000
    LABOUR = "labour"  # medtop:09000000
    LIFESTYLE = "lifestyle"  # medtop:10000000 lifestyle and leisure
    POLITICS = "politics"  # medtop:11000000
    RELIGION = "religion"  # medtop:12000000
    SCIENCE = "science"  # medtop:13000000 science and technology
    SOCIETY = "society"  # medtop:14000000
    SPORT = "sport"  # medtop:15000000
    CONFLICT = "conflict"  # medtop:16000000 conflict, war and peace
    WEATHER = "weather"  # medtop:17000000


class Metric(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    MISSING = "missing"
    DISPLACED = "displaced"
    EVACUATED = "evacuated"
    DEPLOYED = "deployed"
    PROTESTING = "protesting"
    ATTACKING = "attacking"  # a party's claim about assailants, not a verified count
    AFFECTED = "affected"
    SHOT = "shot"  # hit by gunfire, killed or not ("four people were shot, one fatally")
    RESCUED = "rescued"  # rescued alive, or survived
    ON_BOARD = "on_board"
    ACCOUNTED_FOR = "accounted_for"
    SUSPENDED = "suspended"  # suspended, dismissed or removed from duty
    EXECUTED = "executed"
    BUILDINGS_DAMAGED = "buildings_damaged"
    BUILDINGS_DESTROYED = "buildings_destroyed"


class Subject(StrEnum):
    PEOPLE = "people"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    SECURITY_FORCES = "security_forces"
    SOLDIERS = "soldiers"
    FOREIGN_TROOPS = "foreign_troops"
    ATTACKERS = "attackers"
    RESCUERS = "rescuers"  # firefighters, rescue workers
    MEDICS = "medics"  # doctors, nurses, paramedics, medical staff
    VOLUNTEERS = "volunteers"
    CREW = "crew"
    BUILDINGS = "buildings"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    ALMOST = "almost"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UP_TO = "up_to"
    DOZENS = "dozens"  # a vague quantity word; value holds its lower bound
    HUNDREDS = "hundreds"
    THOUSANDS = "thousands"

    @property
    def vague(self) -> bool:
        """A quantity word ("dozens", "hundreds"), not a number: its value is only a lower bound."""
        return self in (Qualifier.DOZENS, Qualifier.HUNDREDS, Qualifier.THOUSANDS)


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    MEDIA = "media"  # an outlet or agency the text names as one: a source of news, not an actor in it


class ChangeKind(StrEnum):
    FIGURE_UPDATED = "figure_updated"
    FIGURE_REPORTED = "figure_reported"  # a report entered the history; the current figure stands
    FIGURE_CONFLICT = "figure_conflict"
    FIGURE_DECREASED = "figure_decreased"
    RETRACTION = "retraction"
    NEW_DEVELOPMENT = "new_development"
    CORROBORATED = "corroborated"
    NEW_ACTOR = "new_actor"
    GAP = "gap"  # items trimmed from the item stream before the consumer folded them


def to_utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every time in ticker is timezone-aware")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def from_utc_text(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"naive timestamp {text!r}")
    return moment.astimezone(UTC)


def _opt_time(text: Any) -> datetime | None:
    return None if text is None else from_utc_text(str(text))


def escape_part(part: str) -> str:
    """``part`` with no ``:`` left (``%`` and ``:`` as ``%25`` and ``%3A``), to join with ``:``
    into a name that splits back unambiguously. A part without either is itself, as stored before
    escaping: an item id such as ``urn:item:1`` is the only kind whose names changed."""
    if "%" not in part and ":" not in part:
        return part
    return part.replace("%", "%25").replace(":", "%3A")


def unescape_part(part: str) -> str:
    if "%" not in part:
        return part
    return part.replace("%3A", ":").replace("%25", "%")


def version_key(item_id: str, revision: str) -> str:
    """One revision of one item: what the outbox, delivery counters and markers are keyed by.

    Exactly one ``:`` in it, between the escaped id and revision: ``a:b`` revision ``c`` and
    ``a`` revision ``b:c`` are two keys.
    """
    return f"{escape_part(item_id)}:{escape_part(revision)}"


@dataclass(frozen=True)
class TimeBound:
    """A time a user names: a moment, or a calendar day ("2022-01-10"), which each item reads in
    its own zone, so a date-only item of that day is on it wherever its source is."""

    moment: datetime
    day: date | None = None

    @classmethod
    def parse(cls, text: str) -> TimeBound:
        """ISO 8601 ("2022-01-08", "2022-01-08T12:00", "2022-01-08 12:00+06:00"); no zone means UTC.

        Raises ValueError for anything else.
        """
        text = text.strip()
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        day = moment.date() if len(text) == 10 else None
        return cls(moment, day)


@dataclass(frozen=True)
class TickerItem:
    """One timestamped piece of news: a ticker block, an article or a feed entry.

    ``id`` is stable across re-ingestion (story, outlet, source, position);
    ``revision`` hashes the normalised text, so an edited block is a new
    revision of the same item rather than a new item.
    """

    id: str
    revision: str
    story: str
    outlet: str
    source: str
    position: str
    kind: ItemKind
    title: str
    text: str
    url: str | None
    stated_at: datetime | None
    published_at: datetime | None
    ingested_at: datetime
    precision: Precision = Precision.MINUTE
    timezone: str = "UTC"
    boilerplate_removed: int = 0

    @property
    def event_time(self) -> datetime:
        """The time the news refers to: stated, else published, else ingested."""
        return self.stated_at or self.published_at or self.ingested_at

    @property
    def sort_time(self) -> datetime:
        """Event time for ordering.

        A day-precise item is known by the end of its day at the latest, so it
        sorts after the minute-precise items of that day instead of pretending
        to be midnight.
        """
        moment = self.event_time
        if self.precision is not Precision.DAY:
            return moment
        local = moment.astimezone(ZoneInfo(self.timezone)).date()
        end = datetime.combine(local + timedelta(days=1), time(0), ZoneInfo(self.timezone))
        return (end - timedelta(seconds=1)).astimezone(UTC)

    @property
    def event_date(self) -> date:
        return self.event_time.astimezone(ZoneInfo(self.timezone)).date()

    def since(self, bound: TimeBound) -> bool:
        """Whether the item belongs at or after ``bound``: a day-precise item is its whole day."""
        if bound.day is not None:
            return self.event_date >= bound.day
        if self.precision is Precision.DAY:
            return self.sort_time >= bound.moment  # the day is not over before the bound
        return self.event_time >= bound.moment

    def known_at(self, bound: TimeBound) -> bool:
        """Whether the item was known at ``bound``: a day-precise one once its day is over."""
        if bound.day is not None:
            return self.event_date <= bound.day
        return self.sort_time <= bound.moment

    @property
    def version_key(self) -> str:
        return version_key(self.id, self.revision)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "type": "item",
            "id": self.id,
            "revision": self.revision,
            "story": self.story,
            "outlet": self.outlet,
            "source": self.source,
            "position": self.position,
            "kind": self.kind.value,
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "stated_at": None if self.stated_at is None else to_utc_text(self.stated_at),
            "published_at": None if self.published_at is None else to_utc_text(self.published_at),
            "ingested_at": to_utc_text(self.ingested_at),
            "event_time": to_utc_text(self.event_time),
            "precision": self.precision.value,
            "timezone": self.timezone,
            "boilerplate_removed": self.boilerplate_removed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TickerItem:
        return _decode(cls, data, _item_from_dict)

    def to_json(self) -> str:
        return dumps(self.to_dict())

    @classmethod
    def from_json(cls, raw: str | bytes) -> TickerItem:
        return cls.from_dict(loads(raw))


def _story_name(value: object) -> str:
    # the story is embedded in Redis key names: refuse it here, before any key is built
    try:
        return check_story(str(value))
    except ConfigError as exc:
        raise ValueError(str(exc)) from exc


MAX_ID_CHARS = 512


def check_id(value: object, what: str = "id") -> str:
    """An item id or revision as the contract allows it: 1-512 printable characters (any letters,
    spaces and punctuation, ``:`` ``{`` ``}`` included; no control or format characters)."""
    text = str(value)
    if not text:
        raise ValueError(f"empty {what}")
    if len(text) > MAX_ID_CHARS:
        raise ValueError(f"{what} of {len(text)} characters (at most {MAX_ID_CHARS})")
    if not text.isprintable():
        raise ValueError(f"{what} holds a control or other unprintable character")
    return text


def _item_from_dict(data: dict[str, Any]) -> TickerItem:
    return TickerItem(
        id=check_id(data["id"]),
        revision=check_id(data["revision"], "revision"),
        story=_story_name(data["story"]),
        outlet=str(data["outlet"]),
        source=str(data["source"]),
        position=str(data["position"]),
        kind=ItemKind(data["kind"]),
        title=str(data.get("title") or ""),
        text=str(data["text"]),
        url=None if data.get("url") is None else str(data["url"]),
        stated_at=_opt_time(data.get("stated_at")),
        published_at=_opt_time(data.get("published_at")),
        ingested_at=from_utc_text(str(data["ingested_at"])),
        precision=Precision(data.get("precision", Precision.MINUTE.value)),
        timezone=str(data.get("timezone") or "UTC"),
        boilerplate_removed=int(data.get("boilerplate_removed") or 0),
    )


PART_SCOPE = "part of"  # scope of a figure listed under a total: "part of 23"
CRITICAL_SCOPE = "in critical condition"


@dataclass(frozen=True)
class Claim:
    """A numeric claim: "almost 8,000 arrested, according to the Interior Ministry"."""

    metric: Metric
    subject: Subject
    value: int
    qualifier: Qualifier = Qualifier.EXACT
    value_max: int | None = None  # upper bound when the text gives an interval
    claimant: str | None = None  # who says so, distinct from the outlet
    quote: str = ""
    scope: str | None = None  # a partial figure ("in two markets in Almaty"); never a total
    retracted: bool = False
    disputed: bool = False

    @property
    def key(self) -> str:
        return f"{self.metric.value}:{self.subject.value}"

    @property
    def part(self) -> bool:
        """A share of another figure ("14 of them", "66 in critical condition"), not a place's count."""
        return self.scope is not None and self.scope.startswith((PART_SCOPE, CRITICAL_SCOPE))

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric.value,
            "subject": self.subject.value,
            "value": self.value,
            "value_max": self.value_max,
            "qualifier": self.qualifier.value,
            "claimant": self.claimant,
            "quote": self.quote,
            "scope": self.scope,
            "retracted": self.retracted,
            "disputed": self.disputed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return Claim(
            metric=Metric(data["metric"]),
            subject=Subject(data["subject"]),
            value=int(data["value"]),
            value_max=None if data.get("value_max") is None else int(data["value_max"]),
            qualifier=Qualifier(data.get("qualifier", "exact")),
            claimant=data.get("claimant"),
            quote=str(data.get("quote") or ""),
            scope=data.get("scope"),
            retracted=bool(data.get("retracted")),
            disputed=bool(data.get("disputed")),
        )


@dataclass(frozen=True)
class Entity:
    name: str  # canonical
    kind: EntityKind
    surface_forms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind.value, "surface_forms": list(self.surface_forms)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return Entity(
            name=str(data["name"]),
            kind=EntityKind(data["kind"]),
            surface_forms=tuple(str(s) for s in data.get("surface_forms", ())),
        )


@dataclass(frozen=True)
class Enrichment:
    """What the worker adds to one item. Pure function of the item (and version)."""

    item_id: str
    revision: str
    category: Category
    confidence: float
    secondary_category: Category | None = None
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    # figures about another event or an earlier time ("the 2009 attack that killed five"): context only
    background: tuple[Claim, ...] = ()
    lead: str = ""  # one line saying what happened, for the developments list
    fingerprint: str = ""  # near-duplicate key of the lead/text
    duplicate_of: tuple[str, ...] = ()  # earlier item ids this repeats
    corroborated_by: tuple[str, ...] = ()  # outlets that reported the same thing
    version: str = ""
    topic: Topic | None = None  # IPTC top level; None from workers older than topics

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "revision": self.revision,
            "category": self.category.value,
            "topic": None if self.topic is None else self.topic.value,
            "secondary_category": None if self.secondary_category is None else self.secondary_category.value,
            "confidence": round(self.confidence, 3),
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "background": [c.to_dict() for c in self.background],
            "lead": self.lead,
            "fingerprint": self.fingerprint,
            "duplicate_of": list(self.duplicate_of),
            "corroborated_by": list(self.corroborated_by),
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Enrichment:
        second = data.get("secondary_category")
        topic = data.get("topic")
        return Enrichment(
            item_id=str(data["item_id"]),
            revision=str(data["revision"]),
            category=Category(data["category"]),
            secondary_category=None if second is None else Category(second),
            confidence=float(data.get("confidence", 0.0)),
            entities=_readable(data.get("entities", ()), Entity.from_dict),
            claims=_readable(data.get("claims", ()), Claim.from_dict),
            background=_readable(data.get("background", ()), Claim.from_dict),
            lead=str(data.get("lead") or ""),
            fingerprint=str(data.get("fingerprint") or ""),
            duplicate_of=tuple(str(i) for i in data.get("duplicate_of", ())),
            corroborated_by=tuple(str(o) for o in data.get("corroborated_by", ())),
            version=str(data.get("version") or ""),
            topic=None if topic not in _TOPICS else Topic(topic),
        )


_TOPICS = frozenset(t.value for t in Topic)


def _readable(entries: Iterable[dict[str, Any]], parse: Callable[[dict[str, Any]], T]) -> tuple[T, ...]:
    """The entries this version can read. A newer writer may add an entity kind or a metric inside
    schema 1: its entity or claim is left out here, instead of the whole item being parked."""
    out = []
    for entry in entries:
        try:
            out.append(parse(entry))
        except ValueError:  # a value of an enum this version does not know
            continue
    return tuple(out)


@dataclass(frozen=True)
class EnrichedItem:
    """An item with its enrichment: what the item stream carries."""

    item: TickerItem
    enrichment: Enrichment

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "type": "enriched_item",
            "item": self.item.to_dict(),
            "enrichment": self.enrichment.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnrichedItem:
        return _decode(
            cls,
            data,
            lambda d: EnrichedItem(
                item=_item_from_dict(d["item"]), enrichment=Enrichment.from_dict(d["enrichment"])
            ),
        )

    def to_json(self) -> str:
        return dumps(self.to_dict())

    @classmethod
    def from_json(cls, raw: str | bytes) -> EnrichedItem:
        return cls.from_dict(loads(raw))


@dataclass(frozen=True)
class Change:
    """One thing that changed in a story's summary, as published to subscribers."""

    kind: ChangeKind
    story: str
    version: int
    item_id: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "type": "change",
            "kind": self.kind.value,
            "story": self.story,
            "version": self.version,
            "item_id": self.item_id,
            "payload": self.payload,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return _decode(
            cls,
            data,
            lambda d: Change(
                kind=ChangeKind(d["kind"]),
                story=str(d["story"]),
                version=int(d["version"]),
                item_id=str(d["item_id"]),
                payload=dict(d.get("payload") or {}),
            ),
        )


def dumps(data: dict[str, Any]) -> str:
    # ensure_ascii keeps lone surrogates and control bytes escaped on the wire. orjson writes the
    # same text for ASCII data several times faster; it cannot escape the rest (or encode lone
    # surrogates, or integers past 64 bits), so that goes the standard library's way
    try:
        fast = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        fast = b"\x80"
    if fast.isascii():
        return fast.decode("ascii")
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)


def loads(raw: str | bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = None  # orjson refuses some JSON the standard library reads (lone surrogates, NaN)
    try:
        if data is None:
            data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DecodeError(f"not JSON: {exc}", raw) from exc
    if not isinstance(data, dict):
        raise DecodeError("payload is not a JSON object", raw)
    return data


def _decode(cls: type[T], data: dict[str, Any], build: Callable[[dict[str, Any]], T]) -> T:
    if data.get("schema") != SCHEMA:
        raise DecodeError(f"{cls.__name__}: unsupported schema {data.get('schema')!r}", data)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise DecodeError(f"{cls.__name__}: {type(exc).__name__}: {exc}", data) from exc


__all__ = [
    "SCHEMA",
    "Category",
    "Change",
    "ChangeKind",
    "Claim",
    "EnrichedItem",
    "Enrichment",
    "Entity",
    "EntityKind",
    "ItemKind",
    "Metric",
    "Precision",
    "Qualifier",
    "Subject",
    "TickerItem",
    "dumps",
    "loads",
    "version_key",
]
