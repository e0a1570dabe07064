"""What the server logs: one access line per request, with its duration, and the app's own messages.

The access line is written by :class:`AccessLog`, the outermost middleware, once the response has been
sent::

    2026-11-23 10:15:00,123 INFO app.access: 127.0.0.1 "GET /api/search?q=harbour" 200 12.4 ms

uvicorn's own access log is off (it has no duration), and :func:`log_config` sends uvicorn's messages
and the app's (``app.*``) to standard error in one format.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = "app.access"
LOGGER = logging.getLogger(ACCESS_LOGGER)


class AccessLog:
    """Logs method, path, status and duration (ms) of every HTTP request, after its response is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app fails before it starts a response

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            duration = (time.perf_counter() - started) * 1000
            client = scope.get("client")
            who = client[0] if client else "-"
            LOGGER.info('%s "%s %s" %d %.1f ms', who, scope.get("method"), target(scope), status, duration)


def target(scope: Scope) -> str:
    """The path and query of a request as the client sent them (still percent-encoded: no line breaks)."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(scope.get("path", ""), safe="/")
    query = scope.get("query_string", b"").decode("latin-1")
    return path + ("?" + query if query else "")


def log_config(level: str = "INFO") -> dict[str, Any]:
    """The logging configuration ``uvicorn.run(log_config=...)`` takes: uvicorn's and the app's messages
    on standard error, each line with its time, level and logger; uvicorn's access log off."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "app": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }


__all__ = ["ACCESS_LOGGER", "AccessLog", "log_config", "target"]
