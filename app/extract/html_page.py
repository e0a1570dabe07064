"""Web pages: the article's text and metadata, without the page around it.

Steps:

1. read the metadata (:mod:`app.extract.html_metadata`) while the page is whole;
2. remove what is never the article: scripts, navigation, share bars, comments, related lists,
   hidden elements (:data:`boilerplate.HTML_JUNK_SELECTORS`);
3. find the element that holds the article: a known article container when the page has one with
   enough text, else the element whose paragraphs hold the most text;
4. turn it into paragraphs and drop debris paragraphs and the title repeated at the top.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.documents import Document, make_id, normalize_body, site_from_url
from app.errors import ExtractionError
from app.extract import boilerplate
from app.extract.html_metadata import read_metadata
from app.extract.html_text import node_paragraphs
from app.extract.titles import clean_title, derive_title

#: A container must hold at least this share of the page's paragraph text to be taken as the article.
MIN_CONTAINER_SHARE = 0.4
#: Paragraph text shorter than this (characters) does not count when looking for the article.
MIN_PARAGRAPH = 25


def extract_html_page(text: str, *, source: str) -> Document:
    """Make a document from the HTML of one page.

    Raises:
        ExtractionError: the page has no text.
    """
    tree = LexborHTMLParser(text)
    meta = read_metadata(tree)
    _remove_junk(tree)
    main = find_main_content(tree)
    paragraphs = _clean_paragraphs(node_paragraphs(main) if main is not None else [], meta.title)
    body = normalize_body("\n\n".join(paragraphs))
    title = clean_title(meta.title)
    if not body and not title:
        raise ExtractionError("HTML page without any text")
    return Document(
        id=make_id(source),
        title=title or derive_title(body),
        body=body,
        url=meta.url,
        site=meta.site or site_from_url(meta.url),
        author=meta.author,
        published=meta.published,
        categories=tuple(meta.categories),
        tags=tuple(meta.tags),
        language=meta.language,
        source=source,
        format="html",
    )


def _remove_junk(tree: LexborHTMLParser) -> None:
    for selector in boilerplate.HTML_JUNK_SELECTORS:
        for node in tree.css(selector):
            node.decompose()


def _text_length(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=True, separator=" "))


def find_main_content(tree: LexborHTMLParser) -> LexborNode | None:
    """The element that holds the article text."""
    body = tree.body
    if body is None:
        return None
    scores = _paragraph_scores(body)
    total = sum(scores.values()) or 1
    best: LexborNode | None = None
    best_text = 0
    for selector in boilerplate.ARTICLE_SELECTORS:
        for node in tree.css(selector):
            text = _paragraph_text_within(node)
            if text > best_text:
                best, best_text = node, text
        if best is not None and best_text >= MIN_CONTAINER_SHARE * total:
            return best
    if not scores:
        return body
    top = max(scores.values())
    for mem_id, score in scores.items():
        if score == top:
            return _nodes_by_id(body)[mem_id]
    return body


def _paragraph_text_within(node: LexborNode) -> int:
    return sum(len(p.text(deep=True, strip=True)) for p in node.css("p"))


def _paragraph_scores(body: LexborNode) -> dict[int, float]:
    """Readability's idea: each paragraph gives its length to its parent and half to its grandparent."""
    scores: dict[int, float] = {}
    for p in body.css("p, pre, td, blockquote"):
        length = len(p.text(deep=True, strip=True))
        if length < MIN_PARAGRAPH:
            continue
        parent = p.parent
        if parent is None:
            continue
        scores[parent.mem_id] = scores.get(parent.mem_id, 0) + length
        grand = parent.parent
        if grand is not None and grand.tag != "html":
            scores[grand.mem_id] = scores.get(grand.mem_id, 0) + length / 2
    return scores


def _nodes_by_id(body: LexborNode) -> dict[int, LexborNode]:
    return {node.mem_id: node for node in body.traverse()}


def _clean_paragraphs(paragraphs: list[str], title: str | None) -> list[str]:
    kept: list[str] = []
    for paragraph in paragraphs:
        if kept and boilerplate.TAIL_START.match(paragraph):
            break
        if boilerplate.DEBRIS_LINE.match(paragraph):
            continue
        if not kept and title and paragraph == title:
            continue  # the headline repeated at the top of the article
        kept.append(paragraph)
    return kept
