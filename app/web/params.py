"""The search parameters of a URL, shared by the pages and the API: read, checked, and written back.

All the state of a search lives in its URL (``/search?q=...&site=...&from=2023-06&sort=newest``),
so a copied link shows the same results, and ``/api/search`` takes exactly the same parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query

from app.matching import Filters
from app.query import MAX_QUERY_CHARS, parse_period
from app.search import MAX_PER_PAGE, SORTS, SearchRequest, Sort
from app.settings import Settings
from app.web.errors import HTTPError

#: Deepest page a search can be paged to (each page deeper costs more).
MAX_PAGE = 1000
#: At most this many values per filter parameter.
MAX_FILTER_VALUES = 20


class InvalidParameter(HTTPError):
    status = 422
    code = "invalid_parameter"


@dataclass(frozen=True, slots=True)
class SearchParams:
    """A search as its URL states it."""

    q: str = ""
    page: int = 1
    per_page: int | None = None
    sort: Sort = "relevance"
    site: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    story: str | None = None
    group: bool = True
    facets: bool = True

    @property
    def filtered(self) -> bool:
        return bool(self.site or self.author or self.category or self.date_from or self.date_to or self.story)

    @property
    def active(self) -> bool:
        """Whether there is anything to search for (words or filters)."""
        return bool(self.q.strip()) or self.filtered

    def request(self, settings: Settings) -> SearchRequest:
        """The search layer's request.

        Raises:
            InvalidParameter: ``from`` or ``to`` is not a date.
        """
        start = _period("from", self.date_from)
        end = _period("to", self.date_to)
        filters = Filters(
            sites=self.site,
            authors=self.author,
            categories=self.category,
            start=start[0] if start else None,
            end=end[1] if end else None,  # "to=2023-06" includes all of June
            story=self.story,
        )
        return SearchRequest(
            q=self.q,
            page=self.page,
            per_page=self.per_page or settings.per_page,
            sort=self.sort,
            filters=filters,
            group=self.group,
            facets=self.facets,
        )

    def query_items(self) -> list[tuple[str, str]]:
        """The parameters that differ from the defaults, in a stable order, as URL query items."""
        items: list[tuple[str, str]] = []
        if self.q:
            items.append(("q", self.q))
        items += [("site", v) for v in self.site] + [("author", v) for v in self.author]
        items += [("category", v) for v in self.category]
        if self.date_from:
            items.append(("from", self.date_from))
        if self.date_to:
            items.append(("to", self.date_to))
        if self.story:
            items.append(("story", self.story))
        if self.sort != "relevance":
            items.append(("sort", self.sort))
        if not self.group:
            items.append(("group", "false"))
        if not self.facets:
            items.append(("facets", "false"))
        if self.per_page:
            items.append(("per_page", str(self.per_page)))
        if self.page > 1:
            items.append(("page", str(self.page)))
        return items

    def url(self, path: str = "/search", /, **changes: Any) -> str:
        """This search's URL with some parameters changed (any change but ``page`` goes back to page 1)."""
        changed = replace(self, **changes) if changes else self
        if changes and "page" not in changes:
            changed = replace(changed, page=1)
        items = changed.query_items()
        return path + ("?" + urlencode(items) if items else "")

    def has_value(self, name: str, value: str) -> bool:
        """Whether a facet value is in force (a year or month: when it is the whole date range)."""
        if name in ("year", "month"):
            return self.date_from == value and self.date_to == value
        return value in getattr(self, name, ())

    def with_value(self, name: str, value: str) -> str:
        """The URL with one more filter value (``site``, ``author`` or ``category``)."""
        current: tuple[str, ...] = getattr(self, name)
        return self.url(**{name: current if value in current else (*current, value)})

    def without_value(self, name: str, value: str | None = None) -> str:
        """The URL without a filter value (or without the whole filter when ``value`` is None)."""
        if name in ("date_from", "date_to", "story"):
            return self.url(**{name: None})
        current: tuple[str, ...] = getattr(self, name)
        return self.url(**{name: tuple(v for v in current if v != value)})

    def to_json(self) -> dict[str, Any]:
        """The filters as the API echoes them."""
        return {
            "site": list(self.site),
            "author": list(self.author),
            "category": list(self.category),
            "from": self.date_from,
            "to": self.date_to,
            "story": self.story,
        }


def _period(name: str, value: str | None) -> Any:
    if not value:
        return None
    period = parse_period(value)
    if period is None:
        raise InvalidParameter(f"Invalid parameter {name}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD.")
    return period


def _values(values: list[str] | None) -> tuple[str, ...]:
    cleaned = (" ".join(v.split()) for v in values or ())
    return tuple(dict.fromkeys(v for v in cleaned if v))[:MAX_FILTER_VALUES]


#: The dates ``from`` and ``to`` take, for the OpenAPI description (the check itself is :func:`_period`,
#: which gives a message that says the format): a year, a month or a day (29 February is taken too).
_DAY = r"(0?[1-9]|1[0-2])[-/.](0?[1-9]|1[0-9]|2[0-8])|(0?[13-9]|1[0-2])[-/.](29|30)|(0?[13578]|1[02])[-/.]31"
DATE_PATTERN = rf"^[1-9][0-9]{{3}}([-/.]((0?[1-9]|1[0-2])|{_DAY}))?$"
_DATE_SCHEMA = {"pattern": DATE_PATTERN, "examples": ["2023", "2023-06", "2023-06-19"]}


async def search_params(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="The query (see /help).")] = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    per_page: Annotated[
        int | None, Query(ge=1, le=MAX_PER_PAGE, description="Hits per page (default: the per_page setting).")
    ] = None,
    sort: Annotated[Sort, Query(description="relevance (default), newest or oldest.")] = "relevance",
    site: Annotated[list[str] | None, Query(description="Only these sites (repeatable: any of them).")] = None,
    author: Annotated[list[str] | None, Query(description="Only these authors (repeatable).")] = None,
    category: Annotated[list[str] | None, Query(description="Only these categories (repeatable).")] = None,
    date_from: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=100,
            description="Published from: YYYY, YYYY-MM or YYYY-MM-DD.",
            json_schema_extra=_DATE_SCHEMA,
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(
            alias="to",
            max_length=100,
            description="Published until (the whole day, month or year).",
            json_schema_extra=_DATE_SCHEMA,
        ),
    ] = None,
    story: Annotated[str | None, Query(max_length=200, description="Only the versions of this story.")] = None,
    group: Annotated[bool, Query(description="One entry per story (false: every version).")] = True,
    facets: Annotated[bool, Query(description="Count facets (false: skip them, a little faster).")] = True,
) -> SearchParams:
    """Read the search parameters of a request (a FastAPI dependency; ``async`` only to run without a thread hop)."""
    return SearchParams(
        q=q,
        page=page,
        per_page=per_page,
        sort=sort,
        site=_values(site),
        author=_values(author),
        category=_values(category),
        date_from=(date_from or "").strip() or None,
        date_to=(date_to or "").strip() or None,
        story=(story or "").strip() or None,
        group=group,
        facets=facets,
    )


__all__ = ["MAX_PAGE", "SORTS", "InvalidParameter", "SearchParams", "search_params"]
