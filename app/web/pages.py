"""The HTML pages: search and article. Rendered on the server; they work without JavaScript."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from app.query import MAX_QUERY_CHARS
from app.search import MAX_PER_PAGE, SearchPage, SearchRequest
from app.web.api import MAX_PAGE, ArticleId
from app.web.deps import IndexDep, SettingsDep
from app.web.errors import NotFound

Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PerPage = Annotated[int | None, Query(ge=1, le=MAX_PER_PAGE)]


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


def make_router(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def search_url(q: str, page: int = 1, per_page: int | None = None) -> str:
        params: dict[str, str | int] = {"q": q}
        if page > 1:
            params["page"] = page
        if per_page:
            params["per_page"] = per_page
        return "/search?" + urlencode(params)

    def render_search(request: Request, result: SearchPage | None, q: str, per_page: int | None) -> Response:
        context = {
            "q": q,
            "result": result,
            "page_links": page_numbers(result.page, result.pages) if result and result.total else [],
            "search_url": lambda page: search_url(q, page, per_page),
            "api_url": "/api/search?" + urlencode({"q": q} | ({"page": result.page} if result else {})),
        }
        return templates.TemplateResponse(request, "search.html", context)

    @router.get("/", response_class=HTMLResponse)
    def home(
        request: Request, index: IndexDep, settings: SettingsDep, q: Q = "", page: PageNo = 1, per_page: PerPage = None
    ) -> Response:
        return search_page(request, index, settings, q, page, per_page)

    @router.get("/search", response_class=HTMLResponse)
    def search_page(
        request: Request, index: IndexDep, settings: SettingsDep, q: Q = "", page: PageNo = 1, per_page: PerPage = None
    ) -> Response:
        result = None
        if q.strip():
            result = index.search(SearchRequest(q=q, page=page, per_page=per_page or settings.per_page))
        return render_search(request, result, q, per_page)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, index: IndexDep, article_id: ArticleId, q: Q = "") -> Response:
        doc = index.document(article_id)
        if doc is None:
            raise NotFound(f"No article with id {article_id!r}.")
        title_html, paragraphs_html = index.highlight(doc, q)
        context = {
            "doc": doc,
            "q": q,
            "title_html": title_html,
            "paragraphs_html": paragraphs_html,
            "back_url": search_url(q) if q.strip() else None,
            "api_url": f"/api/articles/{doc.id}",
        }
        return templates.TemplateResponse(request, "article.html", context)

    return router
