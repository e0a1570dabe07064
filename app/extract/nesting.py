"""A cheap look at how deeply a page's elements nest, before it is parsed.

The HTML parser's time grows with the square of the nesting depth (about 7 s at 20,000 levels and
over four minutes at 100,000), so a page nested deeper than :data:`MAX_HTML_DEPTH` is refused
before it is parsed. Real pages nest a few dozen levels; the count here is an upper bound of what the
parser builds: elements that never hold others (``<br>``, ``<img>``) or whose end tag may be left
out (``<p>``, ``<li>``) are not counted, and neither are tags inside comments or scripts.
"""

from __future__ import annotations

import re

from app.errors import ExtractionError
from app.extract import native
from app.extract.patterns import LazyPattern

#: Pages nested deeper than this are skipped (a default no real article comes near).
MAX_HTML_DEPTH = 5_000

_TAG = LazyPattern(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
_TAG_TEXT = LazyPattern(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
#: Comments, scripts and styles, to the end of the markup when they are not closed. Written as
#: "unrolled loops" (a run of ordinary characters, then one that might end the match), so the engine
#: does not try the end at every character: a page with 1 MB of scripts takes 3 ms, not 50.
_HIDDEN_SOURCE = r"<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|\Z)|<(script|style)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*(?:</\1\s*>|\Z)"
_HIDDEN = LazyPattern(_HIDDEN_SOURCE.encode("ascii"), re.IGNORECASE)
_HIDDEN_TEXT = LazyPattern(_HIDDEN_SOURCE, re.IGNORECASE)
_NOT_COUNTED = frozenset(
    # void elements, then elements whose end tag may be omitted (the parser closes them itself)
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rtc rp colgroup caption".split()
)


def nesting_depth(markup: str | bytes) -> int:
    """The deepest nesting of (counted) elements in ``markup``: an upper bound, never parsed."""
    if isinstance(markup, bytes):
        tags = [(m[0] == b"/", m[1].lower().decode("ascii"), m[2] == b"/") for m in _tags_bytes(markup)]
    else:
        tags = [(m[0] == "/", m[1].lower(), m[2] == "/") for m in _TAG_TEXT.findall(_HIDDEN_TEXT.sub(" ", markup))]
    depth = deepest = 0
    for closing, name, self_closing in tags:
        if name in _NOT_COUNTED or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _tags_bytes(markup: bytes) -> list[tuple[bytes, bytes, bytes]]:
    return _TAG.findall(_HIDDEN.sub(b" ", markup))


def check_nesting(markup: str | bytes, *, what: str = "HTML") -> None:
    """Refuse markup nested deeper than :data:`MAX_HTML_DEPTH`.

    Raises:
        ExtractionError: "HTML nested N levels deep, over the limit of M".
    """
    if isinstance(markup, bytes):
        tags = native.speedups.count_byte(markup, 60) if native.speedups is not None else markup.count(b"<")
    else:
        tags = markup.count("<")
    if tags <= MAX_HTML_DEPTH:
        return  # too few tags to nest that deep
    depth = nesting_depth(markup)
    if depth > MAX_HTML_DEPTH:
        raise ExtractionError(f"{what} nested {depth:,} levels deep, over the limit of {MAX_HTML_DEPTH:,}")
