"""A fix to whoosh-reloaded 2.7.5, applied when :mod:`app.index` is imported.

A field without a length column (an ``ID`` or unscored ``KEYWORD`` field) made every
``doc_field_length()`` call look for the column file on disk again: one ``stat`` per posting
while a segment is written (a fifth of the indexing time). The missing column is now remembered
like a present one. (Whoosh's other bug that matters here, in its top-N collector, is avoided in
:mod:`app.ranking` by not using that collector.)
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
