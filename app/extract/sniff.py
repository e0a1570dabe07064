"""Which format a file is in, decided from its content: never from its name."""

from __future__ import annotations

import re

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Literal

    Kind = Literal["html", "json", "text", "xml"]

_HTML_START = re.compile(
    r"""\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"""
    r"""<(?:!doctype\s+html|html|head|body|meta|title|base|link|style|script|div|article|main|section|header|"""
    r"""p|h[1-6]|table|ul|ol|span|a|img|figure|!--)[\s>/]""",
    re.IGNORECASE | re.DOTALL,
)
_HTML_INSIDE = re.compile(r"<(?:html|body|head)[\s>]", re.IGNORECASE)
#: The first element of an XML document, after the declaration, comments and a doctype.
_XML_ROOT = re.compile(
    r"\A\s*(?P<declaration><\?xml[^>]*>)?\s*(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*<(?P<name>[A-Za-z_][\w:.-]*)[\s>/]",
    re.DOTALL,
)
#: Root elements of news feeds (RSS 2.0, Atom, RSS 1.0): XML even without an XML declaration.
FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})


def detect_kind(text: str) -> Kind:
    """``"json"`` for a JSON document, ``"html"`` for markup, ``"xml"`` for XML that is not a web page
    (a news feed, a sitemap, an SVG picture), ``"text"`` for everything else.

    >>> detect_kind('  {"id": 1}'), detect_kind("<!DOCTYPE html><p>x"), detect_kind("Title\\n\\nBody")
    ('json', 'html', 'text')
    >>> detect_kind('<?xml version="1.0"?><rss version="2.0">'), detect_kind('<?xml version="1.0"?><html>')
    ('xml', 'html')
    """
    head = text[:4096].lstrip()
    if head.startswith("{") or re.match(r"\[\s*[{\]\"]", head):
        return "json"
    root = xml_root(head)
    if root is not None:
        return "xml"
    if _HTML_START.match(head) or _HTML_INSIDE.search(head[:1024]):
        return "html"
    return "text"


def xml_root(head: str) -> str | None:
    """The root element's name (lower case) when ``head`` begins an XML document that is not a web
    page: one that declares itself XML and whose first element is not HTML's, or a news feed."""
    match = _XML_ROOT.match(head)
    if match is None:
        return None
    name = match["name"].lower()
    if name in FEED_ROOTS:
        return name
    if match["declaration"] is None or _HTML_START.match(head) or name == "html":
        return None
    return name
