"""What reading sources gives back: items in event-time order, and one error per bad source or position."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ticker.errors import SourceError
from ticker.models import TickerItem


@dataclass(frozen=True)
class IngestResult:
    items: tuple[TickerItem, ...] = ()  # sorted by (sort_time, id)
    errors: tuple[SourceError, ...] = ()
    # kept items with something the reader had to guess (an unreadable date): reported, not failed
    warnings: tuple[SourceError, ...] = ()

    @classmethod
    def of(
        cls,
        items: Iterable[TickerItem],
        errors: Iterable[SourceError] = (),
        warnings: Iterable[SourceError] = (),
    ) -> IngestResult:
        return cls(tuple(sorted(items, key=lambda i: (i.sort_time, i.id))), tuple(errors), tuple(warnings))

    @classmethod
    def failed(cls, error: SourceError) -> IngestResult:
        return cls((), (error,))

    @classmethod
    def merge(cls, results: Iterable[IngestResult]) -> IngestResult:
        """Several sources' results as one, errors in source order."""
        parts = list(results)
        return cls.of(
            [i for r in parts for i in r.items],
            [e for r in parts for e in r.errors],
            [w for r in parts for w in r.warnings],
        )

    @property
    def ok(self) -> bool:
        return not self.errors
