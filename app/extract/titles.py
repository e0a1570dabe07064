"""Titles: cleaning the ones sources give, and deriving one when a source has none."""

from __future__ import annotations

import re

from app.extract.patterns import LazyPattern

#: A derived title is at most this many characters and ends on a whole word.
MAX_DERIVED_TITLE = 120
#: A cut that leaves less than this many characters is not worth making.
MIN_DERIVED_TITLE = 40

# A sentence ends at . ! ? (plus closing quotes) followed by a space and a capital or an opening quote,
# unless the word before the dot is an initial or a common abbreviation.
_SENTENCE_END = LazyPattern(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt gen col lt sgt rep sen gov pres no vs etc inc ltd co corp jan feb mar apr "
    "jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m".split()
)
# Words in front of which a long sentence can be cut and still read as a headline.
_CLAUSE_WORDS = LazyPattern(
    r"\s(?=(?:for|after|before|because|while|when|where|which|who|whom|whose|as|since|although|though|amid|"
    r"despite|with|including|following|during|until|unless|if|but)\s)",
    re.IGNORECASE,
)
_CLAUSE_PUNCTUATION = LazyPattern(r"[,;:]\s|\s[–—-]\s")
_TRAILING_JUNK = LazyPattern(r"[\s,;:–—\-(\[“\"‘]+$")
_TRAILING_STOPWORDS = LazyPattern(
    r"(?:\s+(?:a|an|the|of|to|in|on|at|by|and|or|for|with|from|as|that|its|his|her))+$", re.IGNORECASE
)


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph.

    >>> first_sentence("Mr. Smith went to Washington. He stayed.")
    'Mr. Smith went to Washington.'
    """
    for match in _SENTENCE_END.finditer(text):
        words = text[: match.start()].split()
        before = words[-1].lower().strip('("“') if words else ""
        if len(before) == 1 or before in _ABBREVIATIONS:
            continue
        return text[: match.end()].strip()
    return text.strip()


def derive_title(body: str) -> str:
    """A short readable title from the start of ``body``: at most 120 characters, ending on a whole word.

    >>> derive_title("Ministers met on Sunday. Then they left.")
    'Ministers met on Sunday'
    >>> len(derive_title("word " * 100)) <= MAX_DERIVED_TITLE
    True
    """
    paragraph = next((p.strip() for p in body.split("\n") if p.strip()), "")
    sentence = first_sentence(paragraph)
    if len(sentence) <= MAX_DERIVED_TITLE:
        return sentence.rstrip(".").strip() or sentence
    head = sentence[: MAX_DERIVED_TITLE + 1]
    for pattern in (_CLAUSE_PUNCTUATION, _CLAUSE_WORDS):
        cuts = [m.start() for m in pattern.finditer(head) if MIN_DERIVED_TITLE <= m.start() <= MAX_DERIVED_TITLE]
        if cuts:
            return _tidy_end(head[: cuts[-1]])
    space = head.rfind(" ")
    return _tidy_end(head[:space] if space > 0 else head[:MAX_DERIVED_TITLE])


def _tidy_end(title: str) -> str:
    title = _TRAILING_JUNK.sub("", title)
    shorter = _TRAILING_STOPWORDS.sub("", title)
    return _TRAILING_JUNK.sub("", shorter) if len(shorter) >= MIN_DERIVED_TITLE else title


_SPACES = re.compile(r"\s+")


def clean_title(title: str | None) -> str | None:
    """Trim and collapse whitespace; an empty title is no title."""
    if not title:
        return None
    title = _SPACES.sub(" ", title).strip()
    return title or None
