"""Text analysis: the words of a text as the index sees them, for indexing, queries and highlighting.

Words are lower-cased, accents folded (``Zürich`` = ``zurich``), English stop words dropped and
the rest stemmed (Porter): ``negotiations`` and ``negotiate`` are one word. This is exactly
Whoosh's chain ``RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) |
StopFilter(minsize=1) | StemFilter()`` (positions renumbered over the stop words, as the stop
filter does), written as one loop: Whoosh runs each token through a generator per filter, and
that chain was the largest single cost of indexing (a test checks both give the same tokens).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

#: The analysis of this many distinct words as written is remembered (then the memory starts again).
WORD_CACHE = 300_000
#: The tokenizer's pattern without its capture group, so that ``findall`` gives whole words.
_WORDS = re.compile(default_pattern.pattern.replace("(", "(?:"), default_pattern.flags)


class TextAnalyzer(Analyzer):  # type: ignore[misc]
    """Whoosh's analyzer interface (called with a text, yields one reused :class:`Token`)."""

    is_morph = True

    def __init__(self) -> None:
        # Word as written -> its indexed form ("" for a stop word), stemmed and not.
        self._words: dict[str, str] = {}
        self._folded: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:  # the schema is pickled into the index: not the caches
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def has_morph(self) -> bool:
        return True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = self._words if not no_morph else self._folded
        pos: int | None = None
        if tokenize:
            matches: Any = default_pattern.finditer(value)
        else:
            matches = [_Whole(value)]
        for i, match in enumerate(matches):
            original = match.group(0)
            text = words.get(original)
            if text is None:
                text = self._analyse(original, no_morph)
            if keeporiginal:
                t.original = original
            t.boost = 1.0
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            if not text:  # a stop word
                if not removestops:
                    t.text = fold(original)
                    t.stopped = True
                    if positions:
                        t.pos = start_pos + i
                    yield t
                continue
            if positions:
                pos = start_pos + i if pos is None else pos + 1
                t.pos = pos
            t.stopped = False
            t.text = text
            yield t

    def _analyse(self, original: str, no_morph: bool) -> str:
        """The indexed form of a word as written ("" for a stop word), remembered."""
        words = self._folded if no_morph else self._words
        if len(words) >= WORD_CACHE:
            words.clear()
        text = fold(original)
        if text and text not in STOP_WORDS and not no_morph:
            text = stem(text)
        elif text in STOP_WORDS:
            text = ""
        words[original] = text
        return text


def written_words(text: str) -> list[str]:
    """The words of ``text`` as written (before folding), as the analyzer's tokenizer finds them."""
    return _WORDS.findall(text)


def fold(word: str) -> str:
    """A word lower-cased and its accents folded, as indexed before stemming."""
    text = word.lower()
    return text if text.isascii() else text.translate(accent_map)


class _Whole:
    """A whole value as the one "match" of an untokenized call."""

    def __init__(self, value: str) -> None:
        self.value = value

    def group(self, _n: int) -> str:
        return self.value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self.value)


def text_analyzer() -> TextAnalyzer:
    """The analyzer of the title and body fields (and of queries against them)."""
    return TextAnalyzer()
