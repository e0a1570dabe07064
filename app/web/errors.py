"""Errors of the web layer, and the one place that renders any error: JSON for /api, HTML otherwise.

Every API error has the body ``{"error": {"code": ..., "message": ...}}``; pages get an HTML error
page with the same message. Nothing a client sees carries a stack trace or a framework's wording.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import IndexUnavailable

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


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def render(
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
        title = HTTPStatus(status).phrase
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "title": title, "message": message},
            status_code=status,
            headers=headers,
        )

    async def on_app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPError)
        return render(request, exc.status, exc.code, exc.message)

    async def on_http_exception(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        message = {404: "There is nothing at this address.", 405: f"{request.method} is not allowed here."}.get(
            status, HTTPStatus(status).phrase
        )
        return render(request, status, _CODES.get(status, "error"), message, getattr(exc, "headers", None))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render(request, 422, "invalid_parameter", _validation_message(exc.errors()))

    async def on_index_unavailable(request: Request, exc: Exception) -> Response:
        return render(request, 503, "index_unavailable", f"The search index is not available: {exc}")

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        LOGGER.exception("unexpected error on %s %s", request.method, request.url.path)
        return render(request, 500, "internal_error", "Something went wrong on our side; the error was logged.")

    app.add_exception_handler(HTTPError, on_app_error)
    app.add_exception_handler(StarletteHTTPException, on_http_exception)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(IndexUnavailable, on_index_unavailable)
    app.add_exception_handler(Exception, on_unexpected)


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
