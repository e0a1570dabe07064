"""The Atom feed of any search: ``/search.atom`` takes the parameters of ``/search``, newest first.

A feed reader subscribed to a search sees new articles that match it. Entries carry the snippet as
plain text (never document HTML); the template is rendered with autoescaping, so a document's title
or text can never become markup in the feed.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from app.documents import parse_published
from app.search import Hit, SearchIndex
from app.web.deps import IndexDep, SettingsDep, run_search
from app.web.params import SearchParams, search_params

Params = Annotated[SearchParams, Depends(search_params)]

ATOM_TYPE = "application/atom+xml"
#: Namespace of the feed's and entries' ``urn:uuid:`` ids: the same search (or article) keeps its id.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/articles-search/feed")
_MARK = re.compile(r"</?mark>")


def rfc3339(value: str | None) -> str | None:
    """A document's ``published`` as an Atom date (UTC assumed when the source gave no offset)."""
    moment = parse_published(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def snippet_text(snippet: str) -> str:
    """A hit's snippet (escaped text with ``<mark>``) as plain text."""
    return html.unescape(_MARK.sub("", snippet))


def stable_id(kind: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{kind}:{value}')}"


def feed_url(params: SearchParams) -> str:
    """The feed of a search (page 1: a feed is the newest entries)."""
    return params.url("/search.atom")


def _index_time(index: SearchIndex) -> str:
    """When the live index was built: the feed's date when no entry has one."""
    generation = index.generation
    if generation is not None:
        moment = datetime.fromtimestamp(generation.stat().st_mtime, tz=UTC)
    else:
        moment = datetime.now(tz=UTC)
    return moment.isoformat(timespec="seconds")


def _entry(hit: Hit, base: str, fallback: str) -> dict[str, Any]:
    published = rfc3339(hit.published)
    return {
        "id": stable_id("article", hit.id),
        "title": hit.title,
        "link": f"{base}/articles/{hit.id}",
        "published": published,
        "updated": published or fallback,
        "summary": snippet_text(hit.snippet),
        "author": hit.author,
        "source_url": hit.url,
    }


def make_router(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/search.atom")
    def search_feed(request: Request, index: IndexDep, settings: SettingsDep, params: Params) -> Response:
        """The search's results as an Atom 1.0 feed: newest first unless ``sort`` says otherwise."""
        if "sort" not in request.query_params:
            params = replace(params, sort="newest")
        result = run_search(index, replace(params, facets=False).request(settings), settings)
        base = str(request.base_url).rstrip("/")
        fallback = _index_time(index)
        entries = [_entry(hit, base, fallback) for hit in result.hits]
        dates = [e["updated"] for e in entries if e["published"]]
        page_params = replace(params, page=1)
        context = {
            "feed_id": stable_id("search", page_params.url()),
            "title": f"{params.q} – Articles" if params.q.strip() else "Articles",
            "updated": max(dates) if dates else fallback,
            "self_url": base + str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
            "html_url": base + page_params.url(),
            "entries": entries,
        }
        return templates.TemplateResponse(request, "search.atom", context, media_type=ATOM_TYPE)

    return router


__all__ = ["ATOM_TYPE", "feed_url", "make_router", "rfc3339", "snippet_text"]
