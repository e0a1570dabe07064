"""What search needs to know about every document at once: its story, site, authors, categories and date.

Facet counts, sorting by date and grouping copies of one story look at every matching document,
often thousands. Reading Whoosh's stored fields that often would be slow, so a :class:`Catalog`
loads these few values for the whole index once per generation (from the facet fields' posting
lists, the date column and ``stories.json``) into plain lists indexed by document number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh.util.times import datetime_to_long, long_to_datetime

from app.index import read_stories
from app.postings import PostingScorer, field_norms
from app.vocabulary import Vocabulary, open_vocabularies

#: The fields queries score (their lengths are loaded once per generation).
SCORED_FIELDS = ("title", "body")

#: Facets in the order the page shows them, and the index field each is read from.
FACET_FIELDS = {"site": "facet_site", "author": "facet_author", "category": "facet_category"}
#: Facets by publication date.
DATE_FACETS = ("year", "month")
#: Whoosh's column value for "no date".
_NO_DATE = 2**64 - 1


def _month(stamp: int | None) -> str | None:
    if stamp is None:
        return None
    try:
        moment = long_to_datetime(stamp)
    except (OverflowError, ValueError):
        return None
    return f"{moment.year:04d}-{moment.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    """Every month label from ``first`` to ``last``, both included ("2023-11", "2023-12", "2024-01")."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        out.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int


@dataclass(slots=True)
class Catalog:
    """Per-document values of one index generation, by document number."""

    size: int
    #: facet name -> per document, the facet's values (empty tuple when it has none)
    values: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    #: per document, its publication time as Whoosh stores it (microseconds since year 1), or None
    published: list[int | None] = field(default_factory=list)
    #: per document, its publication month ("2023-06"), or None
    month: list[str | None] = field(default_factory=list)
    #: per document, the index of its story in ``story_ids``, or -1 when it is the only version
    story_of: list[int] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    story_members: list[list[int]] = field(default_factory=list)
    _story_index: dict[str, int] = field(default_factory=dict, repr=False)
    #: per scored field, per document, the length part of BM25's denominator (see :mod:`app.postings`)
    norms: dict[str, list[float]] = field(default_factory=dict, repr=False)
    #: the words of the spelling fields, for "did you mean" (files of the generation)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict, repr=False)

    def scorer(self, searcher: Any) -> PostingScorer:
        """Scores queries against ``searcher``, which must be of this catalog's generation."""
        return PostingScorer(searcher, self.norms)

    @classmethod
    def load(cls, searcher: Any, generation: Path | None) -> Catalog:
        reader = searcher.reader()
        size = int(reader.doc_count_all())
        catalog = cls(size=size)
        catalog.norms = field_norms(searcher, SCORED_FIELDS)
        catalog.vocabularies = open_vocabularies(generation)
        for name, fieldname in FACET_FIELDS.items():
            per_doc: list[list[str]] = [[] for _ in range(size)]
            if fieldname in reader.schema:
                for term in reader.lexicon(fieldname):
                    value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                    for docnum in reader.postings(fieldname, term).all_ids():
                        per_doc[docnum].append(value)
            catalog.values[name] = [tuple(v) for v in per_doc]
        catalog.published = [None] * size
        # Segment by segment: a segment without dated documents has no date column (and Whoosh's
        # reader over several segments then fails or returns values that are no date).
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, offset in leaves:
            if leaf.has_column("published"):
                column = leaf.column_reader("published", translate=False)
                for n in range(leaf.doc_count_all()):
                    value = column[n]
                    if isinstance(value, int) and 0 <= value < _NO_DATE:
                        catalog.published[offset + n] = value
        catalog.month = [_month(stamp) for stamp in catalog.published]
        catalog.story_of = [-1] * size
        stories = read_stories(generation) if generation is not None else {}
        index_of: dict[str, int] = {}
        for doc_id, story in sorted(stories.items()):
            docnum = reader.first_id("id", doc_id)
            if docnum is None:
                continue
            if story not in index_of:
                index_of[story] = len(catalog.story_ids)
                catalog.story_ids.append(story)
                catalog.story_members.append([])
            catalog.story_of[docnum] = index_of[story]
            catalog.story_members[index_of[story]].append(docnum)
        return catalog

    def story_key(self, docnum: int) -> int:
        """A key equal for the versions of one story: the story's index, or ``-1 - docnum`` for a lone document."""
        story = self.story_of[docnum]
        return story if story >= 0 else -1 - docnum

    def story_id(self, docnum: int, doc_id: str) -> str:
        story = self.story_of[docnum]
        return self.story_ids[story] if story >= 0 else doc_id

    def versions(self, docnum: int) -> list[int]:
        """The other documents of this document's story, in the whole index."""
        story = self.story_of[docnum]
        return [d for d in self.story_members[story] if d != docnum] if story >= 0 else []

    def members(self, story_id: str) -> list[int]:
        """The documents of a story, given its id (empty for a lone document, whose story id is its own id)."""
        if len(self._story_index) != len(self.story_ids):
            self._story_index = {story: i for i, story in enumerate(self.story_ids)}
        at = self._story_index.get(story_id)
        return list(self.story_members[at]) if at is not None else []

    def published_between(self, start: datetime | None, end: datetime | None) -> set[int]:
        """Documents published from ``start`` (included) to ``end`` (excluded); naive datetimes are UTC."""
        low = datetime_to_long(start) if start is not None else -1
        high = datetime_to_long(end) if end is not None else _NO_DATE
        return {n for n, stamp in enumerate(self.published) if stamp is not None and low <= stamp < high}

    def published_at(self, docnum: int) -> datetime | None:
        value = self.published[docnum]
        return long_to_datetime(value) if value is not None else None

    def timeline(self, docnums: Iterable[int], *, max_bars: int = 36) -> list[FacetValue]:
        """Matching documents per month ("2023-06"), oldest first; per year ("2023") when the months
        would make more than ``max_bars`` bars. Empty months and years inside the span count 0."""
        months: Counter[str] = Counter(filter(None, map(self.month.__getitem__, docnums)))
        if not months:
            return []
        first, last = min(months), max(months)
        span = _months_between(first, last)
        if len(span) <= max_bars:
            return [FacetValue(m, months[m]) for m in span]
        years: Counter[str] = Counter()
        for month, count in months.items():
            years[month[:4]] += count
        return [FacetValue(str(y), years[str(y)]) for y in range(int(first[:4]), int(last[:4]) + 1)]

    def facets(self, docnums: Iterable[int], *, limit: int = 10) -> dict[str, list[FacetValue]]:
        """Counts of each facet's values over ``docnums``: the most frequent first; dates newest first."""
        docnums = docnums if isinstance(docnums, list) else list(docnums)
        # Counted by C loops (Counter over map and chain): thousands of matches cost about a millisecond.
        counters: dict[str, Counter[str]] = {
            name: Counter(chain.from_iterable(map(self.values[name].__getitem__, docnums))) for name in FACET_FIELDS
        }
        months: Counter[str] = Counter(filter(None, map(self.month.__getitem__, docnums)))
        years: Counter[str] = Counter()
        for label, count in months.items():
            years[label[:4]] += count
        counters["year"], counters["month"] = years, months
        out: dict[str, list[FacetValue]] = {}
        for name, counter in counters.items():
            if name in DATE_FACETS:
                ordered = sorted(counter.items(), key=lambda item: item[0], reverse=True)
            else:
                ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))
            out[name] = [FacetValue(value, count) for value, count in ordered[:limit]]
        return out
