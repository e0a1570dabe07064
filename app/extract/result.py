"""What extracting one file gives: its documents, and the parts of it that were skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.documents import Document


@dataclass
class Extraction:
    """The documents of one file, and the parts of it that were skipped, with the reason."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
