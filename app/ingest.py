"""From a source folder to documents, and to a new index: the only place that knows all three.

One file that cannot be read or holds no article is recorded with its reason and skipped; every
other file is still indexed. A build that fails as a whole leaves the previous index in place.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from app.documents import Document
from app.errors import AppError, ExtractionError, NothingIndexed, SourceError
from app.extract import extract
from app.records import FrozenRecord, Record
from app.sources import (
    DEFAULT_MAX_FILE_BYTES,
    SourceFile,
    Unreadable,
    content_hash,
    find_files,
    fingerprint,
    read_file,
)

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Any, Final, TextIO

#: Called after each file with (files done, files in all).
Progress = Callable[[int, int], None]

#: The time one file may take to be read and extracted (seconds); real articles take milliseconds.
DEFAULT_FILE_SECONDS = 60.0


class FileTimeout(Exception):
    """One file took longer than the limit per file."""


@contextlib.contextmanager
def file_time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`FileTimeout` in the block after ``seconds`` (a timer signal, so pure-Python
    loops are interrupted; a parser busy in C is interrupted when it returns). Only the main thread
    can receive the signal: elsewhere, and for ``seconds <= 0``, there is no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Skipped(FrozenRecord):
    """A file, or part of one, left out of the index, and why."""

    __slots__ = ("reason", "source")

    def __init__(self, source: str, reason: str) -> None:
        self.source: Final = source
        self.reason: Final = reason

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.reason}"


class FormatCounts(Record):
    """What a pass did with the files of one format."""

    __slots__ = ("documents", "files", "parts_skipped", "skipped")

    def __init__(self) -> None:
        self.files = 0  # files read and taken for this format
        self.documents = 0  # documents made from them
        self.skipped = 0  # files of them left out whole
        self.parts_skipped = 0  # parts left out of files that were kept (a protected post in a list)


#: The "format" of a file that could not be read or was empty or binary.
UNKNOWN_FORMAT = "unreadable"


class IngestReport(Record):
    """What a pass over a source folder did."""

    __slots__ = (
        "by_format",
        "documents",
        "files",
        "files_skipped",
        "formats",
        "ids_of",
        "removed",
        "seconds",
        "skipped",
        "total_documents",
        "unchanged",
    )

    def __init__(self) -> None:
        self.files = 0
        self.documents = 0
        self.skipped: list[Skipped] = []
        self.files_skipped = 0
        self.formats: Counter[str] = Counter()
        self.seconds = 0.0
        self.by_format: dict[str, FormatCounts] = {}
        #: An update: files left as they were, and files gone since the last build.
        self.unchanged = 0
        self.removed = 0
        #: Documents in the index once built (an update keeps those of unchanged files).
        self.total_documents = 0
        #: Per file read, the ids of its documents.
        self.ids_of: dict[str, list[str]] = {}

    def count(self, format: str) -> FormatCounts:
        """The counts of one format, created on first use."""
        counts = self.by_format.get(format)
        if counts is None:
            counts = self.by_format[format] = FormatCounts()
        return counts

    def table(self) -> list[str]:
        """The report per format, one line each, under a header line."""
        lines = [f"{'format':<11s} {'files':>7s} {'documents':>10s} {'skipped':>8s}"]
        order = ["html", "wordpress", "text", UNKNOWN_FORMAT]
        for name in sorted(self.by_format, key=lambda f: order.index(f) if f in order else len(order)):
            c = self.by_format[name]
            skipped = f"{c.skipped}" + (f" (+{c.parts_skipped} parts)" if c.parts_skipped else "")
            lines.append(f"{name:<11s} {c.files:7d} {c.documents:10d} {skipped:>8s}")
        return lines

    def summary(self) -> str:
        by_format = ", ".join(f"{n} {fmt}" for fmt, n in sorted(self.formats.items()))
        if self.unchanged or self.removed:
            return (
                f"updated: {self.files} new or changed files read ({self.documents} documents"
                + (f": {by_format}" if by_format else "")
                + f"), {self.removed} removed, {self.unchanged} unchanged, {self.files_skipped} skipped;"
                f" {self.total_documents} documents in the index, in {self.seconds:.1f} s"
            )
        return (
            f"{self.documents} documents indexed from {self.files} files"
            + (f" ({by_format})" if by_format else "")
            + f", {self.files_skipped} files skipped, in {self.seconds:.1f} s"
        )


def iter_documents(
    source_dir: Path,
    report: IngestReport,
    *,
    progress: Progress | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[Document]:
    """The documents of every file under ``source_dir``; problems go into ``report.skipped``.

    Raises:
        SourceError: the folder itself is missing or unreadable.
    """
    files, problems = find_files(source_dir)
    return _documents_of_files(files, problems, report, progress=progress, max_file_bytes=max_file_bytes)


def _documents_of_files(
    files: list[SourceFile],
    problems: list[Unreadable],
    report: IngestReport,
    *,
    progress: Progress | None,
    max_file_bytes: int,
    time_limit: float = DEFAULT_FILE_SECONDS,
) -> Iterator[Document]:
    started = time.perf_counter()
    record_problems(problems, report)
    seen: set[str] = set()
    for done, source in enumerate(files, 1):
        outcome = process_file(source, max_file_bytes=max_file_bytes, time_limit=time_limit)
        yield from record(outcome, report, seen)
        if progress is not None:
            progress(done, len(files))
    report.seconds = time.perf_counter() - started


class FileOutcome(Record):
    """What became of one file: its documents, or why it was skipped (``reason``)."""

    __slots__ = ("documents", "format", "notes", "reason", "source")

    def __init__(
        self,
        source: str,
        documents: list[Document],
        notes: list[str] | None = None,
        reason: str | None = None,
        format: str = UNKNOWN_FORMAT,
    ) -> None:
        self.source = source
        self.documents = documents
        #: Parts of the file left out (a protected post in a list), each with its reason.
        self.notes: list[str] = [] if notes is None else notes
        self.reason = reason
        self.format = format


def process_file(source: SourceFile, *, max_file_bytes: int, time_limit: float = DEFAULT_FILE_SECONDS) -> FileOutcome:
    """Read and extract one file; whatever goes wrong is the outcome's ``reason``, never an exception."""
    format_ = UNKNOWN_FORMAT
    try:
        with file_time_limit(time_limit):
            extraction = extract(read_file(source, max_bytes=max_file_bytes), source=source.relative)
    except SourceError as exc:
        reason = str(exc)
    except ExtractionError as exc:
        reason = str(exc)
        format_ = exc.format or UNKNOWN_FORMAT
    except FileTimeout:
        reason = f"took over {time_limit:g} s to read (the limit per file)"
    except RecursionError:
        reason = "structure nested too deeply to read"
    except Exception as exc:  # a bug of ours on one file must not stop the other files
        reason = f"unexpected error while extracting ({type(exc).__name__}: {exc})"
    else:
        docs = extraction.documents
        return FileOutcome(source.relative, docs, list(extraction.skipped), None, docs[0].format if docs else format_)
    return FileOutcome(source.relative, [], [], reason, format_)


def record_problems(problems: list[Unreadable], report: IngestReport) -> None:
    """Count the files that could not even be opened."""
    report.skipped.extend(Skipped(p.relative, p.reason) for p in problems)
    report.files_skipped += len(problems)
    if problems:
        report.count(UNKNOWN_FORMAT).skipped += len(problems)


def record(outcome: FileOutcome, report: IngestReport, seen: set[str]) -> list[Document]:
    """Count one file's outcome into ``report``; its documents whose ids were not ``seen`` before."""
    report.files += 1
    if outcome.reason is not None:
        report.skipped.append(Skipped(outcome.source, outcome.reason))
        report.files_skipped += 1
        counts = report.count(outcome.format)
        counts.files += outcome.format != UNKNOWN_FORMAT
        counts.skipped += 1
        return []
    if outcome.documents:
        counts = report.count(outcome.format)
        counts.files += 1
        counts.parts_skipped += len(outcome.notes)
    report.skipped.extend(Skipped(outcome.source, note) for note in outcome.notes)
    kept: list[Document] = []
    report.ids_of[outcome.source] = [doc.id for doc in outcome.documents]
    for doc in outcome.documents:
        if doc.id in seen:
            report.skipped.append(Skipped(doc.source, f"a second document with id {doc.id} (left out)"))
            continue
        seen.add(doc.id)
        report.documents += 1
        report.formats[doc.format] += 1
        report.count(doc.format).documents += 1
        kept.append(doc)
    return kept


#: The ``extract`` command's encoder (``json.dumps`` with an option makes a new one for every call).
_JSON_LINE = json.JSONEncoder(ensure_ascii=False)


def extract_to_json_lines(paths: list[Path], out: TextIO, err: TextIO) -> int:
    """The ``extract`` command: one JSON object per document of every file under ``paths``, on ``out``;
    skipped files and their reasons on ``err``. Returns the exit status: 1 when a path could not be
    read or nothing at all was printed.

    It needs neither the settings nor the search engine, so ``python -m app extract`` starts fast.
    """
    printed = 0
    failed = False
    for path in paths:
        report = IngestReport()
        is_file = path.is_file()
        try:
            for doc in iter_documents(path, report):
                data = doc.to_dict()
                if is_file:
                    data["source"] = str(path)
                out.write(_JSON_LINE.encode(data) + "\n")
                printed += 1
        except AppError as exc:
            err.write(f"error: {exc}\n")
            failed = True
            continue
        for skipped in report.skipped:
            where = str(path) if is_file else str(path / skipped.source)
            err.write(f"skipped {where}: {skipped.reason}\n")
    out.flush()
    err.flush()
    return 1 if failed or printed == 0 else 0


#: Below this many files a build runs in one process (starting workers would cost more than it saves).
PARALLEL_MIN_FILES = 200


#: An update (only the files that changed) is made when at most this share of the files changed.
UPDATE_MAX_SHARE = 0.5


def build_index(
    source_dir: Path,
    index_dir: Path,
    *,
    progress: Progress | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    time_limit: float = DEFAULT_FILE_SECONDS,
    workers: int = 1,
    parallel_min_files: int = PARALLEL_MIN_FILES,
    full: bool = False,
) -> IngestReport:
    """Index every file under ``source_dir`` into a new generation of the index at ``index_dir``.

    When the live index was built from the same folder by this version, and at most
    :data:`UPDATE_MAX_SHARE` of the files changed, only the files whose content changed (by content
    hash) are read: the new generation starts as a copy of the live one (hard links), loses the
    documents of changed and deleted files and gains those of changed and new ones (``full``:
    always build from nothing). With ``workers`` > 1 and at least ``parallel_min_files`` files to
    read, files are read, extracted and indexed in that many processes (:mod:`app.workers`). Only
    one build at a time writes to an index folder (a lock file in it); a second one is refused.

    Raises:
        SourceError: the source folder is missing or unreadable.
        BuildRunning: another build is writing to ``index_dir``.
        NothingIndexed: no file held an article; the previous index, if any, stays live.
    """
    from app.index import IndexWriter, build_lock, can_update, current_generation, read_files

    report = IngestReport()
    files, problems = find_files(source_dir)  # fails early, before an index folder is created
    started = time.perf_counter()
    source = str(source_dir.resolve())
    with build_lock(index_dir):
        hashes = {f.relative: content_hash(f) for f in files}
        try:
            live = current_generation(index_dir)
        except AppError:
            live = None
        base = live if not full and can_update(live, source) else None
        known = read_files(base) if base is not None else {}
        to_read = [f for f in files if not hashes[f.relative] or known.get(f.relative, ("",))[0] != hashes[f.relative]]
        if base is not None and len(to_read) + len(set(known) - set(hashes)) > UPDATE_MAX_SHARE * max(1, len(files)):
            base, known, to_read = None, {}, files  # most of it changed: a fresh build is as fast, and tidier
        with IndexWriter(index_dir, source_dir=source, fingerprint=fingerprint(files), base=base) as writer:
            if base is not None:
                reading = {f.relative for f in to_read}
                gone = [rel for rel in known if rel not in hashes or rel in reading]
                for rel in gone:
                    writer.remove(known[rel][1])
                    del writer.files[rel]
                report.unchanged = len(files) - len(to_read)
                report.removed = sum(1 for rel in known if rel not in hashes)
            if workers > 1 and len(to_read) >= parallel_min_files:
                _index_in_workers(writer, to_read, problems, report, progress, max_file_bytes, time_limit, workers)
            else:
                for doc in _documents_of_files(
                    to_read, problems, report, progress=progress, max_file_bytes=max_file_bytes, time_limit=time_limit
                ):
                    writer.add(doc)
            for f in to_read:
                writer.files[f.relative] = (hashes[f.relative], report.ids_of.get(f.relative, []))
            if writer.count == 0:
                raise NothingIndexed(_nothing_message(source_dir, report))
            writer.commit()
    report.total_documents = writer.count
    report.seconds = time.perf_counter() - started
    return report


def _index_in_workers(
    writer: Any,
    files: list[SourceFile],
    problems: list[Unreadable],
    report: IngestReport,
    progress: Progress | None,
    max_file_bytes: int,
    time_limit: float,
    workers: int,
) -> None:
    from app.workers import WorkerOptions, index_in_workers

    record_problems(problems, report)
    options = WorkerOptions(str(writer.generation), max_file_bytes, time_limit)
    seen: set[str] = set()
    outcomes = index_in_workers(files, options, min(workers, len(files)), writer.add_segment)
    for done, outcome in enumerate(outcomes, 1):
        for doc in record(outcome, report, seen):
            writer.add_indexed(doc)
        if progress is not None:
            progress(done, len(files))


def _nothing_message(source_dir: Path, report: IngestReport) -> str:
    if report.files == 0:
        return f"nothing to index: no files in {source_dir}"
    return f"nothing to index: none of the {report.files} files in {source_dir} holds an article"


def index_is_current(source_dir: Path, index_dir: Path) -> bool:
    """Whether the live index was built from ``source_dir`` as it is now (same files, sizes and times)."""
    from app.index import current_generation, read_manifest

    try:
        generation = current_generation(index_dir)
    except AppError:
        return False
    if generation is None:
        return False
    manifest = read_manifest(generation)
    if manifest is None:
        return False
    try:
        files, _ = find_files(source_dir)
    except SourceError:
        return True  # the source is gone: keep serving what was indexed
    return manifest.source_dir == str(source_dir.resolve()) and manifest.fingerprint == fingerprint(files)


def index_is_outdated(index_dir: Path) -> bool:
    """Whether the live index was written by an older version of this program (another schema)."""
    from app.index import SCHEMA_VERSION, current_generation, read_manifest

    try:
        generation = current_generation(index_dir)
    except AppError:
        return False
    manifest = read_manifest(generation) if generation is not None else None
    return manifest is not None and manifest.schema != SCHEMA_VERSION


def index_exists(index_dir: Path) -> bool:
    from app.index import current_generation

    try:
        return current_generation(index_dir) is not None
    except AppError:
        return False
