"""HTML to plain-text paragraphs: the one converter used for web pages and WordPress markup.

Block elements (paragraphs, headings, list items, block quotes, figure captions, table rows ...)
each become a paragraph; inline markup disappears; ``<br>`` becomes a line break inside a paragraph;
whitespace is collapsed as a browser would, except inside ``<pre>``. Scripts, styles and other
non-text elements are skipped.

The walk is iterative (no recursion), so a page nested a hundred thousand levels deep is just a
long page.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import boilerplate

_WHITESPACE = re.compile(r"\s+")


class _Paragraphs:
    """Collects text into paragraphs while the tree is walked."""

    __slots__ = ("_parts", "paragraphs")

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._parts: list[str] = []

    def add(self, text: str) -> None:
        self._parts.append(text)

    def line_break(self) -> None:
        self._parts.append("\n")

    def flush(self) -> None:
        if not self._parts:
            return
        text = "".join(self._parts)
        self._parts = []
        lines = (_WHITESPACE.sub(" ", line).strip() for line in text.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)

    def add_preformatted(self, text: str) -> None:
        self.flush()
        lines = [line.rstrip() for line in text.strip("\n").split("\n")]
        block = "\n".join(lines).strip()
        if block:
            self.paragraphs.append(block)


def node_paragraphs(root: LexborNode, *, include_self: bool = False) -> list[str]:
    """The text of ``root``'s descendants (and of ``root`` itself with ``include_self``) as paragraphs.

    >>> doc = LexborHTMLParser("<div><h2>Title</h2><p>One <b>two</b><br>three</p><ul><li>four</li></ul></div>")
    >>> node_paragraphs(doc.body)
    ['Title', 'One two\\nthree', 'four']
    """
    out = _Paragraphs()
    skip = boilerplate.NON_TEXT_TAGS
    blocks = boilerplate.BLOCK_TAGS
    cells = boilerplate.CELL_TAGS
    root_id = root.mem_id
    node: LexborNode | None = root if include_self else root.child
    while node is not None:
        tag = node.tag
        descend = False
        if tag == "-text":
            out.add(node.text_content or "")
        elif tag is None or tag in skip or tag[0] == "-":
            pass
        elif tag == "br":
            out.line_break()
        elif tag == "pre":
            out.add_preformatted(node.text(deep=True))
        else:
            if tag in blocks:
                out.flush()
            elif tag in cells:
                out.add(" ")
            descend = node.child is not None
        if descend:
            node = node.child
            continue
        # Leave this node and every ancestor whose children are done, then move on.
        while node is not None:
            if node.tag in blocks:
                out.flush()
            if node.mem_id == root_id:
                node = None
                break
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            parent = node.parent
            node = None if parent is None or (parent.mem_id == root_id and not include_self) else parent
    out.flush()
    return out.paragraphs


def fragment_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment, such as WordPress's ``content.rendered``."""
    body = LexborHTMLParser(markup).body
    return node_paragraphs(body) if body is not None else []


def fragment_text(markup: str) -> str:
    """One line of text from a short HTML fragment (a title, a term name): tags and entities gone.

    >>> fragment_text("Lorem <b>ipsum</b> &amp; dolor&#8217;s")
    'Lorem ipsum & dolor’s'
    """
    if "<" not in markup and "&" not in markup:
        return _WHITESPACE.sub(" ", markup).strip()
    return _WHITESPACE.sub(" ", " ".join(fragment_paragraphs(markup))).strip()
