"""Errors of the web layer, and the one place that renders any error: JSON for /api, HTML otherwise.

Every API error has the body ``{"error": {"code": ..., "message": ...}}``; pages get an HTML error
page with the same message. Nothing a client sees carries a stack trace or a framework's wording.
An error nobody expected is logged once, with the request it happened in (:class:`ErrorBoundary`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import IndexUnavailable, QueryTooExpensive, SearchTimeout
from app.web.logs import target

LOGGER = logging.getLogger(__name__)


class HTTPError(Exception):
    """An error with its HTTP status, a short code for programs and a message for people."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(HTTPError):
    status = 404
    code = "not_found"


_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_parameter",
    503: "index_unavailable",
}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path in ("/healthz", "/openapi.json")


#: Renders one error: (request, status, code, message, headers) -> the response in the one error shape.
Render = Callable[[Request, int, str, str, dict[str, str] | None], Response]

#: What a client is told about an error it did not cause; the details go to the log.
INTERNAL_MESSAGE = "Something went wrong on our side; the error was logged."


def make_renderer(templates: Jinja2Templates) -> Render:
    """The one place an error becomes a response: JSON for the API, the HTML error page otherwise."""

    def render(
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
        title = HTTPStatus(status).phrase
        return templates.TemplateResponse(
            request,
            "error.html",
            # The search box keeps the query, so a refused one can be edited.
            {"status": status, "title": title, "message": message, "q": request.query_params.get("q", "")},
            status_code=status,
            headers=headers,
        )

    return render


def describe(scope: Scope) -> str:
    """``GET /api/search?q=x (client 127.0.0.1)``: a request, for a log line."""
    client = scope.get("client")
    return f"{scope.get('method', '')} {target(scope)}" + (f" (client {client[0]})" if client else "")


class ErrorBoundary:
    """Any exception the app did not handle: logged once, with the request it happened in, and answered
    with a 500 in the one error shape (never a traceback).

    Starlette's own last resort logs nothing of the request and re-raises, so the server logs the
    same traceback a second time and closes the connection; this middleware stops the exception first.
    """

    def __init__(self, app: ASGIApp, render: Render) -> None:
        self.app = app
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            LOGGER.exception("unhandled error on %s", describe(scope))
            if started:  # too late to answer otherwise: the server closes the connection
                return
            response = self.render(Request(scope), 500, "internal_error", INTERNAL_MESSAGE, None)
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    render = make_renderer(templates)

    async def on_app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPError)
        return render(request, exc.status, exc.code, exc.message, None)

    async def on_http_exception(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        message = {404: "There is nothing at this address.", 405: f"{request.method} is not allowed here."}.get(
            status, HTTPStatus(status).phrase
        )
        return render(request, status, _CODES.get(status, "error"), message, getattr(exc, "headers", None))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render(request, 422, "invalid_parameter", _validation_message(exc.errors()), None)

    async def on_index_unavailable(request: Request, exc: Exception) -> Response:
        return render(request, 503, "index_unavailable", f"The search index is not available: {exc}", None)

    async def on_query_too_expensive(request: Request, exc: Exception) -> Response:
        return render(request, 422, "query_too_expensive", f"Invalid parameter q: {exc}.", None)

    async def on_search_timeout(request: Request, exc: Exception) -> Response:
        return render(request, 503, "search_timeout", f"The search was stopped: {exc}.", None)

    app.add_exception_handler(HTTPError, on_app_error)
    app.add_exception_handler(StarletteHTTPException, on_http_exception)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(IndexUnavailable, on_index_unavailable)
    app.add_exception_handler(QueryTooExpensive, on_query_too_expensive)
    app.add_exception_handler(SearchTimeout, on_search_timeout)
    # Anything else: logged once with its request and answered with a 500, by the middleware.
    app.add_middleware(ErrorBoundary, render=render)


def _validation_message(errors: Any) -> str:
    """ "per_page: must be at most 100" from pydantic's error list."""
    parts = []
    for error in list(errors)[:5]:
        loc = [str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "request"
        parts.append(f"{name}: {_plain(error)}")
    return "Invalid parameter " + "; ".join(parts) + "."


def _plain(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "missing":
        return "is required"
    return str(error.get("msg", "is not valid")).rstrip(".").lower()
