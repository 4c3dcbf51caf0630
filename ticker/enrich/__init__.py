"""TickerItem -> Enrichment: category, IPTC topic, entities, numeric claims, lead and fingerprint.

Pure and deterministic: the only I/O is loading the packaged gazetteer once.
``duplicate_of``/``corroborated_by`` stay empty here; they need other items
(see :func:`ticker.enrich.dedupe.find_duplicates`).
"""

from __future__ import annotations

import re

from ticker.enrich import claims, entities
from ticker.enrich.canonical import canonical_key, same_actor
from ticker.enrich.classify import classify
from ticker.enrich.dedupe import find_duplicates, fingerprint, similar
from ticker.enrich.document import Document, parse
from ticker.enrich.merge import merge
from ticker.enrich.topics import topic_of
from ticker.models import Enrichment, TickerItem

VERSION = "1.3.0"
LEAD_CHARS = 200
_UNINFORMATIVE = re.compile(
    r"^(?:update|live|news ticker|ticker|first report|breaking|item|latest|more)\b|^[\d\W]*$", re.I
)


def lead(title: str, text: str, doc: Document | None = None) -> str:
    """One line saying what happened: the title when it says something, else the first sentence."""
    doc = doc or parse(title, text)
    title = doc.title
    if len(title.split()) >= 4 and not _UNINFORMATIVE.match(title):
        line = title
    else:
        first = next((s for s in doc.all_sentences() if len(s.split()) >= 4), "")
        line = first or title or " ".join(text.split())
    line = line.lstrip(".:;-–• ")
    if len(line) <= LEAD_CHARS:
        return line
    cut = line[:LEAD_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-– ") + "…"


def enrich(item: TickerItem) -> Enrichment:
    """Enrich one item. Same item (and VERSION), same result."""
    doc = parse(item.title, item.text)
    title, parts = doc.title, doc.parts
    extracted = claims.extract(parts, item.event_time.year)
    found = merge([f for f in extracted if not f.background])
    category, confidence, secondary = classify(title, item.text, found)
    line = lead(title, item.text, doc)
    topic, _ = topic_of(title, item.text)
    return Enrichment(
        item_id=item.id,
        revision=item.revision,
        category=category,
        confidence=round(confidence, 3),
        secondary_category=secondary,
        entities=entities.extract(parts),
        claims=found,
        background=merge([f for f in extracted if f.background]),
        lead=line,
        fingerprint=fingerprint(line),
        version=VERSION,
        topic=topic,
    )


__all__ = [
    "VERSION",
    "canonical_key",
    "enrich",
    "find_duplicates",
    "fingerprint",
    "lead",
    "same_actor",
    "similar",
]
