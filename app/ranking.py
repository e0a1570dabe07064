"""Ranking: every matching document, scored, best first.

Two kinds of queries are ranked two ways, each measured on Cranfield (``benchmarks/relevance.py``):

* **Keywords** (``blinken china``, up to :data:`QUESTION_WORDS` - 1 words, or any query with
  syntax): documents with more of the words come first; BM25F orders documents with as many. The
  score is the number of the query's words (or phrases, or alternatives) a document contains plus
  its BM25F relevance squeezed into [0, 1). People who type a few words expect the documents with
  all of them on top.
* **Questions** (:data:`QUESTION_WORDS` plain words or more, as in "what similarity laws must be
  obeyed when constructing aeroelastic models"): no one document holds every word, and putting
  documents with more of them first ranks far worse than BM25F alone (Cranfield MAP 0.21 against
  0.31). They are ranked by BM25F with
  pseudo-relevance feedback: the :data:`FEEDBACK_DOCS` best documents of a first pass lend their
  :data:`FEEDBACK_TERMS` most telling words (Bo1 divergence from randomness), which re-rank the same
  matches in a second pass (MAP +7 %, nDCG@10 +3 %). The feedback words only re-order: the set of
  matching documents, and so the total, is the same as without them.

Whoosh's own top-N collection is not used: its "matcher replacement" drops documents that belong
in the top N when union queries nest (a bug in whoosh-reloaded 2.7.5 seen on Cranfield), and every
match is needed anyway for exact totals, facets, grouping and sorting by date.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import classify
from whoosh import query as wq
from whoosh.collectors import Collector

from app.budget import CHECK_EVERY, check_deadline
from app.matching import Compiled
from app.postings import PostingScorer, Scores

#: A query of this many plain words or more is ranked as a question (see the module's docstring).
QUESTION_WORDS = 4
#: Pseudo-relevance feedback: how many top documents lend words, how many words, and their weight.
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 2.0


@dataclass(slots=True)
class Ranking:
    """Matching documents, best first, with their scores."""

    docnums: list[int]
    scores: list[float]
    #: For a short query: how many of its optional clauses each document matches.
    coverage: Callable[[int], int]
    #: How many optional clauses the query has (0 when it only filters).
    clauses: int
    question: bool = False


class _AllMatches(Collector):  # type: ignore[misc]
    """Every matching document and its score, optionally only among ``allowed`` documents."""

    def __init__(self, allowed: set[int] | None) -> None:
        super().__init__()
        self.allowed = allowed
        self.docnums: list[int] = []
        self.scores: list[float] = []

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context.set(needs_current=True))

    def collect_matches(self) -> None:
        matcher, offset, allowed = self.matcher, self.offset, self.allowed
        docnums, scores = self.docnums, self.scores
        check_deadline()  # a search past its time budget stops here, and every so many matches below
        seen = 0
        while matcher.is_active():
            docnum = offset + matcher.id()
            if allowed is None or docnum in allowed:
                docnums.append(docnum)
                scores.append(matcher.score())
            matcher.next()
            seen += 1
            if seen % CHECK_EVERY == 0:
                check_deadline()

    def collect(self, sub_docnum: int) -> None:  # pragma: no cover - collect_matches does the work
        raise NotImplementedError

    def sort_key(self, sub_docnum: int) -> float:  # pragma: no cover
        return 0.0

    def count(self) -> int:
        return len(self.docnums)


def all_matches(s: Any, query: Any, allowed: set[int] | None) -> tuple[list[int], list[float]]:
    """Every match of ``query`` through Whoosh's own matchers (the reference :mod:`app.postings` is checked against)."""
    collector = _AllMatches(allowed)
    s.search_with_collector(query, collector)
    return collector.docnums, collector.scores


def is_question(compiled: Compiled) -> bool:
    return compiled.plain and len(compiled.optional) >= QUESTION_WORDS


def rank(s: Any, compiled: Compiled, allowed: set[int] | None, scorer: PostingScorer) -> Ranking:
    """All documents that match ``compiled`` (and are ``allowed``, when given), best first."""
    if compiled.query is None:  # filters only: every allowed document, unscored
        docnums = sorted(allowed) if allowed is not None else list(s.reader().all_doc_ids())
        return Ranking(docnums, [0.0] * len(docnums), lambda _d: 0, 0)
    optional = compiled.optional
    parts = [scorer.scores(clause) for clause in optional]
    if optional and compiled.query == (optional[0] if len(optional) == 1 else wq.Or(optional)):
        combined = _sum(parts)  # the query is the alternatives: no need to score it twice
    else:
        combined = scorer.scores(compiled.query)
    if allowed is not None:
        combined = {d: score for d, score in combined.items() if d in allowed}
    clauses = len(optional)

    def coverage(docnum: int) -> int:
        return sum(1 for part in parts if docnum in part)

    if is_question(compiled):
        combined = _with_feedback(s, compiled, combined, scorer)
        return Ranking(*_ordered(combined), coverage=coverage, clauses=clauses, question=True)
    if clauses > 1:
        counts = dict.fromkeys(combined, 0)
        for part in parts:
            for d in part:
                if d in counts:
                    counts[d] += 1
        combined = {d: counts[d] + score / (score + 1.0) for d, score in combined.items()}
    else:
        base = 1.0 if clauses else 0.0
        combined = {d: base + score / (score + 1.0) for d, score in combined.items()}
    return Ranking(*_ordered(combined), coverage=coverage, clauses=clauses)


def _sum(parts: list[Scores]) -> Scores:
    if len(parts) == 1:
        return dict(parts[0])
    out: Scores = {}
    for part in parts:
        for d, score in part.items():
            out[d] = out.get(d, 0.0) + score
    return out


def _ordered(scores: Scores) -> tuple[list[int], list[float]]:
    """Best first; documents with equal scores in document order (two sorts in C, no Python key function)."""
    order = sorted(sorted(scores), key=scores.__getitem__, reverse=True)
    return order, [scores[d] for d in order]


def _with_feedback(s: Any, compiled: Compiled, scores: Scores, scorer: PostingScorer) -> Scores:
    if len(scores) <= FEEDBACK_DOCS:
        return scores
    best = heapq.nlargest(FEEDBACK_DOCS, sorted(scores), key=scores.__getitem__)
    expansion = key_terms(s, best, "body", FEEDBACK_TERMS)
    extra = [
        wq.Term(f, term, boost=FEEDBACK_WEIGHT * weight * (compiled.title_weight if f == "title" else 1.0))
        for term, weight in expansion
        for f in ("title", "body")
    ]
    if not extra:
        return scores
    # Scored apart and added: the feedback words re-order the matches, they add none.
    bonus = scorer.scores(wq.Or(extra))
    return {d: score + bonus.get(d, 0.0) for d, score in scores.items()}


def key_terms(s: Any, docnums: list[int], fieldname: str, number: int) -> list[tuple[str, float]]:
    """The ``number`` most telling words of some documents' field (Bo1 divergence from randomness).

    Like Whoosh's ``Searcher.key_terms``, which fails on a document whose field is empty.
    """
    expander = classify.Expander(s.reader(), fieldname, model=classify.Bo1Model)
    added = False
    for docnum in docnums:
        text = s.stored_fields(docnum).get(fieldname)
        if text:
            expander.add_text(text)
            added = True
    return list(expander.expanded_terms(number, normalize=True)) if added else []
