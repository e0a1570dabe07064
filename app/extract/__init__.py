"""Extraction: the bytes of one file in, clean documents out. Pure functions, no I/O.

The format is decided from the content, never from the file name:

- WordPress REST API JSON (one post or a list) -> :mod:`app.extract.wordpress_json`
- HTML pages                                   -> :mod:`app.extract.html_page`
- everything else that is text                 -> :mod:`app.extract.plain_text`

Gzip-compressed files are decompressed first; the text's encoding is detected
(:mod:`app.extract.decode`).
"""

from __future__ import annotations

import json

from app.errors import ExtractionError
from app.extract.decode import decode, gunzip
from app.extract.html_page import extract_html_page
from app.extract.plain_text import extract_plain_text
from app.extract.sniff import detect_kind
from app.extract.wordpress_json import Extraction, extract_wordpress

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
    text = decode(gunzip(raw))
    kind = detect_kind(text)
    if kind == "json":
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
        return Extraction([extract_html_page(text, source=source)])
    return Extraction([extract_plain_text(text, source=source)])
