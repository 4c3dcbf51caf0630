"""ticker: an event-driven news-ticker pipeline."""

from ticker.models import (
    SCHEMA,
    Category,
    Change,
    ChangeKind,
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

__version__ = "0.1.0"

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
    "__version__",
]
