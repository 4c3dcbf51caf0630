"""The live routes: a story's items and summary changes as Server-Sent Events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from ticker import keys
from ticker.errors import DecodeError
from ticker.follow import Entry
from ticker.metrics import WebMetrics
from ticker.models import EnrichedItem
from ticker.store import Store
from ticker.web.events import Render, stream_events
from ticker.web.query import PageQuery, stream_position
from ticker.web.views import item_view


def live_routes(store: Store, metrics: WebMetrics, story_of: Callable[[Request], str]) -> list[Route]:
    """``/stories/{story}/items/events`` (with the tail filters) and ``.../changes/events``.

    Where to start: ``Last-Event-ID`` (a browser reconnecting), else ``?after=`` (the position
    the page's first read returned), else the stream's end as of now.
    """

    def live(request: Request, stream: str, kind: str, render: Render) -> Response:
        resume = request.headers.get("last-event-id") or request.query_params.get("after")
        position = stream_position(resume) or store.last_entry_id(stream) or "0-0"

        async def counted() -> AsyncIterator[str]:
            gauge = metrics.live_clients.labels(kind)
            gauge.inc()
            try:
                async for chunk in stream_events(
                    store,
                    stream,
                    position,
                    kind,
                    render,
                    on_error=lambda: metrics.redis_errors.count("live"),
                    on_event=metrics.events_sent.labels(kind).inc,
                ):
                    yield chunk
            finally:
                gauge.dec()

        headers = {"cache-control": "no-cache", "x-accel-buffering": "no"}
        return StreamingResponse(counted(), media_type="text/event-stream", headers=headers)

    def item_events(request: Request) -> Response:
        name = story_of(request)
        query = PageQuery.parse(request.query_params)
        stream = keys.items_stream(name)

        def render(entry_id: str, fields: dict[str, str]) -> dict[str, Any] | None:
            try:
                enriched = EnrichedItem.from_json(fields.get("data", ""))
            except DecodeError:
                return None  # the consumer parks it; the page has nothing to show
            if not query.filters.accept(enriched):
                return None
            return item_view(Entry(stream, entry_id, enriched))

        return live(request, stream, "item", render)

    def change_events(request: Request) -> Response:
        name = story_of(request)

        def render(entry_id: str, fields: dict[str, str]) -> dict[str, Any] | None:
            return {"id": entry_id}  # the page reads the summary again; the change says when

        return live(request, keys.changes_stream(name), "change", render)

    return [
        Route("/stories/{story}/items/events", item_events),
        Route("/stories/{story}/changes/events", change_events),
    ]
