"""The words of a field, one sorted file per index generation, for "did you mean" to search.

Finding the indexed words within two edits of a misspelling is the costly part of a suggestion.
Whoosh walks a Levenshtein automaton along its on-disk term table: hundreds of binary searches of
some twenty reads apiece, 0.3-0.5 s on a vocabulary of 300,000 words (and asked of an index of
several segments, it compares every word with the same first letter in Python instead).

So a build writes, beside Whoosh's files, each spelling field's words (unstemmed, as people wrote
them) into ``words-<field>.txt``: sorted, one per line. :meth:`Vocabulary.within` finds the run of
words that share the first letters with two binary searches over the file (a few small reads;
nothing is held in memory), reads that run at once, and measures the edit distance to each word
with rapidfuzz (C++, with early exits): a few milliseconds.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

#: The fields whose words suggestions come from, in the order they are asked.
SPELLING_FIELDS = ("body", "title")

#: A record of Whoosh's term table: key length, value length, then key and value.
_LENGTHS = struct.Struct("!ii")
#: The field number in front of every key of the term table.
_FIELD = struct.Struct("!H")
_NEWLINE = b"\n"
#: Bytes read at once when looking for the end of a line.
_WINDOW = 256


def vocabulary_path(generation: Path, fieldname: str) -> Path:
    return generation / f"words-{fieldname}.txt"


def write_vocabularies(reader: Any, generation: Path, fieldnames: Iterable[str] = SPELLING_FIELDS) -> None:
    """Write the words of each field that ``reader`` (a Whoosh reader of the generation) holds.

    Raises AttributeError or KeyError when a segment is not of Whoosh's usual codec.
    """
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    for fieldname in fieldnames:
        words: set[bytes] = set()
        for leaf, _offset in leaves:
            words.update(_segment_words(leaf, fieldname))
        kept = sorted(word for word in words if _NEWLINE not in word)
        path = vocabulary_path(generation, fieldname)
        path.write_bytes(_NEWLINE.join(kept) + _NEWLINE if kept else b"")


def _segment_words(leaf: Any, fieldname: str) -> Iterator[bytes]:
    """The words of ``fieldname`` (its spelling field when it has one) in one segment, in order.

    Read straight from the segment's term table (a run of records keyed by field number + word):
    one read, where Whoosh's own iteration decodes every record's statistics too.
    """
    fieldobj = leaf.schema[fieldname]
    spellfield = fieldobj.spelling_fieldname(fieldname) if fieldobj.separate_spelling() else fieldname
    terms = leaf._terms  # whoosh.codec.whoosh3.W3TermsReader
    table = terms._tindex  # whoosh.filedb.filetables.OrderedHashReader
    number = terms._fieldmap.get(spellfield)
    start = None if number is None else table.closest_key_pos(_FIELD.pack(number))
    if number is None or start is None:
        return
    end = table.closest_key_pos(_FIELD.pack(number + 1)) if number < 0xFFFF else None
    if end is None:
        end = table.endofdata
    data = table.dbfile.get(start, end - start)
    pos, head, prefix = 0, _LENGTHS.size, _FIELD.size
    unpack = _LENGTHS.unpack_from
    while pos < len(data):
        keylen, datalen = unpack(data, pos)
        yield data[pos + head + prefix : pos + head + keylen]
        pos += head + keylen + datalen


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
