"""Finding and reading the files of a source folder. Reads bytes; never parses them.

Every regular file under the folder is a candidate, at any depth, whatever its name. Hidden files
and folders (a leading ``.``: ``.git``, ``.DS_Store``) are not articles and are passed over.
Symbolic links are followed, once: a link that leads back into a folder already walked is reported,
not followed again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from app.errors import SourceError
from app.records import FrozenRecord

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Final

#: Files larger than this are reported and skipped (a default no real article comes near).
DEFAULT_MAX_FILE_BYTES = 32 * 2**20


class SourceFile(FrozenRecord):
    """A file to read: where it is, and its path relative to the folder being indexed."""

    __slots__ = ("mtime_ns", "path", "relative", "size")

    def __init__(self, path: Path, relative: str, size: int, mtime_ns: int) -> None:
        self.path: Final = path
        self.relative: Final = relative
        self.size: Final = size
        self.mtime_ns: Final = mtime_ns


class Unreadable(FrozenRecord):
    """A place under the source folder that could not be walked or is not a file to read."""

    __slots__ = ("reason", "relative")

    def __init__(self, relative: str, reason: str) -> None:
        self.relative: Final = relative
        self.reason: Final = reason


def find_files(root: Path) -> tuple[list[SourceFile], list[Unreadable]]:
    """Every file under ``root`` (or ``root`` itself when it is a file), in a stable order.

    Raises:
        SourceError: ``root`` does not exist or cannot be read at all.
    """
    try:
        root_stat = root.stat()
    except FileNotFoundError:
        raise SourceError(f"source folder {root} does not exist") from None
    except OSError as exc:
        raise SourceError(f"cannot read source folder {root}: {exc.strerror}") from None
    if stat.S_ISREG(root_stat.st_mode):
        return [SourceFile(root, root.name, root_stat.st_size, root_stat.st_mtime_ns)], []
    if not stat.S_ISDIR(root_stat.st_mode):
        raise SourceError(f"source {root} is neither a folder nor a file")
    if not os.access(root, os.R_OK | os.X_OK):
        raise SourceError(f"cannot read source folder {root}: permission denied")
    files: list[SourceFile] = []
    problems: list[Unreadable] = []
    for entry in _walk(root, problems):
        files.append(entry)
    files.sort(key=lambda f: f.relative)
    return files, problems


def _walk(root: Path, problems: list[Unreadable]) -> Iterator[SourceFile]:
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, relative_folder = stack.pop()
        try:
            folder_stat = folder.stat()
        except OSError as exc:
            problems.append(Unreadable(relative_folder, f"cannot read folder: {exc.strerror}"))
            continue
        key = (folder_stat.st_dev, folder_stat.st_ino)
        if key in seen_dirs:
            problems.append(Unreadable(relative_folder, "symbolic link loop (this folder was already read)"))
            continue
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Unreadable(relative_folder, f"cannot read folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = f"{relative_folder}/{_shown(entry.name)}" if relative_folder else _shown(entry.name)
            try:
                info = path.stat()  # follows symbolic links
            except FileNotFoundError:
                reason = "broken symbolic link" if entry.is_symlink() else "file vanished while the folder was read"
                problems.append(Unreadable(relative, reason))
                continue
            except OSError as exc:
                problems.append(Unreadable(relative, f"cannot read: {exc.strerror}"))
                continue
            if stat.S_ISDIR(info.st_mode):
                stack.append((path, relative))
            elif stat.S_ISREG(info.st_mode):
                yield SourceFile(path, relative, info.st_size, info.st_mtime_ns)
            else:
                problems.append(Unreadable(relative, "not a regular file (a device, socket or pipe)"))


def _shown(name: str) -> str:
    """A file name as shown and stored: one that is not valid UTF-8 gets U+FFFD for its bad bytes."""
    return name if name.isascii() else name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_file(source: SourceFile, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of one file.

    Raises:
        SourceError: the file is too large, vanished, or cannot be read.
    """
    if source.size > max_bytes:
        raise SourceError(f"file too large ({_megabytes(source.size)}; the limit is {_megabytes(max_bytes)})")
    try:
        with open(source.path, "rb") as handle:
            # Ask for the size the folder walk saw (plus one byte, to notice a file that grew since):
            # read(n) sets aside n bytes first, and n = the 32 MiB limit would cost that for every file.
            data = handle.read(source.size + 1)
            if len(data) > source.size:
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise SourceError("file vanished before it could be read") from None
    except IsADirectoryError:
        raise SourceError("a folder appeared where a file was") from None
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise SourceError(f"file too large (more than {_megabytes(max_bytes)})")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def fingerprint(files: list[SourceFile]) -> str:
    """A digest of the files' names, sizes and modification times: it changes when the folder does."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f.relative}\0{f.size}\0{f.mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_hash(source: SourceFile) -> str:
    """A digest of the file's bytes (BLAKE2b): how a later build tells a changed file from an unchanged
    one, whatever its modification time says. "" when the file cannot be read (it is then read again)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with open(source.path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()
