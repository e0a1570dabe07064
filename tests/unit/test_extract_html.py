"""Web pages: the article finder, the text walk, metadata, encodings and truncated files."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from app.errors import ExtractionError
from app.extract import extract
from app.extract.boilerplate import ClassWords
from app.extract.html_metadata import read_metadata, strip_site_name
from app.extract.html_page import is_truncated
from app.extract.html_text import node_blocks

PARAGRAPH = (
    "The river rose by two metres overnight, and the town council closed the lower bridge to traffic "
    "while engineers checked its pillars for damage."
)
SECOND = (
    "Shops along the quay moved their stock upstairs, and the fire brigade pumped water out of three "
    "cellars before the tide turned in the afternoon."
)


def paragraphs(n: int) -> str:
    """``n`` different paragraphs (a paragraph said again right away is taken for a repeated caption)."""
    return "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(n))


def page(body: str, head: str = "<title>River rises</title>") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()
    )


def body_of(raw: bytes) -> str:
    return extract(raw, source="page.html").documents[0].body


def test_class_words_match_whole_parts_prefixes_and_runs() -> None:
    words = ClassWords(["share", "advert*", "most-read"])
    assert words.search("post-share-bar")
    assert words.search("share_buttons big")
    assert words.search("advertisement-slot")
    assert words.search("block block--most-read")
    assert not words.search("shareholders")
    assert not words.search("most popular read")


def test_an_article_wrapper_with_furniture_words_in_its_class_is_kept() -> None:
    raw = page(
        '<div class="article-wrapper has-sidebar social-enabled"><h1>River rises</h1>'
        + paragraphs(4)
        + '<div class="share-bar"><a href="#">Share on Facebook</a></div></div>'
        + '<div class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Another story</a></li></ul></div>'
    )
    body = body_of(raw)
    assert body.count("The river rose") == 4
    assert "Facebook" not in body and "Another story" not in body and "Most read" not in body


def test_headings_lists_quotes_and_captions_are_paragraphs_of_their_own() -> None:
    tree = LexborHTMLParser(
        "<div><h2>What next</h2><p>One <b>two</b> three.</p><ul><li>First</li><li>Second</li></ul>"
        "<blockquote>A quote.</blockquote><figure><img src=x.jpg><figcaption>A caption.</figcaption></figure></div>"
    )
    assert tree.body is not None
    assert [b.text for b in node_blocks(tree.body)] == [
        "What next",
        "One two three.",
        "First",
        "Second",
        "A quote.",
        "A caption.",
    ]


def test_link_text_is_counted_per_paragraph() -> None:
    tree = LexborHTMLParser('<p>Read <a href="/a">the whole report</a> here.</p><p><a href="/b">Related story</a></p>')
    assert tree.body is not None
    blocks = node_blocks(tree.body)
    assert 0 < blocks[0].link_density < 0.7
    assert blocks[1].link_density == 1.0


def test_lists_of_links_inside_the_article_are_dropped() -> None:
    raw = page(
        "<article>"
        + paragraphs(3)
        + '<ul><li><a href="/1">Flood warnings for the coast this weekend</a></li>'
        + '<li><a href="/2">How the bridge was built in 1902</a></li></ul></article>'
    )
    body = body_of(raw)
    assert "Flood warnings" not in body and "How the bridge" not in body


def test_comment_sections_go_whatever_their_size() -> None:
    comments = "".join(f'<li class="comment"><p>{PARAGRAPH} Comment {i}.</p></li>' for i in range(10))
    raw = page(f"<article><p>{PARAGRAPH}</p><p>{SECOND}</p><div id='comments'><ol>{comments}</ol></div></article>")
    assert "Comment 3" not in body_of(raw)


def test_a_page_that_is_not_utf8_and_says_nothing_is_still_decoded() -> None:
    raw = page(f"<article><p>Caf\u00e9 owners \u201cwelcomed\u201d the news. {PARAGRAPH}</p></article>").decode()
    raw_cp1252 = raw.replace("charset='utf-8'", "").encode("cp1252")
    body = body_of(raw_cp1252)
    assert "Café owners “welcomed” the news." in body
    assert "\ufffd" not in body


def test_utf8_bom_is_dropped() -> None:
    raw = b"\xef\xbb\xbf" + page(f"<article><p>{PARAGRAPH}</p></article>")
    assert body_of(raw).startswith("The river rose")


@pytest.mark.parametrize(
    ("html", "truncated"),
    [
        (b"<html><body><p>Text</p></body></html>", False),
        (b"<p>A fragment without end tags", False),
        (b"<html><body><p>Text</p><img src=", True),
        (b"<html><head><title>T</title><script>var x = 1;", True),
        (b"<!DOCTYPE html><html><body><p>Text</p>", True),
    ],
)
def test_truncated_html_rule(html: bytes, truncated: bool) -> None:
    assert (is_truncated(html) is not None) is truncated


def test_a_truncated_page_with_little_text_is_skipped_and_says_it_was_html() -> None:
    with pytest.raises(ExtractionError, match="truncated HTML") as info:
        extract(b"<!DOCTYPE html><html><head><title>Cut</title></head><body><p>Short.</p><div cl", source="x")
    assert info.value.format == "html"


def test_a_truncated_page_with_enough_text_is_kept() -> None:
    raw = page(f"<article><p>{PARAGRAPH}</p><p>{SECOND}</p></article>")[:-30]
    assert is_truncated(raw) is not None
    assert body_of(raw).startswith("The river rose")


def test_empty_file_error_has_no_format() -> None:
    with pytest.raises(ExtractionError) as info:
        extract(b"", source="x")
    assert info.value.format is None


def test_json_ld_in_cdata_and_graph_is_read() -> None:
    head = (
        "<title>River rises | Valley Times</title><script type='application/ld+json'>//<![CDATA[\n"
        '{"@graph": [{"@type": "WebSite", "name": "Valley Times"}, {"@type": "NewsArticle", '
        '"headline": "River rises", "datePublished": "2024-03-01T07:00:00Z", '
        '"author": [{"@type": "Person", "name": "Ana Lima"}], "publisher": {"name": "Valley Times"}}]}\n//]]></script>'
    )
    meta = read_metadata(LexborHTMLParser(page("<p>x</p>", head=head)))
    assert (meta.title, meta.author, meta.published, meta.site) == (
        "River rises",
        "Ana Lima",
        "2024-03-01T07:00:00+00:00",
        "Valley Times",
    )


def test_title_before_h1_and_byline_element_as_last_resort() -> None:
    raw = page(
        f"<h1>Lorem</h1><div class='byline'>By Ana Lima</div><article><p>{PARAGRAPH}</p></article>",
        head="<title>River rises at last</title>",
    )
    doc = extract(raw, source="x").documents[0]
    assert doc.title == "River rises at last"
    assert doc.author == "Ana Lima"


def test_a_title_that_is_only_the_sites_name_is_passed_over() -> None:
    # As on aktualne.cz: the JSON-LD "name" is the publisher's, and it matches the <title> best.
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", "name": "Valley Times",'
        ' "headline": "River rises over the old bridge",'
        ' "publisher": {"@type": "Organization", "name": "Valley Times"}}'
    )
    head = (
        "<title>River rises over the bridge at dawn - Valley Times</title>"
        f'<script type="application/ld+json">{ld}</script>'
    )
    raw = page(f"<h1>River rises over the old bridge</h1><article><p>{PARAGRAPH}</p></article>", head=head)
    doc = extract(raw, source="x").documents[0]
    assert (doc.title, doc.site) == ("River rises over the old bridge", "Valley Times")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Joshua Sokol May 20, 2019", "Joshua Sokol"),  # quanta-1 of Readability's test pages
        ("James Akinaka • 8h", "James Akinaka"),  # wikia
        ("By GILLIAN MOHNEY March 11, 2015 3:46 PM", "GILLIAN MOHNEY"),  # yahoo-3
        ("Ana Lima | 3 min read", "Ana Lima"),
        ("Ana Lima, 2019-11-20", "Ana Lima"),
        ("By Ana Lima | Staff Writer", "Ana Lima | Staff Writer"),  # no date: the element is kept whole
        ("Last Updated: January 7, 2025", None),  # a label and a date: nobody
    ],
)
def test_a_date_after_the_name_in_a_byline_element_is_cut_off(byline: str, author: str | None) -> None:
    raw = page(f"<h1>Lorem</h1><div class='byline'>{byline}</div><article><p>{PARAGRAPH}</p></article>")
    assert extract(raw, source="x").documents[0].author == author


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("River rises | Valley Times", "Valley Times", "River rises"),
        ("Friday Facts #282 - 0.17 in sight | Factorio", None, "Friday Facts #282 - 0.17 in sight"),
        ("Valley Times | River rises over the old bridge", None, "River rises over the old bridge"),
        ("No separator here", None, "No separator here"),
    ],
)
def test_site_name_is_stripped_from_titles(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site=site) == expected


def test_debris_paragraphs_go() -> None:
    raw = page(
        "<article><p>By Ana Lima</p><p>Updated | 11:21 pm CST, Tuesday, November 19, 2019</p>"
        f"<p>{PARAGRAPH}</p><figure><figcaption>The lower bridge on Monday.</figcaption></figure>"
        "<p>(Image credit: Valley Times)</p><p>Advertisement</p><p>Media playback is unsupported on your device</p>"
        f"<p>{SECOND}</p></article>"
    )
    body = body_of(raw)
    assert body.split("\n\n") == [PARAGRAPH, "The lower bridge on Monday.", SECOND]


def test_deeply_nested_markup_is_read_without_recursion() -> None:
    depth = 3000
    raw = page("<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth)
    assert body_of(raw) == PARAGRAPH
