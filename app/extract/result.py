"""What extracting one file gives: its documents, and the parts of it that were skipped."""

from __future__ import annotations

from app.documents import Document
from app.records import Record


class Extraction(Record):
    """The documents of one file, and the parts of it that were skipped, with the reason."""

    __slots__ = ("documents", "skipped")

    def __init__(self, documents: list[Document] | None = None, skipped: list[str] | None = None) -> None:
        self.documents: list[Document] = [] if documents is None else documents
        self.skipped: list[str] = [] if skipped is None else skipped
