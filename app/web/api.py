"""The JSON API: everything the pages show, for programs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from app.query import MAX_QUERY_CHARS
from app.search import MAX_PER_PAGE, SearchPage, SearchRequest
from app.web.deps import IndexDep, SettingsDep
from app.web.errors import NotFound
from app.web.schemas import ArticlePublic, ErrorResponse, SearchResponse

#: Deepest page a search can be paged to (each page deeper costs more).
MAX_PAGE = 1000

router = APIRouter(
    prefix="/api", tags=["api"], responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}
)

Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="The query (see the query language in the README).")]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[
    int | None, Query(ge=1, le=MAX_PER_PAGE, description="Hits per page (default: the per_page setting).")
]
ArticleId = Annotated[str, Path(max_length=200, description="A document id, as search hits give it.")]


def search_response(page: SearchPage) -> dict[str, Any]:
    """The JSON form of a page of results (also what `python -m app search --json` prints)."""
    return {
        "query": page.query,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "hits": [
            {
                "id": h.id,
                "title": h.title,
                "url": h.url,
                "site": h.site,
                "author": h.author,
                "published": h.published,
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in page.hits
        ],
        "took_ms": page.took_ms,
    }


@router.get("/search", response_model=SearchResponse, summary="Search the articles")
def api_search(index: IndexDep, settings: SettingsDep, q: Q = "", page: PageNo = 1, per_page: PerPage = None) -> Any:
    """Ranked hits for a query, with highlighted snippets, one page at a time."""
    result = index.search(SearchRequest(q=q, page=page, per_page=per_page or settings.per_page))
    return search_response(result)


@router.get(
    "/articles/{article_id}",
    response_model=ArticlePublic,
    responses={404: {"model": ErrorResponse, "description": "No article has this id."}},
    summary="One article",
)
def api_article(index: IndexDep, article_id: ArticleId) -> Any:
    """The whole document: title, clean text and metadata."""
    doc = index.document(article_id)
    if doc is None:
        raise NotFound(f"No article with id {article_id!r}.")
    return doc.to_dict()
