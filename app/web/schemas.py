"""The JSON API's shapes (pydantic models): what clients can rely on, and what /openapi.json shows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


# A search result, as listed by /api/search.
class HitPublic(BaseModel):
    id: str = Field(description="Document id: URL-safe, stable across re-indexing of the same files.")
    title: str
    url: str | None = Field(description="Link to the original article, when the source has one.")
    site: str | None
    author: str | None
    published: str | None = Field(description="ISO 8601 date or date-time.", examples=["2023-06-19T01:21:57+00:00"])
    snippet: str = Field(
        description="HTML: the best passage, escaped, with <mark>...</mark> around matched words (its only markup)."
    )
    score: float = Field(
        description="Relevance, higher first. For a few keywords: the number of the query's words the document "
        "contains, plus its BM25F relevance squeezed into [0, 1). For a question (four plain words or more): BM25F "
        "with pseudo-relevance feedback. 0 when the search only filters."
    )
    story: str = Field(description="Id of the story: the same for copies and versions of one article.")
    duplicates: int = Field(description="How many other versions of this story also match (folded under this hit).")
    versions: list[ArticleRef] = Field(description="Those other versions (at most 20).")


class ArticleRef(BaseModel):
    id: str
    title: str
    url: str | None
    site: str | None
    published: str | None


class FacetCount(BaseModel):
    value: str = Field(description="As the URL parameter of the same name takes it (year and month: 2023, 2023-06).")
    count: int = Field(description="Matching documents with this value.")


class Facets(BaseModel):
    site: list[FacetCount]
    author: list[FacetCount]
    category: list[FacetCount]
    year: list[FacetCount]
    month: list[FacetCount]


class TimelineBar(BaseModel):
    period: str = Field(description="A month (2023-06) or a year (2023), as `from` and `to` take it.")
    count: int


class FiltersEcho(BaseModel):
    site: list[str]
    author: list[str]
    category: list[str]
    from_: str | None = Field(alias="from")
    to: str | None
    story: str | None


# A page of search results.
class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="Exact number of results over all pages: stories when grouped, else documents.")
    page: int
    per_page: int
    hits: list[HitPublic]
    took_ms: float = Field(description="Time the search took on the server, in milliseconds.")
    documents: int = Field(description="Exact number of matching documents (before grouping).")
    sort: Literal["relevance", "newest", "oldest"]
    grouped: bool = Field(description="Whether versions of one story are folded into one hit.")
    filters: FiltersEcho
    facets: Facets = Field(description="Counts over all matching documents; dates newest first, others by count.")
    timeline: list[TimelineBar] = Field(
        description="Matching documents per month (2023-06), or per year over more than 36 months; oldest first, "
        "empty periods included. Empty when the results have no dates or facets=false."
    )
    suggestion: str | None = Field(description='A corrected query when this one found little ("Did you mean").')
    matched_words: int = Field(description="How many of the query's words the best hit contains.")
    query_words: int = Field(description="How many optional words (or phrases) the query has.")


class RelatedArticle(ArticleRef):
    score: float


# Related articles of one article (/api/articles/{id}/related).
class RelatedResponse(BaseModel):
    id: str
    story: str | None
    related: list[RelatedArticle] = Field(description="Most similar articles first, one per story.")
    versions: list[ArticleRef] = Field(description="Other versions of the same story, oldest first.")


# A whole document, as /api/articles/{id} returns it (the same shape `extract` prints).
class ArticlePublic(BaseModel):
    id: str
    title: str
    body: str = Field(description="Plain text; paragraphs are separated by a blank line.")
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    categories: list[str]
    source: str = Field(description="Path of the file the document came from, relative to the indexed folder.")
    format: Literal["text", "html", "wordpress"]
    tags: list[str] = Field(default_factory=list)
    language: str | None = None


class Matches(BaseModel):
    title: list[tuple[int, int]] = Field(
        description="[start, end) character offsets (Unicode code points) of the query's words in `title`.",
        examples=[[[0, 7]]],
    )
    body: list[tuple[int, int]] = Field(
        description="The same in `body`, in order: the first is the article page's first match.",
        examples=[[[120, 127], [980, 987]]],
    )


# /api/articles/{id}: the document, and where the query's words are in it when `q` is given.
class ArticleResponse(ArticlePublic):
    matches: Matches | None = Field(
        default=None,
        description="Where the words of `q` occur (what the article page highlights); null without `q`.",
    )


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["No article with id 'abc'."])


# Every API error has this shape.
class ErrorResponse(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok", "error"]
    documents: int
    message: str | None = None
