"""The HTML pages through TestClient: templates, context, and what a reader sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v or "" for k, v in attrs if k == "href"]


def article_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [h for h in parser.hrefs if h.startswith("/articles/")]


def test_home_page_has_a_labelled_search_box(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.template.name == "search.html"  # type: ignore[attr-defined]
    assert '<label for="q"' in r.text and 'name="q"' in r.text


def test_search_page_shows_highlighted_results(client: TestClient) -> None:
    r = client.get("/search", params={"q": "spy balloon"})
    assert r.status_code == 200
    result = r.context["result"]  # type: ignore[attr-defined]
    assert result.total == 5
    assert "<mark>spy balloon</mark>" in r.text or "<mark>balloon</mark>" in r.text
    assert 'value="spy balloon"' in r.text
    assert "<title>spy balloon – Articles</title>" in r.text
    assert len(article_links(r.text)) == 5


def test_page_and_json_twin_list_the_same_ids(client: TestClient) -> None:
    page = client.get("/search", params={"q": "blinken qin", "per_page": 3, "page": 2})
    twin = client.get("/api/search", params={"q": "blinken qin", "per_page": 3, "page": 2}).json()
    ids = [link.split("/")[2].split("?")[0] for link in article_links(page.text)]
    assert ids == [h["id"] for h in twin["hits"]]
    assert page.context["result"].total == twin["total"]  # type: ignore[attr-defined]
    assert '<link rel="alternate" type="application/json"' in page.text


def test_article_page_highlights_the_query_and_links_back(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "superpowers"}).json()["hits"][0]
    r = client.get(f"/articles/{hit['id']}", params={"q": "fentanyl"})
    assert r.status_code == 200
    assert r.template.name == "article.html"  # type: ignore[attr-defined]
    assert r.text.count('<mark id="first-match">fentanyl</mark>') == 1
    assert r.text.count("<mark>fentanyl</mark>") >= 1
    assert r.text.index('href="#first-match"') < r.text.index('id="first-match"')
    assert 'href="/search?q=fentanyl"' in r.text
    assert 'href="https://ameforum.net/en/blinken-holds' in r.text
    assert "Asian Issues" in r.text
    assert "19 June 2023" in r.text


def test_no_results_page_helps(client: TestClient) -> None:
    r = client.get("/search", params={"q": "xylophone"})
    assert "No results for <strong>xylophone</strong>" in r.text


def test_unknown_article_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/articles/nope")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "No article with id" in r.text


def test_pages_send_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text), "no inline script"
