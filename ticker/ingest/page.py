"""What a source says about itself beyond its text, and how one of its parts becomes a TickerItem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ticker.errors import SourceError
from ticker.ingest.text import item_id, paragraphs, revision
from ticker.models import ItemKind, Precision, TickerItem


@dataclass(frozen=True)
class Page:
    """A text source's metadata (from a manifest or the command line).

    ``source`` names it in items (stable: a file name inside its story folder);
    ``location`` names it in errors (the path the user gave).
    """

    story: str
    outlet: str
    source: str
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    kind: str = "auto"  # ticker | article | auto
    published: datetime | None = None
    published_is_day: bool = False
    url: str | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    location: str = ""
    outlet_given: bool = True  # False: a lone file's stem stands in, and a feed's own title is better

    @property
    def where(self) -> str:
        return self.location or self.source

    def error(self, position: str, reason: str) -> SourceError:
        return SourceError(self.where, position, reason)


@dataclass
class PageResult:
    """What reading one page gives, filled while reading: its items in page order and its
    problems (``sources`` sorts them into an :class:`~ticker.ingest.result.IngestResult`)."""

    items: list[TickerItem] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def make_item(
    page: Page,
    position: str,
    kind: ItemKind,
    title: str,
    body: list[str],
    *,
    removed: int,
    stated: datetime | None,
    stated_is_day: bool = False,
) -> TickerItem:
    """An item whose event time is the stated time, else the page's published time, else ingestion."""
    text = paragraphs(body)
    if stated is not None:
        precision = Precision.DAY if stated_is_day else Precision.MINUTE
    elif page.published is not None:
        precision = Precision.DAY if page.published_is_day else Precision.MINUTE
    else:
        precision = Precision.INGESTED
    return TickerItem(
        id=item_id(page.story, page.outlet, page.source, position),
        revision=revision(title + "\n" + text),
        story=page.story,
        outlet=page.outlet,
        source=page.source,
        position=position,
        kind=kind,
        title=title,
        text=text,
        url=page.url,
        stated_at=utc(stated),
        published_at=utc(page.published),
        ingested_at=page.now.astimezone(UTC),
        precision=precision,
        timezone=page.zone.key,
        boilerplate_removed=removed,
    )
