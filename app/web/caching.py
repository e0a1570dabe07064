"""Conditional requests for articles: an ``ETag`` made from what the response shows, ``If-None-Match`` -> 304.

An article's JSON is the same as long as its document is; its page also shows related articles, which
belong to an index generation, so the page's tag covers the generation (and the highlighted query) too.
Tags are weak (``W/"..."``): the gzip middleware may change the bytes, never the meaning.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

#: Caches may keep a copy, but must ask (with the ETag) before using it: a rebuild may change an article.
CACHE_CONTROL = "no-cache"


def etag(*parts: Any) -> str:
    """A weak entity tag over JSON-able parts."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return f'W/"{digest[:32]}"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(request: Request, tag: str) -> bool:
    """Whether the request's ``If-None-Match`` matches ``tag`` (weak comparison, as RFC 9110 asks)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return _opaque(tag) in {_opaque(t) for t in header.split(",")}


def cache_headers(tag: str) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": CACHE_CONTROL}


def not_modified_response(tag: str) -> Response:
    return Response(status_code=304, headers=cache_headers(tag))


__all__ = ["CACHE_CONTROL", "cache_headers", "etag", "not_modified", "not_modified_response"]
