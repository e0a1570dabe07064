"""What the running app holds: its settings and the open index (or why there is none)."""

from __future__ import annotations

import logging
import threading
import time

from app.errors import IndexUnavailable
from app.search import SearchIndex
from app.settings import Settings

LOGGER = logging.getLogger(__name__)

#: When the index could not be opened, another attempt is made at most this often (seconds).
RETRY_INTERVAL = 2.0


class AppState:
    """Opens the index at start-up, and keeps trying if it was not there yet."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index: SearchIndex | None = None
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._tried = 0.0
        self._try_open()

    def _try_open(self) -> None:
        self._tried = time.monotonic()
        try:
            self._index = SearchIndex(self.settings.index_dir)
            self.problem = None
            self._index.warm()
        except IndexUnavailable as exc:
            self.problem = str(exc)
            LOGGER.error("search index unavailable: %s", exc)

    @property
    def opened(self) -> SearchIndex | None:
        """The open index, or None while there is none (without trying to open it)."""
        return self._index

    @property
    def index(self) -> SearchIndex:
        """The open index.

        Raises:
            IndexUnavailable: there is still no usable index.
        """
        if self._index is None:
            with self._lock:
                if self._index is None and time.monotonic() - self._tried >= RETRY_INTERVAL:
                    self._try_open()
        if self._index is None:
            raise IndexUnavailable(self.problem or "the search index is not available")
        return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
