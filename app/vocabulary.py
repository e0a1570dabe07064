"""The words of a field, one sorted file per index generation, for "did you mean" to search.

A build collects the words of every title and body as people wrote them (lower-cased, accents
folded, stop words left out, not stemmed) and writes them into ``words-<field>.txt``: sorted, one
per line. (Whoosh can keep such words itself, ``spelling=True``, as extra postings written for
every document: that was half of the indexing time, and finding the words within two edits of a
misspelling walked an automaton through its on-disk term table, 0.3-0.5 s a word.)

:meth:`Vocabulary.within` finds the run of words that share the first letters with two binary
searches over the file (a few small reads; nothing is held in memory), reads that run at once,
and measures the edit distance to each word with rapidfuzz (C++, with early exits): a few
milliseconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh.analysis.filters import STOP_WORDS

from app.analysis import fold, written_words

#: The fields whose words suggestions come from, in the order they are asked.
SPELLING_FIELDS = ("body", "title")
_NEWLINE = b"\n"
#: Bytes read at once when looking for the end of a line.
_WINDOW = 256


def vocabulary_path(generation: Path, fieldname: str) -> Path:
    return generation / f"words-{fieldname}.txt"


class WordCollector:
    """The words of the documents of one build, by field, written out with the generation."""

    def __init__(self, fieldnames: Iterable[str] = SPELLING_FIELDS) -> None:
        #: words as written in the documents added, by field
        self._written: dict[str, set[str]] = {name: set() for name in fieldnames}
        #: the sorted words of the generation an update starts from, by field
        self._base: dict[str, list[str]] = {name: [] for name in fieldnames}

    def add(self, fields: dict[str, str | None]) -> None:
        """The words of one document (``fields``: field name -> its text; others are ignored)."""
        for name, text in fields.items():
            if text and name in self._written:
                self._written[name].update(written_words(text))

    def add_generation(self, generation: Path) -> None:
        """The words of a generation a build starts from (words of removed documents stay: harmless)."""
        for name in self._base:
            try:
                self._base[name] = vocabulary_path(generation, name).read_text(encoding="utf-8").splitlines()
            except OSError:
                continue

    def write(self, generation: Path) -> None:
        for name, written in self._written.items():
            base = self._base[name]
            new = {fold(word) for word in written} - STOP_WORDS - set(base)
            new.discard("")
            # Code point order is UTF-8 byte order; the base is sorted already (Timsort merges the runs).
            words = sorted(base + list(new))
            vocabulary_path(generation, name).write_bytes("".join(f"{word}\n" for word in words).encode("utf-8"))


class Vocabulary:
    """A words file: sorted UTF-8 words, one per line (byte order is code point order)."""

    def __init__(self, path: Path) -> None:
        """Raises OSError when the file cannot be opened (an index built before these files)."""
        self._fd = -1
        self._fd = os.open(path, os.O_RDONLY)  # open while the generation is searched
        self._size = os.fstat(self._fd).st_size

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self) -> None:
        self.close()

    def _read(self, pos: int, size: int) -> bytes:
        return os.pread(self._fd, size, pos)

    def _line_start(self, pos: int) -> int:
        """The first line start at or after ``pos`` (the file's size when there is none)."""
        if pos <= 0:
            return 0
        at = pos - 1  # a line starts at pos when the byte before it ends a line
        while at < self._size:
            chunk = self._read(at, _WINDOW)
            cut = chunk.find(_NEWLINE)
            if cut >= 0:
                return at + cut + 1
            at += len(chunk)
        return self._size

    def _line(self, start: int) -> bytes:
        """The word on the line that starts at ``start``."""
        out = b""
        while True:
            chunk = self._read(start + len(out), _WINDOW)
            cut = chunk.find(_NEWLINE)
            if cut >= 0 or not chunk:
                return out + (chunk[:cut] if cut >= 0 else chunk)
            out += chunk

    def first_at_or_after(self, text: str) -> int:
        """Where the first word >= ``text`` starts (the file's size when there is none)."""
        key = text.encode("utf-8")
        lo, hi = 0, self._size  # every line starting before lo holds a smaller word; lo starts a line
        while lo < hi:
            mid = (lo + hi) // 2
            start = self._line_start(mid)
            if start >= hi:  # no line starts in [mid, hi): look at the line at lo
                start = lo
            word = self._line(start)
            if word < key:
                lo = start + len(word) + 1
            else:
                hi = start
        return lo

    def starting_with(self, prefix: str) -> list[str]:
        """The words that begin with ``prefix``, in order."""
        lo = self.first_at_or_after(prefix) if prefix else 0
        hi = self._size
        if prefix and (bound := _after(prefix)) is not None:
            hi = self.first_at_or_after(bound)
        if lo >= hi:
            return []
        return self._read(lo, hi - lo - 1).decode("utf-8").split("\n")

    def within(self, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """The words at most ``maxdist`` edits (Levenshtein) from ``text`` sharing its first ``prefix`` letters."""
        candidates = self.starting_with(text[:prefix])
        found = process.extract(text, candidates, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
        return [word for word, _distance, _index in found]


def _after(prefix: str) -> str | None:
    """The first string after every string that starts with ``prefix`` (None: there is none)."""
    last = ord(prefix[-1])
    return None if last >= 0x10FFFF else prefix[:-1] + chr(last + 1)


def open_vocabularies(generation: Path | None, fieldnames: Iterable[str] = SPELLING_FIELDS) -> dict[str, Vocabulary]:
    """The words files of a generation, by field; a field without one (an older build) is left out."""
    opened: dict[str, Vocabulary] = {}
    if generation is None:
        return opened
    for fieldname in fieldnames:
        try:
            opened[fieldname] = Vocabulary(vocabulary_path(generation, fieldname))
        except OSError:
            continue
    return opened
