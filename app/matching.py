"""Which documents match: a parsed query and the request's filters, as Whoosh queries.

Words and phrases become scoring clauses over the title and the body (a word in the title weighs
:data:`TITLE_WEIGHT` times a word in the body). Filters (``site:``, ``after:``, the request's
``site=`` and ``from=`` parameters ...) only restrict: they never change a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from whoosh import query as wq

from app.analysis import text_analyzer
from app.limits import MIN_PREFIX_CHARS, check_expansion, check_query, prefix_letters
from app.query import DateFilter, Filter, Group, Node, Not, ParsedQuery, Phrase, Word

#: A prefix (``blink*``) expands to at most this many indexed words, the most frequent first.
MAX_PREFIX_TERMS = 64
#: How much a word in the title counts against the same word in the body (BM25F field weight), for
#: a few keywords: a headline that holds the word is about it, more than a body that mentions it.
TITLE_WEIGHT = 2.0
#: The same for questions (many words): measured on Cranfield (``benchmarks/relevance.py``), where
#: the body repeats the title, a title word counting less than a body word ranks best (0.4-0.6).
QUESTION_TITLE_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions from the request (URL parameters), on top of those written in the query.

    Values of one field are alternatives (``site=a&site=b``: either site); fields combine (site and
    author). Dates are a half-open range [``start``, ``end``).
    """

    sites: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    story: str | None = None

    def __bool__(self) -> bool:
        return bool(self.sites or self.authors or self.categories or self.start or self.end or self.story)


@dataclass
class Compiled:
    """A query ready for Whoosh, with what ranking and highlighting need to know about it."""

    #: The scoring part (None when the query only filters).
    query: Any | None
    #: The clauses whose count orders the hits of a short query.
    optional: list[Any]
    #: Analysed words to highlight.
    terms: set[str]
    #: Filters written in the query (``site:``), each a Whoosh query that must match.
    filters: list[Any] = field(default_factory=list)
    #: Whether every optional clause is a plain word (a typed question rather than syntax).
    plain: bool = False
    title_weight: float = TITLE_WEIGHT
    #: Date ranges written at the top of the query (``after:2023-06``): [start, end), either open.
    dates: list[tuple[datetime | None, datetime | None]] = field(default_factory=list)


class Compiler:
    """Turns the query tree into Whoosh queries, expanding prefixes against one reader's words."""

    @classmethod
    def for_query(cls, reader: Any, parsed: ParsedQuery, question_words: int) -> Compiled | None:
        """Compile ``parsed`` for a search, with the title weight of a question when it has ``question_words``
        plain words.

        Raises:
            QueryTooExpensive: the query is over one of the limits of :mod:`app.limits`.
        """
        check_query(parsed)
        compiler = cls(reader)
        compiled = compiler.compile(parsed)
        check_expansion(compiler.expanded)
        if compiled is not None and compiled.plain and len(compiled.optional) >= question_words:
            compiled = cls(reader, title_weight=QUESTION_TITLE_WEIGHT, split_compounds=True).compile(parsed)
        return compiled

    def __init__(self, reader: Any, *, title_weight: float = TITLE_WEIGHT, split_compounds: bool = False) -> None:
        self.reader = reader
        #: In a question, "real-gas" counts as the words "real" and "gas" (documents with only one
        #: of them still count); in keywords it is the phrase "real gas".
        self.split_compounds = split_compounds
        self.analyzer = text_analyzer()
        self.terms: set[str] = set()
        self.title_weight = title_weight
        #: How many indexed words the query's wildcards matched (each word once per wildcard).
        self.expanded = 0

    def tokens(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def fields(self, name: str | None) -> tuple[str, ...]:
        return (name,) if name else ("title", "body")

    def term(self, field_name: str, text: str) -> Any:
        return wq.Term(field_name, text, boost=self.title_weight if field_name == "title" else 1.0)

    def node(self, node: Node, *, positive: bool = True) -> Any | None:
        if isinstance(node, Word):
            return self.word(node, positive)
        if isinstance(node, Phrase):
            return self.phrase(node.words, node.field, positive)
        if isinstance(node, Filter | DateFilter):
            return filter_query(node)
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
        if len(tokens) > 1 and self.split_compounds:
            if positive:
                self.terms.update(tokens)
            return either([self.term(f, t) for t in dict.fromkeys(tokens) for f in self.fields(word.field)])
        if len(tokens) > 1:  # "COVID-19", "e-mail": the parts next to each other
            return self.phrase(tuple(tokens), word.field, positive, analysed=True)
        if positive:
            self.terms.add(tokens[0])
        return either([self.term(f, tokens[0]) for f in self.fields(word.field)])

    def prefix(self, word: Word, positive: bool) -> Any | None:
        folded = "".join(t.text for t in self.analyzer(word.text, mode="query", removestops=False)) or word.text.lower()
        if prefix_letters(word.text) < MIN_PREFIX_CHARS:  # a search refuses it (app.limits); highlighting skips it
            return None
        stem = self.tokens(word.text)
        # The index holds stems ("negoti" for "negotiations"): expand the shorter of the two.
        start = stem[0] if stem and folded.startswith(stem[0]) else folded
        queries = []
        matched: set[str] = set()
        for name in self.fields(word.field):
            expanded = self._expand(name, start)
            if expanded:
                queries.append(wq.Or([self.term(name, t) for t in expanded]))
                matched.update(expanded)
                if positive:
                    self.terms.update(expanded)
        self.expanded += len(matched)
        return either(queries)

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
            return either([self.term(f, tokens[0]) for f in self.fields(field_name)])
        return either(
            [wq.Phrase(f, tokens, boost=self.title_weight if f == "title" else 1.0) for f in self.fields(field_name)]
        )

    def compile(self, parsed: ParsedQuery) -> Compiled | None:
        """The query's parts; None when it holds nothing to search or filter by."""
        optional: list[Any] = []
        required: list[Any] = []
        excluded: list[Any] = []
        filters: list[Any] = []
        dates: list[tuple[datetime | None, datetime | None]] = []
        plain = True
        seen: set[Any] = set()
        for child in parsed.root.children:
            if isinstance(child, Not):
                q = self.node(child.child, positive=False)
                if q is not None:
                    excluded.append(q)
            elif isinstance(child, DateFilter):
                dates.append((child.start, child.end))
            elif isinstance(child, Filter):
                filters.append(filter_query(child))
            elif isinstance(child, Group) and child.op == "and":
                q = self.node(child)
                if q is not None:
                    required.append(q)
            else:
                q = self.node(child)
                if q is not None and q not in seen:  # a word typed twice counts once
                    seen.add(q)
                    optional.append(q)
                    plain = plain and isinstance(child, Word) and not child.prefix and child.field is None
        if not optional and not required and not excluded and not filters and not dates:
            return None
        main: Any | None
        if optional and required:
            main = wq.AndMaybe(all_of(required), either(optional))
        elif required:
            main = all_of(required)
        elif optional:
            main = either(optional)
        else:
            main = None
        if excluded:
            main = wq.AndNot(main if main is not None else wq.Every(), either(excluded))
        return Compiled(
            main,
            optional,
            self.terms,
            filters,
            plain=plain and not required and bool(optional),
            title_weight=self.title_weight,
            dates=dates,
        )


def filter_query(node: Filter | DateFilter) -> Any:
    """A metadata filter written in the query, as a Whoosh query."""
    if isinstance(node, DateFilter):
        return date_range(node.start, node.end)
    value = node.value.strip().lower()
    if node.field == "site":
        return wq.Term("sites", value.removeprefix("www."))
    if node.field == "author":
        return wq.Term("author", value)
    return wq.Term("categories", value)


def date_range(start: datetime | None, end: datetime | None) -> Any:
    """Documents published from ``start`` (included) to ``end`` (excluded)."""
    return wq.DateRange("published", start, end, startexcl=False, endexcl=True)


def request_filters(filters: Filters, story_docs: Sequence[str] = ()) -> list[Any]:
    """The request's filters as Whoosh queries that must all match."""
    out: list[Any] = []
    for field_name, values in (("site", filters.sites), ("author", filters.authors), ("category", filters.categories)):
        if values:
            out.append(either([filter_query(Filter(field_name, v)) for v in values]))
    # The request's dates are applied from the catalog (app.catalog), faster than a Whoosh date range.
    if filters.story is not None:
        ids = list(story_docs) or [filters.story]
        out.append(either([wq.Term("id", i) for i in ids]))
    return out


def either(queries: list[Any]) -> Any | None:
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def all_of(queries: list[Any]) -> Any:
    return queries[0] if len(queries) == 1 else wq.And(queries)
