"""The fast paths give the same answers as the slow, obvious ones they replace.

* :mod:`app.analysis` gives the same tokens as Whoosh's analyzer chain it replaces.
* :mod:`app.postings` scores every match as Whoosh's own matchers do (same documents, same scores).
* A build in several worker processes (several segments) holds what a one-process build holds,
  and searches the same.
* A file that takes longer than the limit per file is skipped with that reason.
* The words files of :mod:`app.vocabulary` hold each field's words as the analyzer sees them
  (unstemmed), and give the words within an edit distance that a plain comparison gives.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from app.analysis import text_analyzer
from app.ingest import build_index, process_file
from app.matching import Compiler
from app.query import parse_query
from app.ranking import QUESTION_WORDS, all_matches
from app.search import SearchIndex, SearchRequest
from app.sources import find_files
from app.vocabulary import Vocabulary, vocabulary_path

DATA = Path(__file__).resolve().parent.parent / "data" / "cranfield-subset.json.gz"

QUERIES = [
    "flow",
    "boundary layer",
    "heat transfer",
    '"boundary layer"',
    '"heat transfer" plate',
    "shock -wave",
    "pressure AND distribution",
    "(supersonic OR hypersonic) flow",
    "lamin*",
    "title:flow",
    "what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft",
    "zzzz",
    '"the of"',
]


def _whoosh_chain() -> Any:
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=1)
        | StemFilter(cachesize=100_000)
    )


def _texts() -> list[str]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        docs = json.load(fh)["docs"]
    edge = ["Zürich café THE a I x 3.14 e-mail naïve Ærø straße", "", "   ", "The", "Ⅻ ﬁ ß İstanbul", "don't U.S.A."]
    return [d["text"] for d in docs[:150]] + edge


def _tokens(analyzer: Any, text: str, **options: Any) -> list[tuple[Any, ...]]:
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None), t.stopped)
        for t in analyzer(text, **options)
    ]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"positions": True, "chars": True},
        {"positions": True, "removestops": False},
        {"no_morph": True, "positions": True},
        {"mode": "query"},
        {"tokenize": False},
        {"positions": True, "chars": True, "start_pos": 5, "start_char": 7},
    ],
)
def test_the_analyzer_gives_whoosh_chains_tokens(options: dict[str, Any]) -> None:
    ours, theirs = text_analyzer(), _whoosh_chain()
    for text in _texts():
        assert _tokens(ours, text, **options) == _tokens(theirs, text, **options), text[:80]


def _pages(folder: Path, count: int = 200) -> Path:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        docs = json.load(fh)["docs"][:count]
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(f"{d['title'] or 'Untitled'}\n\n{d['text']}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchIndex, SearchIndex]:
    pages = _pages(tmp_path_factory.mktemp("pages"))
    one, several = tmp_path_factory.mktemp("one-process"), tmp_path_factory.mktemp("workers")
    build_index(pages, one)
    report = build_index(pages, several, workers=2, parallel_min_files=1)
    assert report.documents == 200
    return SearchIndex(one), SearchIndex(several)


def test_a_build_in_workers_writes_one_segment_per_worker(two_builds: tuple[SearchIndex, SearchIndex]) -> None:
    one, several = two_builds
    with one.searcher() as s1, several.searcher() as s2:
        assert len(s1.leaf_searchers()) == 1
        assert len(s2.leaf_searchers()) == 2
        assert s1.doc_count() == s2.doc_count() == 200


def _reference(s: Any, q: Any) -> dict[int, float]:
    """Whoosh's matches and scores; exclusions applied as sets (Whoosh's own AndNot matcher keeps some
    documents that hold an excluded word: "shock -wave" kept a document about "sound waves")."""
    if isinstance(q, wq.AndNot):
        excluded = set(s.docs_for_query(q.b))
        return {d: score for d, score in _reference(s, q.a).items() if d not in excluded}
    docnums, scores = all_matches(s, q, None)
    return dict(zip(docnums, scores, strict=True))


@pytest.mark.parametrize("q", QUERIES)
def test_scores_are_whooshs_own(two_builds: tuple[SearchIndex, SearchIndex], q: str) -> None:
    for index in two_builds:
        with index.session() as (s, catalog):
            compiled = Compiler.for_query(s.reader(), parse_query(q), QUESTION_WORDS)
            if compiled is None or compiled.query is None:
                continue
            expected = _reference(s, compiled.query)
            got = catalog.scorer(s).scores(compiled.query)
            assert set(got) == set(expected)
            assert got == pytest.approx(expected, rel=1e-6)
            for clause in compiled.optional:
                d2, s2 = all_matches(s, clause, None)
                assert catalog.scorer(s).scores(clause) == pytest.approx(dict(zip(d2, s2, strict=True)), rel=1e-6)


@pytest.mark.parametrize("q", QUERIES)
def test_both_builds_search_alike(two_builds: tuple[SearchIndex, SearchIndex], q: str) -> None:
    one, several = (index.search(SearchRequest(q=q, per_page=20)) for index in two_builds)
    assert one.total == several.total
    # Documents with equal scores come in document-number order, which differs between the builds.
    assert [h.score for h in one.hits] == [h.score for h in several.hits]
    theirs = {h.id: (h.score, h.snippet) for h in several.hits}
    shared = [h for h in one.hits if h.id in theirs]
    assert len(shared) >= len(one.hits) - 3
    assert all(theirs[h.id] == (h.score, h.snippet) for h in shared)
    assert one.facets == several.facets


def test_some_queries_above_find_something(two_builds: tuple[SearchIndex, SearchIndex]) -> None:
    found = [two_builds[0].search(SearchRequest(q=q)).total for q in QUERIES]
    assert sum(1 for n in found if n > 5) >= 8


def test_a_file_over_the_time_limit_is_skipped_with_the_reason(tmp_path: Path) -> None:
    big = tmp_path / "long.html"
    paragraphs = "".join(f"<p>Paragraph {i} of a very long page about the weather.</p>" for i in range(60_000))
    big.write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
    (source,), _ = find_files(tmp_path)
    outcome = process_file(source, max_file_bytes=2**30, time_limit=0.001)
    assert outcome.documents == []
    assert outcome.reason == "took over 0.001 s to read (the limit per file)"
    assert process_file(source, max_file_bytes=2**30, time_limit=0).documents  # no limit: it is read


def _near_misses(words: list[str]) -> list[str]:
    """Misspellings of some of ``words``: a letter changed, dropped, doubled; and words no index holds."""
    picked = [w for w in words if len(w) >= 5][::40][:25]
    made = [w[:2] + "q" + w[3:] for w in picked] + [w[:-1] for w in picked] + [w[:3] + w[2:] for w in picked]
    return [*made, "zzzzzz", "ærøskøbing", "fluw", "bondary", "presure", "straße", "é"]


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), the plain dynamic programme."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def test_the_words_files_hold_the_words_the_analyzer_sees(two_builds: tuple[SearchIndex, SearchIndex]) -> None:
    analyzer = text_analyzer()
    for index in two_builds:
        with index.session() as (s, catalog):
            assert set(catalog.vocabularies) == {"body", "title"}
            stored = list(s.all_stored_fields())
            for fieldname in ("body", "title"):
                expected = {t.text for f in stored for t in analyzer(f.get(fieldname) or "", no_morph=True)}
                assert index.generation is not None
                written = vocabulary_path(index.generation, fieldname).read_text(encoding="utf-8").splitlines()
                assert written == sorted(expected, key=str.encode)
                assert len(expected) > 100


@pytest.mark.parametrize("maxdist", [1, 2])
def test_the_words_files_give_the_words_within_the_distance(
    two_builds: tuple[SearchIndex, SearchIndex], maxdist: int
) -> None:
    for index in two_builds:
        with index.session() as (_s, catalog):
            for vocabulary in catalog.vocabularies.values():
                words = vocabulary.starting_with("")
                found_some = 0
                for word in _near_misses(words):
                    expected = {w for w in words if w[:1] == word[:1] and distance(w, word) <= maxdist}
                    assert set(vocabulary.within(word, maxdist, prefix=1)) == expected, word
                    found_some += bool(expected)
                assert found_some >= 20


def test_a_words_file_is_searched_by_first_letters(tmp_path: Path) -> None:
    long = "l" + "o" * 700  # longer than one read
    words = sorted(["flow", "fluid", "flux", "fm", "fa", "g", "é", "éte", long, long + "x"], key=str.encode)
    path = tmp_path / "words.txt"
    path.write_bytes(b"".join(w.encode() + b"\n" for w in words))
    vocabulary = Vocabulary(path)
    assert vocabulary.starting_with("") == words
    assert vocabulary.starting_with("fl") == ["flow", "fluid", "flux"]
    assert vocabulary.starting_with("é") == ["é", "éte"]
    assert vocabulary.starting_with("l") == [long, long + "x"]
    assert vocabulary.starting_with("h") == [] and vocabulary.starting_with("zz") == []
    for i, word in enumerate(words):  # every word is found where it starts, and so is the place after it
        start = sum(len(w.encode()) + 1 for w in words[:i])
        assert vocabulary.first_at_or_after(word) == start
        assert vocabulary.first_at_or_after(word + "\x00") == start + len(word.encode()) + 1
    assert set(vocabulary.within("flox", 1, prefix=1)) == {"flow", "flux"}
    assert set(vocabulary.within("fl", 2, prefix=1)) == {"flow", "flux", "fa", "fm"}
    assert set(vocabulary.within(long[:-1] + "x", 1, prefix=1)) == {long, long + "x"}
    vocabulary.close()
    (tmp_path / "empty.txt").write_bytes(b"")
    assert Vocabulary(tmp_path / "empty.txt").within("flow", 2) == []
