"""The HTML pages: search, article and help. Rendered on the server; they work without JavaScript."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from app.catalog import DATE_FACETS, FACET_FIELDS
from app.web import reference
from app.web.api import ArticleId
from app.web.caching import cache_headers, etag, not_modified, not_modified_response
from app.web.deps import IndexDep, SettingsDep, run_search
from app.web.errors import NotFound
from app.web.feeds import feed_url
from app.web.params import SearchParams, search_params

Params = Annotated[SearchParams, Depends(search_params)]

MARK = "<mark>"
#: The first match in an article's text: the target of its "Jump to the first match" link.
FIRST_MARK = '<mark id="first-match">'

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


def anchor_first_match(paragraphs_html: list[str]) -> tuple[list[str], int]:
    """The paragraphs with ``id="first-match"`` on their first ``<mark>``, and how many marks they hold.

    The paragraphs come from :mod:`app.snippets`: escaped text whose only markup is ``<mark>``, so the
    string ``<mark>`` cannot come from the document itself.

    >>> anchor_first_match(["No match.", "A <mark>tram</mark> and a <mark>tram</mark>."])
    (['No match.', 'A <mark id="first-match">tram</mark> and a <mark>tram</mark>.'], 2)
    """
    out: list[str] = []
    count = 0
    for paragraph in paragraphs_html:
        marks = paragraph.count(MARK)
        if marks and not count:
            paragraph = paragraph.replace(MARK, FIRST_MARK, 1)
        count += marks
        out.append(paragraph)
    return out, count


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
            "article_url": lambda article_id: params.url(f"/articles/{article_id}"),
            "facet_url": lambda name, value: facet_url(params, name, value),
            "facet_active": params.has_value,
            "facet_labels": FACET_LABELS,
            "chips": active_filters(params),
            "api_url": params.url("/api/search") if params.active else None,
            "feed_url": feed_url(replace(params, page=1)) if params.active else None,
        }
        return templates.TemplateResponse(request, "search.html", context)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, index: IndexDep, article_id: ArticleId, params: Params) -> Response:
        # The search the article was opened from travels in its link (``?q=...&site=...&page=2``): its words
        # are highlighted, and "Back to results" returns to that very page of results.
        doc = index.document(article_id)
        if doc is None:
            raise NotFound(f"No article with id {article_id!r}.")
        # Related articles and versions belong to the index generation; highlights and links to the search.
        tag = etag("article-page", doc.to_dict(), str(index.generation), params.query_items())
        if not_modified(request, tag):
            return not_modified_response(tag)
        title_html, paragraphs_html = index.highlight(doc, params.q)
        paragraphs_html, matches = anchor_first_match(paragraphs_html)
        twin_query = urlencode({"q": params.q}) if params.q.strip() else ""
        context = {
            "doc": doc,
            "q": params.q,
            "title_html": title_html,
            "paragraphs_html": paragraphs_html,
            "matches": matches,
            "highlighting": bool(params.q.strip()),
            "related": index.related(doc.id) or [],
            "versions": index.versions(doc.id) or [],
            "story": index.story_of(doc.id),
            "back_url": params.url() if params.active else None,
            "article_url": lambda other_id: params.url(f"/articles/{other_id}"),
            "api_url": f"/api/articles/{doc.id}" + (f"?{twin_query}" if twin_query else ""),
        }
        return templates.TemplateResponse(request, "article.html", context, headers=cache_headers(tag))

    @router.get("/docs", response_class=HTMLResponse)
    def api_reference(request: Request) -> Response:
        spec = request.app.openapi()
        context = {
            "q": "",
            "operations": reference.operations(spec),
            "schemas": reference.schemas(spec),
            "openapi_version": spec.get("openapi", ""),
            "code": reference.inline_code,
            "api_url": "/openapi.json",
        }
        return templates.TemplateResponse(request, "api-docs.html", context)

    @router.get("/help", response_class=HTMLResponse)
    def help_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "help.html", {"q": ""})

    return router
