"""Searching the index: a request in, a page of ranked, grouped, highlighted hits out. Knows nothing of HTTP.

The steps, each in its own module: the query text is parsed (:mod:`app.query`), turned into Whoosh
queries and filters (:mod:`app.matching`), every match is scored and ordered (:mod:`app.ranking`),
copies of one story are grouped and facets counted from per-document values loaded once per
index generation (:mod:`app.catalog`); when very little is found, a corrected query is offered
(:mod:`app.suggest`). This module puts the steps together and makes the hits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from whoosh import query as wq

from app.analysis import text_analyzer
from app.catalog import Catalog, FacetValue
from app.documents import Document
from app.errors import IndexUnavailable
from app.index import CURRENT, current_generation, stored_document
from app.leases import Lease, open_live
from app.matching import TITLE_WEIGHT, Compiled, Compiler, Filters, request_filters
from app.postings import values_at
from app.query import ParsedQuery, parse_query
from app.ranking import QUESTION_WORDS, key_terms, rank
from app.snippets import Span, make_snippet, mark_paragraphs, mark_text
from app.suggest import FEW_RESULTS, suggest_query

LOGGER = logging.getLogger(__name__)

#: Largest page size a request may ask for.
MAX_PER_PAGE = 100
#: How often (seconds) the live index is checked for a newer generation.
REFRESH_INTERVAL = 1.0
#: At most this many other versions of a story are listed with a hit.
MAX_VERSIONS = 20
#: Related articles: how many words of the article describe it, and how many articles are listed.
RELATED_TERMS = 15
RELATED_LIMIT = 5
#: Suggestions (and related articles) are remembered for this many queries (articles) per index generation.
SUGGESTION_CACHE = 2048
#: Pages of results are remembered for this many requests per index generation (a query asked again, a
#: page gone back to): about 10 kB each.
RESULT_CACHE = 512

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: Sort = "relevance"
    filters: Filters = field(default_factory=Filters)
    #: Show one entry per story (copies and versions of an article folded under the best one).
    group: bool = True
    #: Count the facets (a client that does not show them can save the time).
    facets: bool = True


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A short reference to an article: another version of a story, or a related article."""

    id: str
    title: str
    url: str | None
    site: str | None
    published: str | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    snippet: str  # HTML: escaped text, <mark> around matches
    score: float
    title_html: str = ""  # the title as escaped HTML with matches marked
    #: The story this article belongs to (its own id when it has no other versions).
    story: str = ""
    #: How many other versions of the story also match (folded under this hit when grouping).
    duplicates: int = 0
    versions: tuple[ArticleRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    #: Number of entries (stories when grouping, else documents) over all pages.
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    took_ms: float = 0.0
    #: How many of the query's optional words the best hit contains, and how many there are.
    matched_words: int = 0
    query_words: int = 0
    #: Number of matching documents (equal to ``total`` unless grouping folded some).
    documents: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Matching documents over time: per month, or per year over a long span; oldest first.
    timeline: list[FacetValue] = field(default_factory=list)
    #: A corrected query, when this one found little and a better one exists.
    suggestion: str | None = None
    sort: Sort = "relevance"
    grouped: bool = True
    #: Whether the query was ranked as a question (relevance with feedback) rather than by word count.
    question: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1 if self.hits else 0


# ---------------------------------------------------------------------------------------------
# The index, opened for searching
# ---------------------------------------------------------------------------------------------


class SearchIndex:
    """The live index of a folder, opened for searching from many threads.

    Whoosh searchers are not shared between threads: each request borrows one from a small pool.
    When a build publishes a new generation, the next request (at most :data:`REFRESH_INTERVAL`
    seconds later) opens it; requests already running finish on the old one.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._pool: list[Any] = []
        self._checked = 0.0
        self._pointer_stamp: tuple[int, int] | None = None
        self.generation: Path | None = None
        self._ix: Any = None
        self._catalogs: dict[str, Catalog] = {}
        self._catalog_lock = threading.Lock()
        self._suggestions: OrderedDict[str, str | None] = OrderedDict()
        self._pages: OrderedDict[SearchRequest, SearchPage] = OrderedDict()
        self._related: OrderedDict[tuple[str, int], list[ArticleRef]] = OrderedDict()
        self._leases: list[Lease] = []
        self._open()

    def _open(self) -> None:
        generation, ix, lease = open_live(self.index_dir)  # leased: no build deletes it while we use it
        with self._lock:
            old_pool, self._pool = self._pool, []
            self._ix, self.generation = ix, generation
            self._pointer_stamp = self._stamp()
            self._suggestions = OrderedDict()
            self._pages = OrderedDict()
            self._related = OrderedDict()
            # The previous generation stays leased until the next switch: requests may still be on it.
            stale, self._leases = self._leases[:-1], [*self._leases[-1:], lease]
        for searcher in old_pool:
            searcher.close()
        for old in stale:
            old.release()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = (self.index_dir / CURRENT).stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_ino

    def refresh(self, *, force: bool = False) -> bool:
        """Switch to a newer generation if a build published one. Returns whether it switched."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_INTERVAL:
            return False
        self._checked = now
        if self._stamp() == self._pointer_stamp and not force:
            return False
        try:
            generation = current_generation(self.index_dir)
        except IndexUnavailable:
            return False
        if generation is None or generation == self.generation:
            self._pointer_stamp = self._stamp()
            return False
        try:
            self._open()
        except IndexUnavailable as exc:  # keep serving the generation we have (it is leased)
            LOGGER.warning("staying on %s: %s", self.generation, exc)
            return False
        return True

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A searcher borrowed from the pool (and given back, or closed if the index moved on meanwhile)."""
        with self._borrow() as (s, _generation):
            yield s

    @contextmanager
    def session(self) -> Iterator[tuple[Any, Catalog]]:
        """A searcher borrowed from the pool, and the catalog of the same generation."""
        with self._borrow() as (s, generation):
            yield s, self._catalog(generation, s)

    @contextmanager
    def _borrow(self) -> Iterator[tuple[Any, Path | None]]:
        self.refresh()
        with self._lock:
            ix, generation = self._ix, self.generation
            s = self._pool.pop() if self._pool else None
        if s is None:
            s = ix.searcher()
        try:
            yield s, generation
        finally:
            with self._lock:
                if ix is self._ix and len(self._pool) < 16:
                    self._pool.append(s)
                    s = None
            if s is not None:
                s.close()

    def _catalog(self, generation: Path | None, s: Any) -> Catalog:
        key = str(generation)  # generation folders have unique names
        catalog = self._catalogs.get(key)
        if catalog is None:
            with self._catalog_lock:
                catalog = self._catalogs.get(key)
                if catalog is None:
                    catalog = Catalog.load(s, generation)
                    self._catalogs = {key: catalog}  # the old generation's is dropped
        return catalog

    def warm(self) -> None:
        """Load what every search needs (the catalog) before the first request."""
        try:
            with self.session():
                pass
        except Exception as exc:  # the first request will say what is wrong, with its traceback
            LOGGER.warning("could not prepare the index for searching: %s", exc)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, []
            leases, self._leases = self._leases, []
        for s in pool:
            s.close()
        for lease in leases:
            lease.release()

    def count(self) -> int:
        with self.searcher() as s:
            return int(s.doc_count())

    def document(self, doc_id: str) -> Document | None:
        with self.searcher() as s:
            stored = s.document(id=doc_id)
        return stored_document(stored) if stored else None

    def search(self, request: SearchRequest) -> SearchPage:
        started = time.perf_counter()
        self.refresh()
        with self._lock:
            pages = self._pages  # this generation's (a switch replaces it: nothing stale is kept)
            page = pages.get(request)
            if page is not None:
                pages.move_to_end(request)
        if page is None:
            parsed = parse_query(request.q)
            with self.session() as (s, catalog):
                page = _search(s, catalog, parsed, request)
                if page.documents < FEW_RESULTS and parsed.plain_words():
                    page = replace(page, suggestion=self._suggestion(s, catalog, parsed, request, page))
            with self._lock:
                if pages is self._pages:
                    pages[request] = page
                    while len(pages) > RESULT_CACHE:
                        pages.popitem(last=False)
        took = (time.perf_counter() - started) * 1000
        return replace(page, took_ms=round(took, 2))

    def _suggestion(
        self, s: Any, catalog: Catalog, parsed: ParsedQuery, request: SearchRequest, found: SearchPage
    ) -> str | None:
        """A corrected query that finds more documents, or documents with more of its words."""
        key = f"{request.filters!r}\x00{parsed.text}"
        if key in self._suggestions:
            return self._suggestions[key]
        suggestion = suggest_query(s, parsed, catalog.vocabularies)
        if suggestion is not None:
            better = _search(s, catalog, parse_query(suggestion), replace(request, page=1, per_page=1, group=False))
            more_words = better.matched_words > found.matched_words
            if better.documents < found.documents or (better.documents == found.documents and not more_words):
                suggestion = None
        with self._lock:
            self._suggestions[key] = suggestion
            while len(self._suggestions) > SUGGESTION_CACHE:
                self._suggestions.popitem(last=False)
        return suggestion

    def highlight(self, doc: Document, q: str) -> tuple[str, list[str]]:
        """The title and paragraphs of ``doc`` as HTML, with the words of query ``q`` marked."""
        title_spans, body_spans = self.match_spans(doc, q)
        return mark_text(doc.title, title_spans), mark_paragraphs(doc.body, body_spans)

    def match_spans(self, doc: Document, q: str) -> tuple[list[Span], list[Span]]:
        """Where the words of query ``q`` occur in the title and in the body of ``doc`` (character spans)."""
        parsed = parse_query(q)
        with self.searcher() as s:
            compiled = Compiler(s.reader()).compile(parsed)
            if compiled is None:
                return [], []
            docnum = s.document_number(id=doc.id)
            body_spans = _body_spans(s, docnum, compiled.terms) if docnum is not None else []
        return _title_spans(doc.title, compiled.terms), body_spans

    def related(self, doc_id: str, limit: int = RELATED_LIMIT) -> list[ArticleRef] | None:
        """Articles most like this one ("more like this"), one per story; None when there is no such article."""
        key = (doc_id, limit)
        with self._lock:
            cached = self._related.get(key)
        if cached is not None:
            return list(cached)
        generation = self.generation
        with self.session() as (s, catalog):
            docnum = s.document_number(id=doc_id)
            if docnum is None:
                return None
            related = _related(s, catalog, docnum, limit)
        with self._lock:  # remembered until the next generation, like suggestions
            if generation == self.generation:
                self._related[key] = related
            while len(self._related) > SUGGESTION_CACHE:
                self._related.popitem(last=False)
        return list(related)

    def versions(self, doc_id: str) -> list[ArticleRef] | None:
        """The other versions of this article's story in the index; None when there is no such article."""
        with self.session() as (s, catalog):
            docnum = s.document_number(id=doc_id)
            if docnum is None:
                return None
            return [_ref(s, d) for d in _by_date(catalog, catalog.versions(docnum), newest=False)]

    def story_of(self, doc_id: str) -> str | None:
        with self.session() as (s, catalog):
            docnum = s.document_number(id=doc_id)
            return catalog.story_id(docnum, doc_id) if docnum is not None else None


# ---------------------------------------------------------------------------------------------
# One search
# ---------------------------------------------------------------------------------------------


def _search(s: Any, catalog: Catalog, parsed: ParsedQuery, request: SearchRequest) -> SearchPage:
    per_page = max(1, min(request.per_page, MAX_PER_PAGE))
    page_no = max(1, request.page)
    empty = SearchPage(query=parsed.text, total=0, page=page_no, per_page=per_page, sort=request.sort)
    compiled = Compiler.for_query(s.reader(), parsed, QUESTION_WORDS)
    if compiled is None:
        if not request.filters:
            return empty
        compiled = Compiled(None, [], set())
    allowed = _allowed(s, catalog, compiled, request.filters)
    ranking = rank(s, compiled, allowed, catalog.scorer(s))
    docnums, scores = ranking.docnums, ranking.scores
    browsing = compiled.query is None  # filters alone do not rank: newest first unless asked otherwise
    if request.sort != "relevance" or browsing:
        order = _by_date(catalog, range(len(docnums)), newest=request.sort != "oldest", key=docnums.__getitem__)
        docnums, scores = [docnums[i] for i in order], [scores[i] for i in order]
    if request.group:
        entries = _group(catalog, docnums, scores)
    else:
        entries = [(d, sc, []) for d, sc in zip(docnums, scores, strict=True)]
    window = entries[(page_no - 1) * per_page : page_no * per_page]
    spans = _body_spans_of(s, [docnum for docnum, _score, _others in window], compiled.terms)
    hits = [_hit(s, catalog, d, score, others, compiled, spans.get(d, [])) for d, score, others in window]
    best = ranking.coverage(docnums[0]) if docnums and not browsing else 0
    return SearchPage(
        query=parsed.text,
        total=len(entries),
        page=page_no,
        per_page=per_page,
        hits=hits,
        matched_words=best,
        query_words=ranking.clauses,
        documents=len(docnums),
        facets=catalog.facets(docnums) if request.facets else {},
        timeline=catalog.timeline(docnums) if request.facets else [],
        sort=request.sort,
        grouped=request.group,
        question=ranking.question,
    )


def _allowed(s: Any, catalog: Catalog, compiled: Compiled, filters: Filters) -> set[int] | None:
    """The documents the filters allow (None: all of them)."""
    # The story is matched below, by its members: request_filters() would keep only the document
    # whose id is the story id (one version of the story instead of all of them).
    queries = compiled.filters + request_filters(replace(filters, story=None))
    allowed: set[int] | None = None
    for q in queries:
        docs = set(s.docs_for_query(q))
        allowed = docs if allowed is None else allowed & docs
    for start, end in [*compiled.dates, *([(filters.start, filters.end)] if filters.start or filters.end else [])]:
        dated = catalog.published_between(start, end)
        allowed = dated if allowed is None else allowed & dated
    if filters.story is not None:
        members = set(catalog.members(filters.story))
        if not members:
            own = s.document_number(id=filters.story)
            members = {own} if own is not None else set()
        allowed = members if allowed is None else allowed & members
    return allowed


def _by_date(catalog: Catalog, items: Any, *, newest: bool, key: Any = None) -> list[Any]:
    """``items`` ordered by publication date (through ``key``, a docnum); undated ones last, stably."""
    published = catalog.published
    get = key or (lambda item: item)
    items = list(items)
    dated = [i for i in items if published[get(i)] is not None]
    undated = [i for i in items if published[get(i)] is None]
    dated.sort(key=lambda i: published[get(i)] or 0, reverse=newest)
    return dated + undated


def _group(catalog: Catalog, docnums: list[int], scores: list[float]) -> list[tuple[int, float, list[int]]]:
    """One entry per story, at the place of its first (best) document; the others folded under it."""
    entries: list[tuple[int, float, list[int]]] = []
    where: dict[int, int] = {}
    for docnum, score in zip(docnums, scores, strict=True):
        key = catalog.story_key(docnum)
        at = where.get(key)
        if at is None:
            where[key] = len(entries)
            entries.append((docnum, score, []))
        else:
            entries[at][2].append(docnum)
    return entries


def _hit(
    s: Any, catalog: Catalog, docnum: int, score: float, others: list[int], compiled: Compiled, spans: list[Span]
) -> Hit:
    stored = s.stored_fields(docnum)
    body = stored.get("body") or ""
    title = stored.get("title") or ""
    return Hit(
        id=stored["id"],
        title=title,
        url=stored.get("url"),
        site=stored.get("site") or None,
        author=stored.get("author"),
        published=stored.get("published_text"),
        snippet=make_snippet(body, spans),
        score=round(float(score or 0.0), 4),
        title_html=mark_text(title, _title_spans(title, compiled.terms)),
        story=catalog.story_id(docnum, stored["id"]),
        duplicates=len(others),
        versions=tuple(_ref(s, d) for d in others[:MAX_VERSIONS]),
    )


def _ref(s: Any, docnum: int, score: float = 0.0) -> ArticleRef:
    stored = s.stored_fields(docnum)
    return ArticleRef(
        id=stored["id"],
        title=stored.get("title") or "",
        url=stored.get("url"),
        site=stored.get("site") or None,
        published=stored.get("published_text"),
        score=round(score, 4),
    )


def _related(s: Any, catalog: Catalog, docnum: int, limit: int) -> list[ArticleRef]:
    """More like this: the article's most telling words (Bo1), searched as one weighted query."""
    words = key_terms(s, [docnum], "body", RELATED_TERMS) or key_terms(s, [docnum], "title", RELATED_TERMS)
    if not words:
        return []
    q = wq.Or(
        [
            wq.Term(f, term, boost=weight * (TITLE_WEIGHT if f == "title" else 1.0))
            for term, weight in words
            for f in ("title", "body")
        ]
    )
    found = catalog.scorer(s).scores(q)
    docnums, scores = list(found), list(found.values())
    order = sorted(range(len(docnums)), key=lambda i: (-scores[i], docnums[i]))
    own_story = catalog.story_key(docnum)
    seen = {own_story}
    out: list[ArticleRef] = []
    for i in order:
        key = catalog.story_key(docnums[i])
        if key in seen:
            continue
        seen.add(key)
        out.append(_ref(s, docnums[i], scores[i]))
        if len(out) >= limit:
            break
    return out


def _body_spans(s: Any, docnum: int, terms: set[str]) -> list[Span]:
    """Where each term occurs in a document's body, read from the offsets stored in the index."""
    return _body_spans_of(s, [docnum], terms).get(docnum, [])


def _body_spans_of(s: Any, docnums: list[int], terms: set[str]) -> dict[int, list[Span]]:
    """:func:`_body_spans` for several documents, reading each term's postings once."""
    spans: dict[int, list[Span]] = {d: [] for d in docnums}
    wanted = sorted(spans)
    for term in terms:
        for docnum, chars in values_at(s.reader(), "body", term, wanted, "characters").items():
            spans[docnum].extend((start, end, term) for _pos, start, end in chars)
    return spans


def _title_spans(title: str, terms: set[str]) -> list[Span]:
    analyzer = text_analyzer()
    return [(t.startchar, t.endchar, t.text) for t in analyzer(title, chars=True) if t.text in terms]


__all__ = ["SORTS", "ArticleRef", "Hit", "SearchIndex", "SearchPage", "SearchRequest"]
