"""Extraction: the bytes of one file in, clean documents out. Pure functions, no I/O.

The format is decided from the content, never from the file name:

- WordPress REST API JSON (one post or a list) -> :mod:`app.extract.wordpress_json`
- HTML pages                                   -> :mod:`app.extract.html_page`
- everything else that is text                 -> :mod:`app.extract.plain_text`

XML that is not a web page (a news feed, a sitemap, an SVG picture) is skipped with a reason.

Gzip-compressed files are decompressed first; the text's encoding is detected
(:mod:`app.extract.decode`). The JSON and plain-text extractors are imported when a file of their
kind first comes, so a run over web pages loads only what web pages need.
"""

from __future__ import annotations

import codecs

from app.documents import Document
from app.errors import ExtractionError
from app.extract import boilerplate, native
from app.extract.decode import decode, gunzip, is_utf8_family, text_head
from app.extract.html_page import check_truncated, extract_html_page
from app.extract.nesting import check_nesting
from app.extract.result import Extraction
from app.extract.sniff import FEED_ROOTS, detect_kind, xml_root

__all__ = ["Extraction", "detect_kind", "extract"]


def extract(raw: bytes, *, source: str) -> Extraction:
    """Make documents from the bytes of one file.

    Args:
        raw: the file's bytes, as read from disk (gzip-compressed or not).
        source: the file's path relative to the folder being indexed; it goes into each
            document's ``source`` field and makes its ``id``.

    Returns:
        The documents (one, or one per post of a WordPress list) and the parts of the file that
        were skipped, with the reason.

    Raises:
        ExtractionError: the file holds no article; the message says why.
    """
    raw = gunzip(raw)
    kind = detect_kind(text_head(raw))
    try:
        return _extract(raw, kind, source=source)
    except ExtractionError as exc:
        if exc.format is None:
            exc.format = FORMAT_OF_KIND[kind]
        raise


if native.speedups is not None:
    native.speedups.configure_markup(boilerplate.READ_ATTRIBUTES)

#: The document format each kind of content becomes (XML becomes none: it is only named in reports).
FORMAT_OF_KIND = {"html": "html", "json": "wordpress", "text": "text", "xml": "xml"}


def _extract(raw: bytes, kind: str, *, source: str) -> Extraction:
    if kind == "xml":
        raise ExtractionError(_not_an_article(xml_root(text_head(raw)) or "?"))
    if kind == "html" and is_utf8_family(raw):
        return Extraction([_html_page(raw, source=source)])
    text = decode(raw)
    if kind == "json":
        import json

        from app.extract.wordpress_json import extract_wordpress

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ExtractionError(
                f"invalid or truncated JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
            ) from exc
        except RecursionError as exc:
            raise ExtractionError("JSON nested too deeply to read") from exc
        return extract_wordpress(data, source=source)
    if kind == "html":
        check_nesting(text)
        doc = extract_html_page(text, source=source)
        check_truncated(raw, doc)
        return Extraction([doc])
    from app.extract.plain_text import extract_plain_text

    return Extraction([extract_plain_text(text, source=source)])


def _html_page(raw: bytes, *, source: str) -> Document:
    """A web page from its bytes, parsed as UTF-8 without decoding them first (the parser reads UTF-8
    faster than Python decodes it). Only when that left replacement characters in the text and the
    bytes are not valid UTF-8 is the page decoded the long way (declared charset, detection)."""
    data = raw.removeprefix(codecs.BOM_UTF8)
    # What is never read (the text of scripts and styles, attributes not in boilerplate.READ_ATTRIBUTES) is cut
    # out, so that it costs no parsing.
    markup = native.speedups.strip_unread(data) if native.speedups is not None else data
    check_nesting(markup)
    doc = extract_html_page(markup, source=source)
    if "\ufffd" in doc.body or "\ufffd" in doc.title:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            doc = extract_html_page(decode(raw), source=source)
    check_truncated(data, doc)
    return doc


def _not_an_article(root: str) -> str:
    """Why an XML file is skipped, from its root element's name."""
    if root in FEED_ROOTS:
        return f"a news feed (RSS or Atom, <{root}>), not an article: feeds are not read; index the pages it links to"
    return f"XML that is not a web page (its root element is <{root}>)"
