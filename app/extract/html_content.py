"""Finding the article in a web page, and only the article.

The method is Mozilla Readability's, made cheaper, with a few of trafilatura's habits:

1. remove what is never text (scripts, styles, forms' controls ...), what the reader never sees (hidden
   elements) and page furniture (navigation, asides, footers, elements whose class or id says
   "sidebar", "related", "share" ...). An element that holds most of the page's text is never removed
   this way, whatever its name: class names such as ``article-body social-enabled`` must not cost the
   article;
2. score the paragraphs: each paragraph of 25 characters or more gives points (1, one per comma, one
   per 100 characters up to 3) to its parent, half to its grandparent and less to the ancestors above;
   an element's own points come from its name and its class or id words; links lower the score
   (a list of links is not prose);
3. take the best element, climb to an ancestor that gathers several good candidates, and add the
   siblings that look like the same article (paragraphs split across several ``<div>``);
4. inside it, remove inline furniture (share bars, "read more" boxes, bylines, lists of links) and cut
   it into paragraphs.

Everything the rules need to know about markup (selectors, class words, weights) lives in
:mod:`app.extract.boilerplate`; this module only applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import boilerplate as bp

#: Paragraph text shorter than this (characters) does not count when looking for the article.
MIN_PARAGRAPH = 25
#: An element whose text is at least this share of the page's text is never removed as furniture.
KEEP_SHARE = 0.5
#: How many of the best-scored elements have their link density computed.
TOP_CANDIDATES = 5
#: Ancestors of a paragraph that receive part of its score.
SCORED_LEVELS = 5
#: An article shorter than this (characters) makes the finder try again with fewer removals.
MIN_ARTICLE = 250


@dataclass(slots=True)
class _Candidate:
    node: LexborNode
    score: float


def _remove(nodes: list[LexborNode]) -> None:
    # selectolax's decompose only unlinks a subtree (memory goes with the document), so a node inside
    # a subtree that was already removed can still be removed safely.
    for node in nodes:
        node.decompose(False)


def _text_length(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=True))


def _class_and_id(node: LexborNode) -> str:
    attrs = node.attrs
    cls = attrs.get("class") or ""
    ident = attrs.get("id") or ""
    return f"{cls} {ident}" if ident else cls


def _link_density(node: LexborNode, length: int) -> float:
    if length <= 0:
        return 0.0
    links = 0
    for a in node.css("a"):
        href = a.attrs.get("href") or ""
        weight = 0.3 if href.startswith("#") else 1.0
        links += int(weight * _text_length(a))
    return min(1.0, links / length)


def clean_page(body: LexborNode, *, strip_unlikely: bool) -> None:
    """Remove what is never the article from the page (step 1)."""
    _remove(body.css(bp.HTML_NEVER_TEXT))
    total = _text_length(body) or 1
    limit = KEEP_SHARE * total
    doomed: list[LexborNode] = []
    for node in body.css(bp.HTML_HIDDEN):
        if _text_length(node) < limit:
            doomed.append(node)
    for node in body.css(bp.HTML_FURNITURE):
        if _text_length(node) < limit:
            doomed.append(node)
    if strip_unlikely:
        for node in body.css("[class], [id], [role]"):
            if node.tag in ("body", "html", "a", "main", "article"):
                continue
            role = node.attrs.get("role")
            names = _class_and_id(node)
            unlikely = (role is not None and role.lower() in bp.UNLIKELY_ROLES) or (
                names and bp.UNLIKELY.search(names) is not None and bp.MAYBE_ARTICLE.search(names) is None
            )
            if unlikely and _text_length(node) < limit:
                doomed.append(node)
    _remove(doomed)


def _initial_score(node: LexborNode) -> float:
    tag = node.tag
    score = 0.0
    if tag == "div":
        score = 5
    elif tag in ("pre", "td", "blockquote", "article", "section"):
        score = 3
    elif tag in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
        score = -3
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th"):
        score = -5
    return score + class_weight(node)


def class_weight(node: LexborNode) -> int:
    """Readability's class weight: +25 for article-like class or id words, -25 for furniture words."""
    weight = 0
    attrs = node.attrs
    for value in (attrs.get("class"), attrs.get("id")):
        if value:
            if bp.NEGATIVE_CLASS.search(value):
                weight -= 25
            if bp.POSITIVE_CLASS.search(value):
                weight += 25
    return weight


def _commas(text: str) -> int:
    return text.count(",") + text.count("，") + text.count("、") + text.count("،")


def score_paragraphs(body: LexborNode) -> dict[int, _Candidate]:
    """Step 2: every element that holds paragraphs, with its score."""
    candidates: dict[int, _Candidate] = {}
    body_id = body.mem_id
    paragraphs = body.css(bp.SCORED_PARAGRAPHS)
    paragraphs.extend(body.css(bp.SCORED_DIVISIONS))
    for p in paragraphs:
        text = p.text(deep=True)
        length = len(text.strip())
        if length < MIN_PARAGRAPH:
            continue
        points = 1 + _commas(text) + min(length // 100, 3)
        node = p.parent
        level = 0
        while node is not None and level < SCORED_LEVELS:
            mem_id = node.mem_id
            candidate = candidates.get(mem_id)
            if candidate is None:
                if node.tag in ("html", None, "-document"):
                    break
                candidate = candidates[mem_id] = _Candidate(node, _initial_score(node))
            if level == 0:
                candidate.score += points
            elif level == 1:
                candidate.score += points / 2
            else:
                candidate.score += points / (level * 3)
            if mem_id == body_id:
                break
            node = node.parent
            level += 1
    return candidates


def _ancestor_ids(node: LexborNode, stop: int) -> list[int]:
    ids: list[int] = []
    parent = node.parent
    while parent is not None and parent.mem_id != stop:
        ids.append(parent.mem_id)
        parent = parent.parent
    return ids


def pick_article(body: LexborNode, candidates: dict[int, _Candidate]) -> list[LexborNode]:
    """Step 3: the element that holds the article, with the siblings that continue it."""
    if not candidates:
        return [body]
    ranked = sorted(candidates.values(), key=lambda c: c.score, reverse=True)[:TOP_CANDIDATES]
    for candidate in ranked:
        length = _text_length(candidate.node)
        candidate.score *= 1 - _link_density(candidate.node, length)
    ranked.sort(key=lambda c: c.score, reverse=True)
    top = ranked[0]
    body_id = body.mem_id
    if top.node.mem_id == body_id:
        return [body]

    # Several good candidates under one ancestor: the article is that ancestor.
    close = [c for c in ranked[1:] if top.score > 0 and c.score / top.score >= 0.75]
    if len(close) >= 2:
        lists = [set(_ancestor_ids(c.node, body_id)) for c in close]
        node = top.node.parent
        while node is not None and node.mem_id != body_id:
            if sum(1 for ancestors in lists if node.mem_id in ancestors) >= 2:
                top = candidates.get(node.mem_id) or _Candidate(node, top.score)
                break
            node = node.parent

    # Climb while the parent scores better (the article's paragraphs are spread over its children).
    node = top.node.parent
    last = top.score
    threshold = last / 3
    while node is not None and node.mem_id != body_id:
        parent = candidates.get(node.mem_id)
        if parent is None:
            node = node.parent
            continue
        if parent.score < threshold:
            break
        if parent.score > last:
            top = parent
            break
        last = parent.score
        node = node.parent

    # An only child says nothing: its parent is the same block.
    node = top.node
    while (up := node.parent) is not None and up.mem_id != body_id and _only_element_child(up):
        node = up
    if node is not top.node:
        top = candidates.get(node.mem_id) or _Candidate(node, top.score)

    return _with_siblings(top, candidates)


def _only_element_child(node: LexborNode) -> bool:
    count = 0
    child = node.child
    while child is not None:
        if child.is_element_node:
            count += 1
            if count > 1:
                return False
        elif child.tag == "-text" and (child.text_content or "").strip():
            return False
        child = child.next
    return count == 1


def _with_siblings(top: _Candidate, candidates: dict[int, _Candidate]) -> list[LexborNode]:
    parent = top.node.parent
    if parent is None:
        return [top.node]
    threshold = max(10.0, top.score * 0.2)
    top_class = top.node.attrs.get("class") or ""
    kept: list[LexborNode] = []
    sibling = parent.child
    top_id = top.node.mem_id
    while sibling is not None:
        if sibling.mem_id == top_id:
            kept.append(sibling)
        elif sibling.is_element_node:
            candidate = candidates.get(sibling.mem_id)
            bonus = top.score * 0.2 if top_class and sibling.attrs.get("class") == top_class else 0.0
            if candidate is not None and candidate.score + bonus >= threshold:
                kept.append(sibling)
            elif sibling.tag == "p":
                text = sibling.text(deep=True, strip=True)
                length = len(text)
                density = _link_density(sibling, length)
                if (length > 80 and density < 0.25) or (
                    0 < length <= 80 and density == 0 and (". " in text or text.endswith("."))
                ):
                    kept.append(sibling)
        sibling = sibling.next
    return kept


def clean_article(nodes: list[LexborNode]) -> None:
    """Step 4: inline furniture out of the chosen elements."""
    for root in nodes:
        total = _text_length(root) or 1
        doomed: list[LexborNode] = []
        for node in root.css("[class], [id]"):
            names = _class_and_id(node)
            if (
                names
                and bp.INLINE_JUNK.search(names)
                and not bp.MAYBE_ARTICLE.search(names)
                and _text_length(node) < KEEP_SHARE * total
            ):
                doomed.append(node)
        for node in root.css("h1, ul, ol, div, table, section, dl"):
            if node.tag == "h1" or _looks_like_links(node, total):
                doomed.append(node)
        _remove(doomed)


def _looks_like_links(node: LexborNode, total: int) -> bool:
    """A block that is mostly links (a list of related stories, a tag cloud), or weighted as furniture."""
    length = _text_length(node)
    if length == 0 or length >= KEEP_SHARE * total:
        return False
    density = _link_density(node, length)
    weight = class_weight(node)
    if weight < 0 and density > 0.2:
        return True
    return density > 0.5


def find_article(tree: LexborHTMLParser, *, strip_unlikely: bool = True) -> list[LexborNode]:
    """The elements that hold the article, cleaned, in page order (empty when the page has no body)."""
    body = tree.body
    if body is None:
        return []
    clean_page(body, strip_unlikely=strip_unlikely)
    nodes = pick_article(body, score_paragraphs(body))
    clean_article(nodes)
    return nodes
