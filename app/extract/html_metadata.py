"""Metadata of a web page: title, author, dates, site, URL, language, sections and tags.

Sources, in order of trust: JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting`` ..., also inside
``@graph``), Open Graph and ``article:*`` meta tags, other ``<meta>`` names, ``<time datetime>``,
``<link rel="canonical">``, ``<html lang>``, and ``<title>`` without the site-name suffix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.extract import native
from app.extract.boilerplate import BYLINE_TAIL, BYLINE_TAIL_ANY_CASE, SCORED_PARAGRAPHS
from app.extract.dates import normalize_date
from app.extract.html_text import compiled_selector, fragment_paragraphs, fragment_text, tag_ids, visible_text
from app.records import Record

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from typing import Any

    from app.extract._speedups import Rules

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
        "report",
        "posting",
        "socialmediaposting",
        "webpage",
        "itempage",
        "medicalwebpage",
        "review",
    }
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|•·»«:]|[-–—]{1,2}|::)\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|por|par|door|di|da)\s+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_NON_WORD = re.compile(r"\W+")
_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/", re.IGNORECASE)


class PageMetadata(Record):
    """What a page says about itself. Every field may be missing."""

    __slots__ = (
        "article_body",
        "author",
        "categories",
        "description",
        "language",
        "published",
        "site",
        "tags",
        "title",
        "title_candidates",
        "url",
    )

    def __init__(self) -> None:
        self.title: str | None = None
        self.author: str | None = None
        self.published: str | None = None
        self.site: str | None = None
        self.url: str | None = None
        self.language: str | None = None
        self.categories: list[str] = []
        self.tags: list[str] = []
        self.description: str | None = None
        self.title_candidates: list[str] = []
        #: The article's text as the page's JSON-LD gives it (``articleBody``), paragraphs on separate lines.
        self.article_body: str | None = None


#: Every element the metadata comes from, found in one pass over the page (with the paragraphs the
#: article finder scores, :data:`~app.extract.boilerplate.SCORED_PARAGRAPHS`, so that the page is
#: searched once for both). The elements that name an author are looked for only when nothing better does.
_SOURCES = 'meta, title, h1, link[rel="canonical"], script[type="application/ld+json"], time[datetime]'
PAGE_SCAN = f"{_SOURCES}, {SCORED_PARAGRAPHS}"

#: Names of the elements :data:`PAGE_SCAN` finds, by lexbor's number (reading a number is cheaper).
_TAG_NAMES = {
    tag_id: name for name in ("meta", "script", "title", "h1", "link", "time", "a") for tag_id in tag_ids([name])
}
(_A,) = tag_ids(["a"])
#: :data:`PAGE_SCAN` for the compiled finder: the element names, and the attribute values some must have.
_SCAN_TAGS = tag_ids(["meta", "title", "h1", "link", "script", "time", *SCORED_PARAGRAPHS.split(", ")])
(_LINK,) = tag_ids(["link"])
(_SCRIPT,) = tag_ids(["script"])
(_TIME,) = tag_ids(["time"])
(_META_TAG,) = tag_ids(["meta"])


class _Scan:
    """The elements of :data:`PAGE_SCAN`, sorted by kind (first of each kind, in page order)."""

    def __init__(self, nodes: list[LexborNode]) -> None:
        self.meta = _Meta()
        self.ld_scripts: list[LexborNode] = []
        self.paragraphs: list[LexborNode] = []
        self.title: LexborNode | None = None
        self.h1: LexborNode | None = None
        self.canonical: str | None = None
        self.time: LexborNode | None = None
        self.pubdate: LexborNode | None = None
        names = _TAG_NAMES
        for node in nodes:
            tag = names.get(node.tag_id)
            if tag is None:
                self.paragraphs.append(node)
            elif tag == "meta":
                self.meta.read(node.attributes)  # (the compiled scan passes over the metas it would not use)
            elif tag == "script":
                self.ld_scripts.append(node)
            elif tag == "title":
                if self.title is None:
                    self.title = node
            elif tag == "h1":
                if self.h1 is None:
                    self.h1 = node
            elif tag == "link":
                if self.canonical is None:
                    self.canonical = node.attributes.get("href")
            elif tag == "time":
                attrs = node.attributes
                if "datetime" not in attrs:
                    continue  # (the compiled finder does not look at this attribute)
                if self.time is None:
                    self.time = node
                if self.pubdate is None and ("pubdate" in attrs or attrs.get("itemprop") == "datePublished"):
                    self.pubdate = node


class _AuthorElements:
    """The elements that may name the author, looked for only when neither JSON-LD nor a ``<meta>``
    names one: the ones marked ``itemprop="author"`` or ``rel="author"`` in one pass, and (only when
    those name nobody) the ones whose class or id says byline (a slower pass)."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree
        #: Elements marked ``itemprop="author"``, in page order.
        self.itemprop: list[LexborNode] = []
        #: The first link marked ``rel="author"``.
        self.rel: LexborNode | None = None
        root = tree.root
        marked = (
            native.speedups.select(root, compiled_selector(_MARKED_AUTHORS))
            if native.speedups is not None and root is not None
            else tree.css(_MARKED_AUTHORS)
        )
        for node in marked:
            attrs = node.attributes
            if attrs.get("itemprop") == "author":
                self.itemprop.append(node)
            if self.rel is None and node.tag_id == _A and attrs.get("rel") == "author":
                self.rel = node

    def from_itemprop(self) -> str | None:
        """The author the first element marked ``itemprop="author"`` names (a ``<meta>``, or an
        element whose ``itemprop="name"`` or text is the name)."""
        for node in self.itemprop:
            tag = _TAG_NAMES.get(node.tag_id)
            if tag in ("script", "title", "h1", "link"):
                continue
            attrs = node.attributes
            if (tag == "time" and "datetime" in attrs) or (tag == "a" and attrs.get("rel") == "author"):
                continue  # a link to the author's page says it better (below)
            name = node.css_first('[itemprop="name"]')
            if name is not None:
                node = name
            value = node.attributes.get("content") or visible_text(node)
            return _person(fragment_text(value or ""))
        return None

    def from_rel(self) -> str | None:
        return _person(_text(self.rel))

    def from_byline(self) -> str | None:
        """The text of the first element that looks like a byline ("By Jane Doe"), a date after the name cut off."""
        body = self.tree.body
        if body is None:
            return None
        bylines = (
            native.speedups.select(body, compiled_selector(_BYLINE_ELEMENTS))
            if native.speedups is not None
            else body.css(_BYLINE_ELEMENTS)
        )
        for node in bylines:
            text = _without_byline_tail(" ".join(visible_text(node).split()))
            if text.endswith(":"):
                continue  # a label whose value was a date ("Last Updated: January 7, 2025")
            if 0 < len(text) < MAX_BYLINE:
                return _person(text)
        return None


def _without_byline_tail(text: str) -> str:
    """``text`` without a date or the like after the name (:data:`~app.extract.boilerplate.BYLINE_TAIL`)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return BYLINE_TAIL_ANY_CASE.sub("", text)
    found = BYLINE_TAIL.search(lowered)
    return text[: found.start()] if found is not None else text


def _text(node: LexborNode | None) -> str | None:
    return fragment_text(visible_text(node)) or None if node is not None else None


def scan_page(tree: LexborHTMLParser) -> _Scan:
    """The elements of :data:`PAGE_SCAN`, found in one pass: for :func:`read_metadata`, and the
    paragraphs for the article finder."""
    speedups = native.speedups
    if speedups is not None and tree.root is not None:
        return _Scan(speedups.elements(tree.root, _SCAN_TAGS, _scan_rules()))
    return _Scan(tree.css(PAGE_SCAN))


def _scan_rules() -> dict[int, Rules]:
    """The page scan's conditions by tag for the compiled finder (``link[rel="canonical"]``, ``<meta>``
    elements that name a property :class:`_Meta` reads ...), made the first time they are needed."""
    if not _SCAN_RULES:
        assert native.speedups is not None
        _SCAN_RULES[_LINK] = compiled_selector('link[rel="canonical"]')
        _SCAN_RULES[_SCRIPT] = compiled_selector('script[type="application/ld+json"]')
        _SCAN_RULES[_TIME] = compiled_selector("time[datetime]")
        _SCAN_RULES[_META_TAG] = native.speedups.Rules(
            [
                (_META_TAG, [("content", "not empty", "", False), (attribute, "word in", _USED_METAS, True)])
                for attribute in sorted(_META_NAME_ATTRIBUTES)
            ]
        )
    return _SCAN_RULES


_SCAN_RULES: dict[int, Rules] = {}


def read_metadata(tree: LexborHTMLParser, scan: _Scan | None = None) -> PageMetadata:
    """Read a page's metadata; call it before anything is removed from the tree. ``scan`` is
    :func:`scan_page`'s result, when the caller has it already."""
    if scan is None:
        scan = scan_page(tree)
    meta = scan.meta
    ld = _json_ld_article(scan.ld_scripts)
    out = PageMetadata()
    html_title = _text(scan.title)
    h1 = _text(scan.h1)

    out.site = _first(
        _ld_name(ld.get("publisher")),
        meta.get("og:site_name"),
        meta.get("application-name"),
        meta.get("twitter:site", "").lstrip("@") or None,
    )
    out.title_candidates = [
        t
        for t in (
            _ld_headline(ld, html_title),
            meta.get("dc.title"),
            meta.get("og:title"),
            meta.get("twitter:title"),
            meta.get("title"),
            meta.get("sailthru.title"),
            meta.get("parsely-title"),
            html_title,
            h1,
        )
        if t
    ]
    out.title = best_title(out.title_candidates, site=out.site, h1=h1, html_title=html_title)
    found: list[_AuthorElements] = []

    def authors() -> _AuthorElements:
        if not found:
            found.append(_AuthorElements(tree))
        return found[0]

    out.author = _first_of(
        _ld_people(ld.get("author")) if "author" in ld else None,
        *(_person(meta.get(key)) for key in _AUTHOR_METAS),
        lambda: authors().from_itemprop(),
        lambda: authors().from_rel(),
        lambda: authors().from_byline(),
    )
    time_node = scan.pubdate or scan.time
    dates = (
        _ld_text(ld.get("datePublished")),
        *(meta.get(key) for key in _PUBLISHED_METAS),
        _ld_text(ld.get("dateCreated")),
        time_node.attributes.get("datetime") if time_node is not None else None,
        _ld_text(ld.get("dateModified")),
        meta.get("article:modified_time"),
    )
    out.published = next((d for d in (normalize_date(v) for v in dates if v) if d), None)
    out.url = _first(
        _absolute(scan.canonical),
        _absolute(meta.get("og:url")),
        _absolute(_ld_text(ld.get("url"))),
    )
    root = tree.root
    root_attrs = root.attributes if root is not None and root.tag == "html" else {}
    out.language = _first(
        root_attrs.get("lang") or root_attrs.get("xml:lang"),
        meta.get("content-language"),
        meta.get("og:locale", "").replace("_", "-") or None,
        _ld_text(ld.get("inLanguage")),
    )
    if out.language:
        out.language = out.language.strip()[:35] or None
    out.categories = _unique([*_ld_list(ld.get("articleSection")), *meta.getall("article:section")])
    out.tags = _unique([*_keywords(ld.get("keywords")), *meta.getall("article:tag")])
    out.description = _first(meta.get("og:description"), meta.get("description"))
    out.article_body = _ld_article_body(ld.get("articleBody"))
    return out


#: Spellings of the same ``<meta>`` name.
_META_ALIASES = {
    "dc:title": "dc.title",
    "dcterm:title": "dc.title",
    "dcterms.title": "dc.title",
    "dcterms:title": "dc.title",
    "dc:creator": "dc.creator",
    "dcterm:creator": "dc.creator",
    "dcterms.creator": "dc.creator",
    "dcterms:creator": "dc.creator",
    "dc:date": "dc.date",
    "dcterms:created": "dcterms.created",
    "og:article:author": "article:author",
}
_AUTHOR_METAS = ("dc.creator", "author", "article:author", "parsely-author", "sailthru.author", "byl")
_PUBLISHED_METAS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "datecreated",
)
#: The attributes of a ``<meta>`` that name what its ``content`` is.
_META_NAME_ATTRIBUTES = frozenset({"property", "name", "itemprop", "http-equiv"})
#: The ``<meta>`` names and properties read; the others (viewport, robots, app ids ...) are passed over.
_USED_METAS = frozenset(
    {
        "og:site_name",
        "application-name",
        "twitter:site",
        "og:title",
        "twitter:title",
        "title",
        "dc.title",
        "sailthru.title",
        "parsely-title",
        "og:url",
        "content-language",
        "og:locale",
        "article:section",
        "article:tag",
        "og:description",
        "description",
        "article:modified_time",
        *_AUTHOR_METAS,
        *_PUBLISHED_METAS,
        *_META_ALIASES,
    }
)


def _first_of(*values: str | Callable[[], str | None] | None) -> str | None:
    """The first value that is there; a function stands for a value that costs something to find."""
    for value in values:
        if callable(value):
            value = value()
        if value and value.strip():
            return value.strip()
    return None


def _ld_headline(ld: dict[str, Any], html_title: str | None) -> str | None:
    """The JSON-LD headline, or its name when that is closer to the page's <title> (some sites put a
    description in ``headline``) and is not the publisher's name (others put that in ``name``)."""
    headline, name = _ld_text(ld.get("headline")), _ld_text(ld.get("name"))
    if not (headline and name and html_title) or headline == name:
        return headline or None
    publisher = _ld_name(ld.get("publisher"))
    if publisher and _fold(name) == _fold(publisher):
        return headline
    title_words = set(_fold(html_title).split())

    def overlap(text: str) -> float:
        words = set(_fold(text).split())
        return len(words & title_words) / (len(words) or 1)

    return name if overlap(name) > overlap(headline) else headline


def _ld_article_body(value: object) -> str | None:
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value or "&" in value:
        value = "\n".join(fragment_paragraphs(value.replace("\n", "<br>")))
    return value.strip() or None


class _Meta(dict[str, str]):
    """``<meta>`` contents by lower-cased name or property; repeated names keep every value."""

    def __init__(self) -> None:
        super().__init__()
        self.repeated: dict[str, list[str]] = {}

    def add(self, key: str, value: str) -> None:
        self.repeated.setdefault(key, []).append(value)
        self.setdefault(key, value)

    def getall(self, key: str) -> list[str]:
        return self.repeated.get(key, [])

    def read(self, attrs: dict[str, str | None]) -> None:
        content = attrs.get("content")
        if not content:
            return
        text: str | None = None
        for attr, value in attrs.items():
            if not value or attr not in _META_NAME_ATTRIBUTES:
                continue
            lowered = value.lower()
            for key in (lowered,) if lowered in _USED_METAS else lowered.split():  # "dc:title og:title" names two
                if key not in _USED_METAS:
                    continue
                if text is None:
                    text = fragment_text(content)
                if text:
                    self.add(_META_ALIASES.get(key, key), text)


def _json_ld_article(scripts: list[LexborNode]) -> dict[str, Any]:
    """The most article-like JSON-LD object of the page, or ``{}``."""
    best: dict[str, Any] = {}
    best_rank = -1
    for script in scripts:
        data = _load_json_ld(script.text(deep=True))
        for obj in _ld_objects(data):
            kind = obj.get("@type")
            if isinstance(kind, str):
                types = {kind.lower().removeprefix("schema:")}
            elif isinstance(kind, list):
                types = {k.lower().removeprefix("schema:") for k in kind if isinstance(k, str)}
            else:
                continue
            if not types & _ARTICLE_TYPES:
                continue
            # Prefer real article types over generic pages, and objects that have a headline.
            rank = (0 if types <= {"webpage", "itempage", "medicalwebpage"} else 2) + ("headline" in obj)
            if rank > best_rank:
                best, best_rank = obj, rank
    return best


_LD_WRAPPER_START = re.compile(r"^\s*(?:<!--|(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?)")
_LD_WRAPPER_END = re.compile(r"(?:-->|(?://|/\*)?\s*\]\]>(?:\s*\*/)?)\s*$")


def _load_json_ld(text: str) -> object:
    """JSON-LD, also when wrapped in an HTML comment or CDATA section (``<![CDATA[ ... ]]>``)."""
    text = text.strip()
    if text.startswith(("<", "/")):
        text = _LD_WRAPPER_START.sub("", text)
    if text.endswith((">", "/")):
        text = text[:-64] + _LD_WRAPPER_END.sub("", text[-64:])  # the pattern is anchored at the end
    text = text.strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _ld_objects(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _ld_objects(data[key], depth + 1)


def _ld_text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return fragment_text(value) if isinstance(value, str) and value.strip() else None


def _ld_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in (_ld_text(i) for i in items) if t]


def _ld_name(value: object) -> str | None:
    return _ld_text(value)


def _ld_people(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = [_person(_ld_text(i)) for i in items]
    return ", ".join(dict.fromkeys(n for n in names if n)) or None


def _person(value: str | None) -> str | None:
    """A person's name, or ``None`` for what is not one (a URL, a number, a whole sentence)."""
    if not value:
        return None
    value = _BYLINE_PREFIX.sub("", value.strip()).strip(" ,;|")
    if not value or _URLISH.search(value) or len(value) > 120 or not _LETTER.search(value):
        return None
    return value


def _keywords(value: object) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    return _ld_list(value)


#: Elements that hold a byline by their class or id (looked for only when nothing better names the author).
_BYLINE_ELEMENTS = (
    '[class*="byline"], [id*="byline"], [class*="author"], [id*="author"], [class*="dateline"], '
    '[class*="writtenby"], [itemprop~="author"]'
)
#: The elements that say they name the author, found in one pass.
_MARKED_AUTHORS = '[itemprop="author"], a[rel="author"]'
#: A byline longer than this (characters) is a paragraph that mentions an author, not a byline.
MAX_BYLINE = 100


def _absolute(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    return url if url.startswith(("http://", "https://")) else None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def best_title(candidates: list[str], *, site: str | None, h1: str | None, html_title: str | None) -> str | None:
    """The page's title without a site-name suffix or prefix.

    A candidate that is only the site's name (a JSON-LD ``name`` that names the publisher) is passed
    over while another one is left.

    >>> best_title(["Big news | The Daily"], site="The Daily", h1=None, html_title="Big news | The Daily")
    'Big news'
    >>> best_title(["The Daily", "Big news"], site="The Daily", h1=None, html_title=None)
    'Big news'
    """
    if not candidates:
        return None
    folded_site = _fold(site) if site else None
    title = next((c for c in candidates if _fold(c) != folded_site), candidates[0])
    return strip_site_name(title, site=site, h1=h1)


def strip_site_name(title: str, *, site: str | None, h1: str | None = None) -> str:
    """Drop a site name joined to a title by ``|``, ``-``, ``–``, ``:`` ... ("Story - Site")."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    folded_site = _fold(site) if site else None
    if folded_site:
        kept = [p for p in parts if _fold(p) != folded_site and folded_site not in _fold(p).split(" ")[-1:]]
        if kept and len(kept) < len(parts):
            return _rejoin(title, kept)
    if h1 and _fold(h1) in (_fold(p) for p in parts):
        return h1
    # Without a known site name: a short last part is the site (or its section): "Story - Section | Site".
    separators = list(_TITLE_SEPARATORS.finditer(title))
    head, tail = title[: separators[-1].start()], title[separators[-1].end() :]
    if len(tail.split()) <= 4 and len(head.split()) >= 3:
        return head.strip()
    # ... or a short first part: "Site | Story".
    head, tail = title[: separators[0].start()], title[separators[0].end() :]
    if len(head.split()) <= 3 and len(tail.split()) >= 3:
        return tail.strip()
    return title


def _rejoin(title: str, kept: list[str]) -> str:
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end] if 0 <= start < end else " ".join(kept)


def _fold(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()
