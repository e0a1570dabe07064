"""Search on a real Whoosh index in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.documents import Document, make_id
from app.errors import QueryTooExpensive
from app.index import IndexWriter
from app.search import SearchIndex, SearchRequest
from tests.unit.test_query import NASTY


def _doc(key: str, title: str, body: str, **fields: object) -> Document:
    return Document(id=make_id(key), title=title, body=body, source=key, **fields)  # type: ignore[arg-type]


DOCS = [
    _doc("a", "Talks resume", "The negotiations resumed in Geneva on Monday after a pause of two weeks."),
    _doc("b", "Weather", "Rain and wind in Geneva. Negotiate with the weather if you can."),
    _doc("c", "Budget vote", "Parliament approved the budget. The vote was close and the debate was long."),
    _doc(
        "d",
        "Geneva talks fail",
        "Diplomats left Geneva without a deal; the talks collapsed on Friday.",
        site="news.example",
        url="https://www.news.example/d",
        author="Ann Lee, Bo Chan",
        categories=("World", "Diplomacy"),
        published="2024-02-01T10:00:00+00:00",
    ),
    _doc("e", "Zürich summit", "Leaders met in Zürich for a summit on trade."),
    _doc("f", "Unsafe <title>", "A body with <script>alert(1)</script> in it, about scripts."),
]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    with IndexWriter(tmp_path, source_dir="test", fingerprint="x") as writer:
        writer.add_all(DOCS)
        writer.commit()
    idx = SearchIndex(tmp_path)
    yield idx
    idx.close()


def ids(index: SearchIndex, q: str, **kw: int) -> list[str]:
    return [h.id for h in index.search(SearchRequest(q=q, **kw)).hits]


def key(doc_id: str) -> str:
    return next(d.source for d in DOCS if d.id == doc_id)


def test_stemming_finds_other_forms_of_a_word(index: SearchIndex) -> None:
    assert {key(i) for i in ids(index, "negotiate")} == {"a", "b"}
    assert {key(i) for i in ids(index, "negotiations")} == {"a", "b"}


def test_documents_with_all_the_words_come_first_and_others_are_kept(index: SearchIndex) -> None:
    found = [key(i) for i in ids(index, "geneva talks collapsed")]
    assert found[0] == "d"  # all three words
    assert set(found) == {"a", "b", "d"}  # the others match some words and are not dropped
    page = index.search(SearchRequest(q="geneva talks collapsed"))
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)
    assert int(page.hits[0].score) == 3 and int(page.hits[-1].score) == 1


def test_title_weighs_more_than_body(index: SearchIndex) -> None:
    assert key(ids(index, "talks")[0]) in {"a", "d"}
    assert [key(i) for i in ids(index, "budget")] == ["c"]


def test_phrase_needs_the_words_together(index: SearchIndex) -> None:
    assert [key(i) for i in ids(index, '"talks collapsed"')] == ["d"]
    assert ids(index, '"collapsed talks"') == []


def test_exclusion_prefix_and_accents(index: SearchIndex) -> None:
    assert {key(i) for i in ids(index, "geneva -rain")} == {"a", "d"}
    assert {key(i) for i in ids(index, "negot*")} == {"a", "b"}
    assert [key(i) for i in ids(index, "zurich")] == ["e"]
    assert [key(i) for i in ids(index, "ZÜRICH")] == ["e"]


def test_filters_on_site_author_and_category(index: SearchIndex) -> None:
    assert [key(i) for i in ids(index, "site:news.example")] == ["d"]
    assert [key(i) for i in ids(index, 'author:"ann lee" geneva')] == ["d"]
    assert [key(i) for i in ids(index, "category:diplomacy")] == ["d"]
    assert ids(index, "category:sport geneva") == []


def test_pagination_and_exact_total(index: SearchIndex) -> None:
    everything = index.search(SearchRequest(q="the geneva budget summit scripts", per_page=2))
    assert everything.total == 6
    assert everything.pages == 3
    pages = [ids(index, "the geneva budget summit scripts", page=p, per_page=4) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 2, 0]
    flat = [i for p in pages for i in p]
    assert len(set(flat)) == 6


def test_snippet_is_escaped_and_marks_the_match(index: SearchIndex) -> None:
    (hit,) = index.search(SearchRequest(q="body")).hits
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<mark>body</mark>" in hit.snippet
    (hit,) = index.search(SearchRequest(q="unsafe")).hits
    assert hit.title_html == "<mark>Unsafe</mark> &lt;title&gt;"


def test_snippet_is_cut_on_word_boundaries(tmp_path: Path) -> None:
    body = " ".join(f"word{n}" for n in range(400)) + " needle " + " ".join(f"tail{n}" for n in range(400))
    with IndexWriter(tmp_path, source_dir="t", fingerprint="x") as writer:
        writer.add(_doc("long", "Long", body))
        writer.commit()
    idx = SearchIndex(tmp_path)
    (hit,) = idx.search(SearchRequest(q="needle")).hits
    idx.close()
    assert "<mark>needle</mark>" in hit.snippet
    assert hit.snippet.startswith("… word") and hit.snippet.endswith(" …")
    words = hit.snippet.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "").split()
    assert all(w in body.split() for w in words)


@pytest.mark.parametrize("text", NASTY, ids=[repr(t[:20]) for t in NASTY])
def test_no_query_makes_search_fail(index: SearchIndex, text: str) -> None:
    try:
        page = index.search(SearchRequest(q=text))
    except QueryTooExpensive as refused:  # "a*", 500 words: refused, with the reason (app.limits)
        assert text in ("a*", "a " * 2000), text
        assert str(refused)
        return
    assert page.total >= 0


def test_document_by_id_and_unknown_id(index: SearchIndex) -> None:
    doc = index.document(DOCS[3].id)
    assert doc == DOCS[3]
    assert index.document("nope") is None


def test_a_page_asked_again_is_the_same_until_the_index_changes(index: SearchIndex, tmp_path: Path) -> None:
    request = SearchRequest(q="geneva")
    first = index.search(request)
    again = index.search(request)
    assert again.hits == first.hits and again.total == first.total == 3 and again.facets == first.facets
    assert index.search(SearchRequest(q="geneva", per_page=1)).hits == first.hits[:1]  # another request
    with IndexWriter(tmp_path, source_dir="test", fingerprint="y") as writer:  # a new generation
        writer.add_all([*DOCS, _doc("g", "Geneva again", "More talks in Geneva.")])
        writer.commit()
    assert index.refresh(force=True)
    assert index.search(request).total == 4  # not the remembered page of the old generation
