"""Hostile documents in a real browser: markup in a title, a body and a byline, and a ``javascript:`` URL,
as plain text, an HTML page and a WordPress post. Nothing of it runs; all of it shows as text; only
http(s) URLs become links; the Atom feed and the API carry it as escaped text and as data."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.browser

TITLE = "</title><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
BYLINE = "<script>alert(4)</script>"
CATEGORY = "<img src=x onerror=alert(5)>"
URL = "javascript:alert(1)"
FIRST = f"The harbour report holds {IMG} and {SCRIPT} in its text: hostile markup, typed as words by someone who"
SECOND = "The quay was quiet that morning, and the ferries ran on time despite the wind from the west."
ATOM = "{http://www.w3.org/2005/Atom}"


def _write_corpus(root: Path) -> Path:
    """The same hostile article three times. Names and titles that are markup come double-escaped, as a
    site that escapes its text twice sends them (once-escaped markup in a title is read as markup and
    dropped); real <script> and <img> elements in the page are there too, and must go."""
    root.mkdir()
    first = f"{FIRST} wanted to see whether the archive would run it."
    (root / "hostile.txt").write_text(f"{TITLE}\n\n{first}\n\n{SECOND}\n")
    twice = escape(escape(TITLE))
    (root / "hostile.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{twice}</title>
<link rel="canonical" href="{URL}">
<meta property="og:url" content="{URL}">
<meta name="author" content="{escape(escape(BYLINE))}">
<script>alert(3)</script>
</head><body><article>
<h1>{twice}</h1>
<p>{escape(first)}</p>
<p>{IMG}<script>alert(2)</script>{SECOND}</p>
</article></body></html>
""",
        encoding="utf-8",
    )
    post = {
        "id": 7,
        "type": "post",
        "date_gmt": "2023-06-01T10:00:00",
        "link": URL,
        "title": {"rendered": escape(TITLE)},
        "content": {"rendered": f"<p>{escape(first)}</p>\n<p>{IMG}<script>alert(2)</script>{SECOND}</p>"},
        "_embedded": {
            "author": [{"id": 1, "name": escape(BYLINE)}],
            "wp:term": [[{"taxonomy": "category", "name": escape(CATEGORY)}]],
        },
    }
    (root / "hostile.json").write_text(json.dumps(post), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("hostile")
    server = start_server(work / "index", work / "server.log", source=_write_corpus(work / "src"))
    yield server
    stop_server(server)


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Every dialog (alert, confirm, prompt) a page opens, dismissed and recorded."""
    opened: list[str] = []

    def record(dialog: Any) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def _documents(server: Server) -> list[dict[str, Any]]:
    status, data = server.get_json("/api/search?q=harbour&group=false")
    assert status == 200 and data["total"] == 3
    return [server.get_json(f"/api/articles/{hit['id']}")[1] for hit in data["hits"]]


def _check_page_is_inert(page: Any) -> None:
    """No script but the app's own, no element with an event handler, no image, only safe links."""
    assert page.locator("script").evaluate_all("els => els.map(e => e.getAttribute('src'))") == ["/static/app.js"]
    handlers = page.locator("*").evaluate_all(
        "els => els.flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))"
    )
    assert handlers == []
    assert page.locator("main img").count() == 0
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith(("/", "#", "?", "http://", "https://")) for h in hrefs), hrefs
    assert not [h for h in hrefs if "javascript:" in h.lower()]


def test_the_extractors_keep_the_hostile_text_as_text(hostile_server: Server) -> None:
    docs = {doc["format"]: doc for doc in _documents(hostile_server)}
    assert set(docs) == {"text", "html", "wordpress"}
    for doc in docs.values():
        assert doc["title"] == TITLE, doc
        assert doc["body"].startswith(FIRST) and SECOND in doc["body"], doc["body"]
        assert "alert(3)" not in doc["body"]  # a real <script> element is not text
    assert docs["html"]["author"] == docs["wordpress"]["author"] == BYLINE
    assert docs["wordpress"]["categories"] == [CATEGORY]
    assert docs["wordpress"]["url"] == URL  # kept as data; only ever linked when it is http(s)
    assert docs["html"]["url"] is None  # a page's javascript: canonical is no URL


def test_search_and_article_pages_show_the_markup_as_text_and_run_none_of_it(
    page: Any, dialogs: list[str], hostile_server: Server
) -> None:
    page.goto(hostile_server.url + "/search?" + urllib.parse.urlencode({"q": "harbour alert", "group": "false"}))
    hits = page.locator(".hit")
    expect(hits).to_have_count(3)
    assert page.locator(".hit-title").all_inner_texts() == [TITLE] * 3
    for snippet in page.locator(".snippet").all_inner_texts():
        assert IMG in snippet and SCRIPT in snippet, snippet
    assert page.locator(".snippet mark").count() >= 3  # the query's words are marked, inside the escaped text
    _check_page_is_inert(page)

    # Grouped, the other versions are listed by their titles, and the facets name the byline and category.
    page.goto(hostile_server.url + "/search?q=harbour")
    page.locator(".versions summary").click()
    assert page.locator(".versions li a").all_inner_texts() == [TITLE] * 2
    facets = page.locator(".facets").inner_text()
    assert BYLINE in facets and CATEGORY in facets
    _check_page_is_inert(page)

    for doc in _documents(hostile_server):
        page.goto(f"{hostile_server.url}/articles/{doc['id']}?q=alert")
        expect(page.locator("article h1")).to_have_text(TITLE)
        body = page.locator(".article-body").inner_text()
        assert IMG in body and SCRIPT in body
        assert page.locator(".original").count() == 0  # the javascript: URL is no link
        assert page.title() == f"{TITLE} – Articles"
        _check_page_is_inert(page)
    assert dialogs == []


def test_hostile_queries_and_live_results_run_nothing(page: Any, dialogs: list[str], hostile_server: Server) -> None:
    query = '"><script>alert(9)</script><img src=x onerror=alert(9)>'
    page.goto(hostile_server.url + "/search?" + urllib.parse.urlencode({"q": query}))
    expect(page.get_by_label("Search articles")).to_have_value(query)
    expect(page.locator(".result-count")).to_contain_text(query)
    _check_page_is_inert(page)
    # Typed: the results are fetched and swapped in by the page's script.
    page.goto(hostile_server.url + "/")
    page.get_by_label("Search articles").fill("alert harbour")
    expect(page.locator(".hit")).to_have_count(1)  # one story, in three versions
    expect(page.locator(".hit-title")).to_have_text(TITLE)
    _check_page_is_inert(page)
    doc = _documents(hostile_server)[0]
    page.goto(f"{hostile_server.url}/articles/{doc['id']}?" + urllib.parse.urlencode({"q": query}))
    expect(page.locator("article h1")).to_have_text(TITLE)
    _check_page_is_inert(page)
    assert dialogs == []


def test_the_feed_and_the_api_carry_the_markup_as_escaped_text(hostile_server: Server) -> None:
    status, headers, feed = hostile_server.get("/search.atom?q=harbour&group=false")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    assert "<script" not in feed and "<img" not in feed  # escaped, everywhere
    root = ET.fromstring(feed)  # well-formed XML
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") == TITLE
        summary = entry.findtext(f"{ATOM}summary") or ""
        assert IMG in summary and SCRIPT in summary
        links = [link.get("href") or "" for link in entry.findall(f"{ATOM}link")]
        assert links and all(link.startswith(hostile_server.url + "/articles/") for link in links), links
    authors = {entry.findtext(f"{ATOM}author/{ATOM}name") for entry in entries}
    assert BYLINE in authors

    status, data = hostile_server.get_json("/api/search?q=alert&group=false")
    assert status == 200 and data["total"] == 3
    for hit in data["hits"]:
        assert hit["title"] == TITLE  # data: as it is
        assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]  # HTML: escaped but for <mark>
        assert "&lt;script&gt;<mark>alert</mark>(2)&lt;/script&gt;" in hit["snippet"]
    assert {hit["url"] for hit in data["hits"]} == {None, URL}
