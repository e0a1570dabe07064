"""Scoring every match of a query from posting lists read a block at a time.

Whoosh scores through a tree of matcher objects, several Python calls per document and clause:
for a word in half the collection that is most of a search's time. Here a word's postings are
read a block (128 documents) at a time and scored with BM25F in one loop, and a query's clauses
are combined as dictionaries ``docnum -> score``. The scores are Whoosh's own (same formula,
same statistics, same field lengths), so ranking is unchanged; a test compares both.

Words, alternatives (``Or``), all-of (``And``), exclusions (``AndNot``) and ``AndMaybe`` are
done here; any other query (phrases, ranges) is scored by Whoosh's matchers, whose results join
the same dictionaries.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from app.budget import CHECK_EVERY, check_deadline

Scores = dict[int, float]


class PostingScorer:
    """Scores queries against one searcher (a searcher is used by one thread at a time)."""

    def __init__(self, searcher: Any, norms: dict[str, list[float]]) -> None:
        self.s = searcher
        self.reader = searcher.reader()
        #: per field, per document, ``K1 * (1 - B + B * length / average length)`` (see :func:`field_norms`)
        self.norms = norms
        weighting = searcher.weighting
        self.fast = isinstance(weighting, BM25F) and not weighting._field_B
        self.k1 = getattr(weighting, "K1", 1.2)

    def scores(self, q: Any) -> Scores:
        """Every document matching ``q`` and its score.

        Raises:
            SearchTimeout: the search's time budget (:mod:`app.budget`) ran out; checked for every
                clause and word, and every segment of a word's postings.
        """
        check_deadline()
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term) and self.fast and q.fieldname in self.norms:
            out = self._term(q.fieldname, q.text)
        elif isinstance(q, wq.Phrase) and self.fast and q.fieldname in self.norms and q.slop == 1:
            out = self._phrase(q.fieldname, list(q.words))
        elif isinstance(q, wq.Or) and not q.minmatch and q.scale is None:
            out = {}
            for sub in q.subqueries:
                for docnum, score in self.scores(sub).items():
                    out[docnum] = out.get(docnum, 0.0) + score
        elif isinstance(q, wq.And):
            parts = sorted((self.scores(sub) for sub in q.subqueries), key=len)
            out = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                out = {d: sc + part[d] for d, sc in out.items() if d in part}
        elif isinstance(q, wq.AndNot):
            positive = self.scores(q.a)
            negative = self.docs(q.b)
            out = {d: sc for d, sc in positive.items() if d not in negative}
        elif isinstance(q, wq.AndMaybe):
            required = self.scores(q.a)
            optional = self.scores(q.b)
            out = {d: sc + optional.get(d, 0.0) for d, sc in required.items()}
        else:
            return self._whoosh(q)
        if boost != 1.0:
            out = {d: sc * boost for d, sc in out.items()}
        return out

    def docs(self, q: Any) -> set[int]:
        """The documents matching ``q``, unscored."""
        return set(self.s.docs_for_query(q))

    def _term(self, fieldname: str, text: str) -> Scores:
        reader = self.reader
        field = reader.schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return {}
        if (fieldname, btext) not in reader:
            return {}
        idf = self.s.idf(fieldname, text)
        top = idf * (self.k1 + 1)
        norms = self.norms[fieldname]
        out: Scores = {}
        for leaf, offset in _leaves(reader):
            check_deadline()
            if (fieldname, btext) not in leaf:
                continue
            ids, weights = _postings(leaf.postings(fieldname, btext))
            deleted = leaf.deleted_docs_set if leaf.has_deletions() else ()
            for docnum, tf in zip(ids, weights, strict=True):
                if docnum in deleted:
                    continue
                d = docnum + offset
                out[d] = top * tf / (tf + norms[d])
        return out

    def _phrase(self, fieldname: str, words: list[str]) -> Scores:
        """Documents with the words next to each other, in order; scored like Whoosh's phrase matcher
        (the sum of the words' scores in the document)."""
        parts = [self._term(fieldname, w if isinstance(w, str) else w.decode("utf-8")) for w in words]
        if not parts or not all(parts):
            return {}
        candidates = set(parts[min(range(len(parts)), key=lambda i: len(parts[i]))])
        for part in parts:
            candidates.intersection_update(part)
        if not candidates:
            return {}
        docnums = sorted(candidates)
        positions = [self._positions(fieldname, w, docnums) for w in words]
        out: Scores = {}
        for d in docnums:
            following = [set(p.get(d, ())) for p in positions[1:]]
            if any(
                all(start + i in after for i, after in enumerate(following, 1)) for start in positions[0].get(d, ())
            ):
                out[d] = sum(part[d] for part in parts)
        return out

    def _positions(self, fieldname: str, word: str | bytes, docnums: list[int]) -> dict[int, list[int]]:
        """Where ``word`` occurs in each of ``docnums`` (sorted), in word positions."""
        check_deadline()
        return values_at(self.reader, fieldname, word, docnums, "positions")

    def _whoosh(self, q: Any) -> Scores:
        out: Scores = {}
        for sub, offset in self.s.leaf_searchers():
            matcher = q.matcher(sub)
            while matcher.is_active():
                out[matcher.id() + offset] = matcher.score()
                matcher.next()
                if len(out) % CHECK_EVERY == 0:
                    check_deadline()
        return out


def values_at(reader: Any, fieldname: str, word: str | bytes, docnums: list[int], kind: str) -> dict[int, Any]:
    """The posting values of ``word`` (``kind``: "positions", "characters") in each of ``docnums``
    (sorted) that holds it, reading its postings once."""
    out: dict[int, Any] = {}
    try:
        matcher = reader.postings(fieldname, word)
    except TermNotFound:
        return out
    for docnum in docnums:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            out[docnum] = matcher.value_as(kind)
    return out


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    return list(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else [(reader, 0)]


def _postings(matcher: Any) -> tuple[list[int], list[float]]:
    """All ids and weights (term frequencies) of a leaf matcher, a block at a time when possible."""
    ids: list[int] = []
    weights: list[float] = []
    inner = matcher
    while not isinstance(inner, W3LeafMatcher) and hasattr(inner, "child"):
        inner = inner.child  # a filter for deleted documents: they are dropped by the caller
    if isinstance(inner, W3LeafMatcher):
        inner.reset()
        while inner.is_active():
            inner._read_ids()
            inner._read_weights()
            ids.extend(inner._ids)
            weights.extend(inner._weights)
            inner._next_block()
        return ids, weights
    while matcher.is_active():  # postings stored inline with the word (a word in one document)
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def field_norms(searcher: Any, fieldnames: tuple[str, ...], k1: float = 1.2, b: float = 0.75) -> dict[str, list[float]]:
    """Per field, per document number, the length part of BM25's denominator, as Whoosh computes it."""
    reader = searcher.reader()
    size = int(reader.doc_count_all())
    out: dict[str, list[float]] = {}
    for name in fieldnames:
        average = searcher.avg_field_length(name) or 1
        norms = [k1] * size
        for leaf, offset in _leaves(reader):
            for docnum in range(leaf.doc_count_all()):
                length = leaf.doc_field_length(docnum, name, 1) or 1
                norms[docnum + offset] = k1 * ((1 - b) + b * length / average)
        out[name] = norms
    return out
