"""The page's URL query: the `ticker tail` filters, ``at`` and stream positions, checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from ticker.figure_names import close_metrics, metric_named
from ticker.follow import Filters
from ticker.models import Category, TimeBound, Topic

_STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
FILTER_NAMES = ("metric", "entity", "outlet", "category", "topic", "since")


class BadQuery(ValueError):
    """Raised when a query parameter cannot be used; the message names it (shown as a 400)."""


def moment(name: str, raw: str) -> TimeBound:
    """An ISO 8601 time, as `ticker summary --at` takes it (no zone means UTC), or a calendar day."""
    try:
        return TimeBound.parse(raw)
    except ValueError:
        raise BadQuery(f"{name}: not a time like 2022-01-08T12:00 or 2022-01-08") from None


def _choice(name: str, raw: str | None, choices: list[str]) -> str | None:
    if not raw:
        return None
    if raw not in choices:
        raise BadQuery(f"{name}: one of {', '.join(choices)}")
    return raw


def _metric(raw: str | None) -> str | None:
    """A metric by any name `ticker tail --metric` takes ("attackers", "arrests")."""
    if not raw:
        return None
    if (metric := metric_named(raw)) is None:
        close = ", ".join(m.value for m in close_metrics(raw)) or "see ticker tail --help"
        raise BadQuery(f"metric: unknown; did you mean {close}?")
    return metric.value


@dataclass(frozen=True)
class PageQuery:
    filters: Filters
    at: TimeBound | None

    @classmethod
    def parse(cls, params: QueryParams) -> PageQuery:
        since = params.get("since")
        at = params.get("at")
        filters = Filters(
            category=_choice("category", params.get("category"), [c.value for c in Category]),
            entity=params.get("entity") or None,
            metric=_metric(params.get("metric")),
            outlet=params.get("outlet") or None,
            since=moment("since", since) if since else None,
            topic=_choice("topic", params.get("topic"), [t.value for t in Topic]),
        )
        return cls(filters, moment("at", at) if at else None)


def stream_position(raw: str | None) -> str | None:
    """A Redis stream id from ``Last-Event-ID`` or ``?after=``; None if not given."""
    if raw is None or raw == "":
        return None
    if not _STREAM_ID.match(raw.strip()):
        raise BadQuery("a stream position is an id like 1641546000000-0")
    return raw.strip()
