"""The document: what extraction makes, the index stores and the API returns.

A field the source does not have is ``None`` (or an empty tuple of categories), never invented;
only the title is derived when a source has none.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from app.records import FrozenRecord

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Any, Final, Literal

    Format = Literal["text", "html", "wordpress"]

FORMATS: tuple[Format, ...] = ("text", "html", "wordpress")

#: Length of a document id in hex digits: 64 bits, ample for any collection one machine holds.
ID_LENGTH = 16


class Document(FrozenRecord):
    """One article. ``body`` is plain text, paragraphs separated by a blank line."""

    # The fields, in the order of the JSON form (to_dict) and of the foundation's interface.
    __slots__ = (  # noqa: RUF023
        "id",
        "title",
        "body",
        "url",
        "site",
        "author",
        "published",
        "categories",
        "source",
        "format",
        "tags",
        "language",
    )

    def __init__(
        self,
        id: str,
        title: str,
        body: str,
        url: str | None = None,
        site: str | None = None,
        author: str | None = None,
        published: str | None = None,
        categories: tuple[str, ...] = (),
        source: str = "",
        format: Format = "text",
        tags: tuple[str, ...] = (),
        language: str | None = None,
    ) -> None:
        self.id: Final = id
        self.title: Final = title
        self.body: Final = body
        self.url: Final = url
        self.site: Final = site
        self.author: Final = author
        self.published: Final = published  # ISO 8601: "2023-06-19", "2023-06-19T01:21:57" or with an offset
        self.categories: Final = categories
        self.source: Final = source
        self.format: Final = format
        # Extensions of the foundation's fields:
        self.tags: Final = tags
        self.language: Final = language  # as the source declares it ("en", "pt-BR"), never guessed

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: what ``extract`` prints and ``/api/articles/{id}`` returns.

        Every field is a string, ``None`` or a tuple of strings, so the fields are copied as they are
        (a deep copy of each value would cost more than the JSON encoding).
        """
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "site": self.site,
            "author": self.author,
            "published": self.published,
            "categories": list(self.categories),
            "source": self.source,
            "format": self.format,
            "tags": list(self.tags),
            "language": self.language,
        }

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


def make_id(source: str, key: str = "") -> str:
    """A URL-safe id that is the same every time the same file is indexed.

    ``source`` is the file's path relative to the folder being indexed; ``key`` tells apart
    several documents of one file (a WordPress post id, or its position in a list).

    >>> make_id("a/b.txt") == make_id("a/b.txt") != make_id("a/b.txt", "2")
    True
    """
    digest = hashlib.sha256(f"{source}\x00{key}".encode()).hexdigest()
    return digest[:ID_LENGTH]


def site_from_url(url: str | None) -> str | None:
    """The host name of a URL without a leading ``www.``.

    >>> site_from_url("https://www.example.com/news/1")
    'example.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def parse_published(value: str | None) -> datetime | None:
    """The ``published`` string of a document as a datetime, for sorting and date filters."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        return datetime.fromisoformat(value)
    except ValueError:
        return None


_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalize_body(text: str) -> str:
    """Collapse runs of spaces, trim every line and keep paragraphs apart by exactly one blank line.

    >>> normalize_body("  One  two \\n\\n\\n Three ")
    'One two\\n\\nThree'
    """
    text = _SPACES.sub(" ", text)
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip()
