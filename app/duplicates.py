"""Duplicate stories: exact and near-duplicate articles grouped into stories. Pure, no I/O.

A news collection holds the same story many times: a page saved as HTML and the same post exported
from WordPress (different debris around the same body), wire copies on several sites, a story
re-edited under a new headline. This module gives every document a *story id*; documents that
share one are copies or versions of one story.

How two documents end up in one story (each rule is an edge; stories are the connected
components, found with union-find):

1. **Exact**: the same body once normalised (casefolded, accents, punctuation and whitespace
   dropped): :func:`normalize`. Line wrapping, paragraphing and decoded-vs-raw entities do not
   matter. Bodies shorter than :attr:`DedupConfig.min_words` words are matched exactly only
   together with their title, and never as near duplicates: "Photo: Reuters" is not a story.
2. **Near**: the *containment* of the two bodies' sets of word 5-shingles,
   ``|A ∩ B| / min(|A|, |B|)``, is at least :attr:`DedupConfig.containment` (0.75), and the
   smaller set is at least :attr:`DedupConfig.min_size_ratio` (0.3) of the larger. Containment,
   not Jaccard: debris lines (breadcrumbs, "SHARE", a comment form, a copyright footer) make one
   copy longer, which lowers Jaccard but not containment. The size ratio keeps a short brief that is
   quoted whole inside a long round-up out of the round-up's story.
3. **Same title**: the same normalised title (of at least 3 words) and a containment of at least
   :attr:`DedupConfig.same_title_containment` (0.5), with the same size ratio: an updated version of
   a developing story (a new manager "will be unveiled" -> "has been unveiled"). A shared title
   alone never groups: two different stories called "Match report" share no text.

Why these thresholds (measured on the BBC corpus, ``benchmarks/duplicates.py``): besides its 98
byte-identical pairs it has 31 pairs that share a title but not their bytes; read side by side,
all 31 are versions of one story (re-edited, or updated as the news developed), with containment
0.57-1.0. Pairs with different titles and containment >= 0.78 are all the same story re-headlined
or updated (a new headline on the same text, a market report updated from noon to the close).
Between 0.5 and 0.75, text alone cannot tell an update (a supercomputer ranking story, "is poised
to top" -> "has topped", 0.55) from a follow-up or a different story sharing background paragraphs
(the attorney general's statement and his denial a day later at 0.68, a Beatles auction and an
Elvis auction at 0.60, a Bafta preview and the ceremony at 0.59). So 0.75 without a title match,
and 0.5 with one; most mid-range pairs have a Jaccard of 0.2-0.35 and are not even LSH candidates.
Synthetic copies (debris, re-wrapped, a sentence dropped and a word changed) sit at 0.86-1.0
once extracted, median 0.97; the title rule also catches the few heavier edits that fall below 0.75.
A plain Jaccard threshold of 0.7-0.8 would lose 2-12 % of those copies (debris lengthens one side).

Finding candidates without comparing every pair: **MinHash + LSH banding**. Each body's shingles
are hashed once with BLAKE2b (64 bits, stable across processes, platforms and Python versions;
the built-in ``hash()`` of a ``str`` changes with ``PYTHONHASHSEED``), then sketched with
*one-permutation hashing* (Li, Owen & Zhang 2012) into :attr:`DedupConfig.num_bins` (128) bins
that are densified (Shrivastava 2017, "optimal densification"): a MinHash signature whose values
agree between two documents with probability equal to their Jaccard similarity, like the classic
k-permutation MinHash, at the cost of one hash per shingle instead of 128. The signature is cut
into 32 bands of 4 rows; documents sharing any band are candidates (P(candidate) is 0.87 at
Jaccard 0.5, 0.99 at 0.6, 0.23 at 0.3), and every candidate pair is verified with the exact
containment above, so the sketch only costs recall, never precision. Same-title pairs are
candidates too, whatever their sketch.

Why hand-written rather than ``datasketch``: datasketch 2.0 pulls numpy and scipy, 215 MB
installed (datasketch 0.9 MB, numpy 73 MB, scipy 143 MB) on a 244 MB image, and with them sketches
BBC at about 1.5 ms a document. The classic 128-permutation MinHash in pure Python costs 28 ms a
document (63 s for BBC), too slow; one-permutation hashing in pure Python costs about as much as
datasketch's numpy code, with no dependency: the whole pass (words, shingles, sketch, LSH,
verification) runs at about 800 documents a second on one core, 1.3 s per 1,000 documents.

Story ids: the smallest document id (by string order) in the story, so a singleton's story id is
its own id, and the result does not depend on the order documents are given in (except for a title
shared by more than :attr:`DedupConfig.max_title_bucket` documents, where the title rule looks at the
first ones only). Adding a document with a smaller id to a story, or a document that joins two
stories, changes that story's id.

Scripts written without spaces (Chinese, Japanese) are shingled by character; Thai and similar scripts
are not segmented and so only match exactly or when long passages are identical.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import unicodedata
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DedupConfig",
    "DuplicateFinder",
    "Match",
    "MatchReason",
    "Similarity",
    "find_stories",
    "normalize",
    "shingle_hashes",
    "similarity",
    "story_groups",
    "words",
]

MatchReason = Literal["exact", "near", "same-title"]

#: Scripts written without spaces between words (kana, CJK ideographs): each character is a word.
_UNSPACED = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_MASK64 = (1 << 64) - 1
#: The seed of the densification probes: changing it changes signatures, never the verified result.
_PROBE_SEED = 20_050_101


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """The knobs; the defaults are the measured choice (see the module docstring)."""

    #: Words per shingle.
    shingle_size: int = 5
    #: Bodies with fewer words never match as near duplicates, and match exactly only with their title.
    min_words: int = 40
    #: Containment needed for a near duplicate.
    containment: float = 0.75
    #: Containment needed when the two normalised titles are equal (``None``: no title rule).
    same_title_containment: float | None = 0.5
    #: A title needs this many words to count for the title rule ("Results" does not).
    min_title_words: int = 3
    #: The smaller shingle set must be at least this fraction of the larger one.
    min_size_ratio: float = 0.3
    #: MinHash signature length (one-permutation bins).
    num_bins: int = 128
    #: LSH bands; ``num_bins // bands`` rows each.
    bands: int = 32
    #: A same-title bucket larger than this is a generic title ("Live updates"): not used for candidates.
    max_title_bucket: int = 50

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError("shingle_size must be at least 1")
        if self.min_words < self.shingle_size:
            raise ValueError("min_words must be at least shingle_size")
        if not 0.0 < self.containment <= 1.0:
            raise ValueError("containment must be in (0, 1]")
        if self.same_title_containment is not None and not 0.0 < self.same_title_containment <= 1.0:
            raise ValueError("same_title_containment must be in (0, 1] or None")
        if not 0.0 <= self.min_size_ratio <= 1.0:
            raise ValueError("min_size_ratio must be in [0, 1]")
        if self.num_bins < 1 or self.bands < 1 or self.num_bins % self.bands:
            raise ValueError("num_bins must be a positive multiple of bands")

    @property
    def rows(self) -> int:
        return self.num_bins // self.bands


@dataclass(frozen=True, slots=True)
class Similarity:
    """How much two shingle sets overlap."""

    jaccard: float
    containment: float
    size_ratio: float


@dataclass(frozen=True, slots=True)
class Match:
    """One verified edge between two documents (``a < b``); stories are its connected components."""

    a: str
    b: str
    reason: MatchReason
    similarity: Similarity | None = None  # None for exact matches


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text: casefolded, accents dropped, punctuation and whitespace gone.

    Chinese and Japanese characters count as one word each, as those scripts put no spaces between words.

    >>> words("Café  SOCIETY—re-opens!\\n\\nIt’s back.")
    ['cafe', 'society', 're', 'opens', 'it', 's', 'back']
    >>> words("東京で2024年")
    ['東', '京', 'で', '2024', '年']
    """
    text = text.casefold()
    if not text.isascii():
        # NFKD splits "é" into "e" and a combining accent, which goes; NFC puts back what stays (kana voicing marks).
        text = unicodedata.normalize("NFC", _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)))
    return _WORD.findall(text.replace("_", " "))


def normalize(text: str) -> str:
    """The text that exact duplicates share: :func:`words` joined by single spaces.

    >>> normalize("Line one,\\nline  two.") == normalize("LINE ONE line two")
    True
    """
    return " ".join(words(text))


def _body_words(title_words: list[str], body: str) -> list[str]:
    """The body's words without the title when the body repeats it near its start."""
    body_words = words(body)
    n = len(title_words)
    if n >= 3:
        first = title_words[0]
        for i in range(min(len(body_words) - n + 1, 40)):
            if body_words[i] == first and body_words[i : i + n] == title_words:
                return body_words[:i] + body_words[i + n :]
    return body_words


def shingle_hashes(tokens: list[str], size: int = 5) -> array[int]:
    """The distinct 64-bit BLAKE2b hashes of the word ``size``-shingles of ``tokens``.

    Fewer than ``size`` words make one shingle of them all (none if there are none).
    """
    if not tokens:
        return array("Q")
    count = max(1, len(tokens) - size + 1)
    return array(
        "Q",
        {
            int.from_bytes(hashlib.blake2b(" ".join(tokens[i : i + size]).encode(), digest_size=8).digest(), "little")
            for i in range(count)
        },
    )


def similarity(a: array[int] | frozenset[int], b: array[int] | frozenset[int]) -> Similarity:
    """Jaccard, containment and size ratio of two shingle sets (all 0 if either is empty)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return Similarity(0.0, 0.0, 0.0)
    common = len(set(small).intersection(large))
    return Similarity(
        jaccard=common / (len(small) + len(large) - common),
        containment=common / len(small),
        size_ratio=len(small) / len(large),
    )


# ---------------------------------------------------------------------------------------------
# MinHash: one-permutation hashing with optimal densification
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _probes(num_bins: int) -> tuple[tuple[int, ...], ...]:
    """For each bin, a fixed pseudo-random order of the other bins to borrow from when it is empty."""
    rng = random.Random(_PROBE_SEED + num_bins)
    table = []
    for i in range(num_bins):
        others = [j for j in range(num_bins) if j != i]
        rng.shuffle(others)
        table.append(tuple(others))
    return tuple(table)


def _signature(shingles: array[int], num_bins: int, probes: tuple[tuple[int, ...], ...]) -> list[int]:
    """A densified one-permutation MinHash signature of a non-empty shingle set."""
    bins: list[int] = [_MASK64] * num_bins
    for h in shingles:
        j = h % num_bins
        v = h // num_bins
        if v < bins[j]:
            bins[j] = v
    empty = [i for i, v in enumerate(bins) if v == _MASK64]
    if empty:
        filled = bins.copy()
        for i in empty:
            for j in probes[i]:
                if bins[j] != _MASK64:
                    # Offset by the probe's position so that two docs borrowing different bins rarely agree.
                    filled[i] = bins[j] ^ (j << 57)
                    break
        bins = filled
    return bins


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the grouping needs to know of one document, made from its text alone (so it can be made
    in another process, and kept with an index for later builds)."""

    #: The normalised body's digest (with the title for a short body); None when there is no text.
    exact_key: bytes | None
    #: The normalised title, when it has enough words for the same-title rule.
    title_key: str | None
    #: The LSH band keys of the MinHash signature (empty for a short body).
    band_keys: tuple[int, ...] = ()
    #: The body's shingle hashes (their top 32 bits), for verification; None for a short body.
    shingles: array[int] | None = None


def sketch(title: str, body: str, config: DedupConfig | None = None) -> Sketch:
    """The :class:`Sketch` of one document."""
    cfg = config or DedupConfig()
    title_words = words(title)
    body_words = _body_words(title_words, body)
    title_key = " ".join(title_words) if len(title_words) >= cfg.min_title_words else None
    if not body_words:
        return Sketch(None, title_key)
    short = len(body_words) < cfg.min_words
    exact_text = (" ".join(title_words) + "\n" if short else "") + " ".join(body_words)
    exact_key = hashlib.blake2b(exact_text.encode(), digest_size=16).digest()
    if short:
        return Sketch(exact_key, title_key)
    shingles = shingle_hashes(body_words, cfg.shingle_size)
    signature = _signature(shingles, cfg.num_bins, _probes(cfg.num_bins))
    rows = cfg.rows
    band_keys = tuple(hash((band, *signature[band * rows : (band + 1) * rows])) for band in range(cfg.bands))
    # Kept for verification: the top 32 bits of each hash are plenty to compare two sets, at half the memory.
    return Sketch(exact_key, title_key, band_keys, array("I", {h >> 32 for h in shingles}))


# ---------------------------------------------------------------------------------------------
# Grouping
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sketched:
    """What is kept of the first document of each distinct body (exact copies share it)."""

    shingles: array[int]
    title_keys: list[str]  # the titles of the body's exact copies too, for the same-title rule


@dataclass(slots=True)
class DuplicateFinder:
    """Groups documents into stories as they are added; :func:`find_stories` for a whole collection.

    Adding a document costs one pass over its words plus the verification of its candidates;
    memory is about 4.5 KB per distinct body of 400 words (its shingle hashes and LSH entries).
    """

    config: DedupConfig = field(default_factory=DedupConfig)
    _parent: dict[str, str] = field(default_factory=dict)
    _exact: dict[bytes, str] = field(default_factory=dict)
    _sketched: dict[str, _Sketched] = field(default_factory=dict)
    _buckets: dict[int, str | list[str]] = field(default_factory=dict)
    _titles: dict[str, list[str]] = field(default_factory=dict)
    _matches: list[Match] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._parent)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._parent

    def add(self, doc_id: str, title: str, body: str) -> str:
        """Add one document and return its story id as it stands now.

        Raises:
            ValueError: ``doc_id`` was added before.
        """
        return self.add_sketch(doc_id, sketch(title, body, self.config))

    def add_sketch(self, doc_id: str, sk: Sketch) -> str:
        """Add one document by its :func:`sketch` (made elsewhere: in a worker process, or kept from
        an earlier build). The result is the same as :meth:`add` with the text.

        Raises:
            ValueError: ``doc_id`` was added before.
        """
        if doc_id in self._parent:
            raise ValueError(f"document {doc_id!r} was already added")
        self._parent[doc_id] = doc_id
        if sk.exact_key is None:
            return doc_id  # no text: nothing to be a copy of
        title_key = sk.title_key
        first = self._exact.get(sk.exact_key)
        if first is not None:
            self._link(first, doc_id, "exact", None)
            known = self._sketched.get(first)
            if known is not None and title_key is not None and title_key not in known.title_keys:
                # The same body under a new title: the body now takes part in that title's rule as well,
                # whichever of its copies came first.
                known.title_keys.append(title_key)
                for other in self._title_candidates(first, title_key):
                    self._verify(first, known.shingles, title_key, other)
            return self.story_id(doc_id)
        self._exact[sk.exact_key] = doc_id
        if sk.shingles is None:
            return doc_id  # a short body: only exact copies count
        candidates: set[str] = set()
        buckets = self._buckets
        for key in sk.band_keys:
            found = buckets.get(key)
            if isinstance(found, str):
                candidates.add(found)
            elif found is not None:
                candidates.update(found)
        if title_key is not None:
            candidates.update(self._title_candidates(doc_id, title_key))
        for other in sorted(candidates):
            self._verify(doc_id, sk.shingles, title_key, other)
        for key in sk.band_keys:
            found = buckets.get(key)
            # Most buckets hold one document: a bare id then, a list only when shared (saves ~2 KB a document).
            if found is None:
                buckets[key] = doc_id
            elif isinstance(found, str):
                buckets[key] = [found, doc_id]
            else:
                found.append(doc_id)
        self._sketched[doc_id] = _Sketched(sk.shingles, [title_key] if title_key is not None else [])
        return self.story_id(doc_id)

    def _title_candidates(self, doc_id: str, title_key: str) -> list[str]:
        """The sketched documents with this title so far; ``doc_id`` joins them."""
        if self.config.same_title_containment is None:
            return []
        same_title = self._titles.setdefault(title_key, [])
        if len(same_title) >= self.config.max_title_bucket:
            return []
        before = list(same_title)
        same_title.append(doc_id)
        return before

    def _verify(self, doc_id: str, shingles: array[int], title_key: str | None, other: str) -> None:
        cfg = self.config
        known = self._sketched[other]
        sim = similarity(shingles, known.shingles)
        if sim.size_ratio < cfg.min_size_ratio:
            return
        if sim.containment >= cfg.containment:
            self._link(other, doc_id, "near", sim)
        elif (
            cfg.same_title_containment is not None
            and title_key is not None
            and title_key in known.title_keys
            and sim.containment >= cfg.same_title_containment
        ):
            self._link(other, doc_id, "same-title", sim)

    def _find(self, doc_id: str) -> str:
        parent = self._parent
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]  # path halving
            doc_id = parent[doc_id]
        return doc_id

    def _link(self, a: str, b: str, reason: MatchReason, sim: Similarity | None) -> None:
        self._matches.append(Match(min(a, b), max(a, b), reason, sim))
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            # The root is always the smallest id of its story: that is the story id.
            low, high = (root_a, root_b) if root_a < root_b else (root_b, root_a)
            self._parent[high] = low

    def story_id(self, doc_id: str) -> str:
        """The story id of an added document (KeyError if it was not added)."""
        return self._find(doc_id)

    def stories(self) -> dict[str, str]:
        """Every added document id -> its story id (singletons map to themselves)."""
        return {doc_id: self._find(doc_id) for doc_id in self._parent}

    def groups(self) -> dict[str, list[str]]:
        """Story id -> its sorted document ids, for stories of two documents or more."""
        return story_groups(self.stories())

    @property
    def matches(self) -> list[Match]:
        """The verified edges, in the order they were found (for inspection and tuning)."""
        return list(self._matches)


def find_stories(docs: Iterable[tuple[str, str, str]], config: DedupConfig | None = None) -> dict[str, str]:
    """Group a whole collection: ``(doc_id, title, body)`` in, ``doc_id -> story_id`` out.

    The result does not depend on the order of ``docs``.

    Raises:
        ValueError: a document id occurs twice.
    """
    finder = DuplicateFinder(config or DedupConfig())
    for doc_id, title, body in docs:
        finder.add(doc_id, title, body)
    return finder.stories()


def story_groups(stories: Mapping[str, str]) -> dict[str, list[str]]:
    """Story id -> sorted member ids, for stories of two documents or more, from a ``find_stories`` result."""
    members: dict[str, list[str]] = {}
    for doc_id, story in stories.items():
        members.setdefault(story, []).append(doc_id)
    return {story: sorted(ids) for story, ids in sorted(members.items()) if len(ids) > 1}
