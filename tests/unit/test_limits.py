"""Limits on what a query may ask for (refused up front, with a reason) and the time budget of a search
(checked while matches are collected): real indexes, no timing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.budget import check_deadline, deadline, time_budget
from app.documents import Document, make_id
from app.errors import QueryTooExpensive, SearchTimeout
from app.index import IndexWriter
from app.limits import MAX_EXPANDED_WORDS, MAX_QUERY_WORDS, MIN_PREFIX_CHARS
from app.query import MAX_QUERY_CHARS
from app.search import SearchIndex, SearchRequest


def _refusal(index: SearchIndex, q: str) -> str:
    with pytest.raises(QueryTooExpensive) as refused:
        index.search(SearchRequest(q=q))
    return str(refused.value)


def test_a_short_wildcard_is_refused_with_what_to_type_instead(seed_index: SearchIndex) -> None:
    for q in ("a*", "bl*", "title:x*", "-a*", "(china OR b*)"):
        message = _refusal(seed_index, q)
        assert f"at least {MIN_PREFIX_CHARS} letters before the *" in message, q
    assert "a* matches too many words" in _refusal(seed_index, "blinken a*")
    assert seed_index.search(SearchRequest(q="bli*")).total == 5  # three letters are enough


def test_too_many_words_are_refused_counting_every_or_list(seed_index: SearchIndex) -> None:
    words = [f"w{n}" for n in range(300)]
    q = " OR ".join(words[:200])
    counted = len([w for w in q[:MAX_QUERY_CHARS].split() if w != "OR"])  # what fits in 1,000 characters: 140
    message = _refusal(seed_index, q)
    assert message.startswith(f"the query has {counted} words and phrases, more than the {MAX_QUERY_WORDS}")
    assert "each word of an OR list counts" in message
    _refusal(seed_index, "(" + " OR ".join(words[: MAX_QUERY_WORDS + 1]) + ")")
    _refusal(seed_index, " ".join(words[: MAX_QUERY_WORDS + 1]))
    assert seed_index.search(SearchRequest(q=" OR ".join(words[:MAX_QUERY_WORDS]))).total == 0  # at the limit: runs


def test_wildcards_that_match_too_many_words_together_are_refused(tmp_path: Path) -> None:
    # Five prefixes, each shared by 70 different words: 5 x 64 (the most frequent of each) > 256.
    letters = "bcdfghjklmnpqrtvwxz"
    words = {p: [f"{p}{a}{b}" for a in letters for b in letters][:70] for p in ("kaf", "lem", "mup", "nol", "pif")}
    docs = [
        Document(id=make_id(p), title=f"List {n}", body=" ".join(ws), source=f"{p}.txt")
        for n, (p, ws) in enumerate(words.items())
    ]
    with IndexWriter(tmp_path, source_dir="test", fingerprint="x") as writer:
        writer.add_all(docs)
        writer.commit()
    index = SearchIndex(tmp_path)
    try:
        assert index.search(SearchRequest(q="kaf* lem* mup* nol*")).total == 4  # 4 x 64 = 256: at the limit
        message = _refusal(index, "kaf* lem* mup* nol* pif*")
        assert message.startswith(
            f"the wildcards of the query match 320 different words, more than the {MAX_EXPANDED_WORDS}"
        )
    finally:
        index.close()


def test_highlighting_passes_a_short_wildcard_over(seed_index: SearchIndex) -> None:
    doc = seed_index.document(seed_index.search(SearchRequest(q="blinken")).hits[0].id)
    assert doc is not None
    title, paragraphs = seed_index.highlight(doc, "a* blinken")
    assert "<mark>" in title + "".join(paragraphs)


def test_a_search_past_its_budget_stops_with_search_timeout(seed_index: SearchIndex) -> None:
    with time_budget(0), pytest.raises(SearchTimeout) as stopped:  # a budget already spent
        seed_index.search(SearchRequest(q="blinken china"))
    assert str(stopped.value).startswith("the search took longer than its limit of 0 s and was stopped")
    # A question (ranked in two passes) stops too, and a budget left in time lets the search run.
    with time_budget(0), pytest.raises(SearchTimeout):
        seed_index.search(SearchRequest(q="what did blinken and qin talk about in beijing"))
    with time_budget(3600):
        assert seed_index.search(SearchRequest(q="blinken")).total == 5
    assert seed_index.search(SearchRequest(q="blinken")).total == 5  # the budget ended with its block


def test_budgets_nest_and_belong_to_one_thread() -> None:
    assert deadline() is None
    check_deadline()  # no budget: never stops
    with time_budget(3600):
        outer = deadline()
        assert outer is not None
        with time_budget(7200):  # an inner budget cannot extend the outer one
            assert deadline() == outer
        with time_budget(0), pytest.raises(SearchTimeout):  # but it can shorten it
            check_deadline()
        with time_budget(None):  # nor lift it
            assert deadline() == outer
        seen: list[float | None] = []
        thread = threading.Thread(target=lambda: seen.append(deadline()))
        thread.start()
        thread.join()
        assert seen == [None]  # another thread (another request) has its own
    assert deadline() is None
