"""HTML to plain-text paragraphs: the one converter used for web pages and WordPress markup.

Block elements (paragraphs, headings, list items, block quotes, figure captions, table rows ...)
each become a paragraph; inline markup disappears; ``<br>`` becomes a line break inside a paragraph;
whitespace is collapsed as a browser would, except inside ``<pre>``. Scripts, styles and other
non-text elements are skipped.

The walk is iterative (no recursion), so a page nested a hundred thousand levels deep is just a
long page. It also measures text for the article finder (:func:`text_length`, :func:`text_stats`).

Each walk has a compiled twin in :mod:`app.extract._speedups`, used when it is there
(:mod:`app.extract.native`): the same results, several times faster. The functions here are the reference.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import boilerplate, native
from app.records import Record

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Final, Protocol

    from app.extract._speedups import Rules

    class Skip(Protocol):
        """Decides whether an element (and all it holds) is left out of the text.

        It is asked only about the elements whose tag is in ``tags`` and the ones in ``nodes`` (by
        ``mem_id``): the walk passes over the others without a call. It promises that an element whose tag
        is in ``bare`` and that has no attribute is never left out (unless it is in ``nodes``): the walk
        may pass over those without a call too.
        """

        @property
        def tags(self) -> AbstractSet[int]: ...

        @property
        def bare(self) -> AbstractSet[int]: ...

        @property
        def nodes(self) -> AbstractSet[int]: ...

        def __call__(self, node: LexborNode, tag: int) -> bool: ...


_PARSER = LexborHTMLParser("")


def tag_ids(names: Iterable[str]) -> frozenset[int]:
    """Lexbor's numbers for element names: comparing numbers is cheaper than reading names."""
    return frozenset(_PARSER.create_node(name).tag_id for name in names)


@functools.cache
def compiled_selector(selector: str) -> Rules:
    """``selector`` (element names and attribute conditions only, see :func:`app.extract.native.selector_rules`)
    as rules for the compiled finders (``_speedups.select``, ``_speedups.elements``), made once. Only for
    callers that use the compiled module."""
    assert native.speedups is not None
    rules: Rules = native.speedups.Rules(native.selector_rules(selector, _tag_number))
    return rules


def _tag_number(name: str) -> int:
    (number,) = tag_ids([name])
    return number


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
(_DIV,) = tag_ids(["div"])


class Block(Record):
    """A paragraph of text, and how many of its characters are link text."""

    __slots__ = ("link_chars", "text")

    def __init__(self, text: str, link_chars: int) -> None:
        self.text: Final = text
        self.link_chars: Final = link_chars

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


def _preformatted(text: str) -> str:
    """The paragraph of a ``<pre>``: its lines as they are, without trailing spaces or blank edges."""
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "\n".join(lines).strip()


def _add_preformatted(blocks: list[Block], text: str) -> None:
    block = _preformatted(text)
    if block:
        blocks.append(Block(block, 0))


def node_blocks(root: LexborNode, *, include_self: bool = False, skip: Skip | None = None) -> list[Block]:
    """The text of ``root``'s descendants (and of ``root`` itself with ``include_self``) as paragraphs.

    Block elements (paragraphs, headings, list items ...) start and end a paragraph; ``<br>`` starts a
    new line; text inside links is counted, so that lists of links can be told from prose. ``skip``
    is asked about the elements it names (see :class:`Skip`); when it says yes, the element is left
    out with all it holds.
    """
    if native.speedups is not None:
        found = native.speedups.blocks(root, include_self, skip)
        if found is not None:
            return [Block(text, links) for text, links in found]
    return _node_blocks(root, include_self, skip)


def _node_blocks(root: LexborNode, include_self: bool, skip: Skip | None) -> list[Block]:
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
            _add_preformatted(blocks, visible_text(node))
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


#: Scripts and styles (:data:`~app.extract.boilerplate.UNREAD_TAGS`): the text right inside them is never read,
#: nor counted when text is measured, so that it can be cut out of a page before it is parsed.
UNREAD_TAGS = tag_ids(boilerplate.UNREAD_TAGS)
_UNREAD = ", ".join(sorted(boilerplate.UNREAD_TAGS))


def visible_text(node: LexborNode, *, strip: bool = False) -> str:
    """``node.text(deep=True, strip=strip)`` without the text right inside scripts and styles (see
    :data:`UNREAD_TAGS`)."""
    if native.speedups is not None:
        found: str | None = native.speedups.visible_text(node, strip)
        if found is not None:
            return found
    unread = node.css(_UNREAD)  # (``node`` itself included, when it is one)
    if not unread:
        return node.text(deep=True, strip=strip)
    left_out = {element.mem_id for element in unread}
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.is_text_node:
            parent = child.parent
            if parent is None or parent.mem_id not in left_out:
                text = child.text_content or ""
                parts.append(text.strip() if strip else text)
    return "".join(parts)


def text_length(node: LexborNode) -> int:
    """``len(visible_text(node))``, without making the text when the compiled walks are there."""
    if native.speedups is not None:
        length: int | None = native.speedups.text_length(node)
        if length is not None:
            return length
    return len(node.text(deep=True)) - sum(len(element.text(deep=False)) for element in node.css(_UNREAD))


def text_stats(node: LexborNode) -> tuple[int, int]:
    """The length of an element's text (:func:`visible_text`) without the spaces around it, and how many
    commas it holds (those of other scripts too: "，" "、" "،")."""
    if native.speedups is not None:
        stats: tuple[int, int] | None = native.speedups.text_stats(node)
        if stats is not None:
            return stats
    return _stats(visible_text(node))


def _stats(text: str) -> tuple[int, int]:
    commas = text.count(",")
    if not text.isascii():  # (a constant-time question) the commas of other scripts
        commas += text.count("，") + text.count("、") + text.count("،")
    return len(text.strip()), commas


class Measures:
    """Text lengths and link text of the elements below one page's body, each measured once.

    The article finder asks about the same elements again and again (candidates are nested). The compiled
    twin measures every element in one walk; the Python way remembers what it measured, and finds the
    scripts and styles of the body once (their text is not counted: :func:`visible_text`).
    """

    def __init__(self, body: LexborNode) -> None:
        """Measures of the elements of ``body`` (the methods are asked about those only)."""
        self.body = body
        self._lengths: dict[int, int] = {}
        self._links: dict[int, tuple[int, int]] = {}
        self._unread: dict[int, int] | None = None
        measured = native.speedups.Measures(body) if native.speedups is not None else None
        self._native = measured if measured is not None and measured.valid else None

    def text_length(self, node: LexborNode) -> int:
        """``len(visible_text(node))``."""
        if self._native is not None:
            length: int | None = self._native.text_length(node)
            if length is not None:
                return length
        mem_id = node.mem_id
        found = self._lengths.get(mem_id)
        if found is None:
            found = self._lengths[mem_id] = len(node.text(deep=True)) - self._unread_inside(node)
        return found

    def text_stats(self, node: LexborNode) -> tuple[int, int]:
        """:func:`text_stats` of an element of the body."""
        if self._native is None and not self._unread_inside(node):
            return _stats(node.text(deep=True))  # (no script or style inside: the text is the visible text)
        return text_stats(node)

    def _unread_inside(self, node: LexborNode) -> int:
        """The characters right inside the scripts and styles below ``node`` (itself included)."""
        if self._unread is None:
            # Every script and style of the body adds its text to each element it is in, up to the body.
            self._unread = {}
            body_id = self.body.mem_id
            for element in self.body.css(_UNREAD):
                length = len(element.text(deep=False))
                current: LexborNode | None = element
                while current is not None:
                    mem_id = current.mem_id
                    self._unread[mem_id] = self._unread.get(mem_id, 0) + length
                    if mem_id == body_id:
                        break
                    current = current.parent
        return self._unread.get(node.mem_id, 0)  # (an element of the body without any inside: 0)

    def link_density(self, node: LexborNode, length: int) -> float:
        """The share of ``length`` characters that is the text of the links below ``node`` (itself
        included); a link within the page (``href="#..."``) counts 0.3 of its text. At most 1."""
        if length <= 0:
            return 0.0
        links: tuple[int, int] | None = self._native.link_text(node) if self._native is not None else None
        if links is None:
            links = self._link_text(node)
        full, within = links
        return min(1.0, (full + 0.3 * within) / length)

    def _link_text(self, node: LexborNode) -> tuple[int, int]:
        full = within = 0
        for a in node.css("a"):
            mem_id = a.mem_id
            measured = self._links.get(mem_id)
            if measured is None:
                length = text_length(a)
                anchor = (a.attributes.get("href") or "").startswith("#")
                measured = self._links[mem_id] = (0, length) if anchor else (length, 0)
            full += measured[0]
            within += measured[1]
        return full, within

    def divisions(self) -> list[LexborNode] | None:
        """The ``<div>`` elements that hold no block (:data:`~app.extract.boilerplate.SCORED_DIVISIONS`),
        or ``None`` when the body holds more than :data:`MAX_DIVISIONS` ``<div>``\\ s (the selector looks
        inside every one: on a page of thousands of nested ones it would take long)."""
        if self._native is not None:
            if self._native.count_tag(_DIV) > MAX_DIVISIONS:
                return None
            found: list[LexborNode] = self._native.divisions()
            return found
        if len(self.body.css("div")) > MAX_DIVISIONS:
            return None
        return self.body.css(boilerplate.SCORED_DIVISIONS)


#: Above this many <div>s, text-only <div>s are not looked for (see :meth:`Measures.divisions`).
MAX_DIVISIONS = 3000


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
        if "&" in markup:
            import html  # (only for such text: its table of entities takes 7 ms to load)

            markup = html.unescape(markup)
        return " ".join(markup.split())
    return " ".join(" ".join(fragment_paragraphs(markup)).split())


if native.speedups is not None:
    native.speedups.configure(
        _SKIP, _BLOCKS, _CELLS, UNREAD_TAGS, _BR, _PRE, _A, _preformatted, tag_ids(boilerplate.DIVISION_BLOCKS), _DIV
    )
