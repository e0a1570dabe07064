"""The product's exceptions. Each carries a message written for the person who will read it.

Our exception hierarchy::

    AppError
    ├── SourceError          a file or folder could not be read (missing, unreadable, vanished)
    ├── ExtractionError      a file was read but holds no article (empty, binary, truncated,
    │                        JSON that is not WordPress, a password-protected post ...)
    ├── IndexUnavailable     there is no usable index at the configured place
    ├── NothingIndexed       a build found no article at all in its source folder
    ├── BuildRunning         another index build holds the index folder's lock
    ├── QueryTooExpensive    a query refused before it runs: it would cost too much (``a*``, 300 words)
    └── SearchTimeout        a search ran past its time budget and was stopped

The ingest layer turns a SourceError or ExtractionError about one file into a line of its report and
goes on with the next file; the CLI turns the others into a one-line message and a non-zero exit.
The web layer (:mod:`app.web.errors`) gives each its HTTP status and the one error shape.
"""

from __future__ import annotations


class AppError(Exception):
    """Base class: ``str(error)`` is a complete, human-readable sentence."""


class SourceError(AppError):
    """A file or folder could not be read."""


class ExtractionError(AppError):
    """A file was read but no article could be made from it.

    ``format`` is what the file was taken for ("html", "wordpress", "text"), when that was known
    before extraction failed; the indexer's report counts skipped files by format.
    """

    def __init__(self, message: str, *, format: str | None = None) -> None:
        super().__init__(message)
        self.format = format


class IndexUnavailable(AppError):
    """No usable search index exists at the configured place."""


class NothingIndexed(AppError):
    """An index build found no article to index."""


class BuildRunning(AppError):
    """Another index build is writing to the same index folder."""


class QueryTooExpensive(AppError):
    """A query that would cost too much to run; the message says what to change (see :mod:`app.limits`)."""


class SearchTimeout(AppError):
    """A search that ran past its time budget (see :mod:`app.budget`) and was stopped."""
