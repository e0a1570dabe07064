"""WordPress REST API JSON (``/wp-json/wp/v2/posts`` and ``/pages``): one post, or a list of posts.

Every text field may hold markup and entities (``title.rendered``, ``content.rendered``,
``excerpt.rendered``, term names); they all come out as plain text. Names come from ``_embedded``
when the export has it (``?_embed``), else from ``class_list`` slugs; a bare numeric author id is
not a name and is left out, while bare category ids are kept as ``category 12`` (posts of one
category still share a value) when no name is to be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from app.documents import Document, make_id, normalize_body, site_from_url
from app.errors import ExtractionError
from app.extract import boilerplate
from app.extract.dates import normalize_date
from app.extract.html_text import fragment_text, node_paragraphs
from app.extract.nesting import check_nesting
from app.extract.result import Extraction
from app.extract.titles import derive_title

# Shortcodes of plugins that were not active when the page was rendered: [vc_row], [/caption] ...
# Only the tags go; the text between them stays. Bracketed words in prose ("[the two]") are kept
# because a shortcode name is a lowercase identifier followed by attributes or "]".
_SHORTCODE = re.compile(
    r"\[/?(?:[a-z][a-z0-9]*_[a-z0-9_-]+|caption|gallery|embed|audio|video|playlist|wp_[a-z_]+|contact-form[a-z0-9-]*|"
    r"fusion_[a-z_]+|et_pb_[a-z_]+|av_[a-z_]+|su_[a-z_]+|tabs?|toggle|accordion|button|column|row|quote|"
    r"pullquote|dropcap|highlight|divider|spacer)(?:\s[^\]]{0,2000})?\]"
)
# Media shortcodes hold a URL, not text: [embed]https://...[/embed] goes whole, with what it holds.
_MEDIA_SHORTCODE = re.compile(r"\[(embed|video|audio|playlist)\b[^\]]{0,2000}\][^\[]{0,2000}\[/\1\]")
# A paragraph that is only a link's address: a video or a post WordPress would have embedded.
_BARE_URL = re.compile(r"https?://\S+")
_EXCERPT_TAIL = re.compile(r"\s*(?:\[(?:&hellip;|…|\.\.\.)\]|(?:continue reading|read more)\W*.*)$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^[\d\s-]*$")
_SMALL_WORDS = frozenset("a an and as at but by for from in of on or the to with".split())
# Terms every WordPress site has: they say nothing about the post.
_PLACEHOLDER_TERMS = frozenset({"uncategorized", "uncategorised", "sin categoría", "non classé", "allgemein"})


def is_wordpress_post(obj: object) -> bool:
    """Whether a JSON object has the shape of a WordPress post or page."""
    if not isinstance(obj, dict) or "title" not in obj:
        return False
    has_text = isinstance(obj.get("content"), dict | str) or isinstance(obj.get("excerpt"), dict | str)
    return has_text or ("type" in obj and ("date" in obj or "date_gmt" in obj))


def extract_wordpress(data: object, *, source: str) -> Extraction:
    """Make documents from parsed WordPress REST API JSON (one post, or a list of them).

    Raises:
        ExtractionError: the JSON is not WordPress posts, or none of its posts can be indexed.
    """
    posts = _posts_of(data)
    result = Extraction()
    for position, post in enumerate(posts):
        key = str(post.get("id", position)) if len(posts) > 1 or "id" in post else ""
        label = f"post {post['id']}" if "id" in post else f"post #{position + 1}"
        try:
            result.documents.append(_document(post, source=source, key=key))
        except ExtractionError as exc:
            result.skipped.append(f"{label}: {exc}")
    if not result.documents:
        reasons = "; ".join(result.skipped) or "no posts"
        raise ExtractionError(f"WordPress JSON with nothing to index ({reasons})")
    return result


def _posts_of(data: object) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        if is_wordpress_post(data):
            return [data]
        raise ExtractionError(_not_wordpress(data))
    if isinstance(data, list):
        if not data:
            raise ExtractionError("JSON holds an empty list: no WordPress posts in it")
        posts = [item for item in data if is_wordpress_post(item)]
        if not posts:
            raise ExtractionError(_not_wordpress(data[0]))
        return posts
    raise ExtractionError(f"JSON holds a {type(data).__name__}, not a WordPress REST API post or list of posts")


def _not_wordpress(sample: object) -> str:
    found = f"objects with keys {', '.join(list(sample)[:6])}" if isinstance(sample, dict) else type(sample).__name__
    return (
        'JSON, but not WordPress posts: expected a post object, or a list of them, with "title" and '
        f'"content" (as /wp-json/wp/v2/posts returns); found {found}'
    )


def _document(post: dict[str, Any], *, source: str, key: str) -> Document:
    content = post.get("content")
    if isinstance(content, dict) and content.get("protected"):
        raise ExtractionError("password-protected post (its content is not in the export)")
    paragraphs = _paragraphs(_rendered(content))
    if not paragraphs:
        excerpt = _EXCERPT_TAIL.sub("", _rendered(post.get("excerpt")).strip())
        paragraphs = _paragraphs(excerpt)
    caption = _featured_caption(post)
    if caption and caption not in paragraphs:
        paragraphs.insert(0, caption)
    body = normalize_body("\n\n".join(paragraphs))
    title = fragment_text(_rendered(post.get("title")))
    if not title and not body:
        raise ExtractionError("post with neither a title nor any text")
    url = _string(post.get("link")) or None
    categories, tags = _terms(post)
    return Document(
        id=make_id(source, key),
        title=title or derive_title(body),
        body=body,
        url=url,
        site=site_from_url(url) or site_from_url(_rendered(post.get("guid"))) or _site_from_links(post),
        author=_author(post),
        published=_published(post),
        categories=categories,
        tags=tags,
        source=source,
        format="wordpress",
    )


def _rendered(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def _string(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _paragraphs(markup: str) -> list[str]:
    if not markup.strip():
        return []
    check_nesting(markup, what="content")
    tree = LexborHTMLParser(_SHORTCODE.sub(" ", _MEDIA_SHORTCODE.sub(" ", markup)))
    for selector in boilerplate.WORDPRESS_JUNK_SELECTORS:
        for node in tree.css(selector):
            node.decompose()
    body = tree.body
    paragraphs = node_paragraphs(body) if body is not None else []
    kept: list[str] = []
    for paragraph in paragraphs:
        if boilerplate.TAIL_START.match(paragraph) and kept:
            break
        if not boilerplate.DEBRIS_LINE.match(paragraph) and not _BARE_URL.fullmatch(paragraph):
            kept.append(paragraph)
    return kept


def _featured_caption(post: dict[str, Any]) -> str:
    media = (post.get("_embedded") or {}).get("wp:featuredmedia") if isinstance(post.get("_embedded"), dict) else None
    if not isinstance(media, list) or not media or not isinstance(media[0], dict):
        return ""
    return fragment_text(_rendered(media[0].get("caption")))


def _author(post: dict[str, Any]) -> str | None:
    names: list[str] = []
    embedded = post.get("_embedded")
    if isinstance(embedded, dict) and isinstance(embedded.get("wp:term"), list):
        # Co-Authors Plus lists every author as a term of the "author" taxonomy.
        names = [
            fragment_text(t["name"])
            for t in _flatten(embedded["wp:term"])
            if t.get("taxonomy") == "author" and isinstance(t.get("name"), str)
        ]
    if not names and isinstance(embedded, dict) and isinstance(embedded.get("author"), list):
        names = [
            fragment_text(a["name"])
            for a in embedded["author"]
            if isinstance(a, dict) and isinstance(a.get("name"), str)
        ]
    if not names:
        yoast = post.get("yoast_head_json")
        if isinstance(yoast, dict) and isinstance(yoast.get("author"), str):
            names = [fragment_text(yoast["author"])]
    if not names and isinstance(post.get("author"), str):
        names = [fragment_text(post["author"])]
    names = [n for n in dict.fromkeys(names) if n and not _NOT_A_NAME.match(n)]
    return ", ".join(names) or None


def _published(post: dict[str, Any]) -> str | None:
    gmt = _string(post.get("date_gmt"))
    if gmt:
        # date_gmt is UTC written without an offset: say so, so the date is timezone-aware.
        return normalize_date(gmt if gmt.endswith("Z") or "+" in gmt[10:] else gmt + "Z")
    return normalize_date(_string(post.get("date")))


def _terms(post: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    categories: list[str] = []
    tags: list[str] = []
    embedded = post.get("_embedded")
    groups = embedded.get("wp:term") if isinstance(embedded, dict) else None
    if isinstance(groups, list):
        for term in _flatten(groups):
            name = fragment_text(term["name"]) if isinstance(term.get("name"), str) else ""
            if term.get("taxonomy") == "category":
                categories.append(name)
            elif term.get("taxonomy") == "post_tag":
                tags.append(name)
    if not categories and not tags:
        for css_class in _class_list(post):
            if css_class.startswith("category-"):
                categories.append(_humanize(css_class.removeprefix("category-")))
            elif css_class.startswith("tag-"):
                tags.append(_humanize(css_class.removeprefix("tag-")))
    if not categories and isinstance(post.get("categories"), list):
        # Only ids, and no names anywhere in the export: keep the ids, so that posts of one category
        # still share a value ("category 12"). Id 1 is WordPress's default "Uncategorized".
        categories = [
            f"category {term}" for term in post["categories"] if isinstance(term, int) and not isinstance(term, bool)
        ]
        categories = [c for c in categories if c != "category 1"]
    return _clean_terms(categories), _clean_terms(tags)


def _flatten(groups: list[Any]) -> Iterator[dict[str, Any]]:
    for group in groups:
        for term in group if isinstance(group, list) else [group]:
            if isinstance(term, dict):
                yield term


def _class_list(post: dict[str, Any]) -> list[str]:
    value = post.get("class_list")
    if isinstance(value, dict):
        value = list(value.values())
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _humanize(slug: str) -> str:
    """A readable name from a term slug.

    >>> _humanize("reports-and-articles")
    'Reports and Articles'
    """
    words = [w for w in re.split(r"[-_]+", slug) if w]
    return " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def _clean_terms(names: list[str]) -> tuple[str, ...]:
    kept = (n for n in names if n and not _NOT_A_NAME.match(n) and n.lower() not in _PLACEHOLDER_TERMS)
    return tuple(dict.fromkeys(kept))


def _site_from_links(post: dict[str, Any]) -> str | None:
    links = post.get("_links")
    if isinstance(links, dict) and isinstance(links.get("self"), list) and links["self"]:
        first = links["self"][0]
        if isinstance(first, dict):
            return site_from_url(_string(first.get("href")))
    return None
