"""Searching the index: a request in, a page of ranked, highlighted hits out. Knows nothing of HTTP.

Ranking is BM25F over title and body (a word in the title counts more). Plain words are all
optional, but documents that contain more of them come first: every hit's score is the number of
the query's words (or phrases, or alternatives) it contains, plus its BM25F relevance squeezed into
[0, 1). So a query of several words lists the documents that have all of them first, without
dropping the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector

from app.documents import Document
from app.errors import IndexUnavailable
from app.index import CURRENT, current_generation, open_generation, stored_document, text_analyzer
from app.query import Filter, Group, Node, Not, ParsedQuery, Phrase, Word, parse_query
from app.snippets import Span, make_snippet, mark_paragraphs, mark_text

#: Largest page size a request may ask for.
MAX_PER_PAGE = 100
#: A prefix (``blink*``) expands to at most this many indexed words, the most frequent first.
MAX_PREFIX_TERMS = 64
#: How often (seconds) the live index is checked for a newer generation.
REFRESH_INTERVAL = 1.0


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10


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


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    took_ms: float = 0.0
    #: How many of the query's optional words the best hit contains, and how many there are.
    matched_words: int = 0
    query_words: int = 0

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
# From the query tree to Whoosh queries
# ---------------------------------------------------------------------------------------------


@dataclass
class _Compiled:
    """A query ready for Whoosh, with what ranking and highlighting need to know about it."""

    query: Any
    optional: list[Any]  # the clauses whose count orders the hits
    terms: set[str]  # analysed words to highlight
    filter_only: bool


class _Compiler:
    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.analyzer = text_analyzer()
        self.terms: set[str] = set()

    def tokens(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def fields(self, name: str | None) -> tuple[str, ...]:
        return (name,) if name else ("title", "body")

    def node(self, node: Node, *, positive: bool = True) -> Any | None:
        if isinstance(node, Word):
            return self.word(node, positive)
        if isinstance(node, Phrase):
            return self.phrase(node.words, node.field, positive)
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Not):
            return self.node(node.child, positive=False)
        parts = [q for q in (self.node(c, positive=positive) for c in node.children if not isinstance(c, Not)) if q]
        excluded = [q for q in (self.node(c.child, positive=False) for c in node.children if isinstance(c, Not)) if q]
        if not parts:
            return None
        combined = wq.And(parts) if node.op == "and" else wq.Or(parts) if len(parts) > 1 else parts[0]
        return wq.AndNot(combined, wq.Or(excluded)) if excluded else combined

    def word(self, word: Word, positive: bool) -> Any | None:
        if word.prefix:
            return self.prefix(word, positive)
        tokens = self.tokens(word.text)
        if not tokens:
            return None
        if len(tokens) > 1:  # "COVID-19", "e-mail": the parts next to each other
            return self.phrase(tuple(tokens), word.field, positive, analysed=True)
        if positive:
            self.terms.add(tokens[0])
        return _either([wq.Term(f, tokens[0]) for f in self.fields(word.field)])

    def prefix(self, word: Word, positive: bool) -> Any | None:
        folded = "".join(t.text for t in self.analyzer(word.text, mode="query", removestops=False)) or word.text.lower()
        stem = self.tokens(word.text)
        # The index holds stems ("negoti" for "negotiations"): expand the shorter of the two.
        start = stem[0] if stem and folded.startswith(stem[0]) else folded
        queries = []
        for name in self.fields(word.field):
            expanded = self._expand(name, start)
            if expanded:
                queries.append(wq.Or([wq.Term(name, t) for t in expanded]))
                if positive:
                    self.terms.update(expanded)
        return _either(queries)

    def _expand(self, field_name: str, prefix: str) -> list[str]:
        try:
            words = [
                w.decode("utf-8") if isinstance(w, bytes) else w for w in self.reader.expand_prefix(field_name, prefix)
            ]
        except (KeyError, ValueError):
            return []
        if len(words) > MAX_PREFIX_TERMS:
            words = sorted(words, key=lambda w: -self.reader.doc_frequency(field_name, w))[:MAX_PREFIX_TERMS]
        return words

    def phrase(self, words: tuple[str, ...], field_name: str | None, positive: bool, analysed: bool = False) -> Any:
        tokens = list(words) if analysed else [t for w in words for t in self.tokens(w)]
        if not tokens:
            return None
        if positive:
            self.terms.update(tokens)
        if len(tokens) == 1:
            return _either([wq.Term(f, tokens[0]) for f in self.fields(field_name)])
        return _either([wq.Phrase(f, tokens) for f in self.fields(field_name)])

    def filter(self, node: Filter) -> Any:
        value = node.value.strip().lower()
        if node.field == "site":
            return wq.Term("sites", value.removeprefix("www."))
        if node.field == "author":
            return wq.Term("author", value)
        return wq.Term("categories", value)

    def compile(self, parsed: ParsedQuery) -> _Compiled | None:
        optional: list[Any] = []
        required: list[Any] = []
        excluded: list[Any] = []
        for child in parsed.root.children:
            if isinstance(child, Not):
                q = self.node(child.child, positive=False)
                if q is not None:
                    excluded.append(q)
            elif isinstance(child, Filter) or (isinstance(child, Group) and child.op == "and"):
                q = self.node(child)
                if q is not None:
                    required.append(q)
            else:
                q = self.node(child)
                if q is not None:
                    optional.append(q)
        if not optional and not required and not excluded:
            return None
        filter_only = not optional and all(isinstance(c, Filter | Not) for c in parsed.root.children)
        if optional and required:
            main = wq.AndMaybe(_all(required), _either(optional))
        elif required:
            main = _all(required)
        elif optional:
            main = _either(optional)
        else:
            main = wq.Every()
        if excluded:
            main = wq.AndNot(main, _either(excluded))
        return _Compiled(main, optional, self.terms, filter_only)


def _either(queries: list[Any]) -> Any | None:
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _all(queries: list[Any]) -> Any:
    return queries[0] if len(queries) == 1 else wq.And(queries)


# ---------------------------------------------------------------------------------------------
# Ranking: coordination first, then BM25F
# ---------------------------------------------------------------------------------------------


class _CoordinationCollector(TopCollector):  # type: ignore[misc]
    """Scores each hit as (number of optional clauses it matches) + bm25 / (bm25 + 1)."""

    def __init__(self, limit: int, coverage: Callable[[int], int]) -> None:
        # Block-quality skipping assumes scores bounded by BM25 alone: off, which also makes the count exact.
        super().__init__(limit=limit, usequality=False)
        self.coverage = coverage

    def collect(self, sub_docnum: int) -> Any:
        global_docnum = self.offset + sub_docnum
        score = self.matcher.score()
        return self._collect(global_docnum, self.coverage(global_docnum) + score / (score + 1.0))


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
        self._open()

    def _open(self) -> None:
        generation = current_generation(self.index_dir)
        if generation is None:
            raise IndexUnavailable(f"no index at {self.index_dir}: build one with `python -m app index`")
        ix = open_generation(generation)
        with self._lock:
            old_pool, self._pool = self._pool, []
            self._ix, self.generation = ix, generation
            self._pointer_stamp = self._stamp()
        for searcher in old_pool:
            searcher.close()

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
        self._open()
        return True

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        self.refresh()
        with self._lock:
            ix = self._ix
            s = self._pool.pop() if self._pool else None
        if s is None:
            s = ix.searcher()
        try:
            yield s
        finally:
            with self._lock:
                if ix is self._ix and len(self._pool) < 16:
                    self._pool.append(s)
                    s = None
            if s is not None:
                s.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, []
        for s in pool:
            s.close()

    def count(self) -> int:
        with self.searcher() as s:
            return int(s.doc_count())

    def document(self, doc_id: str) -> Document | None:
        with self.searcher() as s:
            stored = s.document(id=doc_id)
        return stored_document(stored) if stored else None

    def search(self, request: SearchRequest) -> SearchPage:
        started = time.perf_counter()
        parsed = parse_query(request.q)
        with self.searcher() as s:
            page = _search(s, parsed, request)
        took = (time.perf_counter() - started) * 1000
        return replace(page, took_ms=round(took, 2))

    def highlight(self, doc: Document, q: str) -> tuple[str, list[str]]:
        """The title and paragraphs of ``doc`` as HTML, with the words of query ``q`` marked."""
        parsed = parse_query(q)
        with self.searcher() as s:
            compiled = _Compiler(s.reader()).compile(parsed)
            if compiled is None:
                return mark_text(doc.title, []), mark_paragraphs(doc.body, [])
            docnum = s.document_number(id=doc.id)
            body_spans = _body_spans(s, docnum, compiled.terms) if docnum is not None else []
        return mark_text(doc.title, _title_spans(doc.title, compiled.terms)), mark_paragraphs(doc.body, body_spans)


def _search(s: Any, parsed: ParsedQuery, request: SearchRequest) -> SearchPage:
    per_page = max(1, min(request.per_page, MAX_PER_PAGE))
    page_no = max(1, request.page)
    empty = SearchPage(query=parsed.text, total=0, page=page_no, per_page=per_page)
    compiled = _Compiler(s.reader()).compile(parsed)
    if compiled is None:
        return empty
    limit = page_no * per_page
    if compiled.filter_only:
        results = s.search(compiled.query, limit=limit, sortedby="published", reverse=True)
        coverage_of: Callable[[int], int] = lambda _n: 0  # noqa: E731
    else:
        coverage_of = _coverage(s, compiled.optional)
        collector = _CoordinationCollector(limit, coverage_of)
        s.search_with_collector(compiled.query, collector)
        results = collector.results()
    total = len(results)
    window = list(results.top_n[(page_no - 1) * per_page : limit])
    # Sorted by date, a hit's "score" would be a timestamp: filters alone do not rank, so it is 0.
    hits = [_hit(s, docnum, 0.0 if compiled.filter_only else score, compiled) for score, docnum in window]
    best = coverage_of(results.top_n[0][1]) if results.top_n else 0
    return SearchPage(
        query=parsed.text,
        total=total,
        page=page_no,
        per_page=per_page,
        hits=hits,
        matched_words=best,
        query_words=len(compiled.optional),
    )


def _coverage(s: Any, clauses: list[Any]) -> Callable[[int], int]:
    """How many of the optional clauses each document matches."""
    if len(clauses) < 2:
        return lambda _docnum: 1 if clauses else 0
    sets = [set(s.docs_for_query(c)) for c in clauses]
    return lambda docnum: sum(1 for docs in sets if docnum in docs)


def _hit(s: Any, docnum: int, score: float, compiled: _Compiled) -> Hit:
    stored = s.stored_fields(docnum)
    body = stored.get("body") or ""
    title = stored.get("title") or ""
    spans = _body_spans(s, docnum, compiled.terms)
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
    )


def _body_spans(s: Any, docnum: int, terms: set[str]) -> list[Span]:
    """Where each term occurs in a document's body, read from the offsets stored in the index."""
    reader = s.reader()
    spans: list[Span] = []
    for term in terms:
        try:
            postings = reader.postings("body", term)
        except Exception:  # the term is not in the index at all
            continue
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            spans.extend((start, end, term) for _pos, start, end in postings.value_as("characters"))
    return spans


def _title_spans(title: str, terms: set[str]) -> list[Span]:
    analyzer = text_analyzer()
    return [(t.startchar, t.endchar, t.text) for t in analyzer(title, chars=True) if t.text in terms]
