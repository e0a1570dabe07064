"""Property tests: any query text gives a tree, any bytes give documents or the product's own error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ExtractionError, QueryTooExpensive
from app.extract import extract
from app.extract.plain_text import extract_plain_text
from app.extract.wordpress_json import extract_wordpress
from app.query import DateFilter, Filter, Group, Not, Phrase, Word, parse_query
from app.search import SearchIndex, SearchRequest

#: Modest, so the whole suite stays fast in CI; no example database is written into the repository.
PROPERTIES = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

QUERY_PIECES = st.sampled_from(
    ["(", ")", '"', "-", "*", ":", "OR", "AND", "NOT", "title:", "site:", "author:", "from:", "to:", "category:",
     "2023", "2023-13", "2023-02-30", "balloon", "blink*", "ünïcode", "日本", "\x00", "\u200b", " ", "\n"]
)  # fmt: skip
QUERIES = st.one_of(st.text(), st.lists(st.one_of(QUERY_PIECES, st.text(max_size=5)), max_size=40).map("".join))


def _nodes(node: object) -> int:
    assert isinstance(node, Word | Phrase | Filter | DateFilter | Not | Group), node
    if isinstance(node, Group):
        return 1 + sum(_nodes(child) for child in node.children)
    return 1 + (_nodes(node.child) if isinstance(node, Not) else 0)


@PROPERTIES
@given(QUERIES)
def test_any_query_text_parses_to_a_tree(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.root, Group)
    assert _nodes(parsed.root) >= 1
    parsed.positive_terms(), parsed.filters(), parsed.plain_words()


def test_a_query_nested_ten_thousand_parentheses_deep_parses() -> None:
    assert isinstance(parse_query("(" * 10_000 + "balloon" + ")" * 10_000).root, Group)
    assert isinstance(parse_query('-(title:"' * 5_000).root, Group)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(QUERIES)
def test_any_query_text_searches_the_index_without_error(seed_index: SearchIndex, text: str) -> None:
    try:
        page = seed_index.search(SearchRequest(q=text))
    except QueryTooExpensive as refused:  # the product's own refusal ("*" after one letter), with its reason
        assert str(refused)
        return
    assert page.total >= 0


HTML_PIECES = st.sampled_from(
    ["<html>", "</html>", "<body>", "</body>", "<p>", "</p>", "<div class='nav'>", "</div>", "<article>",
     "<script>", "</script>", "<!--", "-->", "<meta property='og:title' content='T'>", "<h1>", "</h1>",
     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", "datePublished": "x"}',
     "<time datetime='2023-02-30'>", "<a href='x'>", "</a>", "<br>", "&amp;", "&#0;", "<", ">", "\x00",
     "Harbour text about the quay. ", "Zürich ", "\ufffd", "<table><tr><td>", "<title>", "</title>"]
)  # fmt: skip
HTML = st.lists(st.one_of(HTML_PIECES, st.text(max_size=8)), max_size=60).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
POSTS = st.fixed_dictionaries(
    {"title": st.one_of(JSON_VALUES, st.fixed_dictionaries({"rendered": st.one_of(HTML, JSON_VALUES)}))},
    optional={
        "id": JSON_VALUES,
        "content": st.one_of(JSON_VALUES, st.fixed_dictionaries({"rendered": st.one_of(HTML, JSON_VALUES)})),
        "excerpt": st.fixed_dictionaries({"rendered": HTML}),
        "date": JSON_VALUES,
        "date_gmt": st.one_of(JSON_VALUES, st.sampled_from(["2023-02-30T00:00:00", "2023-01-01T10:00:00"])),
        "link": JSON_VALUES,
        "_embedded": JSON_VALUES,
        "class_list": JSON_VALUES,
        "categories": JSON_VALUES,
    },
)


def _extracts_or_refuses(raw: bytes) -> None:
    try:
        result = extract(raw, source="prop/file")
    except ExtractionError as exc:
        assert str(exc)  # the product's error, with its reason
        return
    assert result.documents
    for doc in result.documents:
        assert doc.id and doc.title and isinstance(doc.body, str)


@PROPERTIES
@given(st.binary(max_size=2000))
def test_any_bytes_give_documents_or_a_clear_error(raw: bytes) -> None:
    _extracts_or_refuses(raw)


@PROPERTIES
@given(HTML, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_markup_gives_documents_or_a_clear_error(markup: str, encoding: str) -> None:
    _extracts_or_refuses(markup.encode(encoding, "replace"))


@PROPERTIES
@given(st.one_of(POSTS, st.lists(POSTS, max_size=3), JSON_VALUES))
def test_any_json_gives_documents_or_a_clear_error(data: object) -> None:
    _extracts_or_refuses(json.dumps(data).encode())
    try:
        extract_wordpress(data, source="prop/posts.json")
    except ExtractionError as exc:
        assert str(exc)


@PROPERTIES
@given(st.text())
def test_any_text_gives_a_plain_text_document_or_a_clear_error(text: str) -> None:
    try:
        doc = extract_plain_text(text, source="prop/file.txt")
    except ExtractionError as exc:
        assert str(exc)
        return
    assert doc.title
