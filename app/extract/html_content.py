"""Finding the article in a web page, and only the article.

The method is Mozilla Readability's, made cheaper, with a few of trafilatura's habits:

1. scripts, styles, form controls and embedded media are never text: the walk that turns the article
   into text passes over them, so they need not be removed first;
2. look at the paragraphs (``<p>``, ``<pre>``, ``<td>``; and ``<div>``\\ s with no block inside when
   the page has little text in paragraphs) of 25 characters or more. A paragraph inside page furniture
   does not count: furniture is an element the reader never sees (hidden), an element named so
   (``nav``, ``aside``, ``footer`` ...), an element whose ARIA role says so, or one whose class or id
   words say so ("sidebar", "related", "share" ..., unless they also say "article", "content" ...). An
   element that holds most of the page's paragraph text is never furniture, whatever its name:
   ``article-body social-enabled`` must not cost the article. Comment sections are the exception;
3. score: each paragraph gives points (1, one per comma, one per 100 characters up to 3) to its parent,
   half to its grandparent and less to the ancestors above; an element's own points come from its name
   and its class or id words; links lower the score (a list of links is not prose);
4. take the best element, climb to an ancestor that gathers several good candidates or that holds
   half as much clean paragraph text again (an article cut into sections that share no parent), and
   add the siblings that continue the article (paragraphs split across several ``<div>``\\ s, figures);
5. walk it into paragraphs, leaving out furniture again, inline furniture too (share bars, "read
   more" boxes, bylines, tag lists), hidden elements and the headline; the caller drops the
   paragraphs that are mostly links.

Only the ancestors of paragraphs and the chosen article are ever judged, so the cost follows the text,
not the markup. Everything the rules need to know about markup (selectors, class words, weights) lives
in :mod:`app.extract.boilerplate`; this module only applies it.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import boilerplate as bp
from app.extract import native
from app.extract.html_text import (
    TEXT_NODE,
    Block,
    Measures,
    compiled_selector,
    node_blocks,
    tag_ids,
    visible_text,
)

#: Paragraph text shorter than this (characters) does not count when looking for the article.
MIN_PARAGRAPH = 25
#: An element holding at least this share of the paragraph text around it is never furniture.
KEEP_SHARE = 0.5
#: A hidden element holding at least this share of the article's text is kept (shown by a script).
KEEP_HIDDEN_SHARE = 0.9
#: How many of the best-scored elements have their link density computed.
TOP_CANDIDATES = 5
#: Ancestors of a paragraph that receive part of its score.
SCORED_LEVELS = 5
#: What a paragraph's points are divided by for its parent, grandparent and the ancestors above.
_LEVEL_DIVISORS = (1, 2, *(level * 3 for level in range(2, SCORED_LEVELS)))
#: Below this many characters of text in paragraphs, text-only ``<div>``\ s count as paragraphs too.
DIVISIONS_BELOW = 2500
#: An ancestor with this many times the clean paragraph text of the best element is taken instead.
CLIMB_RATIO = 1.5
#: An article shorter than this (characters) makes the finder try again with fewer removals.
MIN_ARTICLE = 250


class _Element:
    """What the finder knows about one element above a paragraph."""

    __slots__ = ("attrs", "blocked", "clean", "furniture", "never", "node", "parent", "score", "scored", "tag", "text")

    def __init__(self, node: LexborNode, tag: int, parent: _Element | None) -> None:
        self.node = node
        self.tag = tag  # lexbor's number for the element's name
        self.parent = parent
        self.attrs: dict[str, str | None] | None = None  # read when the element is judged
        self.furniture = False
        self.never = False  # furniture whatever its size (a comment section)
        self.text = 0  # characters of the paragraphs inside
        self.clean = 0  # characters of the paragraphs inside that are in no furniture
        self.score = 0.0
        self.scored = False
        self.blocked: bool | None = None


#: An id of this many parts or more is a heading made into an anchor ("sharing-with-a-single-developer"),
#: not a name given to the element: its words say nothing of what the element is.
SLUG_PARTS = 4


def _names(attrs: dict[str, str | None]) -> str:
    """The class and id words to judge an element by (an id that is a heading's anchor left out)."""
    cls = attrs.get("class") or ""
    ident = attrs.get("id")
    if not ident or ident.count("-") + ident.count("_") >= SLUG_PARTS - 1:
        return cls
    return f"{cls} {ident}"


#: Class-and-id strings already judged: (furniture, inline furniture). Pages of one site repeat them.
_VERDICTS: dict[str, tuple[bool, bool]] = {}


def _verdicts(names: str) -> tuple[bool, bool]:
    found = _VERDICTS.get(names)
    if found is None:
        parts = bp.split_names(names)
        unlikely, inline_junk = bp.UNLIKELY.search_parts(parts), bp.INLINE_JUNK.search_parts(parts)
        if (unlikely or inline_junk) and _maybe_article(names):
            unlikely = inline_junk = False
        found = (unlikely, inline_junk)
        if len(_VERDICTS) < 50_000:
            _VERDICTS[names] = found
    return found


def _maybe_article(names: str) -> bool:
    """Whether class or id words also say "article", "content" ... (substrings, case ignored)."""
    lower = names.lower()
    return any(word in lower for word in bp.MAYBE_ARTICLE)


_FURNITURE_TAGS = tag_ids(bp.FURNITURE_TAGS)
_NEVER_JUDGED = tag_ids([*bp.INLINE_TAGS, "body", "html", "main", "article"])
(_H1,) = tag_ids(["h1"])
_BLOCKQUOTE = tag_ids(["blockquote"])
(_FIGURE,) = tag_ids(["figure"])
(_P,) = tag_ids(["p"])
_JUDGED_IN_CHAINS = tag_ids([*bp.JUDGED_IN_ARTICLE, "li", "span", "p"]) - tag_ids(["body"])
#: Inside the chosen article, only these elements are judged: furniture comes in containers, while a
#: paragraph or a list item that is debris is caught by its text.
_JUDGED_IN_ARTICLE = tag_ids(bp.JUDGED_IN_ARTICLE)


def is_furniture(node: LexborNode, tag: int, *, by_class: bool = True, inline: bool = False) -> bool:
    """Whether an element (``tag`` is its lexbor number) is page furniture by its name, visibility,
    role or class and id words. ``inline`` also counts the furniture found inside articles (share
    bars, bylines, tag lists).
    """
    if tag in _FURNITURE_TAGS:
        return True
    if tag in _NEVER_JUDGED:
        return False
    return _furniture_attributes(node.attributes, by_class=by_class, inline=inline)


def _furniture_attributes(attrs: dict[str, str | None], *, by_class: bool, inline: bool) -> bool:
    """:func:`is_furniture` for an element whose name says nothing, from its attributes."""
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style is not None and bp.HIDDEN_STYLE.search(style):
        return True
    role = attrs.get("role")
    if role and role.lower() in bp.UNLIKELY_ROLES:
        return True
    if not by_class:
        return False
    cls = attrs.get("class") or ""
    ident = attrs.get("id")
    # as _names(attrs), without the call (it is made for every element above a paragraph)
    names = f"{cls} {ident}" if ident and ident.count("-") + ident.count("_") < SLUG_PARTS - 1 else cls
    if not names:
        return False
    found = _VERDICTS.get(names)
    unlikely, inline_junk = found if found is not None else _verdicts(names)
    return unlikely or (inline and inline_junk)


_WEIGHTS: dict[str, int] = {}


def _never_article(attrs: dict[str, str | None]) -> bool:
    """Whether class or id words say "comments": such a section goes whatever its size."""
    names = _names(attrs)
    return bool(names) and bp.NEVER_ARTICLE.search(names) and not _maybe_article(names)


def _hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return style is not None and bp.HIDDEN_STYLE.search(style)


def class_weight(attrs: dict[str, str | None]) -> int:
    """Readability's class weight: +25 for article-like class or id words, -25 for furniture words."""
    return _weight(attrs.get("class")) + _weight(attrs.get("id"))


def _weight(value: str | None) -> int:
    if not value:
        return 0
    weight = _WEIGHTS.get(value)
    if weight is None:
        weight = (25 if bp.POSITIVE_CLASS.search(value) else 0) - (25 if bp.NEGATIVE_CLASS.search(value) else 0)
        if len(_WEIGHTS) < 50_000:
            _WEIGHTS[value] = weight
    return weight


#: Readability's score of an element by its name, before the paragraphs inside add to it.
_TAG_SCORES: dict[int, float] = {
    **dict.fromkeys(tag_ids(["div"]), 5.0),
    **dict.fromkeys(tag_ids(["pre", "td", "blockquote", "article", "section"]), 3.0),
    **dict.fromkeys(tag_ids(["address", "ol", "ul", "dl", "dd", "dt", "li", "form"]), -3.0),
    **dict.fromkeys(tag_ids(["h1", "h2", "h3", "h4", "h5", "h6", "th"]), -5.0),
}


def _initial_score(element: _Element) -> float:
    attrs = element.attrs
    if attrs is None:
        attrs = element.attrs = element.node.attributes
    return _TAG_SCORES.get(element.tag, 0.0) + class_weight(attrs)


class _Finder:
    """One pass over one page's body."""

    def __init__(self, body: LexborNode, *, by_class: bool) -> None:
        self.body = body
        self.body_id = body.mem_id
        self.by_class = by_class
        self.elements: dict[int, _Element] = {}
        self.measures = Measures(body)

    def _element(self, node: LexborNode) -> _Element:
        """The element for ``node``, with every ancestor up to the body known too.

        Elements are created parents first, so ``self.elements`` lists every parent before its children.
        """
        elements = self.elements
        body_id = self.body_id
        new: list[LexborNode] = []
        current: LexborNode | None = node
        known: _Element | None = None
        while current is not None:
            mem_id = current.mem_id
            known = elements.get(mem_id)
            if known is not None:
                break
            new.append(current)
            if mem_id == body_id:
                break
            current = current.parent
        parent = known
        for item in reversed(new):
            parent = self._new_element(item, parent, item.tag_id)
        assert parent is not None
        return parent

    def _new_element(self, node: LexborNode, parent: _Element | None, tag: int, attributes: bool = True) -> _Element:
        """The element for ``node`` (``tag`` is its number; ``attributes``: whether it may have any)."""
        element = self.elements[node.mem_id] = _Element(node, tag, parent)
        # Furniture comes in containers: table rows, list items' insides and the like are not judged.
        if tag in _JUDGED_IN_CHAINS:
            by_class = self.by_class
            if tag in _FURNITURE_TAGS:
                element.furniture = True
                element.never = by_class and _never_article(node.attributes)
            elif tag not in _NEVER_JUDGED and attributes:
                attrs = element.attrs = node.attributes
                if _furniture_attributes(attrs, by_class=by_class, inline=False):
                    element.furniture = True
                    element.never = by_class and _never_article(attrs)
        return element

    def _blocked(self, element: _Element, limit: float) -> bool:
        """Whether the element is inside furniture (memoized along the chain)."""
        chain: list[_Element] = []
        current: _Element | None = element
        verdict = False
        while current is not None:
            if current.blocked is not None:
                verdict = current.blocked
                break
            chain.append(current)
            if current.furniture and (current.never or current.text < limit):
                verdict = True
                break
            current = current.parent
        for item in chain:
            item.blocked = verdict
        return verdict

    def score(self, paragraphs: list[LexborNode] | None = None) -> None:
        """Score the ancestors of the page's paragraphs (``paragraphs``: the elements that
        :data:`~app.extract.boilerplate.SCORED_PARAGRAPHS` finds, when the caller has them already)."""
        found: list[tuple[_Element, int]] = []
        if paragraphs is None:
            paragraphs = self.body.css(bp.SCORED_PARAGRAPHS)
        total = self._score_paragraphs(paragraphs, found)
        if total < DIVISIONS_BELOW:
            # Little text in paragraphs: the page writes its text straight into <div>s.
            divisions = self.measures.divisions()
            if divisions is not None:
                total += self._score_paragraphs(divisions, found)
        self._spread(found, total)

    def _score_paragraphs(self, paragraphs: list[LexborNode], found: list[tuple[_Element, int]]) -> int:
        total = 0
        for element, length, commas in self._paragraph_elements(paragraphs):
            points = 1 + commas + min(length // 100, 3)
            element.text += length
            found.append((element, length * 1000 + points))
            total += length
        return total

    def _paragraph_elements(self, paragraphs: list[LexborNode]) -> Iterator[tuple[_Element, int, int]]:
        """The element of each paragraph long enough to count, with its length and commas
        (:func:`~app.extract.html_text.text_stats`); its ancestors become known elements too."""
        chains = (
            native.speedups.paragraph_chains(paragraphs, self.body, self.elements, MIN_PARAGRAPH)
            if native.speedups is not None
            else None
        )
        if chains is not None:  # the same, with the measures and the climbs made in one compiled call
            elements = self.elements
            for length, commas, known, new in chains:
                parent = elements[known] if known else None
                for node, tag, attributes in new:
                    parent = self._new_element(node, parent, tag, attributes)
                assert parent is not None
                yield parent, length, commas
            return
        for p in paragraphs:
            length, commas = self.measures.text_stats(p)
            if length >= MIN_PARAGRAPH:
                yield self._element(p), length, commas

    def _spread(self, found: list[tuple[_Element, int]], total: int) -> None:
        # Paragraph text summed up the tree in one pass: children come after their parents.
        ordered = list(self.elements.values())
        for element in reversed(ordered):
            if element.parent is not None:
                element.parent.text += element.text
        limit = KEEP_SHARE * total
        for element, packed in found:
            if self._blocked(element, limit):
                continue
            length, points = divmod(packed, 1000)
            element.clean += length
            current = element.parent
            for divisor in _LEVEL_DIVISORS:
                if current is None:
                    break
                if not current.scored:
                    current.scored = True
                    current.score = _initial_score(current)
                current.score += points / divisor
                current = current.parent
        for element in reversed(ordered):
            if element.parent is not None:
                element.parent.clean += element.clean

    def pick(self) -> list[LexborNode]:
        """The element that holds the article, with the siblings that continue it."""
        candidates = [e for e in self.elements.values() if e.scored]
        if not candidates:
            return [self.body]
        measures = self.measures
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)[:TOP_CANDIDATES]
        # Links lower a score. The link density is worth measuring only while a candidate's score
        # could still matter: scores only go down, and below 3/4 of the best a candidate plays no part.
        best = 0.0
        measured: list[_Element] = []
        for candidate in ranked:
            if measured and candidate.score < 0.75 * best:
                break
            candidate.score *= 1 - measures.link_density(candidate.node, measures.text_length(candidate.node))
            best = max(best, candidate.score)
            measured.append(candidate)
        # The others of the best few are measured only if the climb below meets them.
        unmeasured = {id(c) for c in ranked[len(measured) :]}
        ranked = sorted(measured, key=lambda c: c.score, reverse=True)
        top = ranked[0]
        if top.node.mem_id == self.body_id:
            return [self.body]

        # Several good candidates under one ancestor: the article is that ancestor.
        close = [c for c in ranked[1:] if top.score > 0 and c.score / top.score >= 0.75]
        if len(close) >= 2:
            lists = [set(self._ancestor_ids(c)) for c in close]
            current = top.parent
            while current is not None and current.node.mem_id != self.body_id:
                if sum(1 for ancestors in lists if id(current) in ancestors) >= 2:
                    top = current
                    break
                current = current.parent

        # Climb while the parent scores better (the article's paragraphs are spread over its children).
        current = top.parent
        last = top.score
        threshold = last / 3
        while current is not None and current.node.mem_id != self.body_id:
            if not current.scored:
                current = current.parent
                continue
            if id(current) in unmeasured:
                unmeasured.discard(id(current))
                current.score *= 1 - measures.link_density(current.node, measures.text_length(current.node))
            if current.score < threshold:
                break
            if current.score > last:
                top = current
                break
            last = current.score
            current = current.parent

        # An only child says nothing: its parent is the same block.
        while (
            top.parent is not None and top.parent.node.mem_id != self.body_id and _only_element_child(top.parent.node)
        ):
            parent = top.parent
            if not parent.scored:
                parent.score = top.score
            top = parent
        # The article split into sections that do not share a parent: an ancestor with much more clean
        # paragraph text than the best element holds the rest of it.
        up = top.parent
        while up is not None and up.node.mem_id != self.body_id:
            if up.clean >= CLIMB_RATIO * top.clean:
                return [up.node]
            up = up.parent
        return self._with_siblings(top)

    @staticmethod
    def _ancestor_ids(element: _Element) -> list[int]:
        ids: list[int] = []
        current = element.parent
        while current is not None:
            ids.append(id(current))
            current = current.parent
        return ids

    def _with_siblings(self, top: _Element) -> list[LexborNode]:
        parent = top.node.parent
        if parent is None:
            return [top.node]
        threshold = max(10.0, top.score * 0.2)
        top_class = top.node.attributes.get("class") or ""
        kept: list[LexborNode] = []
        top_id = top.node.mem_id
        sibling = parent.child
        while sibling is not None:
            mem_id = sibling.mem_id
            if mem_id == top_id:
                kept.append(sibling)
            elif sibling.is_element_node:
                candidate = self.elements.get(mem_id)
                bonus = top.score * 0.2 if top_class and sibling.attributes.get("class") == top_class else 0.0
                if candidate is not None and candidate.scored and candidate.score + bonus >= threshold:
                    if not candidate.blocked:
                        kept.append(sibling)
                elif sibling.tag_id == _FIGURE and not is_furniture(sibling, _FIGURE, by_class=self.by_class):
                    kept.append(sibling)  # a picture of the article, with its caption
                elif sibling.tag_id == _P:
                    text = visible_text(sibling, strip=True)
                    length = len(text)
                    density = self.measures.link_density(sibling, length)
                    if (length > 80 and density < 0.25) or (
                        0 < length <= 80 and density == 0 and (". " in text or text.endswith("."))
                    ):
                        kept.append(sibling)
            sibling = sibling.next
        return kept


def _only_element_child(node: LexborNode) -> bool:
    count = 0
    child = node.child
    while child is not None:
        if child.is_element_node:
            count += 1
            if count > 1:
                return False
        elif child.tag_id == TEXT_NODE and (child.text_content or "").strip():
            return False
        child = child.next
    return count == 1


class _ArticleSkip:
    """What to leave out while the chosen elements are turned into text: furniture, the headline.

    The walk asks only about the elements that may be furniture (:data:`_JUDGED_IN_ARTICLE`), the
    headline and the hidden elements; and not about those of :attr:`bare` without any attribute: only their
    class, id, style, role or visibility could make them furniture.
    """

    tags = _JUDGED_IN_ARTICLE | {_H1}
    bare = _JUDGED_IN_ARTICLE - _FURNITURE_TAGS

    def __init__(self, root: LexborNode, measures: Measures, *, by_class: bool) -> None:
        self.root = root
        self.measures = measures
        self.by_class = by_class
        self.limit = -1.0
        # Hidden elements of any kind, found in one pass (the others are judged one by one).
        hidden = (
            native.speedups.select(root, compiled_selector(bp.HIDDEN_SELECTOR))
            if native.speedups is not None
            else root.css(bp.HIDDEN_SELECTOR)
        )
        self.hidden = {node.mem_id for node in hidden if _hidden(node.attributes)}
        self.nodes = self.hidden
        self._embeds: set[int] | None = None

    def _embedding(self) -> set[int]:
        """The elements (``mem_id``) that hold an embedded post, found the first time it is asked."""
        if self._embeds is None:
            self._embeds = set()
            root_id = self.root.mem_id
            speedups = native.speedups
            quotes = speedups.elements(self.root, _BLOCKQUOTE) if speedups is not None else self.root.css("blockquote")
            for quote in quotes:
                if bp.EMBEDDED_POST_CLASSES.isdisjoint((quote.attributes.get("class") or "").split()):
                    continue
                parent = quote.parent
                while parent is not None and parent.mem_id not in self._embeds:
                    self._embeds.add(parent.mem_id)
                    if parent.mem_id == root_id:
                        break
                    parent = parent.parent
        return self._embeds

    def __call__(self, node: LexborNode, tag: int) -> bool:
        if tag == _H1:
            return True
        hidden = bool(self.hidden) and node.mem_id in self.hidden
        if tag not in _JUDGED_IN_ARTICLE:
            return hidden
        attrs = None
        if not hidden and tag not in _FURNITURE_TAGS:
            attrs = node.attributes
            if not _furniture_attributes(attrs, by_class=self.by_class, inline=True):
                return False
        if self.by_class and _never_article(node.attributes if attrs is None else attrs):
            return True
        if attrs is not None and node.mem_id in self._embedding():
            return False  # a post the article quotes, in a wrapper named "social-media-embed" or the like
        if self.limit < 0:
            self.limit = self.measures.text_length(self.root)
        # Furniture that holds most of the article is the article's wrapper, misnamed; a hidden
        # element is kept only when it holds nearly all of it (a page that hides its text until a
        # script runs).
        return self.measures.text_length(node) < (KEEP_HIDDEN_SHARE if hidden else KEEP_SHARE) * self.limit


def find_article(
    tree: LexborHTMLParser, *, by_class: bool = True, paragraphs: list[LexborNode] | None = None
) -> list[Block]:
    """The article's paragraphs, furniture left out (empty when the page has no body).

    ``by_class=False`` judges no element by its class or id words: the second try for pages whose
    article was lost that way. ``paragraphs`` are the page's elements that
    :data:`~app.extract.boilerplate.SCORED_PARAGRAPHS` finds, when the caller has them already.
    The tree is left as it was.
    """
    body = tree.body
    if body is None:
        return []
    finder = _Finder(body, by_class=by_class)
    finder.score(paragraphs)
    blocks: list[Block] = []
    for node in finder.pick():
        blocks.extend(node_blocks(node, include_self=True, skip=_ArticleSkip(node, finder.measures, by_class=by_class)))
    return blocks
