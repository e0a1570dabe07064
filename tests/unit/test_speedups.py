"""The compiled twins of the extractors' walks (:mod:`app.extract._speedups`) give exactly what the Python code
they stand for gives, and cutting the text of scripts and styles out of a page before it is parsed
(``strip_unread``) never changes what extraction returns.

* The module is built and in use: without a C compiler at ``pip install`` the Python code runs instead, silently,
  and CI must notice. Its import checked Lexbor's memory layout, and it knows the attribute names it reads.
* Every compiled function against its Python reference, on the golden pages, on hand-written edge cases, on
  elements nested 10,000 deep and on generated pages: ``html_text.node_blocks`` (with and without the element
  itself; without a skip, with the article finder's ``_ArticleSkip`` and with a hand-made one, asked about the same
  elements in the same order), ``visible_text``, ``text_length``, ``text_stats``, the link density
  (``Measures.link_density``), the compiled ``Measures`` of a body (text and link text of every element, text-only
  ``<div>``\\ s, tag counts against ``len(node.css(name))``), the article finder's climbs (``paragraph_chains``),
  scores and pick, ``select`` against ``node.css`` of the extractors' attribute selectors, the page
  scan of ``html_metadata.scan_page``, ``elements`` against ``node.css`` and ``count_byte`` against
  ``bytes.count``. Where a compiled function gives up (text that is not UTF-8) it says so with ``None`` and the
  public function takes the Python way: the answers with the compiled module on and off are the same.
* ``strip_unread``: extraction of every golden, edge-case and generated page is the same with the compiled module
  on (the page stripped, compiled walks) and off (the page as it is, Python walks); on chosen markup, what it cuts
  and keeps, and that selectolax parses the same elements from what it returns.

The cases that found faults in ``strip_unread`` and in the page scan (a ``<script>`` in an end tag's attribute or in
a bogus comment, ``<svg>`` content ended early or by a nested one, attribute values compared without case inside
``<svg>``) are kept among the chosen ones.

The Python functions are the reference: :func:`python_only` turns the compiled module off for a block of code (a
context manager, not ``monkeypatch``, since Hypothesis tests cannot take function-scoped fixtures).
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.errors import ExtractionError
from app.extract import extract, html_metadata, html_text, native
from app.extract.boilerplate import HIDDEN_SELECTOR, READ_ATTRIBUTES, SCORED_DIVISIONS, SCORED_PARAGRAPHS, UNREAD_TAGS
from app.extract.html_content import _ArticleSkip, _Finder
from app.extract.html_text import Block, Measures, tag_ids, text_length, text_stats, visible_text
from tests.conftest import GOLDEN

if TYPE_CHECKING:
    from app.extract.html_text import Skip

#: The compiled module, as the extractors see it when this file is imported.
SPEEDUPS: ModuleType | None = native.speedups

#: The differential tests need the compiled module; when it is missing, the first test says why.
compiled = pytest.mark.skipif(SPEEDUPS is None, reason="app.extract._speedups is not built (see the first test)")

#: Modest, so the file runs in seconds; no example database is written into the repository.
GENERATED = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _speedups() -> Any:
    """The compiled module (its functions are not typed for mypy: they live in a ``.pyx``)."""
    assert SPEEDUPS is not None
    return SPEEDUPS


@contextmanager
def python_only() -> Iterator[None]:
    """Inside the block, the extractors take the Python way: no compiled walks, no stripping of scripts."""
    saved = native.speedups
    native.speedups = None
    try:
        yield
    finally:
        native.speedups = saved


# --- the pages the functions are run on ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """Markup to run the functions on, and whether it is valid UTF-8 (where no compiled function may give up)."""

    name: str
    raw: bytes

    @property
    def markup(self) -> bytes:
        """What the extractors parse (:func:`app.extract._html_page` drops a byte-order mark)."""
        return self.raw.removeprefix(codecs.BOM_UTF8)

    @property
    def utf8(self) -> bool:
        try:
            self.markup.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    def tree(self) -> LexborHTMLParser:
        return LexborHTMLParser(self.markup)


GOLDEN_PAGES = [Page(f"golden/{path.name}", path.read_bytes()) for path in sorted((GOLDEN / "html").glob("*.html"))]

#: Hand-written markup for the corners of the walks: what each one is about is its name.
EDGE_CASES: dict[str, bytes] = {
    "nested-inline-and-block": b"<div>One <b>two <i>three <p>four</p> five</i></b> six<div>seven <span>eight</span>"
    b"</div>nine<section><h2>Head</h2><ul><li>a<li>b <em>c</em></ul></section>ten</div>",
    "br-runs": b"<p>line one<br>line two<br><br>new paragraph<br> <br>\n<br>third<br></p><div><br><br>x<br></div>"
    b"<div><a href='/x'>link<br><br>text</a> tail<br></div><p><br></p><p>a<br/>b<br\n>c</p>",
    "pre": b"<pre>\n  code  line\n\n   second   \n\n</pre><p>before <pre>inner <b>bold</b>\n <script>no</script>kept"
    b"<style>no</style>\n</pre> after</p><pre>   </pre><pre><a href='/x'>linked</a> code</pre>",
    "tables": b"<table><tr><td>a</td><td>b <a href='/x'>c</a></td></tr><tr><th>h</th><td><p>para</p>cell</td></tr>"
    b"</table>text<table>loose <tr><td>x</table><td>not in a table</td>",
    "links": b"<p>Read <a href='#x'>the anchor</a> and <a href='/y'>a page</a>, <a>no href</a>, <a href=''>empty</a>,"
    b" <a HREF='#'>#</a>, <a href=' #x'>space</a>, <a href='#x'>  spaced  </a>.</p><div><a href='#y'><p>block</p>"
    b"in a link</a><a href='/z'></a><a href='#z'><img alt='picture'></a></div><ul><li><a href='/1'>one</a>"
    b"<li><a href='#2'>two</a></ul>",
    "svg-and-math": b"<p>before<svg><a href='#s'>svg link</a><title>svg title</title><text>svg text</text>"
    b"<![CDATA[cdata <b>x</b>]]><foreignObject><p>foreign</p></foreignObject></svg>after <math><mi>x</mi>"
    b"<mtext>math</mtext><annotation-xml encoding='text/html'><p>html in math</p></annotation-xml></math> end</p>"
    b"<svg><script>if (a &lt; b) {}</script><style>.a {}</style><a xlink:href='#x'>xlink</a></svg>",
    "template": b"<p>x</p><template><p>template text</p><a href='#t'>t</a></template><div>y<template>z<div>w</div>"
    b"</template></div><table><template><tr><td>c</td></tr></template></table>",
    "comments": b"<p>a<!-- comment <b>not</b> -->b</p><!-- top --><div><!--x-->c<!--></div><pre>p<!-- c -->q</pre>",
    "unicode-whitespace": "<p>\xa0\u3000\u2028\x1c</p><p>a\xa0b\u3000c\u2028d\x1ce\x1df\x85g\u200bh\u2029i\x0bj"
    "\x0ck</p><a href='#x'>\u3000link\xa0</a><p>commas ，、،, and more</p><pre>\u3000pre\xa0\n\u2028</pre>".encode(),
    "spaces-only": b"<p>   </p><div> \n\t </div><a href='#x'>   </a><p> <b> </b> </p><td> </td>  \n",
    "empty-elements": b"<p></p><div></div><a href='#x'></a><span></span><table></table><pre></pre><ul><li></ul>",
    "empty-document": b"",
    "only-text": b"just text, no markup at all",
    "scripts-and-styles": b"<div>a<script>var s = '<p>no</p>';</script>b<style>p {}</style>c"
    b"<script type='application/ld+json'>{\"a\": 1}</script><noscript><style>n</style>d</noscript></div>",
    "non-ascii": "<h1>Zürich – 日本語</h1><p>Ελληνικά, русский, العربية، 中文，日本語、한국어 😀 𝔘 é</p>".encode(),
    "entities": b"<p>&amp; &nbsp; &#x3000; &lt;b&gt; &#0; &#xD800; &#x1F600; &copy &notanentity;</p>",
    "nul-characters": b"<p>a\x00b</p><table>t\x00d<tr><td>c\x00</td></tr></table><svg>s\x00</svg><pre>\x00</pre>",
    "forms-and-media": b"<form><p>in form</p><input value=x><button>b</button><select><option>o</select>"
    b"<textarea>t</textarea></form><video>v</video><iframe>i</iframe><object>o</object><p>after</p>",
    "article-furniture": b"<html><head><title>T</title><meta property='og:title' content='A &amp; B'></head><body>"
    b"<article class='article-body'><h1>Headline</h1><div class='share-buttons'><a href='#'>Share</a></div>"
    b"<p>First paragraph of the article, long enough to count for the finder, with commas, many, of them.</p>"
    b"<div hidden><p>Hidden paragraph that the reader never sees at all on the page.</p></div>"
    b"<div style='display: none'>hidden by style</div><span aria-hidden='true'>aria hidden</span>"
    b"<div class='social-media-embed'><blockquote class='twitter-tweet'><p>A quoted post with text.</p>"
    b"</blockquote></div><aside class='related'><a href='/r'>Related story</a></aside>"
    b"<div id='comments'><p>A comment that is long enough to be counted as a paragraph.</p></div>"
    b"<figure><img src=x><figcaption>A caption</figcaption></figure></article><footer>foot</footer></body></html>",
    "metadata": b"<html lang='en'><head><title>Title</title><meta name='author' content='A'><meta property='og:title'"
    b" content='x'><link rel='Canonical' href='/c'><link rel='canonical nofollow' href='/d'><link rel=canonical"
    b" href='/e'><script type='Application/LD+JSON'>{}</script><script type=' application/ld+json'>{}</script>"
    b'<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script></head><body><h1>One</h1><h1>Two'
    b"</h1><time>no datetime</time><time datetime='2024-01-02' pubdate>d</time><time datetime='2024-01-03'"
    b" itemprop='datePublished'>e</time><svg><title>svg title</title><a href='/s'>s</a></svg><p>p</p><td>t</td>"
    b"<pre>pre</pre><template><p>in template</p></template></body></html>",
    "invalid-utf8": b"<p>caf\xe9 <a href='#x'>bad \xff link</a></p><p>good text</p><pre>\xc3(</pre><div>\xed\xa0\x80"
    b" surrogate</div><p>\xf4\x90\x80\x80 beyond</p><p>\xe0\x80\x80 overlong</p><p>cut \xe2\x82</p><p>ok \xc3\xa9</p>",
    "invalid-utf8-in-scripts": b"<div>text<script>bad \xff</script><style>\xe9</style> more</div>",
    "bom": codecs.BOM_UTF8 + "<p>after a byte-order mark é</p>".encode(),
}
EDGE_PAGES = [Page(f"edge/{name}", raw) for name, raw in EDGE_CASES.items()]
PAGES = GOLDEN_PAGES + EDGE_PAGES
PAGE_IDS = [page.name for page in PAGES]


@cache
def _deep_pages() -> tuple[Page, ...]:
    """Elements nested 10,000 levels deep (the walks are loops, not recursion)."""
    levels = 10_000
    return (
        Page("deep/spans", b"<div>" + b"<span>x " * levels + b"</span>" * levels + b"</div><p>after</p>"),
        Page("deep/spans-and-breaks", b"<p>" + b"<span>a<br>" * levels + b"<a href='#x'>link</a></p>"),
        Page("deep/divisions", b"<div>a " * levels + b"</div>" * levels),
        Page("deep/spans-with-links", b"<div>" + b"<span><a href='#x'>link</a> text " * levels + b"</div>"),
    )


# --- generated pages ----------------------------------------------------------------------------------------------

#: Stands for a byte that is not UTF-8 (it becomes ``\xe9`` once the page is encoded).
_INVALID = "\ue000"
_TEXT_PIECES = st.sampled_from(
    ["a", "b c", "word", ", ", ".", " ", "  ", "\n", "\t", "\xa0", "\u3000", "\u2028", "\x1c", "\x00", "é", "日本",
     "😀", "，", "、", "،", "&amp;", "&nbsp;", "&#x3000;", _INVALID, "Harbour text about the quay, at length. "]
)  # fmt: skip
TEXT = st.lists(st.one_of(_TEXT_PIECES, st.text(st.characters(exclude_characters="<&"), max_size=4)), max_size=8).map(
    "".join
)
_ELEMENTS = st.sampled_from(
    ["p", "div", "section", "article", "h1", "h2", "li", "ul", "blockquote", "figure", "aside", "nav", "header",
     "span", "b", "i", "em", "a", "table", "tr", "td", "th", "pre", "svg", "math", "template", "noscript",
     "textarea", "title", "iframe", "select", "button", "time", "object", "main", "footer", "details"]
)  # fmt: skip
_ATTRIBUTES = st.sampled_from(
    ["", "", "", ' href="#x"', ' href="/page"', ' class="share-buttons"', ' class="article-body"', ' class="related"',
     ' id="comments"', " hidden", ' style="display:none"', ' aria-hidden="true"', ' role="navigation"',
     ' class="twitter-tweet"', ' class="social-media-embed"', ' datetime="2024-01-02"', " pubdate",
     ' itemprop="author"', ' title="a > b"', ' data-x="<p>"']
)  # fmt: skip
_VOIDS = st.sampled_from(
    ["<br>", "<br>", "<br/>", "<img src=x alt=y>", "<hr>", "<input value=v>", "<wbr>",
     "<meta property='og:title' content='Generated &amp; title'>", "<meta name='author' content='Jane Doe'>",
     '<link rel="canonical" href="/c">', '<link rel="Canonical" href="/d">', "<!-- a comment -->"]
)  # fmt: skip
_SCRIPT_TEXT = st.lists(
    st.sampled_from(
        ["var a = 1;", "'<p>not text</p>'", "if (a < b) {}", "<!--", "-->", "</scr", "</ script>", "é", "\xa0",
         '{"@type": "NewsArticle", "headline": "Generated"}', ".a { color: red }", "<b>", " "]
    ),
    max_size=4,
).map("".join)  # fmt: skip
_SCRIPT_OPENINGS = st.sampled_from(
    ["<script>", "<SCRIPT>", '<script type="text/javascript">', '<script type="application/ld+json">',
     '<script type="Application/LD+JSON">', "<script async src=x>", "<style>", "<Style media=all>"]
)  # fmt: skip
SCRIPTS = st.builds(
    lambda opening, text: f"{opening}{text}</{opening[1:].split()[0].strip('>')}>", _SCRIPT_OPENINGS, _SCRIPT_TEXT
)


def _element(tag: str, attributes: str, children: list[str], closed: bool) -> str:
    """An element around its children, its end tag sometimes left out (the parser closes it, or not)."""
    if tag == "a" and "href" not in attributes and closed:
        attributes += ' href="#x"'
    return f"<{tag}{attributes}>{''.join(children)}{f'</{tag}>' if closed else ''}"


FRAGMENTS = st.recursive(
    st.one_of(TEXT, _VOIDS, SCRIPTS),
    lambda children: st.builds(_element, _ELEMENTS, _ATTRIBUTES, st.lists(children, max_size=4), st.booleans()),
    max_leaves=30,
)


def _encode(markup: str) -> bytes:
    return markup.encode("utf-8", "surrogatepass").replace(_INVALID.encode(), b"\xe9")


#: Pages built as trees of elements: a head sometimes, a body of random elements with random text.
TREE_PAGES = st.builds(
    lambda head, body, whole: _encode(
        f"<!DOCTYPE html><html><head>{''.join(head)}</head><body>{body}</body></html>" if whole else body
    ),
    st.lists(st.one_of(_VOIDS, SCRIPTS, st.just("<title>Generated title</title>")), max_size=4),
    FRAGMENTS,
    st.booleans(),
)
#: Markup in pieces, not always well formed: tags and comments cut in the middle, quotes, raw-text elements.
_SOUP_PIECES = st.sampled_from(
    ["<script>", "</script>", "<SCRIPT type='text/javascript'>", "</Script >", '<script type="application/ld+json">',
     "<style>", "</style>", "<!--", "-->", "--!>", "<svg>", "</svg>", "<svg/>", "<math>", "</math>", "<textarea>",
     "</textarea>", "<title>", "</title>", "<noembed>", "</noembed>", "<iframe>", "</iframe>", "<xmp>", "</xmp>",
     "<noscript>", "</noscript>", "<plaintext>", "<template>", "</template>", "<p>", "</p>", "<div class='x'>",
     "</div>", "<a href='#x'>", "</a>", "<br>", "<pre>", "</pre>", "<table><tr><td>", '"', "'", "=", "<", ">", "</",
     "<!", "<?", "<![CDATA[", "]]>", '<div title="', "<p data-x='", "Harbour text about the quay. ", "Zürich ",
     "\xa0", " ", "\n", "<html>", "<body>", "<head>", "</head>", "<h1>", "</h1>"]
)  # fmt: skip
SOUP_PAGES = st.lists(st.one_of(_SOUP_PIECES, TEXT, FRAGMENTS), max_size=30).map(lambda parts: _encode("".join(parts)))
GENERATED_PAGES = st.one_of(TREE_PAGES, SOUP_PAGES).map(lambda raw: Page("generated", raw))


# --- the checks, each run on every kind of page -------------------------------------------------------------------


def _elements_of(tree: LexborHTMLParser) -> list[LexborNode]:
    """Every element of the page (the document's root first), in document order."""
    root = tree.root
    return [node for node in root.traverse() if node.is_element_node] if root is not None else []


def _agrees(result: object, reference: object, page: Page, what: str, text: str | None = None) -> None:
    """The compiled result is the reference, or ``None`` (it gave up) where the text (``text``, the one the
    reference is made from, when the reference is a number) is not UTF-8: Python's decoder replaced bytes."""
    if result is None:
        assert not page.utf8, f"{what}: the compiled function gave up on a page that is valid UTF-8"
        assert "\ufffd" in (repr(reference) if text is None else text), f"{what}: gave up on text that is UTF-8"
    else:
        assert result == reference, f"{what}: compiled {result!r} != Python {reference!r}"


def _pairs(blocks: list[Block]) -> list[tuple[str, int]]:
    """Paragraphs as the compiled walk gives them."""
    return [(block.text, block.link_chars) for block in blocks]


def check_node_blocks(page: Page) -> None:
    """``node_blocks`` of every element, without a skip, with and without the element itself."""
    sp = _speedups()
    tree = page.tree()
    for node in _elements_of(tree):
        for include_self in (False, True):
            what = f"blocks of <{node.tag}> (include_self={include_self})"
            with python_only():
                reference = _pairs(html_text._node_blocks(node, include_self, None))
                python_public = html_text.node_blocks(node, include_self=include_self)
            _agrees(sp.blocks(node, include_self, None), reference, page, what)
            assert html_text.node_blocks(node, include_self=include_self) == python_public, what


class _Recording:
    """A :class:`~app.extract.html_text.Skip` that writes down what it is asked and what it answers."""

    def __init__(self, inner: Skip) -> None:
        self.inner = inner
        self.tags = inner.tags
        self.bare = inner.bare
        self.nodes = inner.nodes
        self.calls: list[tuple[int, int, bool]] = []
        #: The questions about elements of ``bare`` without attributes, which the compiled walk need not ask.
        self.bare_calls: list[tuple[int, int, bool]] = []

    def __call__(self, node: LexborNode, tag: int) -> bool:
        answer = self.inner(node, tag)
        call = (node.mem_id, tag, answer)
        if tag in self.bare and not node.attributes and node.mem_id not in self.nodes:
            self.bare_calls.append(call)
        self.calls.append(call)
        return answer


def _article_roots(tree: LexborHTMLParser, by_class: bool) -> list[LexborNode]:
    """The body, and the elements the article finder picks in it (Python walks)."""
    body = tree.body
    if body is None:
        return []
    with python_only():
        finder = _Finder(body, by_class=by_class)
        finder.score()
        return [body, *(node for node in finder.pick() if node.mem_id != body.mem_id)]


Blocks = list[tuple[str, int]]
Calls = list[tuple[int, int, bool]]


def _blocks_with(node: LexborNode, make_skip: Callable[[], Skip], *, python: bool) -> tuple[Blocks | None, Calls]:
    """The paragraphs of ``node`` with a new skip, compiled or Python (the skip made the same way), and the
    questions the walk asked it."""
    if python:
        with python_only():
            skip = _Recording(make_skip())
            blocks = _pairs(html_text._node_blocks(node, True, skip))
        # The skip promises that it leaves out no element of ``bare`` without attributes: the compiled walk does
        # not ask about those.
        assert not any(answer for _, _, answer in skip.bare_calls), "a bare element without attributes was left out"
        return blocks, [call for call in skip.calls if call not in skip.bare_calls]
    skip = _Recording(make_skip())
    return _speedups().blocks(node, True, skip), skip.calls


def check_node_blocks_with_article_skip(page: Page) -> None:
    """``node_blocks`` of the body and of the picked article with the real ``_ArticleSkip`` (by class and not),
    asked about the same elements in the same order, answering the same."""
    tree = page.tree()
    for by_class in (True, False):
        for node in _article_roots(tree, by_class):
            body = tree.body
            assert body is not None

            def make_skip(node: LexborNode = node, body: LexborNode = body, by_class: bool = by_class) -> Skip:
                return _ArticleSkip(node, Measures(body), by_class=by_class)

            what = f"article blocks of <{node.tag}> (by_class={by_class})"
            reference, asked = _blocks_with(node, make_skip, python=True)
            compiled_blocks, compiled_asked = _blocks_with(node, make_skip, python=False)
            _agrees(compiled_blocks, reference, page, what)
            if compiled_blocks is not None:
                assert compiled_asked == asked, f"{what}: the skip was asked other questions"
            public = html_text.node_blocks(node, include_self=True, skip=make_skip())
            with python_only():
                assert public == html_text.node_blocks(node, include_self=True, skip=make_skip()), what


class _HandMadeSkip:
    """Leaves out the elements whose class says "skip" or that are marked ``data-skip``, and every third element
    it is asked about (so that the answers must come in the same order); asks about links, ``<pre>``\\ s and
    paragraphs too, so that a "no" sends the walk on into them."""

    tags = tag_ids(["div", "ul", "a", "pre", "table", "span"])
    bare: frozenset[int] = frozenset()  # (so every element of ``tags`` is asked about)

    def __init__(self, root: LexborNode) -> None:
        self.nodes = {node.mem_id for node in root.css("[data-skip], p")}
        self.asked = 0

    def __call__(self, node: LexborNode, tag: int) -> bool:
        self.asked += 1
        return "skip" in (node.attributes.get("class") or "") or "data-skip" in node.attributes or self.asked % 3 == 0


def check_node_blocks_with_hand_made_skip(page: Page) -> None:
    """``node_blocks`` of every element with a skip that asks about many tags and nodes."""
    tree = page.tree()
    for node in _elements_of(tree):

        def make_skip(node: LexborNode = node) -> Skip:
            return _HandMadeSkip(node)

        reference, asked = _blocks_with(node, make_skip, python=True)
        compiled_blocks, compiled_asked = _blocks_with(node, make_skip, python=False)
        _agrees(compiled_blocks, reference, page, f"hand-made skip blocks of <{node.tag}>")
        if compiled_blocks is not None:
            assert compiled_asked == asked, f"<{node.tag}>: the skip was asked other questions"


def check_text_measures(page: Page) -> None:
    """``visible_text`` (stripped and not), ``text_length`` and ``text_stats`` of every element; the Python length
    is also that of the Python ``visible_text`` (what the compiled twins' descriptions promise)."""
    sp = _speedups()
    tree = page.tree()
    for node in _elements_of(tree):
        with python_only():
            text, stripped = visible_text(node), visible_text(node, strip=True)
            length, stats = text_length(node), text_stats(node)
        assert length == len(text), f"<{node.tag}>: the two Python measures differ"
        _agrees(sp.visible_text(node, False), text, page, f"visible_text of <{node.tag}>")
        _agrees(sp.visible_text(node, True), stripped, page, f"visible_text(strip=True) of <{node.tag}>")
        _agrees(sp.text_length(node), length, page, f"text_length of <{node.tag}>", text)
        _agrees(sp.text_stats(node), stats, page, f"text_stats of <{node.tag}>", text)
        public = (visible_text(node), visible_text(node, strip=True), text_length(node), text_stats(node))
        assert public == (text, stripped, length, stats), f"<{node.tag}>: the public functions"


def _finder_state(finder: _Finder, found: list[tuple[Any, int]], total: int) -> list[object]:
    """What scoring paragraphs left in a finder: every element met (in the order met) with its parent, tag,
    furniture verdicts and text, the scored paragraphs and the total."""
    elements = [
        (mem_id, e.tag, e.parent.node.mem_id if e.parent else None, e.furniture, e.never, e.text)
        for mem_id, e in finder.elements.items()
    ]
    return [elements, [(element.node.mem_id, packed) for element, packed in found], total]


def _finder_run(tree: LexborHTMLParser, by_class: bool) -> list[object]:
    """The article finder's climbs from the page's paragraphs and text-only ``<div>``\\ s (``paragraph_chains``
    when the compiled module is on), then the scores and the article it picks."""
    body = tree.body
    assert body is not None
    finder = _Finder(body, by_class=by_class)
    found: list[tuple[Any, int]] = []
    total = finder._score_paragraphs(body.css(SCORED_PARAGRAPHS), found)
    divisions = finder.measures.divisions()
    total += finder._score_paragraphs(divisions or [], found)
    state = _finder_state(finder, found, total)
    finder = _Finder(body, by_class=by_class)
    finder.score()
    scores = [(mem_id, e.scored, e.score, e.clean) for mem_id, e in finder.elements.items()]
    return [*state, scores, _ids(finder.pick())]


def check_article_finder(page: Page) -> None:
    """The article finder (by class and not) meets the same elements, scores them the same and picks the same
    article with the compiled module (``paragraph_chains``, ``Measures``) and without."""
    tree = page.tree()
    if tree.body is None:
        return
    for by_class in (True, False):
        compiled_state = _finder_run(tree, by_class)
        with python_only():
            assert compiled_state == _finder_run(tree, by_class), f"by_class={by_class}"


def _link_text(node: LexborNode) -> tuple[int, int]:
    """``(text of links elsewhere, text of links within the page)`` below ``node`` (itself included), from
    ``node.css("a")`` and the Python ``text_length``: what ``Measures`` keeps for each element."""
    full = within = 0
    with python_only():
        for a in node.css("a"):
            if (a.attributes.get("href") or "").startswith("#"):
                within += text_length(a)
            else:
                full += text_length(a)
    return full, within


def check_link_density(page: Page) -> None:
    """The link density of every element, for its own length and for others: ``Measures.link_density`` with the
    compiled walk and without."""
    tree = page.tree()
    body = tree.body
    if body is None:
        return
    compiled_measures = Measures(body)
    with python_only():
        python_measures = Measures(body)
    for node in _elements_of(tree):
        with python_only():
            own = text_length(node)
        for length in sorted({own, 1, 7, 10_000}):
            what = f"link density of <{node.tag}> over {length}"
            with python_only():
                reference = python_measures.link_density(node, length)
            assert compiled_measures.link_density(node, length) == reference, what
        assert compiled_measures.link_density(node, 0) == 0.0


def check_measures(page: Page) -> None:
    """The compiled ``Measures`` of the body: for every element below it (itself included) the length of its
    text and of its link text, the ``<div>``\\ s that hold no block (the selector ``SCORED_DIVISIONS``) and the
    count of each tag; ``None`` for an element it did not measure. The public ``Measures`` agrees on and off."""
    sp = _speedups()
    tree = page.tree()
    body = tree.body
    if body is None:
        return
    measured = sp.Measures(body)
    below = [node for node in body.traverse() if node.is_element_node]
    if not measured.valid:
        assert not page.utf8, "the compiled measures gave up on a page that is valid UTF-8"
        with python_only():
            assert "\ufffd" in visible_text(body), "the compiled measures gave up on text that is UTF-8"
        assert measured.text_length(body) is None and measured.link_text(body) is None
        assert measured.divisions() is None
    else:
        for node in below:
            with python_only():
                expected = text_length(node)
            assert measured.text_length(node) == expected, f"text length of <{node.tag}>"
            assert measured.link_text(node) == _link_text(node), f"link text of <{node.tag}>"
        assert _ids(measured.divisions()) == _ids(body.css(SCORED_DIVISIONS))
        for name in COUNTED:
            (tag,) = tag_ids([name])
            assert measured.count_tag(tag) == len(body.css(name)), f"<{name}> in the body"
        head = tree.head
        if head is not None:
            assert measured.text_length(head) is None and measured.link_text(head) is None
    public = Measures(body)
    answers = ([public.text_length(node) for node in below], _ids(public.divisions() or []))
    with python_only():
        public = Measures(body)
        assert answers == ([public.text_length(node) for node in below], _ids(public.divisions() or []))


#: Element names counted (``<div>``\ s by the article finder; the others are corners).
COUNTED = ["div", "p", "a", "span", "td", "blockquote", "script", "style", "svg", "title", "template", "br", "li"]


#: Lists of element names ``elements`` is asked for, as ``node.css`` would be with them joined by commas.
SELECTIONS = [
    ["blockquote"],
    ["p", "pre", "td"],
    ["a"],
    ["div", "span", "b"],
    ["script", "style"],
    ["title", "h1", "meta", "link", "time"],
    ["svg", "math", "template", "noscript"],
    ["html", "head", "body"],
]


def _ids(nodes: Sequence[LexborNode]) -> list[tuple[int, str | None]]:
    """Nodes by their address and name, to compare lists of them."""
    return [(node.mem_id, node.tag) for node in nodes]


def check_elements(page: Page) -> None:
    """``elements`` below every element is ``node.css(...)`` of the same names: the same nodes in the same
    order, whole (their parents are the right ones); with ``kept_if``, the attribute selectors the page scan
    needs."""
    sp = _speedups()
    tree = page.tree()
    link, script = (*tag_ids(["link"]), *tag_ids(["script"]))
    for node in _elements_of(tree):
        for names in SELECTIONS:
            found, expected = sp.elements(node, tag_ids(names)), node.css(", ".join(names))
            assert _ids(found) == _ids(expected), f"{names} below <{node.tag}>"
            assert [_ids([n.parent]) for n in found if n.parent] == [_ids([n.parent]) for n in expected if n.parent]
        rules = {
            link: sp.Rules(native.selector_rules('link[rel="canonical"]', _tag_number)),
            script: sp.Rules(native.selector_rules('script[type="application/ld+json"]', _tag_number)),
        }
        kept = sp.elements(node, {link, script}, rules)
        selector = 'link[rel="canonical"], script[type="application/ld+json"]'
        assert _ids(kept) == _ids(node.css(selector)), f"{selector} below <{node.tag}>"


def _tag_number(name: str) -> int:
    (number,) = tag_ids([name])
    return number


#: The selectors the extractors give the compiled ``select`` (with others of the same kinds of condition).
SELECTORS = [
    html_metadata._MARKED_AUTHORS,
    html_metadata._BYLINE_ELEMENTS,
    HIDDEN_SELECTOR,
    "time[datetime]",
    'link[rel="canonical"]',
    '[class~="share"], div[id="main"], [data-skip], a[href*="#"], [rel="author"], [type="text"]',
]


def check_select(page: Page) -> None:
    """``select`` with each selector the extractors hand it, below every element, is ``node.css`` of it."""
    sp = _speedups()
    tree = page.tree()
    compiled_rules = [(selector, sp.Rules(native.selector_rules(selector, _tag_number))) for selector in SELECTORS]
    for node in _elements_of(tree):
        for selector, rules in compiled_rules:
            assert _ids(sp.select(node, rules)) == _ids(node.css(selector)), f"{selector} below <{node.tag}>"


def _scan_fields(scan: Any) -> dict[str, object]:
    """What a page scan holds, nodes by their ``mem_id``."""

    def ident(node: LexborNode | None) -> int | None:
        return node.mem_id if node is not None else None

    return {
        "meta": dict(scan.meta),
        "repeated": scan.meta.repeated,
        "ld_scripts": [node.mem_id for node in scan.ld_scripts],
        "paragraphs": [node.mem_id for node in scan.paragraphs],
        "title": ident(scan.title),
        "h1": ident(scan.h1),
        "canonical": scan.canonical,
        "time": ident(scan.time),
        "pubdate": ident(scan.pubdate),
    }


def check_page_scan(page: Page) -> None:
    """The compiled page scan finds what the selector ``PAGE_SCAN`` finds, but the ``<meta>`` elements the scan
    would read nothing from, and ``scan_page`` sorts them into the same fields."""
    sp = _speedups()
    tree = page.tree()
    if tree.root is None:
        return
    found = sp.elements(tree.root, html_metadata._SCAN_TAGS, html_metadata._scan_rules())
    expected = tree.css(html_metadata.PAGE_SCAN)
    found_ids = {node.mem_id for node in found}
    (meta,) = tag_ids(["meta"])
    for node in expected:
        if node.mem_id not in found_ids:
            assert node.tag_id == meta, f"<{node.tag}> not found by the compiled scan"
            passed_over = html_metadata._Meta()
            passed_over.read(node.attributes)
            assert not passed_over, f"a <meta> the scan reads was passed over: {node.attributes}"
    assert _ids(found) == [pair for pair in _ids(expected) if pair[0] in found_ids]
    compiled_scan = _scan_fields(html_metadata.scan_page(tree))
    with python_only():
        assert compiled_scan == _scan_fields(html_metadata.scan_page(tree))


def check_count_byte(page: Page) -> None:
    """``count_byte`` of the markup for frequent and rare bytes is ``bytes.count``."""
    sp = _speedups()
    for byte in (0x3C, 0x3E, 0x00, 0xFF, 0x61, 0x0A, 0xE9):
        assert sp.count_byte(page.raw, byte) == page.raw.count(bytes([byte])), f"byte {byte:#x}"
        assert sp.count_byte(page.raw[1:-1], byte) == page.raw[1:-1].count(bytes([byte]))


CHECKS: list[Callable[[Page], None]] = [
    check_node_blocks,
    check_node_blocks_with_article_skip,
    check_node_blocks_with_hand_made_skip,
    check_text_measures,
    check_article_finder,
    check_link_density,
    check_measures,
    check_elements,
    check_select,
    check_page_scan,
    check_count_byte,
]
CHECK_IDS = [check.__name__.removeprefix("check_") for check in CHECKS]


# --- the module is there ------------------------------------------------------------------------------------------


def test_the_compiled_module_is_built_and_in_use() -> None:
    """The extractors use the compiled walks: a build without them falls back to Python without a word."""
    assert native.speedups is not None, (
        "app.extract._speedups was not built or did not import: `pip install -e .` found no C compiler "
        "(or the module does not match the installed selectolax), so the Python walks run, several times slower"
    )


@compiled
def test_the_layout_check_passed_and_the_attribute_names_are_known() -> None:
    """Importing the module ran its check of Lexbor's memory layout (it raises ImportError on a mismatch), and it
    holds Lexbor's numbers for the attribute names it reads: distinct, and each the right one (an element with
    that attribute is found by it)."""
    module = importlib.import_module("app.extract._speedups")
    assert module is native.speedups
    names = module.ATTRIBUTE_NAMES
    assert set(names) == {"rel", "type", "content", "class", "id", "style", "href"}
    assert len(set(names.values())) == len(names)
    assert all(isinstance(number, int) and 0 < number <= 0xFF for number in names.values())
    tree = LexborHTMLParser("".join(f'<div {name}="Wanted"></div><div {name}="other"></div>' for name in names))
    assert tree.root is not None
    (div,) = tag_ids(["div"])
    for name in names:
        rules = module.Rules([(div, [(name, "=", "wanted", True)])])
        found = module.elements(tree.root, {div}, {div: rules})
        assert [node.attributes for node in found] == [{name: "Wanted"}], name


# --- compiled against Python --------------------------------------------------------------------------------------


@compiled
@pytest.mark.parametrize("check", CHECKS, ids=CHECK_IDS)
@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_compiled_functions_give_the_python_results(page: Page, check: Callable[[Page], None]) -> None:
    """Each compiled function gives what its Python reference gives, on every golden page and edge case."""
    check(page)


def test_the_pages_hold_what_the_differential_tests_need() -> None:
    """The inputs reach both ways: golden pages are there, some pages are valid UTF-8 and some are not."""
    assert len(GOLDEN_PAGES) >= 10
    assert any(not page.utf8 for page in GOLDEN_PAGES) and any(not page.utf8 for page in EDGE_PAGES)
    assert sum(page.utf8 for page in PAGES) > len(PAGES) // 2


@compiled
def test_the_compiled_functions_give_up_only_on_text_that_is_not_utf8() -> None:
    """On bytes that are not UTF-8 the compiled functions say ``None`` (the caller takes the Python way), and on
    the same page's valid paragraphs they answer: the fallback is per element, not per page."""
    sp = _speedups()
    tree = EDGE_PAGES[[page.name for page in EDGE_PAGES].index("edge/invalid-utf8")].tree()
    bad, good = tree.css("p")[:2]
    assert sp.text_length(bad) is None and sp.text_stats(bad) is None and sp.blocks(bad, True, None) is None
    assert sp.visible_text(bad, False) is None
    assert sp.Measures(tree.body).valid is False
    assert sp.text_length(good) == 9 and sp.blocks(good, True, None) == [("good text", 0)]
    assert html_text.node_blocks(bad, include_self=True) == [Block("caf\ufffd bad \ufffd link", 10)]


@compiled
@pytest.mark.parametrize("page", _deep_pages(), ids=[page.name for page in _deep_pages()])
def test_compiled_functions_on_elements_nested_ten_thousand_deep(page: Page) -> None:
    """The walks are loops: 10,000 levels of nesting give the Python results (for the body, its first element
    and the innermost one; for every element the Python walks would take minutes)."""
    sp = _speedups()
    tree = page.tree()
    body = tree.body
    assert body is not None and body.child is not None
    deepest = body.child
    depth = 1
    while deepest.last_child is not None and deepest.last_child.is_element_node:
        deepest = deepest.last_child
        depth += 1
    assert depth >= 10_000
    measured = sp.Measures(body)
    (span,) = tag_ids(["span"])
    assert measured.count_tag(span) == len(body.css("span"))
    for node in (body, body.child, deepest):
        for include_self in (False, True):
            with python_only():
                reference = _pairs(html_text._node_blocks(node, include_self, None))
            assert sp.blocks(node, include_self, None) == reference
        with python_only():
            expected = (text_length(node), text_stats(node))
        assert (sp.text_length(node), sp.text_stats(node)) == expected
        assert (measured.text_length(node), measured.link_text(node)) == (expected[0], _link_text(node))
    assert _ids(measured.divisions()) == _ids(body.css(SCORED_DIVISIONS))


@compiled
@pytest.mark.parametrize("check", CHECKS, ids=CHECK_IDS)
@GENERATED
@given(page=GENERATED_PAGES)
def test_compiled_functions_give_the_python_results_on_generated_pages(
    check: Callable[[Page], None], page: Page
) -> None:
    """Each compiled function gives what its Python reference gives on generated markup: random trees of block,
    inline, table, ``<pre>``, ``<br>``, link, script, style, svg and template elements with random text (spaces of
    every kind, non-ASCII, bytes that are not UTF-8), and pieces of broken markup."""
    check(page)


@compiled
@pytest.mark.parametrize(
    "markup",
    [
        b'<svg><script type="Application/LD+JSON">{"@type": "NewsArticle", "headline": "H"}</script></svg>',
        b'<math><link rel="Canonical" href="https://example.com/a"></math>',
    ],
    ids=["ld-json-in-svg", "canonical-in-math"],
)
def test_the_page_scan_compares_attribute_values_as_the_selector_does(markup: bytes) -> None:
    """The compiled page scan matches ``rel`` and ``type`` values as ``PAGE_SCAN``'s selector does, inside foreign
    content too (where the selector minds their case)."""
    check_page_scan(Page("foreign-content", markup))


@compiled
@GENERATED
@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=255))
def test_count_byte_is_bytes_count(data: bytes, byte: int) -> None:
    """``count_byte`` counts every occurrence of the byte, wherever it is and however many there are."""
    assert _speedups().count_byte(data, byte) == data.count(bytes([byte]))
    assert _speedups().count_byte(data * 9, byte) == data.count(bytes([byte])) * 9


# --- strip_unread ------------------------------------------------------------------------------------------------


def _extraction(raw: bytes) -> object:
    """What extraction returns for a page: its documents and skipped parts, or the error's message."""
    try:
        return extract(raw, source="pages/page.html")
    except ExtractionError as error:
        return f"ExtractionError: {error}"


def _extraction_on_and_off(raw: bytes) -> tuple[object, object]:
    """Extraction with the compiled module (the page stripped of what is never read, compiled walks) and without."""
    compiled_result = _extraction(raw)
    with python_only():
        return compiled_result, _extraction(raw)


def _structure(markup: bytes) -> list[tuple[int, str, object]]:
    """The parsed page, node by node in document order with its depth: elements by name with the attributes the
    extractors read (``READ_ATTRIBUTES``, all ``strip_unread`` keeps), comments by name, text by what it says; the
    text right inside a script or a style (what ``strip_unread`` cuts) left out."""
    root = LexborHTMLParser(markup).root
    found: list[tuple[int, str, object]] = []
    stack = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if node.is_text_node:
            parent = node.parent
            if parent is None or parent.tag not in UNREAD_TAGS:
                found.append((depth, "#text", node.text_content))
        elif node.is_element_node:
            read = {name: value for name, value in node.attributes.items() if name in READ_ATTRIBUTES}
            found.append((depth, node.tag or "", read))
        else:
            found.append((depth, node.tag or "", None))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((child, depth + 1) for child in reversed(children))
    return found


@compiled
@pytest.mark.parametrize("page", [*PAGES, *_deep_pages()], ids=[*PAGE_IDS, *(page.name for page in _deep_pages())])
def test_strip_unread_never_changes_the_extraction_of_golden_pages(page: Page) -> None:
    """Every golden page (and edge case, and deep page: refused by the nesting guard) gives the same documents,
    or the same error, with the compiled module on and off."""
    compiled_result, python_result = _extraction_on_and_off(page.raw)
    assert compiled_result == python_result


@compiled
def test_strip_unread_cuts_something_from_golden_pages() -> None:
    """The test above is not idle: golden pages have script or style text, or attributes never read, to cut."""
    stripped = [page.name for page in GOLDEN_PAGES if len(_speedups().strip_unread(page.markup)) < len(page.markup)]
    assert len(stripped) >= 2, stripped


@compiled
@GENERATED
@given(page=GENERATED_PAGES)
def test_strip_unread_never_changes_the_extraction_of_generated_pages(page: Page) -> None:
    """Generated pages (trees of elements, and broken markup in pieces) give the same documents with the compiled
    module on and off, and parse to the same elements (and read attributes, and text) once stripped."""
    compiled_result, python_result = _extraction_on_and_off(page.raw)
    assert compiled_result == python_result
    assert _structure(_speedups().strip_unread(page.markup)) == _structure(page.markup)


#: Markup, and what ``strip_unread`` makes of it.
STRIP_CASES: dict[str, tuple[bytes, bytes]] = {
    "script text cut, tags kept": (
        b"<p>a</p><script>var x = '<p>not text</p>';</script><p>b</p>",
        b"<p>a</p><script></script><p>b</p>",
    ),
    "script with attributes (not read: cut too)": (b'<script src="x.js" async>// c</script>', b"<script  ></script>"),
    "style text cut": (b"<style>p { color: red }</style><p>x</p>", b"<style></style><p>x</p>"),
    "several of each": (
        b"<style>a</style><script>b</script>t<style class=all>c</style >u<script>d</script>",
        b"<style></style><script></script>t<style class=all></style >u<script></script>",
    ),
    "JSON-LD kept": (b'<script type="application/ld+json">{"@type": "NewsArticle"}</script>',) * 2,
    "JSON-LD in capitals kept": (b'<script type="Application/LD+JSON">{"a": 1}</script>',) * 2,
    "JSON-LD unquoted kept": (b"<script TYPE=application/ld+json>{}</script>",) * 2,
    "JSON-LD after another script": (
        b'<script>x</script><script type="application/ld+json">{}</script>',
        b'<script></script><script type="application/ld+json">{}</script>',
    ),
    "script inside a comment": (b"<!-- <script>x</script> --><p>a</p>",) * 2,
    "script inside a textarea": (b"<textarea><script>x</script></textarea>",) * 2,
    "script inside a title": (b"<title><script>x</script></title><p>body</p>",) * 2,
    "script inside noembed": (b"<noembed><script>x</script></noembed>",) * 2,
    "script inside iframe text": (b"<iframe><script>x</script></iframe>",) * 2,
    "script inside xmp": (b"<xmp><style>x</style></xmp>",) * 2,
    "script inside svg": (
        b"<svg><script>x</script><style>s</style></svg><script>y</script>",
        b"<svg><script>x</script><style>s</style></svg><script></script>",
    ),
    "script inside math": (b"<math><mi><script>x</script></mi></math>",) * 2,
    "a self-closed svg": (b"<svg/><script>x</script>", b"<svg/><script></script>"),
    "capitals": (b"<SCRIPT>x</SCRIPT><p>a</p>", b"<SCRIPT></SCRIPT><p>a</p>"),
    "end tag in mixed case with a space": (b"<script>x</Script ><p>a</p>", b"<script></Script ><p>a</p>"),
    "end tag with a slash": (b"<style>x</style/><p>a</p>", b"<style></style/><p>a</p>"),
    "a longer name is not the end": (b"<script>a</scripts>b</script>c", b"<script></script>c"),
    "script in an attribute value": (
        b'<div data-x="<script>alert(1)</script>">text</div><p>after</p>',
        b"<div >text</div><p>after</p>",
    ),
    "script in a read attribute's value": (b'<div class="<script>alert(1)</script>">text</div><p>after</p>',) * 2,
    "script in a single-quoted value": (
        b"<div class='<script>'>text</div><script>y</script><p>after</p>",
        b"<div class='<script>'>text</div><script></script><p>after</p>",
    ),
    "script in an unquoted value": (b"<p id=<script>>y</script>z</p>",) * 2,
    "script in an unread unquoted value": (b"<p x=<script>>y</script>z</p>", b"<p >>y</script>z</p>"),
    "script without an end tag": (
        b"<p>a</p><script>x</script><script>never ends <p>b</p>",
        b"<p>a</p><script></script><script>never ends <p>b</p>",
    ),
    "double escaped script": (b"<script><!--<script>x</script>y--></script><p>a</p><script>z</script>",) * 2,
    "escaped script": (b"<script><!-- x --></script>", b"<script></script>"),
    "plaintext": (
        b"<p>a</p><script>x</script><plaintext><script>y</script>",
        b"<p>a</p><script></script><plaintext><script>y</script>",
    ),
    "truncated inside a tag": (b'<p>a</p><script>x</script><div class="a', b'<p>a</p><script></script><div class="a'),
    "truncated inside a script's start tag": (b'<p>a</p><script type="text',) * 2,
    "truncated after a <": (b"<p>a<",) * 2,
    "empty": (b"", b""),
    "comment to the end": (b"<p>a</p><!-- <script>x</script>",) * 2,
    "doctype and bogus comments": (
        b"<!DOCTYPE html><?xml x?><p>a<!x <script>y</script> >b</p><script>x</script>",
        b"<!DOCTYPE html><?xml x?><p>a<!x <script>y</script> >b</p><script></script>",
    ),
    "short comments": (
        b"<!--><script>x</script><!---><style>y</style>",
        b"<!--><script></script><!---><style></style>",
    ),
    "comment ended by --!>": (b"<!-- a --!><script>x</script>", b"<!-- a --!><script></script>"),
    "not the end of a comment": (b"<!-- -- > <script>x</script> -->",) * 2,
    "noscript (scripting off: markup)": (
        b"<noscript><style>x</style></noscript>",
        b"<noscript><style></style></noscript>",
    ),
    "self-closing script": (b"<script/>x</script>", b"<script/></script>"),
    "template": (b"<template><script>x</script></template><p>a</p>", b"<template><script></script></template><p>a</p>"),
    "table": (b"<table><script>x</script><tr><td>c</table>", b"<table><script></script><tr><td>c</table>"),
    "non-ASCII and bytes that are not UTF-8": (
        "<p>é</p><script>ü\xa0</script>".encode() + b"<style>\xff</style>\xe9",
        "<p>é</p><script></script>".encode() + b"<style></style>\xe9",
    ),
    "unread attributes cut": (
        b'<img src="a.jpg" srcset="a 1x" alt="A picture" class="photo"><p data-track=1 CLASS=lead>x</p>',
        b'<img    class="photo"><p  CLASS=lead>x</p>',
    ),
    "read attributes kept, in any case": (
        b"<html lang=en xml:lang=en><meta property='og:title' content='T'><meta name=author content=A><meta "
        b"http-equiv=refresh content=5 charset=utf-8><a HREF='#x' Rel=author>a</a><time datetime=2024 pubdate "
        b"itemprop=datePublished>t</time><div hidden aria-hidden=true role=navigation style='display:none' id=i "
        b"class=c>d</div><script type=module>x</script><template shadowrootmode=open></template>",
        b"<html lang=en xml:lang=en><meta property='og:title' content='T'><meta name=author content=A><meta "
        b"http-equiv=refresh content=5 charset=utf-8><a HREF='#x' Rel=author>a</a><time datetime=2024 pubdate "
        b"itemprop=datePublished>t</time><div hidden aria-hidden=true role=navigation style='display:none' id=i "
        b"class=c>d</div><script type=module></script><template shadowrootmode=open></template>",
    ),
    "attributes without values": (b"<input disabled hidden readonly>", b"<input hidden >"),
    "attributes without spaces between": (b'<p data-a="1"class="c"data-b=\'2\'>x</p>', b'<p class="c">x</p>'),
    "attributes of a tag the markup ends in": (b'<p data-x=1>a</p><div data-y="2', b'<p >a</p><div data-y="2'),
    "attributes of an svg start tag, not inside it": (
        b'<svg viewBox="0 0 1 1" class=i><path d="M0"/></svg>',
        b'<svg  class=i><path d="M0"/></svg>',
    ),
    "attributes of end tags and in comments": (b"<p>x</p data-x=1><!-- <p data-y=2> -->",) * 2,
    # (an attribute right after a "/" stays: cut out, it would leave "/>", which closes an element of <svg>)
    "a slash then an attribute": (b"<br/data-x=1><div/data-y=2>x</div>",) * 2,
    "a slash then an attribute in svg": (b'<svg/viewBox="0 0 1 1"><text>t</text></svg>',) * 2,
    "svg style is markup": (
        b"<svg><defs><style>.a{fill:red}</style></defs></svg><style>p{}</style>",
        b"<svg><defs><style>.a{fill:red}</style></defs></svg><style></style>",
    ),
    "html script in svg title": (b"<svg><title><script>x</script></title></svg><script>y</script>",) * 2,
}


@compiled
@pytest.mark.parametrize(("markup", "expected"), STRIP_CASES.values(), ids=STRIP_CASES.keys())
def test_strip_unread_cuts_what_is_never_read(markup: bytes, expected: bytes) -> None:
    """What ``strip_unread`` cuts (the text of scripts and styles) and keeps (JSON-LD, text the tokenizer does not
    read as a script: comments, raw text, attribute values, foreign content; the rest of ambiguous markup), and the
    page parses to the same elements and text, but the text cut."""
    stripped = _speedups().strip_unread(markup)
    assert stripped == expected
    assert _structure(stripped) == _structure(markup)


@compiled
@pytest.mark.parametrize(
    "markup",
    [
        b"<p>no scripts here</p>",
        b'<script type="application/ld+json">{}</script>',
        b"<script></script><style></style>",
        b"<p class=a id='b' style=\"c\">read attributes only</p>",
        b'<p data-x="1',
    ],
)
def test_strip_unread_returns_the_very_same_bytes_when_it_cuts_nothing(markup: bytes) -> None:
    """Nothing to cut (no script or style text, only read attributes, or an unread one in a tag the markup ends
    in): the same object comes back, not a copy."""
    markup = bytes(bytearray(markup))  # (a new object, not a constant shared with other code)
    assert _speedups().strip_unread(markup) is markup


def _tricky(name: str, markup: bytes, why: str) -> Any:
    """A case where reading markup as far as ``strip_unread`` does is easy to get wrong; ``why`` says how."""
    return pytest.param(markup, id=name)


@compiled
@pytest.mark.parametrize(
    "markup",
    [
        *(pytest.param(markup, id=name) for name, (markup, _) in STRIP_CASES.items()),
        _tricky(
            "end-tag-attribute",
            b'<p>a</p x="<script>">text</p><script>y</script><p>after</p>',
            "an end tag's attribute holding <script> is read as a script: 'text</p><script>y' cut",
        ),
        _tricky(
            "end-tag-unquoted-attribute",
            b"<p>a</p t=<script>>text</p><script>y</script>",
            "an end tag's unquoted attribute holding <script> is read as a script",
        ),
        _tricky(
            "bogus-comment-space",
            b"<p>a</ <script>x</script> b</p>",
            "'</ ' starts a bogus comment that ends at the next '>': the <script> in it is none, 'x' is text, cut",
        ),
        _tricky(
            "bogus-comment-slash",
            b"<p>a<//<style>x</style>b</p>",
            "'<//' starts a bogus comment: the <style> in it is none",
        ),
        _tricky(
            "nested-svg",
            b"<svg><svg></svg><script>a<b>c</b></script></svg>",
            "a nested <svg>'s end tag is taken for the outer one's: the svg <script> is not raw text, <b> is markup",
        ),
        _tricky(
            "svg-unquoted-slash",
            b"<svg x=a/><style>a<b>c</b></style></svg><p>after</p>",
            "an unquoted value ending in '/' is taken for a self-closed <svg>: its <style> is foreign content",
        ),
        _tricky(
            "svg-slash-then-cut-attribute",
            b'<svg/viewBox="0 0 1 1"><text>svg words</text></svg><p>after</p>',
            "cutting the attribute after a '/' in an <svg> start tag leaves '<svg/>': the <svg> closes at once, and "
            "what it held becomes text of the page",
        ),
        _tricky(
            "svg-end-in-cdata",
            b"<svg><![CDATA[</svg>]]><script>a<b>c</b></script></svg>",
            "an </svg> inside CDATA is taken for the end of the <svg>",
        ),
        _tricky(
            "math-end-in-comment",
            b"<math><!-- </math> --><style>a<p>c</p></style></math>",
            "an </math> inside a comment is taken for the end of the <math>",
        ),
    ],
)
def test_strip_unread_keeps_what_the_parser_builds(markup: bytes) -> None:
    """The stripped markup parses to the same elements and text as the original, but the text right inside
    scripts and styles; and a page made of it gives the same documents with the compiled module on and off."""
    assert _structure(_speedups().strip_unread(markup)) == _structure(markup)
    page = b"<html><body><article><p>" + b"A paragraph of the article, long enough to be kept. " * 6 + b"</p>"
    page += markup + b"</article></body></html>"
    compiled_result, python_result = _extraction_on_and_off(page)
    assert compiled_result == python_result
