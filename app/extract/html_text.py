"""HTML to plain-text paragraphs: the one converter used for web pages and WordPress markup.

Block elements (paragraphs, headings, list items, block quotes, figure captions, table rows ...)
each become a paragraph; inline markup disappears; ``<br>`` becomes a line break inside a paragraph;
whitespace is collapsed as a browser would, except inside ``<pre>``. Scripts, styles and other
non-text elements are skipped.

The walk is iterative (no recursion), so a page nested a hundred thousand levels deep is just a
long page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import NamedTuple, Protocol

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import boilerplate

_PARSER = LexborHTMLParser("")


def tag_ids(names: Iterable[str]) -> frozenset[int]:
    """Lexbor's numbers for element names: comparing numbers is cheaper than reading names."""
    return frozenset(_PARSER.create_node(name).tag_id for name in names)


TEXT_NODE = 2  # lexbor's number for a text node
#: Stands for a <br> while a paragraph is gathered (the parser never leaves a NUL in text).
_LINE_BREAK = "\x00"
# Lexbor's numbers for what is not an element: nothing, end of file, document, comment, doctype.
_SKIP = tag_ids(boilerplate.NON_TEXT_TAGS) | {0, 1, 3, 4, 5}
_BLOCKS = tag_ids(boilerplate.BLOCK_TAGS)
_CELLS = tag_ids(boilerplate.CELL_TAGS)
(_BR,) = tag_ids(["br"])
(_PRE,) = tag_ids(["pre"])
(_A,) = tag_ids(["a"])


class Skip(Protocol):
    """Decides whether an element (and all it holds) is left out of the text.

    It is asked only about the elements whose tag is in ``tags`` and the ones in ``nodes`` (by
    ``mem_id``): the walk passes over the others without a call.
    """

    @property
    def tags(self) -> AbstractSet[int]: ...

    @property
    def nodes(self) -> AbstractSet[int]: ...

    def __call__(self, node: LexborNode, tag: int) -> bool: ...


class Block(NamedTuple):
    """A paragraph of text, and how many of its characters are link text."""

    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def _add_paragraphs(blocks: list[Block], text: str, links: int) -> None:
    """Append the paragraph (or paragraphs, when ``<br>``\\ s split it) gathered in ``text``."""
    if _LINE_BREAK in text:
        # A <br> ends a line; two in a row (with nothing but spaces between) end a paragraph.
        chunks = [" ".join(line.split()) for line in text.split(_LINE_BREAK)]
        paragraphs: list[list[str]] = [[]]
        for chunk in chunks:
            if chunk:
                paragraphs[-1].append(chunk)
            elif paragraphs[-1]:
                paragraphs.append([])
        found = ["\n".join(lines) for lines in paragraphs if lines]
        if len(found) > 1:
            total = sum(len(p) for p in found)
            for paragraph in found:
                blocks.append(Block(paragraph, min(len(paragraph), links * len(paragraph) // total)))
            return
        paragraph = found[0] if found else ""
    else:
        paragraph = " ".join(text.split())  # newlines in the markup are spaces, as in a browser
    if paragraph:
        blocks.append(Block(paragraph, min(links, len(paragraph))))


def _add_preformatted(blocks: list[Block], text: str) -> None:
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    block = "\n".join(lines).strip()
    if block:
        blocks.append(Block(block, 0))


def node_blocks(root: LexborNode, *, include_self: bool = False, skip: Skip | None = None) -> list[Block]:
    """The text of ``root``'s descendants (and of ``root`` itself with ``include_self``) as paragraphs.

    Block elements (paragraphs, headings, list items ...) start and end a paragraph; ``<br>`` starts a
    new line; text inside links is counted, so that lists of links can be told from prose. ``skip``
    is asked about the elements it names (see :class:`Skip`); when it says yes, the element is left
    out with all it holds.
    """
    blocks: list[Block] = []
    parts: list[str] = []
    links = 0  # characters of link text in ``parts``
    skip_ids = _SKIP
    block_ids = _BLOCKS
    cell_ids = _CELLS
    asked_tags: AbstractSet[int] = skip.tags if skip is not None else frozenset()
    asked_nodes: AbstractSet[int] = skip.nodes if skip is not None else frozenset()
    in_link = 0
    pending = False  # whether text that is not just spaces came since the last paragraph ended
    # The elements whose children are being walked, with their tags: the way back up, without asking
    # the tree again. The walk ends when it would leave ``root`` (or its first level, without ``include_self``).
    above: list[tuple[LexborNode, int]] = []
    node: LexborNode | None = root
    if not include_self:
        above.append((root, root.tag_id))
        node = root.child
    while node is not None:
        tag = node.tag_id
        if tag == TEXT_NODE:
            text = node.text_content
            if text:
                parts.append(text)
                if not pending and not text.isspace():
                    pending = True
                if in_link:
                    links += len(text.strip())
        elif tag in skip_ids:
            pass
        elif tag == _BR:
            parts.append(_LINE_BREAK)
        elif (
            skip is not None and (tag in asked_tags or (asked_nodes and node.mem_id in asked_nodes)) and skip(node, tag)
        ):
            pass
        elif tag == _PRE:
            if parts:
                if pending:
                    _add_paragraphs(blocks, "".join(parts), links)
                parts.clear()
                links = 0
            _add_preformatted(blocks, node.text(deep=True))
            pending = False
        else:
            if tag in block_ids:
                if parts:
                    if pending:
                        _add_paragraphs(blocks, "".join(parts), links)
                        pending = False
                    parts.clear()
                    links = 0
            elif tag in cell_ids:
                parts.append(" ")
            child = node.child
            if child is not None:
                if tag == _A:
                    in_link += 1
                above.append((node, tag))
                node = child
                continue
        # Leave this node and every ancestor whose children are done, then move on.
        while True:
            if not above:
                node = None
                break
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            node, tag = above.pop()
            if tag in block_ids:
                if parts:
                    if pending:
                        _add_paragraphs(blocks, "".join(parts), links)
                        pending = False
                    parts.clear()
                    links = 0
            elif tag == _A and in_link:
                in_link -= 1
    if parts and pending:
        _add_paragraphs(blocks, "".join(parts), links)
    return blocks


def node_paragraphs(root: LexborNode, *, include_self: bool = False) -> list[str]:
    """The text of ``root``'s descendants (and of ``root`` itself with ``include_self``) as paragraphs.

    >>> doc = LexborHTMLParser("<div><h2>Title</h2><p>One <b>two</b><br>three</p><ul><li>four</li></ul></div>")
    >>> node_paragraphs(doc.body)
    ['Title', 'One two\\nthree', 'four']
    """
    return [block.text for block in node_blocks(root, include_self=include_self)]


def fragment_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment, such as WordPress's ``content.rendered``."""
    body = LexborHTMLParser(markup).body
    return node_paragraphs(body) if body is not None else []


def fragment_text(markup: str) -> str:
    """One line of text from a short HTML fragment (a title, a term name): tags and entities gone.

    >>> fragment_text("Lorem <b>ipsum</b> &amp; dolor&#8217;s")
    'Lorem ipsum & dolor’s'
    """
    if "<" not in markup:
        return " ".join((html.unescape(markup) if "&" in markup else markup).split())
    return " ".join(" ".join(fragment_paragraphs(markup)).split())
