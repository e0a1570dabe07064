"""Highlighted text: the snippet of a search hit, and the words marked on an article page.

Input is plain text and the character spans of the words that matched (from the index's stored
offsets); output is HTML in which ``<mark>...</mark>`` is the only markup and everything else is
escaped text. These are the only functions that make HTML out of document text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

#: A snippet shows about this many characters of text.
SNIPPET_CHARS = 240
ELLIPSIS = "…"

Span = tuple[int, int, str]  # start, end, the (analysed) term that matched

_WORD_START = re.compile(r"\s\S")
_SPACES = re.compile(r"\s+")


def best_window(spans: Sequence[Span], width: int) -> tuple[int, int]:
    """The first and last index of the run of spans, fitting in ``width`` characters, that holds the
    most distinct matched terms, then the most matches (the earliest such run on a tie).

    One pass with a sliding window (a long document can hold thousands of matches).

    >>> best_window([(0, 3, "a"), (500, 503, "b"), (520, 523, "c")], 100)
    (1, 2)
    """
    best = (0, 0, 0)  # distinct terms, matches, -start
    best_run = (0, 0)
    counts: dict[str, int] = {}
    j = -1  # the window is spans[i : j + 1]
    for i, (start, _, _) in enumerate(spans):
        if j < i:
            j = i
            counts = {spans[i][2]: 1}
        while j + 1 < len(spans) and spans[j + 1][1] <= start + width:
            j += 1
            term = spans[j][2]
            counts[term] = counts.get(term, 0) + 1
        score = (len(counts), j - i + 1, -start)
        if score > best:
            best, best_run = score, (i, j)
        term = spans[i][2]  # spans[i] leaves the window
        if counts[term] == 1:
            del counts[term]
        else:
            counts[term] -= 1
    return best_run


def make_snippet(text: str, spans: Sequence[Span], *, width: int = SNIPPET_CHARS) -> str:
    """A short extract of ``text`` around its best passage, cut on word boundaries, matches marked.

    >>> make_snippet("Blinken met Qin in <Beijing> on Sunday.", [(0, 7, "blinken"), (19, 28, "beij")], width=60)
    '<mark>Blinken</mark> met Qin in <mark>&lt;Beijing&gt;</mark> on Sunday.'
    """
    if not text:
        return ""
    spans = sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text))
    start = 0
    if spans:
        first, last = best_window(spans, width)
        run_start, run_end = spans[first][0], spans[last][1]
        slack = max(0, width - (run_end - run_start))
        start = _sentence_start(text, run_start, max(0, run_start - slack // 2))
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, min(start, end - width))
    start = _word_boundary_after(text, start)
    end = _word_boundary_before(text, end)
    inside = [s for s in spans if s[0] >= start and s[1] <= end]
    html = _mark(text, start, end, inside)
    html = _SPACES.sub(" ", html).strip()
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    return prefix + html + suffix


_SENTENCE_BREAK = re.compile(r"(?:[.!?…][\"”’')\]]*\s+|\n\s*)(?=[\"“‘(\[]?[A-Z0-9])")


def _sentence_start(text: str, match_start: int, earliest: int) -> int:
    """Where to start so the passage begins with its sentence, if that starts after ``earliest``."""
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, earliest, match_start + 1)]
    if match_start < 80 and text[:match_start].count(".") == 0:
        return 0
    return starts[-1] if starts else earliest


def _word_boundary_after(text: str, start: int) -> int:
    if start <= 0:
        return 0
    if text[start - 1].isspace():
        return start
    match = _WORD_START.search(text, start)
    return match.start() + 1 if match and match.start() - start < 40 else start


def _word_boundary_before(text: str, end: int) -> int:
    if end >= len(text) or text[end].isspace():
        return end
    space = text.rfind(" ", 0, end)
    newline = text.rfind("\n", 0, end)
    cut = max(space, newline)
    return cut if cut > 0 and end - cut < 40 else end


def _merge(spans: Sequence[Span], text: str) -> list[Span]:
    """Join matches separated only by spaces (the words of a phrase) into one marked run."""
    merged: list[Span] = []
    for span in spans:
        if merged and span[0] >= merged[-1][1] and not text[merged[-1][1] : span[0]].strip():
            merged[-1] = (merged[-1][0], span[1], merged[-1][2])
        else:
            merged.append(span)
    return merged


def _mark(text: str, start: int, end: int, spans: Sequence[Span]) -> str:
    parts: list[str] = []
    pos = start
    for s, e, _ in _merge(spans, text):
        if s < pos:
            continue  # overlapping spans: the first one wins
        parts.append(escape(text[pos:s], quote=False))
        parts.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        pos = e
    parts.append(escape(text[pos:end], quote=False))
    return "".join(parts)


def mark_paragraphs(text: str, spans: Sequence[Span]) -> list[str]:
    """Every paragraph of ``text`` (split on blank lines) as escaped HTML with its matches marked.

    >>> mark_paragraphs("One fish.\\n\\nTwo fish.", [(4, 8, "fish"), (15, 19, "fish")])
    ['One <mark>fish</mark>.', 'Two <mark>fish</mark>.']
    """
    spans = sorted(spans)
    out: list[str] = []
    for match in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        start, end = match.span()
        inside = [s for s in spans if s[0] >= start and s[1] <= end]
        paragraph = _mark(text, start, end, inside).strip()
        if paragraph:
            out.append(paragraph)
    return out


def mark_text(text: str, spans: Sequence[Span]) -> str:
    """All of a short text (a title) as escaped HTML with its matches marked."""
    return _mark(text, 0, len(text), sorted(spans))
