"""Score topics and entities on labelled news bullets (Wikipedia current events, WikiTimes).

Each bullet becomes an item the way a reader of the portal makes one: the story headings
it stands under as the title, the bullet as the text, the day as a date-only time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ticker.enrich.topics import MODEL_FILE
from ticker.evaluate import names
from ticker.evaluate.bullets import Bullet, read_bullets
from ticker.evaluate.table import Bound, Line, Tally, Target
from ticker.ingest.page import Page, make_item
from ticker.models import Enrichment, ItemKind, TickerItem

TOPIC_HELD_OUT = Target(Bound.RATIO_AT_LEAST, 0.80)
TOPIC_OTHER_SET = Target(Bound.RATIO_AT_LEAST, 0.75)  # another era and labelling: WikiTimes
ENTITY_RECALL = Target(Bound.RATIO_AT_LEAST, 0.85)
ENTITY_PRECISION = Target(Bound.RATIO_AT_LEAST, 0.0)  # measured and stated, no target
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def item_of(bullet: Bullet, n: int, source: str) -> TickerItem:
    page = Page(story="bullets", outlet="wikipedia", source=source, kind="article", now=_EPOCH)
    return make_item(
        page, f"bullet {n}", ItemKind.ARTICLE, bullet.title, [bullet.text], removed=0, stated=None
    )


def trained_on() -> frozenset[str]:
    """The file names the shipped topic model was trained on (it records them)."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return frozenset(str(name) for name in data.get("trained_on", ()))


def bullet_lines(path: Path) -> Iterator[Line]:
    from ticker.enrich import enrich

    bullets = read_bullets(path)
    pairs: list[tuple[Bullet, Enrichment]] = [
        (b, enrich(item_of(b, n, path.name))) for n, b in enumerate(bullets)
    ]
    right = sum(e.topic in b.topics for b, e in pairs)
    wikipedia = path.suffix == ".jsonl"
    seen = path.name in trained_on()
    text = "trained on" if seen else "held out"
    target = TOPIC_HELD_OUT if wikipedia else TOPIC_OTHER_SET
    yield Line(path.name, text, "topic right (IPTC)", Tally(right, len(pairs)), target)
    if wikipedia:  # WikiTimes lists entity titles, not the words the text uses
        score = names.score([(b.day, b.links, e.entities) for b, e in pairs])
        yield Line(path.name, "bullets", "linked proper nouns found", score.recall, ENTITY_RECALL)
        yield Line(path.name, "bullets", "entities that are linked names", score.precision, ENTITY_PRECISION)
