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

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.documents import Document, make_id, site_from_url
from app.errors import ExtractionError
from app.extract import boilerplate
from app.extract.html_content import MIN_ARTICLE, find_article
from app.extract.html_metadata import PageMetadata, read_metadata, scan_page
from app.extract.html_text import Block
from app.extract.titles import clean_title, derive_title

#: A paragraph with more of its text in links than this is navigation, not prose.
MAX_LINK_DENSITY = 0.5
#: A paragraph equal to one of the last this many kept paragraphs is a repeat (gallery captions);
#: further back, a repeat is the article's own (an interview asks everyone the same question).
REPEAT_WINDOW = 3
#: A paragraph shorter than this (characters) that holds a link is a "read more" prompt.
SHORT_LINKED = 30


def extract_html_page(html: str | bytes, *, source: str) -> Document:
    """Make a document from the HTML of one page (text, or bytes in UTF-8).

    Raises:
        ExtractionError: the page has no text.
    """
    tree = LexborHTMLParser(html)
    scan = scan_page(tree)
    meta = read_metadata(tree, scan)
    paragraphs = article_paragraphs(tree, meta, scan.paragraphs)
    if len("".join(paragraphs)) < MIN_ARTICLE:
        # Finding the article leaves the tree as it was: the second try reads the same one.
        retry = article_paragraphs(tree, meta, scan.paragraphs, by_class=False)
        if len("".join(retry)) > len("".join(paragraphs)):
            paragraphs = retry
    if meta.article_body and len("".join(paragraphs)) < min(MIN_ARTICLE, len(meta.article_body) // 2):
        paragraphs = [" ".join(p.split()) for p in meta.article_body.split("\n") if p.strip()]
    body = "\n\n".join(paragraphs)  # each paragraph is already trimmed, with its spaces collapsed
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


def article_paragraphs(
    tree: LexborHTMLParser, meta: PageMetadata, paragraphs: list[LexborNode] | None = None, *, by_class: bool = True
) -> list[str]:
    """The paragraphs of the page's article, debris paragraphs left out (``paragraphs``: the page's
    scored paragraph elements, when the caller has them already)."""
    blocks = find_article(tree, by_class=by_class, paragraphs=paragraphs)
    return clean_paragraphs([b.text for b in blocks if not _mostly_links(b)], meta.title_candidates)


def _is_dateline(paragraph: str) -> bool:
    """A date and little else (a sentence that mentions a date ends with a full stop; the signature
    of an embedded tweet, "— Name (@handle) November 19, 2019", is part of the quote)."""
    return (
        len(paragraph) <= boilerplate.MAX_DATELINE
        and paragraph[-1] not in ".!?"
        and "(@" not in paragraph
        and len(paragraph.split()) <= boilerplate.MAX_DATELINE_WORDS
        and boilerplate.DIGIT.search(paragraph) is not None
        and boilerplate.DATELINE.match(paragraph) is not None
    )


def _is_credit(paragraph: str) -> bool:
    """A photo or agency credit on a line of its own ("Jason Cipriani/ZDNet")."""
    return (
        any(separator in paragraph for separator in boilerplate.CREDIT_SEPARATORS)
        and boilerplate.CREDIT.match(paragraph) is not None
    )


def _mostly_links(block: Block) -> bool:
    """A paragraph that is a link, or mostly links: a related story, a tag list, a menu left over."""
    return block.link_density > MAX_LINK_DENSITY or (block.link_chars > 0 and len(block.text) < SHORT_LINKED)


def clean_paragraphs(paragraphs: list[str], titles: list[str]) -> list[str]:
    """Drop debris paragraphs, paragraphs said twice, the headline, and the comment section."""
    kept: list[str] = []
    headlines = {t.strip().casefold() for t in titles}
    for paragraph in paragraphs:
        lowered = paragraph.lower()  # for the patterns matched with case ignored
        if kept and boilerplate.TAIL_START.match_lowered(lowered):
            break
        if paragraph in kept[-REPEAT_WINDOW:]:
            continue  # a caption repeated by a gallery or a slideshow

        if len(paragraph) < 200 and (
            boilerplate.DEBRIS_LINE.match_lowered(lowered)
            or boilerplate.HTML_DEBRIS_PARAGRAPH.match_lowered(lowered)
            or boilerplate.BYLINE.match(paragraph)
            or _is_credit(paragraph)
            or _is_dateline(paragraph)
            or paragraph.casefold() in headlines
        ):
            continue
        kept.append(paragraph)
    return kept


#: A truncated page with less text than this (characters) is skipped rather than indexed.
MIN_TRUNCATED_BODY = 200
_TAIL = 1024


def is_truncated(html: bytes) -> str | None:
    """Why an HTML file looks cut short, or ``None``.

    A file is truncated when it ends inside a tag (its last ``<`` is never closed by a ``>``), or when
    it began as a whole page (it opened ``<html>``, ``<head>`` or ``<body>``) but its end holds neither
    ``</body>`` nor ``</html>``. Both end tags are optional in HTML, but every page saved whole by a
    browser, a crawler or a CMS has them; a page that stops without them was cut while it was saved.
    A fragment (``<p>Hello</p>``) is never truncated by the second rule.

    >>> is_truncated(b"<html><body><p>Text</p></body></html>") is None
    True
    >>> is_truncated(b"<p>A fragment</p>") is None
    True
    >>> is_truncated(b"<html><body><p>Text</p><img src=")
    'it ends inside a tag'
    >>> is_truncated(b"<html><head><script>var a = 1;")
    'it began as a whole page but ends without </body> or </html>'
    """
    tail = html[-_TAIL:].rstrip()
    if tail.rfind(b"<") > tail.rfind(b">"):
        return "it ends inside a tag"
    lower = tail.lower()
    if b"</body" in lower or b"</html" in lower:
        return None
    head = html[:262144].lower()
    if b"<html" in head or b"<head" in head or b"<body" in head:
        return "it began as a whole page but ends without </body> or </html>"
    return None


def check_truncated(html: bytes, doc: Document) -> None:
    """Refuse a truncated page that kept too little text to be worth indexing.

    Raises:
        ExtractionError: the page is truncated and its text is shorter than :data:`MIN_TRUNCATED_BODY`.
    """
    if len(doc.body) >= MIN_TRUNCATED_BODY:
        return
    reason = is_truncated(html)
    if reason:
        raise ExtractionError(f"truncated HTML ({reason}) with too little text to index ({len(doc.body)} characters)")
