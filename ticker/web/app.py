"""The ASGI app of the live page: pages, JSON, live events, /healthz and /metrics on one port."""

from __future__ import annotations

import logging
from pathlib import Path

import redis
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticker.metrics import web_registry
from ticker.store import Store
from ticker.web.live import live_routes
from ticker.web.pages import index_page, story_page
from ticker.web.query import BadQuery, PageQuery
from ticker.web.reading import UnknownStory, items_payload, known_story, story_list, summary_payload

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_ITEMS = 500
# the page's own files only: an injected tag could neither run a script nor load anything
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; "
     b"img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]  # fmt: skip


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app(store: Store) -> Starlette:
    """The app over ``store`` (a client whose socket timeout outlasts a 1 s blocking read)."""
    registry, metrics = web_registry(store)

    def story_of(request: Request) -> str:
        return known_story(store, request.path_params["story"])

    def index(request: Request) -> Response:
        return HTMLResponse(index_page(story_list(store)))

    def story(request: Request) -> Response:
        name = story_of(request)
        PageQuery.parse(request.query_params)
        return HTMLResponse(story_page(name, dict(request.query_params)))

    def stories(request: Request) -> Response:
        return JSONResponse({"stories": story_list(store)})

    def summary(request: Request) -> Response:
        name = story_of(request)
        return JSONResponse(summary_payload(store, name, PageQuery.parse(request.query_params)))

    def items(request: Request) -> Response:
        name = story_of(request)
        try:
            limit = min(max(int(request.query_params.get("limit", "100")), 1), MAX_ITEMS)
        except ValueError:
            raise BadQuery("limit: a number of items") from None
        return JSONResponse(items_payload(store, name, PageQuery.parse(request.query_params), limit))

    def healthz(request: Request) -> Response:
        try:
            store.ping()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            metrics.redis_errors.count("healthz")
            return JSONResponse({"status": "redis unavailable", "error": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok"})

    def metrics_page(request: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    async def bad_query(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"bad query: {exc}", status_code=400)

    async def unknown_story(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("no such story in this Redis", status_code=404)

    async def redis_away(request: Request, exc: Exception) -> Response:
        metrics.redis_errors.count("page")
        return PlainTextResponse("Redis is unavailable; try again shortly", status_code=503)

    routes = [
        Route("/", index),
        Route("/stories/{story}", story),
        *live_routes(store, metrics, story_of),
        Route("/api/stories", stories),
        Route("/api/stories/{story}/summary", summary),
        Route("/api/stories/{story}/items", items),
        Route("/healthz", healthz),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/metrics", metrics_page),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            BadQuery: bad_query,
            UnknownStory: unknown_story,
            redis.ConnectionError: redis_away,
            redis.TimeoutError: redis_away,
        },
    )
    app.add_middleware(SecurityHeaders)
    return app
