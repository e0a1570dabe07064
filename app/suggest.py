""" "Did you mean ...?": a corrected query, built from the index's own words.

Only asked for when a query finds nothing or very little (:data:`FEW_RESULTS`), so ordinary
queries pay nothing. A plain word is replaced when the index does not hold it, or holds it in
far fewer documents than a word one or two edits away (``fentanil`` -> ``fentanyl``). Candidates
come from the unstemmed words of titles and bodies (the words files of :mod:`app.vocabulary`), so a
suggestion is always a word people wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from whoosh.analysis.filters import STOP_WORDS

from app.analysis import text_analyzer
from app.query import ParsedQuery
from app.vocabulary import SPELLING_FIELDS, Vocabulary

#: A query that finds fewer documents than this gets a suggestion, when there is a better one.
FEW_RESULTS = 3
#: A word found in the index is still corrected when a near word is this many times as frequent.
MORE_FREQUENT = 20
#: Words shorter than this are never corrected (too many near neighbours).
MIN_LENGTH = 4


def suggest_query(s: Any, parsed: ParsedQuery, vocabularies: Mapping[str, Vocabulary] | None = None) -> str | None:
    """The query with misspelled words replaced, or None when no word could be improved.

    ``vocabularies``: the generation's words files by field (:mod:`app.vocabulary`).
    """
    analyzer = text_analyzer()
    text = parsed.text
    changed = False
    for word in dict.fromkeys(parsed.plain_words()):
        folded = [t.text for t in analyzer(word, no_morph=True, removestops=False)]
        if len(folded) != 1 or len(folded[0]) < MIN_LENGTH or not folded[0].isalpha():
            continue
        better = _better_word(s, folded[0], vocabularies or {})
        if better is not None and better != folded[0]:
            text = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, text)
            changed = True
    return text if changed else None


def _better_word(s: Any, word: str, vocabularies: Mapping[str, Vocabulary]) -> str | None:
    """The nearest indexed word (fewest edits, then most frequent) if it is better than ``word``.

    A word the index holds is only corrected to a word one edit away (a real word two edits from
    a frequent one is most likely meant); a word it does not hold, up to two edits away. Searching
    two edits away through a large vocabulary is the slow part, so it is done only when needed.
    """
    if word in STOP_WORDS:
        return None
    frequency = _frequency(s, word)
    for field_name in SPELLING_FIELDS:
        candidates = _nearest(
            s.reader(), field_name, word, maxdist=1 if frequency else 2, limit=3, vocabularies=vocabularies
        )
        for candidate in candidates:
            count = _frequency(s, candidate)
            if count and (frequency == 0 or count >= MORE_FREQUENT * frequency):
                return str(candidate)
    return None


def _frequency(s: Any, word: str) -> int:
    """In how many documents the word (as its stem) occurs, in the title or the body."""
    stems = [t.text for t in text_analyzer()(word)]
    if len(stems) != 1:
        return 0
    return max(int(s.doc_frequency(f, stems[0])) for f in ("title", "body"))


def _nearest(
    reader: Any, field_name: str, word: str, *, maxdist: int, limit: int, vocabularies: Mapping[str, Vocabulary]
) -> list[str]:
    """Indexed words within ``maxdist`` edits of ``word`` and with its first letter, most frequent first.

    From the generation's words file (:mod:`app.vocabulary`); none without one.
    """
    vocabulary = vocabularies.get(field_name)
    if vocabulary is None:
        return []
    found = set(vocabulary.within(word, maxdist, prefix=1))
    found.discard(word)
    return sorted(found, key=lambda w: (-(reader.frequency(field_name, w) or 1), w))[:limit]
