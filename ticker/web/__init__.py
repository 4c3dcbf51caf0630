"""The live page: `ticker web` serves the stories of a Redis, live, with /healthz and /metrics."""

from ticker.web.app import create_app
from ticker.web.server import BackgroundServer, serve

__all__ = ["BackgroundServer", "create_app", "serve"]
