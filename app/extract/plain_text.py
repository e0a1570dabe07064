"""Plain-text articles: text copied out of web pages, with or without a title line.

The text goes through a short pipeline of named stages, each a ``list[str] -> list[str]`` over
lines, so a failing golden file points at one stage:

1. :func:`cut_glued_debris`   ``...built in.”RSS`` -> ``...built in.”``
2. :func:`cut_comment_section` drop "Leave a Reply" and everything after it
3. :func:`drop_debris_lines`  drop ``SHARE``, ``RSS``, "Advertisement", copyright lines ...
4. the title: :func:`split_title` (breadcrumb lines, repeated titles, or no title at all)
5. :func:`paragraphs_of`      join hard-wrapped lines and hyphenated breaks into paragraphs
"""

from __future__ import annotations

import itertools
import re

from app.documents import Document, make_id, normalize_body
from app.errors import ExtractionError
from app.extract import boilerplate
from app.extract.titles import derive_title

#: A first line longer than this is a paragraph, not a title.
MAX_TITLE_LENGTH = 200
MAX_TITLE_WORDS = 30

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_HYPHENATED = re.compile(r"[^\W\d_]-$")


def extract_plain_text(text: str, *, source: str) -> Document:
    """Make a document from the text of one file.

    Raises:
        ExtractionError: the file holds no text once website debris is removed.
    """
    lines = _normalize(text).split("\n")
    for stage in (cut_glued_debris, cut_comment_section, drop_debris_lines):
        lines = stage(lines)
    title, rest = split_title(lines)
    body = normalize_body("\n\n".join(paragraphs_of(rest)))
    if not body and not title:
        raise ExtractionError("no text left once website debris (share buttons, comment forms ...) is removed")
    return Document(
        id=make_id(source),
        title=title or derive_title(body),
        body=body,
        source=source,
        format="text",
    )


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return _ODD_SPACES.sub(" ", text)


def cut_glued_debris(lines: list[str]) -> list[str]:
    """Cut share prompts and comment-form text glued to the end of a sentence.

    >>> cut_glued_debris(["It takes time to be built in.”RSS"])
    ['It takes time to be built in.”']
    """
    return [boilerplate.GLUED_TAIL.sub("", line.rstrip()) for line in lines]


def cut_comment_section(lines: list[str]) -> list[str]:
    """Drop the comment section: the line that starts it and everything after it.

    >>> cut_comment_section(["Text.", "", "Leave a Reply", "Your email address will not be published."])
    ['Text.', '']
    """
    seen_text = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if seen_text and boilerplate.TAIL_START.match(stripped):
            return lines[:i]
        seen_text = seen_text or bool(stripped)
    return lines


def drop_debris_lines(lines: list[str]) -> list[str]:
    """Drop whole lines that are website furniture (share bars, feed links, ads, footers).

    >>> drop_debris_lines(["SHARE", "A real sentence.", "RSS", "Advertisement"])
    ['A real sentence.']
    """
    return [line for line in lines if not boilerplate.DEBRIS_LINE.match(line.strip())]


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find the title line, if the text has one, and return it with the remaining lines.

    Handles a breadcrumb trail before the title (``Home TRENDING Title``), a title repeated on the
    next lines, and text that starts straight with a paragraph (no title).

    >>> split_title(["Home TRENDING Big news.", "", "Big news.", "", "Big news.", "", "It happened."])
    ('Big news.', ['', 'It happened.'])
    >>> split_title(["A long first paragraph that is the article itself, not a title. " * 4])[0] is None
    True
    """
    start = _next_text(lines, 0)
    if start is None:
        return None, []
    first = lines[start].strip()
    confirmed = False
    following = _next_text(lines, start + 1)
    if following is not None and _is_breadcrumb(first, lines[following].strip()):
        crumbs = first
        start, first = following, lines[following].strip()
        confirmed = crumbs.endswith(first)
    rest_start = start + 1
    # The same title repeated (a page's <title> and <h1> copied together).
    while (nxt_i := _next_text(lines, rest_start)) is not None and lines[nxt_i].strip() == first:
        rest_start = nxt_i + 1
        confirmed = True
    rest = lines[rest_start:]
    if _next_text(rest, 0) is None:
        return None, lines[start:]
    if confirmed or _looks_like_title(first, lines[start + 1] if start + 1 < len(lines) else ""):
        return first, rest
    return None, lines[start:]


def _next_text(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _is_breadcrumb(line: str, next_line: str) -> bool:
    """A navigation trail: "Home > News > World", or "Home TRENDING <the title that follows>"."""
    if len(line) > MAX_TITLE_LENGTH + 60:
        return False
    if boilerplate.BREADCRUMB_SEPARATED.match(line):
        return True
    if not boilerplate.BREADCRUMB.match(line):
        return False
    return any(sep in line for sep in boilerplate.BREADCRUMB_SEPARATORS) or line.endswith(next_line)


def _looks_like_title(line: str, next_line: str) -> bool:
    """A title is short, is not a sentence cut mid-way, and is set apart from what follows."""
    if len(line) > MAX_TITLE_LENGTH or len(line.split()) > MAX_TITLE_WORDS:
        return False
    if line[-1] in ",;":
        return False
    if line[-1] in ".:" and not line.endswith("..."):
        # A sentence on a line of its own is a paragraph, unless a blank line sets it apart and it is short.
        return next_line.strip() == "" and len(line) <= 100 and line.count(". ") == 0 and line[-1] == "."
    return True


def paragraphs_of(lines: list[str]) -> list[str]:
    """Group lines into paragraphs.

    Text whose lines were wrapped at a fixed width (e-mails, old archives) has its lines joined
    within each blank-line-separated block, and words hyphenated across a line break rejoined;
    otherwise every line is its own paragraph.

    >>> paragraphs_of(["One line.", "Another line."])
    ['One line.', 'Another line.']
    >>> paragraphs_of(["This text was wrapped at a fixed width so that its lines", "break in the middle of sen-",
    ...                "tences, and the lines must be joined again to make a", "readable paragraph of text."])
    ['This text was wrapped at a fixed width so that its lines break in the middle of sentences, and the lines \
must be joined again to make a readable paragraph of text.']
    """
    lines = [line.strip() for line in lines]
    if not _is_hard_wrapped(lines):
        return _rejoin_broken_lines(lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
        elif not current:
            current = line
        elif _HYPHENATED.search(current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
    if current:
        paragraphs.append(current)
    return paragraphs


def _rejoin_broken_lines(lines: list[str]) -> list[str]:
    """In text that is not wrapped, a line broken off mid-word ("over-" before "night") or mid-sentence
    before a line that goes on in lower case is still one paragraph: the two are joined (a blank line
    between them keeps them apart).

    >>> _rejoin_broken_lines(["Rose by two metres over-", "night, they said.", "", "and more"])
    ['Rose by two metres overnight, they said.', 'and more']
    >>> _rejoin_broken_lines(["The flood closed", "three roads.", "Roads closed:", "bridge street"])
    ['The flood closed three roads.', 'Roads closed:', 'bridge street']
    """
    if not any(a and b and b[:1].islower() for a, b in itertools.pairwise(lines)):
        return [line for line in lines if line]
    joined: list[str] = []
    previous = ""
    for line in lines:
        if not line:
            previous = ""
            continue
        if previous and line[:1].islower() and previous[-1] not in boilerplate.SENTENCE_END:
            joined[-1] = joined[-1][:-1] + line if _HYPHENATED.search(previous) else f"{joined[-1]} {line}"
        else:
            joined.append(line)
        previous = line
    return joined


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Whether most lines that run on into a next line end mid-sentence, within a fixed width."""
    run_on = [a for a, b in itertools.pairwise(lines) if a and b]
    if len(run_on) < 2:
        return False
    width = max(len(line) for line in lines)
    if width > 100:
        return False
    mid_sentence = sum(1 for line in run_on if line[-1] not in boilerplate.SENTENCE_END)
    return mid_sentence / len(run_on) >= 0.5
