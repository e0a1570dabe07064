"""The HTML pages: search, article and help. Rendered on the server; they work without JavaScript."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from app.catalog import DATE_FACETS, FACET_FIELDS
from app.query import MAX_QUERY_CHARS
from app.web.api import ArticleId
from app.web.caching import cache_headers, etag, not_modified, not_modified_response
from app.web.deps import IndexDep, SettingsDep, run_search
from app.web.errors import NotFound
from app.web.feeds import feed_url
from app.web.params import SearchParams, search_params

Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
Params = Annotated[SearchParams, Depends(search_params)]

#: Facet headings on the page.
FACET_LABELS = {"site": "Site", "author": "Author", "category": "Category", "year": "Year", "month": "Month"}


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page links to show: the first, the last, and a few around the current one (None = a gap).

    >>> page_numbers(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    """
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def facet_url(params: SearchParams, name: str, value: str) -> str:
    """The link of one facet value: add it as a filter (a year or month sets the date range), or remove it."""
    if params.has_value(name, value):
        if name in DATE_FACETS:
            return params.url(date_from=None, date_to=None)
        return params.without_value(name, value)
    if name in DATE_FACETS:
        return params.url(date_from=value, date_to=value)
    return params.with_value(name, value)


def active_filters(params: SearchParams) -> list[tuple[str, str, str]]:
    """(label, value, URL without it) for each filter in force, for the removable chips."""
    chips = [
        (FACET_LABELS[name], value, params.without_value(name, value))
        for name in FACET_FIELDS
        for value in getattr(params, name)
    ]
    if params.date_from and params.date_from == params.date_to:
        chips.append(("Date", params.date_from, params.url(date_from=None, date_to=None)))
    else:
        if params.date_from:
            chips.append(("From", params.date_from, params.without_value("date_from")))
        if params.date_to:
            chips.append(("To", params.date_to, params.without_value("date_to")))
    if params.story:
        chips.append(("Story", params.story, params.without_value("story")))
    return chips


def make_router(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, index: IndexDep, settings: SettingsDep, params: Params) -> Response:
        return search_page(request, index, settings, params)

    @router.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, index: IndexDep, settings: SettingsDep, params: Params) -> Response:
        result = run_search(index, params.request(settings), settings) if params.active else None
        context = {
            "q": params.q,
            "params": params,
            "result": result,
            "page_links": page_numbers(result.page, result.pages) if result and result.total else [],
            "search_url": lambda page: params.url(page=page),
            "facet_url": lambda name, value: facet_url(params, name, value),
            "facet_active": params.has_value,
            "facet_labels": FACET_LABELS,
            "chips": active_filters(params),
            "api_url": params.url("/api/search") if params.active else None,
            "feed_url": feed_url(replace(params, page=1)) if params.active else None,
        }
        return templates.TemplateResponse(request, "search.html", context)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, index: IndexDep, article_id: ArticleId, q: Q = "") -> Response:
        doc = index.document(article_id)
        if doc is None:
            raise NotFound(f"No article with id {article_id!r}.")
        # Related articles and versions belong to the index generation; highlights to the query.
        tag = etag("article-page", doc.to_dict(), str(index.generation), q)
        if not_modified(request, tag):
            return not_modified_response(tag)
        title_html, paragraphs_html = index.highlight(doc, q)
        context = {
            "doc": doc,
            "q": q,
            "title_html": title_html,
            "paragraphs_html": paragraphs_html,
            "related": index.related(doc.id) or [],
            "versions": index.versions(doc.id) or [],
            "story": index.story_of(doc.id),
            "back_url": SearchParams(q=q).url() if q.strip() else None,
            "api_url": f"/api/articles/{doc.id}",
        }
        return templates.TemplateResponse(request, "article.html", context, headers=cache_headers(tag))

    @router.get("/help", response_class=HTMLResponse)
    def help_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "help.html", {"q": ""})

    return router
