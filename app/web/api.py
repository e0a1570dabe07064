"""The JSON API: everything the pages show, for programs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from app.catalog import DATE_FACETS, FACET_FIELDS
from app.query import MAX_QUERY_CHARS
from app.search import ArticleRef, SearchPage
from app.snippets import Span
from app.web.caching import cache_headers, etag, not_modified, not_modified_response
from app.web.deps import IndexDep, SettingsDep, run_search
from app.web.errors import NotFound
from app.web.params import MAX_PAGE, SearchParams, search_params
from app.web.schemas import ArticleResponse, ErrorResponse, RelatedResponse, SearchResponse

__all__ = ["MAX_PAGE", "ArticleId", "router", "search_response"]

router = APIRouter(
    prefix="/api", tags=["api"], responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}
)

ArticleId = Annotated[str, Path(max_length=200, description="A document id, as search hits give it.")]
Params = Annotated[SearchParams, Depends(search_params)]
MatchQuery = Annotated[
    str, Query(max_length=MAX_QUERY_CHARS, description="A query whose words to locate in the article (`matches`).")
]


def match_offsets(spans: list[Span]) -> list[tuple[int, int]]:
    """[start, end) of each match in order; of overlapping matches the first wins, as on the article page."""
    offsets: list[tuple[int, int]] = []
    for start, end, _term in sorted(spans):
        if not offsets or start >= offsets[-1][1]:
            offsets.append((start, end))
    return offsets


def ref_json(ref: ArticleRef) -> dict[str, Any]:
    return {"id": ref.id, "title": ref.title, "url": ref.url, "site": ref.site, "published": ref.published}


def search_response(page: SearchPage, params: SearchParams | None = None) -> dict[str, Any]:
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
                "story": h.story,
                "duplicates": h.duplicates,
                "versions": [ref_json(v) for v in h.versions],
            }
            for h in page.hits
        ],
        "took_ms": page.took_ms,
        "documents": page.documents,
        "sort": page.sort,
        "grouped": page.grouped,
        "filters": (params or SearchParams()).to_json(),
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in page.facets.get(name, [])]
            for name in (*FACET_FIELDS, *DATE_FACETS)
        },
        "timeline": [{"period": v.value, "count": v.count} for v in page.timeline],
        "suggestion": page.suggestion,
        "matched_words": page.matched_words,
        "query_words": page.query_words,
    }


@router.get("/search", response_model=SearchResponse, summary="Search the articles")
def api_search(index: IndexDep, settings: SettingsDep, params: Params) -> Any:
    """Ranked hits for a query, with highlighted snippets, facets and filters, one page at a time."""
    result = run_search(index, params.request(settings), settings)
    return search_response(result, params)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleResponse,
    responses={
        304: {"description": "Not modified: `If-None-Match` names the current `ETag`."},
        404: {"model": ErrorResponse, "description": "No article has this id."},
    },
    summary="One article",
)
def api_article(
    request: Request, response: Response, index: IndexDep, article_id: ArticleId, q: MatchQuery = ""
) -> Any:
    """The whole document: title, clean text and metadata, and with `q` where the query's words occur in it.
    Has an `ETag`; `If-None-Match` gets a 304."""
    doc = index.document(article_id)
    if doc is None:
        raise NotFound(f"No article with id {article_id!r}.")
    data = doc.to_dict()
    if q.strip():
        title_spans, body_spans = index.match_spans(doc, q)
        data["matches"] = {"title": match_offsets(title_spans), "body": match_offsets(body_spans)}
    tag = etag("article", data)
    if not_modified(request, tag):
        return not_modified_response(tag)
    response.headers.update(cache_headers(tag))
    return data


@router.get(
    "/articles/{article_id}/related",
    response_model=RelatedResponse,
    responses={404: {"model": ErrorResponse, "description": "No article has this id."}},
    summary="Related articles and other versions of the same story",
)
def api_related(index: IndexDep, article_id: ArticleId) -> Any:
    """Articles most like this one (one per story), and the other versions of its own story."""
    related = index.related(article_id)
    versions = index.versions(article_id)
    if related is None or versions is None:
        raise NotFound(f"No article with id {article_id!r}.")
    return {
        "id": article_id,
        "story": index.story_of(article_id),
        "related": [ref_json(r) | {"score": r.score} for r in related],
        "versions": [ref_json(v) for v in versions],
    }
