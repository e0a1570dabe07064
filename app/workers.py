"""Index builds on several cores: worker processes that each read, extract and index a share of the
files into a Whoosh segment of their own, in the generation being built.

The parent hands out batches of files in order, and gets back, per file, what became of it (the
documents' ids, titles and bodies for the duplicate finder, or why the file was skipped); at the
end each worker hands over its finished segment, and the parent commits them all together. Text
analysis and extraction, most of a build's time, so run on every core.

Workers are started fresh (``spawn``), so they inherit neither the build lock nor any other open
file of the parent, and each one stops when the parent goes away (``kill -9`` included): on Linux
the kernel kills it (``PR_SET_PDEATHSIG``), even while it is blocked handing results to a parent
that no longer reads them; elsewhere it notices between two batches. Nothing is left running, and
the lock goes with the parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.documents import Document
from app.ingest import DEFAULT_FILE_SECONDS, FileOutcome, process_file
from app.sources import SourceFile

#: Files per batch handed to a worker: small enough to keep every worker busy until the end.
BATCH_FILES = 16
#: How often (seconds) a waiting worker checks that its parent is still there.
PARENT_CHECK = 1.0
#: prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    generation: str
    max_file_bytes: int
    time_limit: float = DEFAULT_FILE_SECONDS
    limitmb: int = 128


class WorkerFailed(Exception):
    """A worker process stopped without finishing its share."""


def _work(options: WorkerOptions, jobs: Any, results: Any, parent: int) -> None:
    """One worker: index batches of files into a segment until told to stop, then hand it over."""
    from whoosh.writing import SegmentWriter

    from app.index import document_fields, open_generation, segment_codec

    _die_with(parent)
    try:
        ix = open_generation(Path(options.generation))
        writer = SegmentWriter(ix, _lk=False, limitmb=options.limitmb, codec=segment_codec())
        seen: set[str] = set()
        while True:
            try:
                batch = jobs.get(timeout=PARENT_CHECK)
            except queue.Empty:
                if os.getppid() != parent:
                    return  # the build is gone
                continue
            if batch is None:
                break
            outcomes: list[FileOutcome] = []
            for source in batch:
                outcome = process_file(source, max_file_bytes=options.max_file_bytes, time_limit=options.time_limit)
                kept: list[Document] = []
                for doc in outcome.documents:
                    if doc.id not in seen:  # the same id twice in one file: the parent reports it
                        seen.add(doc.id)
                        writer.add_document(**document_fields(doc))
                    kept.append(_light(doc))
                outcome.documents = kept
                outcomes.append(outcome)
            results.put(("files", outcomes))
        if writer._added:
            results.put(("segment", writer._finalize_segment()))
        else:
            # Not cancel(): it would delete the temporary folder the other writers share. The empty
            # segment's files are deleted when the parent commits (they are in no segment).
            writer._close_segment()
            results.put(("segment", None))
    except BaseException as exc:  # the parent reports it and the build fails whole
        results.put(("error", f"{type(exc).__name__}: {exc}"))
    if os.getppid() != parent:  # nobody will read what is still queued: do not wait to hand it over
        results.cancel_join_thread()


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); exit now if it is gone already."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # without prctl, the checks between batches remain
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _light(doc: Document) -> Document:
    """What the parent needs of an indexed document (its id, format and text for the duplicate finder)."""
    return Document(id=doc.id, title=doc.title, body=doc.body, source=doc.source, format=doc.format)


def index_in_workers(
    files: list[SourceFile],
    options: WorkerOptions,
    workers: int,
    on_segment: Callable[[Any], None],
) -> Iterator[FileOutcome]:
    """Index ``files`` in ``workers`` processes; yields each file's outcome (in no fixed order) and
    passes each finished segment to ``on_segment``.

    Raises:
        WorkerFailed: a worker failed or died; the caller discards the generation.
    """
    context = multiprocessing.get_context("spawn")
    jobs = context.Queue()
    results = context.Queue()
    for start in range(0, len(files), BATCH_FILES):
        jobs.put(files[start : start + BATCH_FILES])
    for _ in range(workers):
        jobs.put(None)
    procs = [
        context.Process(target=_work, args=(options, jobs, results, os.getpid()), daemon=True) for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    finished = 0
    try:
        while finished < workers:
            try:
                kind, payload = results.get(timeout=PARENT_CHECK)
            except queue.Empty:
                if any(not p.is_alive() and p.exitcode != 0 for p in procs):
                    raise WorkerFailed("an indexing worker stopped unexpectedly") from None
                continue
            if kind == "files":
                yield from payload
            elif kind == "segment":
                finished += 1
                if payload is not None:
                    on_segment(payload)
            else:
                raise WorkerFailed(f"an indexing worker failed: {payload}")
        for proc in procs:
            proc.join()
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        jobs.close()
        results.close()
