"""Which format a file is in, decided from its content: never from its name."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["html", "json", "text"]

_HTML_START = re.compile(
    r"""\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"""
    r"""<(?:!doctype\s+html|html|head|body|meta|title|base|link|style|script|div|article|main|section|header|"""
    r"""p|h[1-6]|table|ul|ol|span|a|img|figure|!--)[\s>/]""",
    re.IGNORECASE | re.DOTALL,
)
_HTML_INSIDE = re.compile(r"<(?:html|body|head)[\s>]", re.IGNORECASE)


def detect_kind(text: str) -> Kind:
    """``"json"`` for a JSON document, ``"html"`` for markup, ``"text"`` for everything else.

    >>> detect_kind('  {"id": 1}'), detect_kind("<!DOCTYPE html><p>x"), detect_kind("Title\\n\\nBody")
    ('json', 'html', 'text')
    """
    head = text[:4096].lstrip()
    if head.startswith("{") or re.match(r"\[\s*[{\]\"]", head):
        return "json"
    if _HTML_START.match(head) or _HTML_INSIDE.search(head[:1024]):
        return "html"
    return "text"
