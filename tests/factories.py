"""Small builders for records in tests."""

from __future__ import annotations

import hashlib
from datetime import datetime

from ticker.models import (
    Category,
    Claim,
    EnrichedItem,
    Enrichment,
    Entity,
    EntityKind,
    ItemKind,
    Metric,
    Precision,
    Qualifier,
    Subject,
    TickerItem,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def item(
    n: int | str,
    when: str,
    *,
    story: str = "test-story",
    outlet: str = "Outlet",
    text: str = "",
    precision: Precision = Precision.MINUTE,
    revision: str = "r1",
) -> TickerItem:
    ident = hashlib.sha256(f"{story}/{n}".encode()).hexdigest()[:16]
    return TickerItem(
        id=ident,
        revision=revision,
        story=story,
        outlet=outlet,
        source=f"{outlet}.txt",
        position=f"block {n}",
        kind=ItemKind.TICKER_UPDATE,
        title=f"Item {n}",
        text=text or f"Text of item {n}.",
        url=None,
        stated_at=at(when),
        published_at=None,
        ingested_at=at("2030-01-01T00:00:00+00:00"),
        precision=precision,
        timezone="Europe/Berlin",
    )


def claim(
    metric: Metric,
    value: int,
    *,
    subject: Subject = Subject.PEOPLE,
    qualifier: Qualifier = Qualifier.EXACT,
    claimant: str | None = None,
    retracted: bool = False,
    scope: str | None = None,
) -> Claim:
    return Claim(
        metric=metric,
        subject=subject,
        value=value,
        qualifier=qualifier,
        claimant=claimant,
        quote=f"{value} {metric.value}",
        retracted=retracted,
        scope=scope,
    )


def enriched(
    base: TickerItem,
    *claims: Claim,
    lead: str | None = None,
    actors: tuple[str, ...] = (),
    category: Category = Category.PROTESTS,
) -> EnrichedItem:
    from ticker.enrich.dedupe import fingerprint

    text = lead if lead is not None else f"Lead of {base.position} {base.id}"
    return EnrichedItem(
        base,
        Enrichment(
            item_id=base.id,
            revision=base.revision,
            category=category,
            confidence=0.9,
            entities=tuple(Entity(a, EntityKind.PERSON, (a,)) for a in actors),
            claims=claims,
            lead=text,
            fingerprint=fingerprint(text),
            version="test",
        ),
    )
