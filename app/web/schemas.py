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
        description="Number of the query's words the document contains, plus its BM25F relevance squeezed into [0, 1)."
    )


# A page of search results.
class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="Exact number of matching documents.")
    page: int
    per_page: int
    hits: list[HitPublic]
    took_ms: float = Field(description="Time the search took on the server, in milliseconds.")


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
