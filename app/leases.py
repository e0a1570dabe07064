"""Which index generations are in use, so a build never deletes one a server is still reading.

A server that opens a generation takes a *shared* lease on its folder (the kernel's ``flock`` on the
folder itself: nothing is written, so it works on a read-only index too, and it goes with the process
however that ends). A build that has published a new generation deletes an older one only when it can
take the folder's lease *exclusively*, that is when no server holds it; a generation still in use is
left for a later build. A server keeps the lease of the generation it serves, and of the one before it
while requests that started on it may still be running, and lets go of older ones when it switches.

Where the file system has no ``flock`` (some network file systems), leases are not kept and a build
deletes old generations as it always did.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)

#: How many times a server tries to open the live generation when builds replace it meanwhile.
OPEN_ATTEMPTS = 5


class Lease:
    """A shared lease on one generation's folder; :meth:`release` (or garbage collection) ends it."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock

    def __del__(self) -> None:
        self.release()


def take_lease(generation: Path) -> Lease | None:
    """A shared lease on ``generation``; None when it is gone or a build is deleting it right now."""
    try:
        fd = os.open(generation, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:  # the folder cannot be opened for a lease (its permissions): serve without one
        return Lease(generation, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # a build holds it exclusively: it is being deleted
        os.close(fd)
        return None
    except OSError:  # no flock here: serve without a lease
        return Lease(generation, fd)
    if not generation.is_dir():  # deleted between open() and flock()
        os.close(fd)
        return None
    return Lease(generation, fd)


def remove_if_unused(generation: Path) -> bool:
    """Delete ``generation`` unless a server holds a lease on it. Returns whether it was deleted."""
    try:
        fd = os.open(generation, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        shutil.rmtree(generation, ignore_errors=True)
        return not generation.exists()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            LOGGER.info("%s is still in use by a server: left for a later build", generation.name)
            return False
        except OSError:
            pass  # no flock here: delete as if nobody used it
        shutil.rmtree(generation, ignore_errors=True)
        return True
    finally:
        os.close(fd)


def open_live(index_dir: Path) -> tuple[Path, Any, Lease]:
    """The live generation of ``index_dir``, opened with Whoosh, and the lease that keeps it on disk.

    When a build replaces the generation between reading ``CURRENT`` and taking the lease, the
    pointer is read again.

    Raises:
        IndexUnavailable: there is no index, or the live generation cannot be opened.
    """
    from app.errors import IndexUnavailable
    from app.index import current_generation, open_generation

    for attempt in range(OPEN_ATTEMPTS):
        generation = current_generation(index_dir)
        if generation is None:
            raise IndexUnavailable(f"no index at {index_dir}: build one with `python -m app index`")
        lease = take_lease(generation)
        if lease is None:
            continue
        try:
            return generation, open_generation(generation), lease
        except IndexUnavailable:
            lease.release()
            if attempt == OPEN_ATTEMPTS - 1 or current_generation(index_dir) == generation:
                raise
    raise IndexUnavailable(f"the index at {index_dir} kept changing while it was opened: try again")
