"""The web application: JSON API, HTML pages, health check. Built by :func:`create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from app import __version__
from app.settings import STATIC_DIR, Settings
from app.web import api, feeds, pages
from app.web.compression import GZIP_MINIMUM_SIZE, Compression
from app.web.deps import StateDep
from app.web.errors import install_error_handlers
from app.web.headers import DefaultHeaders
from app.web.logs import AccessLog
from app.web.schemas import Health
from app.web.state import AppState
from app.web.templating import make_templates

__all__ = ["create_app"]

# Pages load nothing from other origins and run no inline script.
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": _CSP,
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. With no argument, settings come from the environment (``uvicorn --factory``)."""
    settings = settings or Settings()
    templates = make_templates()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState(settings)
        app.state.app_state = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="Articles",
        version=__version__,
        description="Full-text search over a folder of news articles.",
        lifespan=lifespan,
        # /docs is the app's own page (app.web.reference): Swagger UI and ReDoc load from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Responses of 1 kB or more are compressed for clients that accept gzip.
    app.add_middleware(Compression, minimum_size=GZIP_MINIMUM_SIZE)
    if settings.cors_origins:  # off unless origins are configured
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD"],
            allow_headers=["If-None-Match"],
            expose_headers=["ETag"],
            max_age=600,
        )
    app.include_router(api.router)
    app.include_router(pages.make_router(templates))
    app.include_router(feeds.make_router(templates))
    install_error_handlers(app, templates)

    @app.get("/healthz", response_model=Health, tags=["health"], responses={503: {"model": Health}})
    def healthz(state: StateDep) -> Response:
        """Whether the server can answer searches, and how many documents it holds."""
        try:
            documents = state.index.count()
        except Exception as exc:
            body = {"status": "error", "documents": 0, "message": str(exc)}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ok", "documents": documents})

    app.add_middleware(DefaultHeaders, headers=_SECURITY_HEADERS)

    # Outermost: the access line's duration covers everything the app does for a request.
    app.add_middleware(AccessLog)
    return app
