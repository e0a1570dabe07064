"""The format of a file comes from its content, never from its name."""

from __future__ import annotations

import pytest

from app.extract import detect_kind, extract
from app.settings import SEEDS_DIR


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"id": 1}', "json"),
        ('  [{"id": 1}]', "json"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<html><p>x</p></html>", "html"),
        ("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body>x</body></html>", "html"),
        ("<!-- saved page --><html><body>x</body></html>", "html"),
        ("Title\n\nBody text with a < sign and a <b>tag</b> inside.", "text"),
        ("[Updated] Title of the article\n\nBody.", "text"),
        ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>', "xml"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>', "xml"),
        ('<?xml version="1.0"?><?xml-stylesheet href="feed.xsl"?><rdf:RDF xmlns:rdf="x">', "xml"),
        ('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>', "xml"),
        ('<?xml version="1.0"?><note><body>Not a page, though it has a body</body></note>', "xml"),
        ('<?xml version="1.0"?><div><p>An XHTML fragment</p></div>', "html"),
    ],
)
def test_detect_kind(text: str, kind: str) -> None:
    assert detect_kind(text) == kind


def test_wordpress_json_named_txt_is_read_as_wordpress() -> None:
    path = SEEDS_DIR / "003_e56d2d707df05ef6.txt"
    (doc,) = extract(path.read_bytes(), source=path.name).documents
    assert doc.format == "wordpress"


def test_html_named_txt_and_text_named_html() -> None:
    html = (
        b"<html><head><title>Page</title></head><body><article><p>"
        + b"Words of the page. " * 20
        + b"</p></article></body></html>"
    )
    assert extract(html, source="page.txt").documents[0].format == "html"
    assert extract(b"A title\n\nPlain words.", source="page.html").documents[0].format == "text"


def test_json_that_is_not_wordpress_says_what_was_expected() -> None:
    with pytest.raises(Exception, match="expected a post object, or a list of them"):
        extract(b'{"name": "a user", "id": 3}', source="user.json")
