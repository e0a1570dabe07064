"""The Atom feed of a search (/search.atom): a valid Atom 1.0 document, escaped, newest first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.ingest import build_index
from app.settings import Settings
from app.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
pytest_plugins = ["tests.news_fixtures"]

HOSTILE_TITLE = "</title><script>alert('feed')</script> & <b>bold</b> balloon"


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root


def links(element: ET.Element) -> dict[str, str]:
    return {link.get("rel", "alternate"): link.get("href", "") for link in element.findall(f"{ATOM}link")}


def test_feed_of_a_search_is_atom_with_one_entry_per_hit(client: TestClient) -> None:
    r = client.get("/search.atom", params={"q": "balloon"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = parse(r.text)
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    feed_links = links(feed)
    assert urlsplit(feed_links["self"]).path == "/search.atom"
    assert urlsplit(feed_links["alternate"]).path == "/search"
    entries = feed.findall(f"{ATOM}entry")
    api = client.get("/api/search", params={"q": "balloon", "sort": "newest"}).json()
    assert len(entries) == len(api["hits"]) > 1
    for entry, hit in zip(entries, api["hits"], strict=True):
        assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}title") == hit["title"]
        assert urlsplit(links(entry)["alternate"]).path == f"/articles/{hit['id']}"
        assert entry.findtext(f"{ATOM}updated")
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None and summary.get("type") == "text"
        assert "<mark>" not in (summary.text or "") and "balloon" in (summary.text or "").lower()
        if hit["author"]:
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == hit["author"]


@pytest.fixture(scope="module")
def news_client(news_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(news_settings)) as test_client:
        yield test_client


def test_feed_is_newest_first_unless_sort_is_given(news_client: TestClient) -> None:
    def published(params: dict[str, str]) -> list[str]:
        feed = parse(news_client.get("/search.atom", params=params).text)
        return [e.findtext(f"{ATOM}published") or "" for e in feed.findall(f"{ATOM}entry")]

    newest = published({"q": "harbour", "group": "false"})
    assert len(newest) > 2 and all(newest)
    assert newest == sorted(newest, reverse=True)
    relevance = [
        e.findtext(f"{ATOM}id")
        for e in parse(
            news_client.get("/search.atom", params={"q": "harbour", "group": "false", "sort": "relevance"}).text
        ).findall(f"{ATOM}entry")
    ]
    by_date = [
        e.findtext(f"{ATOM}id")
        for e in parse(news_client.get("/search.atom", params={"q": "harbour", "group": "false"}).text).findall(
            f"{ATOM}entry"
        )
    ]
    assert relevance != by_date and sorted(relevance, key=str) == sorted(by_date, key=str)
    assert published({"q": "harbour", "group": "false", "sort": "oldest"}) == sorted(newest)


def test_entry_ids_are_stable_and_feed_takes_the_search_parameters(client: TestClient) -> None:
    first = parse(client.get("/search.atom", params={"q": "china"}).text)
    again = parse(client.get("/search.atom", params={"q": "china"}).text)
    assert first.findtext(f"{ATOM}id") == again.findtext(f"{ATOM}id")
    assert [e.findtext(f"{ATOM}id") for e in first.findall(f"{ATOM}entry")] == [
        e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")
    ]
    one = parse(client.get("/search.atom", params={"q": "china", "per_page": "1"}).text)
    assert len(one.findall(f"{ATOM}entry")) == 1
    assert client.get("/search.atom", params={"per_page": "101"}).status_code == 422
    assert client.get("/search.atom", params={"from": "2023-13"}).status_code == 422


def test_search_page_links_its_feed(client: TestClient) -> None:
    r = client.get("/search", params={"q": "spy balloon", "site": "cnn.com"})
    assert '<link rel="alternate" type="application/atom+xml"' in r.text
    feed_href = r.text.split('type="application/atom+xml"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert feed_href.startswith("/search.atom?q=spy+balloon")
    assert client.get(feed_href.replace("&amp;", "&")).status_code == 200


@pytest.fixture
def hostile_client(tmp_path: Path) -> Iterator[TestClient]:
    source = tmp_path / "source"
    source.mkdir()
    (source / "hostile.txt").write_text(
        f"{HOSTILE_TITLE}\n\nThe balloon text says <script>alert(1)</script> & ]]> and keeps going "
        "for a while so that it is an article about a balloon.\n",
        encoding="utf-8",
    )
    build_index(source, tmp_path / "index")
    with TestClient(create_app(Settings(source_dir=source, index_dir=tmp_path / "index"))) as c:
        yield c


def test_feed_escapes_hostile_document_text(hostile_client: TestClient) -> None:
    r = hostile_client.get("/search.atom", params={"q": "balloon"})
    assert r.status_code == 200
    assert "<script>" not in r.text and "</title><script>" not in r.text and "<b>" not in r.text
    feed = parse(r.text)  # well-formed despite the markup in the document
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
    assert "<script>alert(1)</script> & ]]>" in (entry.findtext(f"{ATOM}summary") or "")
