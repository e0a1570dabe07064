"""Index files, memory-mapped once per generation and shared by every searcher of it.

Whoosh opens every file again for each searcher, and its memory-mapped path copies each part of a
segment file into a private buffer (``BytesIO`` over the map): a server with a pool of searchers
held the index once per searcher (4 GB for a 244 MB index under 8 clients). Without memory maps
it reads a few bytes at a time through seek and read, several times slower. Here each file is
mapped once, read-only, and every searcher reads it through its own cursor over the shared map:
no copy, one mapping, and the pages are the operating system's page cache.
"""

from __future__ import annotations

import mmap
import os
import threading
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class _Cursor:
    """A file-like reader with its own position over a shared read-only buffer."""

    __slots__ = ("_pos", "_size", "_view")

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0
        self._size = len(view)

    def read(self, size: int = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        self._pos = end
        return bytes(self._view[start:end])

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        at = start
        while at < end:  # binary pickles hardly ever ask for a line: a plain scan, a chunk at a time
            chunk = bytes(self._view[at : min(end, at + 4096)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                end = at + newline + 1
                break
            at += len(chunk)
        self._pos = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self._size
        self._pos = max(0, offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass


class MappedFile(StructFile):  # type: ignore[misc]
    """Whoosh's structured file over a slice of a shared map; ``subset`` makes another, without copying."""

    def __init__(self, view: memoryview, name: str | None = None) -> None:
        super().__init__(_Cursor(view), name=name)
        self._view = view
        self.is_real = False

    def get(self, position: int, length: int) -> bytes:
        return bytes(self._view[position : position + length])

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._view[position : position + length], name=name or self._name)

    def close(self) -> None:
        self.is_closed = True  # the map is shared: it goes when the storage does


class SharedMapStorage(FileStorage):  # type: ignore[misc]
    """A folder of index files opened for reading through maps shared by every reader of this storage."""

    def __init__(self, path: str) -> None:
        # supports_mmap=False: Whoosh's compound files then take parts of our files with subset().
        super().__init__(path, supports_mmap=False)
        self._maps: dict[str, mmap.mmap] = {}
        self._maps_lock = threading.Lock()

    def open_file(self, name: str, **kwargs: Any) -> Any:
        path = self._fpath(name)
        with self._maps_lock:
            mapped = self._maps.get(path)
            if mapped is None:
                with open(path, "rb") as fh:
                    if os.fstat(fh.fileno()).st_size == 0:
                        return super().open_file(name, **kwargs)  # an empty file cannot be mapped
                    mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                self._maps[path] = mapped
        return MappedFile(memoryview(mapped), name=name)
