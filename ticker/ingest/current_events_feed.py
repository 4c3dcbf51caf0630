"""A feed entry that carries a Portal:Current events day, as one item per bullet at day precision."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from ticker.ingest.current_events import Bullet, day_from_name, is_current_events, read_day
from ticker.ingest.identity import canonical_url, entry_id, entry_key
from ticker.ingest.text import first_sentence, revision
from ticker.models import ItemKind, Precision, TickerItem

OUTLET = "Wikipedia Current events"
PORTAL_ZONE = "UTC"  # the portal files events under UTC days


def current_events_items(
    entry: Any, *, story: str, source: str, position: str, now: datetime
) -> list[TickerItem]:
    """The entry's bullets as items; [] when the entry is not a portal day (then it is an ordinary entry)."""
    html = _markup(entry)
    if not is_current_events(html):
        return []
    bullets = read_day(html)
    guid = str(entry.get("id") or entry.get("link") or "")
    day_key = entry_key(guid, str(entry.get("link") or ""), feed=OUTLET, fallback=str(entry.get("title", "")))
    keys = bullet_keys(bullets)
    items = []
    for bullet, key in zip(bullets, keys, strict=True):
        day = bullet.day or day_from_name(guid)
        items.append(_item(bullet, day, f"{day_key}\0{key}", story=story, source=source,
                           position=f"{position} bullet {bullet.index + 1}", now=now))  # fmt: skip
    return items


def bullet_keys(bullets: list[Bullet]) -> list[str]:
    """What names each bullet within its day: its first cited source, which stays when the editors
    reword it, else (or when two bullets cite the same page first) its text."""
    firsts = [canonical_url(b.sources[0].url) if b.sources else "" for b in bullets]
    shared = {f for f in firsts if f and firsts.count(f) > 1}
    return [
        f"source {f}" if f and f not in shared else f"text {b.text}"
        for f, b in zip(firsts, bullets, strict=True)
    ]


def _markup(entry: Any) -> str:
    contents = [str(c.get("value", "")) for c in entry.get("content") or []]
    return max([*contents, str(entry.get("summary", ""))], key=len)


def _item(
    bullet: Bullet, day: date | None, key: str, *, story: str, source: str, position: str, now: datetime
) -> TickerItem:
    # the editors' story headings are the bullet's headline ("Elections › Results"):
    # they say what it is about, as a feed entry's title does; a bullet outside any story has none
    title = " › ".join(bullet.story_path) or first_sentence(bullet.text)
    return TickerItem(
        id=entry_id(story, key),
        revision=revision(title + "\n" + bullet.text),
        story=story,
        outlet=OUTLET,
        source=source,
        position=position,
        kind=ItemKind.FEED_ENTRY,
        title=title,
        text=bullet.text,
        url=bullet.sources[0].url if bullet.sources and bullet.sources[0].url.startswith("http") else None,
        stated_at=None,
        published_at=None if day is None else datetime.combine(day, time(0), UTC),
        ingested_at=now.astimezone(UTC),
        precision=Precision.INGESTED if day is None else Precision.DAY,
        timezone=PORTAL_ZONE,
    )
