"""The Whoosh index: its schema, where it lives on disk, and writing documents into it.

An index folder holds one or more *generations* (complete Whoosh indexes) and a ``CURRENT`` file
naming the live one::

    index_dir/
      CURRENT                   "gen-20261123-101500-3f2a"
      gen-20261123-101500-3f2a/ Whoosh's files + manifest.json + stories.json + files.json
                                + sketches.pickle + words-body.txt + words-title.txt

A build writes a new generation beside the live one and then replaces ``CURRENT`` in one atomic
step (:func:`os.replace`), so a build that fails or is killed never costs the index being served,
and a running server can switch to the new generation between two requests.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pickle
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from app.analysis import text_analyzer
from app.documents import Document, parse_published, site_from_url
from app.duplicates import DuplicateFinder, Sketch, sketch
from app.errors import BuildRunning, IndexUnavailable
from app.leases import remove_if_unused
from app.storage import SharedFileStorage
from app.vocabulary import SPELLING_FIELDS, WordCollector, vocabulary_path
from app.whoosh_fixes import apply as apply_whoosh_fixes

apply_whoosh_fixes()

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
STORIES = "stories.json"
#: Per source file: its content hash and the ids of its documents (what an update compares against).
FILES = "files.json"
#: Per document: its duplicate-finder sketch (an update groups stories again without reading the texts).
SKETCHES = "sketches.pickle"
GENERATION_PREFIX = "gen-"
#: Held (``flock``) by the one build that may write to an index folder; it holds that build's pid.
BUILD_LOCK = ".build.lock"
#: Bumped whenever the schema or the files of a generation change: an older index is rebuilt.
SCHEMA_VERSION = 4


def make_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # Field weights are applied when searching (app.ranking), so they can change without a rebuild.
        # The unstemmed words "Did you mean" suggests from are kept apart (app.vocabulary), not by Whoosh.
        title=TEXT(analyzer=analyzer, stored=True, phrase=True),
        # Character offsets are kept with the positions so snippets need no re-analysis of long bodies.
        body=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        url=STORED(),
        site=STORED(),
        sites=KEYWORD(commas=True, lowercase=True, scorable=False),  # site name and URL host, for site: filters
        author=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        published=DATETIME(sortable=True),
        published_text=STORED(),
        categories=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        # The facets, as they are written (the fields above are folded for case-insensitive filters).
        facet_site=ID(),
        facet_author=KEYWORD(commas=True, scorable=False),
        facet_category=KEYWORD(commas=True, scorable=False),
        tags=STORED(),
        language=STORED(),
        source=STORED(),
        format=ID(stored=True),
    )


def segment_codec() -> W3Codec:
    """How segments are written: posting blocks uncompressed (zlib took a tenth of the indexing time,
    and would be undone at every search)."""
    return W3Codec(compression=0)


def document_fields(doc: Document) -> dict[str, Any]:
    """The fields Whoosh stores and indexes for one document."""
    fields: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "url": doc.url,
        "site": doc.site,
        "sites": ",".join(s for s in {doc.site, site_from_url(doc.url)} if s),
        "author": doc.author,
        "published_text": doc.published,
        "categories": ",".join(c.replace(",", " ") for c in doc.categories),
        "facet_site": doc.site or site_from_url(doc.url),
        "facet_author": ",".join(a.strip() for a in (doc.author or "").split(",") if a.strip()),
        "facet_category": ",".join(c.replace(",", " ").strip() for c in doc.categories if c.strip()),
        "tags": list(doc.tags),
        "language": doc.language,
        "source": doc.source,
        "format": doc.format,
    }
    published = parse_published(doc.published)
    if published is not None:
        fields["published"] = published if published.tzinfo is None else _utc_naive(published)
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _utc_naive(moment: datetime) -> datetime:
    """Whoosh's DATETIME compares naive datetimes: an aware one is stored as its UTC instant."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def stored_document(stored: dict[str, Any]) -> Document:
    """Rebuild a :class:`Document` from Whoosh's stored fields."""
    categories = tuple(c for c in (stored.get("categories") or "").split(",") if c)
    return Document(
        id=stored["id"],
        title=stored.get("title") or "",
        body=stored.get("body") or "",
        url=stored.get("url"),
        site=stored.get("site") or None,
        author=stored.get("author"),
        published=stored.get("published_text"),
        categories=categories,
        source=stored.get("source") or "",
        format=stored.get("format") or "text",
        tags=tuple(stored.get("tags") or ()),
        language=stored.get("language"),
    )


@dataclass(frozen=True)
class Manifest:
    """What a generation was built from, written beside Whoosh's files."""

    source_dir: str
    documents: int
    fingerprint: str
    built_at: float
    schema: int = 1  # generations written before the field existed are version 1

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1)


# ---------------------------------------------------------------------------------------------
# Generations on disk
# ---------------------------------------------------------------------------------------------


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or ``None`` when the index folder holds no index."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise IndexUnavailable(f"cannot read the index at {index_dir}: {exc.strerror}") from exc
    path = index_dir / name
    if not name.startswith(GENERATION_PREFIX) or "/" in name or not path.is_dir():
        raise IndexUnavailable(f"the index at {index_dir} is damaged ({CURRENT} names a missing generation {name!r})")
    return path


def read_stories(generation: Path) -> dict[str, str]:
    """Document id -> story id, for the documents that have other versions (singletons are left out)."""
    try:
        data = json.loads((generation / STORIES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def read_manifest(generation: Path) -> Manifest | None:
    try:
        data = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        return Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None


def open_generation(generation: Path) -> Any:
    """Open the Whoosh index of one generation.

    Raises:
        IndexUnavailable: the folder holds no readable Whoosh index.
    """
    try:
        return SharedFileStorage(str(generation)).open_index()
    except whoosh_index.EmptyIndexError as exc:
        raise IndexUnavailable(f"the index at {generation.parent} is empty or damaged: rebuild it") from exc
    except Exception as exc:  # Whoosh raises many kinds of errors on damaged files
        raise IndexUnavailable(f"the index at {generation.parent} cannot be opened ({exc}): rebuild it") from exc


def new_generation(index_dir: Path) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    path = index_dir / name
    path.mkdir()
    return path


def publish_generation(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index in one atomic step, then delete older generations, and
    what builds that were killed left behind (their generations, a pointer file not yet renamed).
    The caller holds :func:`build_lock`, so no other build is writing any of them."""
    pointer = index_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    pointer.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(pointer, index_dir / CURRENT)
    for old in index_dir.glob(f"{GENERATION_PREFIX}*"):
        if old != generation and old.is_dir():
            remove_if_unused(old)  # a generation a server still reads is kept (app.leases)
    for stale in index_dir.glob(f".{CURRENT}.*"):
        stale.unlink(missing_ok=True)


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's build lock: one build at a time may write generations into it.

    The lock is the kernel's (:func:`fcntl.flock`), so it goes with the process however that ends,
    a crash or ``kill -9`` included; the file left behind does not block the next build.

    Raises:
        BuildRunning: another build holds the lock ("another index build is running on DIR (pid N)").
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            pid = f" (pid {holder})" if holder.isdigit() else ""
            raise BuildRunning(f"another index build is running on {index_dir}{pid}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


#: What an update writes anew rather than taking from the generation it starts from.
_OWN_FILES = frozenset(
    {MANIFEST, STORIES, FILES, SKETCHES, *(vocabulary_path(Path(), name).name for name in SPELLING_FIELDS)}
)


def _link_files(base: Path, generation: Path) -> None:
    for path in base.iterdir():
        if path.name in _OWN_FILES or "LOCK" in path.name.upper() or not path.is_file():
            continue
        try:
            os.link(path, generation / path.name)
        except OSError:  # a file system without hard links
            shutil.copy2(path, generation / path.name)


def read_files(generation: Path) -> dict[str, tuple[str, list[str]]]:
    """Source file -> (content hash, its document ids), as the generation was built; {} if unknown."""
    try:
        data = json.loads((generation / FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): (str(v[0]), [str(i) for i in v[1]]) for k, v in data.items() if isinstance(v, list) and len(v) == 2}


def read_sketches(generation: Path) -> dict[str, Sketch]:
    """The duplicate finder's sketch of every document of a generation (a file this program wrote)."""
    with open(generation / SKETCHES, "rb") as fh:
        data = pickle.load(fh)  # written by this program, into its own index folder
    if not isinstance(data, dict):
        raise IndexUnavailable(f"{generation / SKETCHES} is damaged")
    return data


def can_update(generation: Path | None, source_dir: str) -> bool:
    """Whether a build may start from ``generation`` rather than from nothing."""
    if generation is None:
        return False
    manifest = read_manifest(generation)
    return (
        manifest is not None
        and manifest.schema == SCHEMA_VERSION
        and manifest.source_dir == source_dir
        and (generation / FILES).is_file()
        and (generation / SKETCHES).is_file()
    )


def discard_generation(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class IndexWriter:
    """Writes documents into a new generation; :meth:`commit` makes them the live index.

    Used as a context manager, an exception discards the half-written generation and leaves the
    live index as it was::

        with IndexWriter(index_dir, source_dir=..., fingerprint=...) as writer:
            writer.add(doc)
    """

    def __init__(self, index_dir: Path, *, source_dir: str, fingerprint: str, base: Path | None = None) -> None:
        """A new generation: empty, or (``base``) a copy of an existing one to update, its files
        hard links to the base's (Whoosh never changes a segment file once written)."""
        self.index_dir = index_dir
        self.source_dir = source_dir
        self.fingerprint = fingerprint
        self.generation = new_generation(index_dir)
        self.files: dict[str, tuple[str, list[str]]] = {}
        self._sketches: dict[str, Sketch] = {}
        self._words = WordCollector()
        self._done = False
        try:
            if base is None:
                self._ix = whoosh_index.create_in(str(self.generation), make_schema())
            else:
                _link_files(base, self.generation)
                self._ix = open_generation(self.generation)
                self.files = read_files(base)
                self._sketches = read_sketches(base)
                self._words.add_generation(base)
            # Enough memory that segments are not flushed to disk too often.
            self._writer = self._ix.writer(limitmb=256, codec=segment_codec())
        except BaseException:
            discard_generation(self.generation)
            raise
        self._segments: list[Any] = []
        self._added: set[str] = set()
        self.count = int(self._ix.doc_count())
        self.updating = base is not None

    def add(self, doc: Document) -> bool:
        """Add one document; one whose id was already added is left out (returns False)."""
        if not self.add_indexed(doc):
            return False
        self._writer.add_document(**document_fields(doc))
        return True

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Delete documents (of a file that changed or went away) from the generation being updated."""
        for doc_id in doc_ids:
            self._sketches.pop(doc_id, None)
            self.count -= int(self._writer.delete_by_term("id", doc_id) or 0)

    def add_all(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self.add(doc)

    def add_indexed(self, doc: Document) -> bool:
        """Count a document that a worker process indexed into its own segment (see :meth:`add_segment`)."""
        if doc.id in self._added:  # the same id twice: the same file entry read twice
            return False
        self._added.add(doc.id)
        self._sketches[doc.id] = sketch(doc.title, doc.body)
        self._words.add({"title": doc.title, "body": doc.body})
        self.count += 1
        return True

    def add_segment(self, segment: Any) -> None:
        """A finished segment written by a worker process into this generation, committed with the rest."""
        self._segments.append(segment)

    def commit(self) -> None:
        self._done = True
        if self._segments:
            self._commit_with_segments()
        else:
            # An update adds a small segment beside the big ones rather than rewriting them.
            self._writer.commit(merge=not self.updating)
        finder = DuplicateFinder()
        for doc_id in sorted(self._sketches):
            finder.add_sketch(doc_id, self._sketches[doc_id])
        stories = {doc_id: story for doc_id, story in finder.stories().items() if doc_id != story}
        stories |= {story: story for story in set(stories.values())}
        (self.generation / STORIES).write_text(json.dumps(stories, sort_keys=True), encoding="utf-8")
        self._words.write(self.generation)
        manifest = Manifest(
            source_dir=self.source_dir,
            documents=self.count,
            fingerprint=self.fingerprint,
            built_at=time.time(),
            schema=SCHEMA_VERSION,
        )
        (self.generation / FILES).write_text(json.dumps(self.files), encoding="utf-8")
        with open(self.generation / SKETCHES, "wb") as fh:
            pickle.dump(self._sketches, fh, protocol=pickle.HIGHEST_PROTOCOL)
        (self.generation / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        publish_generation(self.index_dir, self.generation)

    def _commit_with_segments(self) -> None:
        """Whoosh's own multi-process writer does this: the workers' segments join the table of contents."""
        writer = self._writer
        segments = [*writer.segments, *self._segments]  # the generation's own (an update's), then the workers'
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()

    def cancel(self) -> None:
        self._done = True
        try:
            self._writer.cancel()
        finally:
            discard_generation(self.generation)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not self._done:
            self.cancel()
