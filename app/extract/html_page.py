"""Web pages: the article's text and metadata, without the page around it.

Steps:

1. read the metadata (:mod:`app.extract.html_metadata`) while the page is whole;
2. find the article and clean it (:mod:`app.extract.html_content`);
3. turn it into paragraphs and drop debris paragraphs (bylines, datelines, prompts) and the title
   repeated at the top;
4. when that leaves almost nothing, try again keeping the elements whose names looked like furniture,
   and as a last resort take the ``articleBody`` the page's JSON-LD gives.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from app.documents import Document, make_id, normalize_body, site_from_url
from app.errors import ExtractionError
from app.extract import boilerplate
from app.extract.html_content import MIN_ARTICLE, find_article
from app.extract.html_metadata import PageMetadata, read_metadata
from app.extract.html_text import node_paragraphs
from app.extract.titles import clean_title, derive_title


def extract_html_page(html: str | bytes, *, source: str) -> Document:
    """Make a document from the HTML of one page (text, or bytes in UTF-8).

    Raises:
        ExtractionError: the page has no text.
    """
    tree = LexborHTMLParser(html)
    meta = read_metadata(tree)
    paragraphs = article_paragraphs(tree, meta)
    if len("".join(paragraphs)) < MIN_ARTICLE:
        retry = article_paragraphs(LexborHTMLParser(html), meta, strip_unlikely=False)
        if len("".join(retry)) > len("".join(paragraphs)):
            paragraphs = retry
    if meta.article_body and len("".join(paragraphs)) < min(MIN_ARTICLE, len(meta.article_body) // 2):
        paragraphs = [p for p in meta.article_body.split("\n") if p.strip()]
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


def article_paragraphs(tree: LexborHTMLParser, meta: PageMetadata, *, strip_unlikely: bool = True) -> list[str]:
    """The paragraphs of the page's article, debris paragraphs left out."""
    paragraphs: list[str] = []
    for node in find_article(tree, strip_unlikely=strip_unlikely):
        paragraphs.extend(node_paragraphs(node, include_self=True))
    return clean_paragraphs(paragraphs, meta.title_candidates)


def clean_paragraphs(paragraphs: list[str], titles: list[str]) -> list[str]:
    """Drop debris paragraphs, the headline repeated at the top, and the comment section."""
    kept: list[str] = []
    headlines = {t.strip().casefold() for t in titles}
    for paragraph in paragraphs:
        if kept and boilerplate.TAIL_START.match(paragraph):
            break
        if len(paragraph) < 200 and (
            boilerplate.DEBRIS_LINE.match(paragraph)
            or boilerplate.HTML_DEBRIS_PARAGRAPH.match(paragraph)
            or boilerplate.BYLINE.match(paragraph)
            or paragraph.casefold() in headlines
        ):
            continue
        kept.append(paragraph)
    return kept
