"""The words of one field of an index generation, in memory, for "did you mean" to search.

Finding the indexed words within two edits of a misspelling is the costly part of a suggestion.
Whoosh walks a Levenshtein automaton along its on-disk term table: hundreds of binary searches of
some twenty reads apiece, 0.3-0.5 s on a vocabulary of 300,000 words (and asked of an index of
several segments, it compares every word with the same first letter in Python instead).

A :class:`Vocabulary` reads that part of each segment's term table once (one read, then a walk
over the records), merges the segments' words into one sorted run of newline-separated UTF-8
(about 10 bytes a word, with an offset array), and answers :meth:`Vocabulary.within` by cutting
out the words that share the first letters (a slice, decoded and split in C) and measuring their
edit distance with rapidfuzz (C++, with early exits): a few milliseconds.
"""

from __future__ import annotations

import logging
import struct
import threading
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

LOGGER = logging.getLogger(__name__)

#: A record of Whoosh's term table: key length, value length, then key and value.
_LENGTHS = struct.Struct("!ii")
#: The field number in front of every key of the term table.
_FIELD = struct.Struct("!H")
#: Between two words of the run (the analyzer's words never hold it).
_SEPARATOR = b"\n"


class Vocabulary:
    """Sorted distinct words, in Whoosh's order (UTF-8 byte order, which is code point order)."""

    __slots__ = ("_run", "_starts")

    def __init__(self, run: bytes, starts: array[int]) -> None:
        """Word ``i`` is ``run[starts[i]:starts[i + 1] - 1]`` (each word is followed by a newline)."""
        self._run = run
        self._starts = starts

    @classmethod
    def of_words(cls, words: Iterable[bytes]) -> Vocabulary:
        """From distinct words in sorted order (any with a newline is left out)."""
        kept = [word for word in words if _SEPARATOR not in word]
        run = _SEPARATOR.join(kept) + _SEPARATOR if kept else b""
        return cls(run, array("I", accumulate((len(word) + 1 for word in kept), initial=0)))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __iter__(self) -> Iterator[bytes]:
        run, starts = self._run, self._starts
        return (run[starts[i] : starts[i + 1] - 1] for i in range(len(starts) - 1))

    def first_at_or_after(self, text: str) -> int:
        """The position of the first word >= ``text`` (``len(self)`` when there is none)."""
        key = text.encode("utf-8")
        run, starts = self._run, self._starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if run[starts[mid] : starts[mid + 1] - 1] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def starting_with(self, prefix: str) -> list[str]:
        """The words that begin with ``prefix``, in order."""
        lo = self.first_at_or_after(prefix) if prefix else 0
        hi = len(self)
        if prefix and (bound := _after(prefix)) is not None:
            hi = self.first_at_or_after(bound)
        if lo >= hi:
            return []
        return self._run[self._starts[lo] : self._starts[hi] - 1].decode("utf-8").split("\n")

    def within(self, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """The words at most ``maxdist`` edits (Levenshtein) from ``text`` sharing its first ``prefix`` letters."""
        candidates = self.starting_with(text[:prefix])
        found = process.extract(text, candidates, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
        return [word for word, _distance, _index in found]

    @classmethod
    def of_reader(cls, reader: Any, fieldname: str) -> Vocabulary:
        """The words of ``fieldname`` in all the segments ``reader`` (a Whoosh reader) reads, merged.

        Raises AttributeError or KeyError when a segment is not of Whoosh's usual codec: the
        caller then asks Whoosh itself.
        """
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        segments = [_segment_words(leaf, fieldname) for leaf, _offset in leaves]
        return cls.of_words(segments[0] if len(segments) == 1 else sorted(set().union(*segments)))


def _after(prefix: str) -> str | None:
    """The first string after every string that starts with ``prefix`` (None: there is none)."""
    last = ord(prefix[-1])
    return None if last >= 0x10FFFF else prefix[:-1] + chr(last + 1)


def _segment_words(leaf: Any, fieldname: str) -> list[bytes]:
    """The sorted words of ``fieldname`` (its spelling field when it has one) in one segment."""
    fieldobj = leaf.schema[fieldname]
    spellfield = fieldobj.spelling_fieldname(fieldname) if fieldobj.separate_spelling() else fieldname
    terms = leaf._terms  # whoosh.codec.whoosh3.W3TermsReader
    table = terms._tindex  # whoosh.filedb.filetables.OrderedHashReader, keyed by field number + word
    number = terms._fieldmap.get(spellfield)
    start = None if number is None else table.closest_key_pos(_FIELD.pack(number))
    if number is None or start is None:
        return []
    end = table.closest_key_pos(_FIELD.pack(number + 1)) if number < 0xFFFF else None
    if end is None:
        end = table.endofdata
    return list(_keys(table.dbfile.get(start, end - start)))


def _keys(data: bytes) -> Iterator[bytes]:
    """The words of a run of term-table records of one field (the field number dropped)."""
    pos, head, prefix = 0, _LENGTHS.size, _FIELD.size
    unpack = _LENGTHS.unpack_from
    while pos < len(data):
        keylen, datalen = unpack(data, pos)
        yield data[pos + head + prefix : pos + head + keylen]
        pos += head + keylen + datalen


class Vocabularies:
    """The vocabularies of one index generation, each read the first time it is asked for."""

    def __init__(self) -> None:
        self._loaded: dict[str, Vocabulary] = {}
        self._lock = threading.Lock()

    def preload(self, ix: Any, fieldnames: Iterable[str]) -> None:
        """Read the vocabularies of ``fieldnames`` from Whoosh index ``ix`` on a thread of their own."""
        threading.Thread(target=self._load, args=(ix, tuple(fieldnames)), name="vocabulary", daemon=True).start()

    def _load(self, ix: Any, fieldnames: tuple[str, ...]) -> None:
        try:
            with ix.searcher() as s:
                for fieldname in fieldnames:
                    self.of(s.reader(), fieldname)
        except Exception as exc:  # a suggestion will read them, or fall back to Whoosh, and say what is wrong
            LOGGER.warning("could not read the index's words for suggestions: %s", exc)

    def of(self, reader: Any, fieldname: str) -> Vocabulary:
        """The words of ``fieldname`` in ``reader``, which must be of this generation."""
        vocabulary = self._loaded.get(fieldname)
        if vocabulary is None:
            with self._lock:
                vocabulary = self._loaded.get(fieldname)
                if vocabulary is None:
                    vocabulary = self._loaded[fieldname] = Vocabulary.of_reader(reader, fieldname)
        return vocabulary
