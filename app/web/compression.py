"""Gzip for large responses: Starlette's GZipMiddleware, letting ASGI debug messages through.

Starlette's gzip responder drops messages it does not know, among them ``http.response.debug``, by which
a template response tells a test client its template and context. This wrapper hands those straight to
the server side, so compression changes nothing but the bytes of the body.
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Smallest response body (bytes) worth compressing.
GZIP_MINIMUM_SIZE = 1000


class Compression:
    def __init__(self, app: ASGIApp, minimum_size: int = GZIP_MINIMUM_SIZE) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def app(inner_scope: Scope, inner_receive: Receive, inner_send: Send) -> None:
            async def send_through(message: Message) -> None:
                if message["type"] == "http.response.debug":
                    await send(message)
                else:
                    await inner_send(message)

            await self.app(inner_scope, inner_receive, send_through)

        await GZipMiddleware(app, minimum_size=self.minimum_size)(scope, receive, send)


__all__ = ["GZIP_MINIMUM_SIZE", "Compression"]
