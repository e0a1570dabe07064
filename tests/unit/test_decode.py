"""Bytes to text: encodings, compression, and files that are not text."""

from __future__ import annotations

import codecs
import gzip

import pytest

from app.errors import ExtractionError
from app.extract import extract
from app.extract.decode import decode, gunzip

TEXT = "Zürich – “quoted” café £5 €3"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1252"],
)
def test_encodings(raw: bytes) -> None:
    assert decode(raw) == TEXT


def test_latin_1_pound_sign() -> None:
    assert decode("Fans paid £45 for the final.".encode("latin-1")) == "Fans paid £45 for the final."


def test_declared_charset_of_an_html_page_is_used() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert "Привет" in decode(page.encode("windows-1251"))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
    ],
    ids=["empty", "whitespace", "png", "random-bytes", "pdf"],
)
def test_files_that_are_not_text_are_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract(raw, source="x.txt")


def test_gzip_is_read_transparently() -> None:
    raw = gzip.compress(b"Title line\n\nThe body of the article.")
    docs = extract(raw, source="a.txt.gz").documents
    assert docs[0].title == "Title line"


def test_truncated_gzip_is_refused() -> None:
    raw = gzip.compress(b"Title line\n\nThe body of the article." * 100)
    with pytest.raises(ExtractionError, match="truncated gzip"):
        gunzip(raw[: len(raw) // 2])


def test_truncated_json_is_refused_with_the_place() -> None:
    with pytest.raises(ExtractionError, match="invalid or truncated JSON"):
        extract(b'{"id": 1, "title": {"rendered": "A', source="post.json")
