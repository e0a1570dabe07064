"""Every search page and the JSON twin it links (``<link rel="alternate" type="application/json">``) agree."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import create_app

pytest_plugins = ["tests.news_fixtures"]

_JSON_LINK = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)">')
_HIT_LINK = re.compile(r'<h2 class="hit-title"><a href="/articles/([^"?]+)')
_TOTAL = re.compile(r"\d+–\d+ of (\d+) (?:results?|stories|story)")

CASES: list[list[tuple[str, str]]] = [
    [("q", "harbour")],
    [("q", "harbour"), ("sort", "newest")],
    [("q", "harbour"), ("group", "false")],
    [("q", "tram"), ("group", "false"), ("sort", "oldest")],
    [("q", "council budget")],
    [("q", "harbour"), ("per_page", "2"), ("page", "2")],
    [("q", "the"), ("from", "2023-06"), ("to", "2024")],
    [("q", "storm OR regatta"), ("facets", "false")],
    [("q", '"spring"')],
    [("sort", "oldest"), ("from", "2023")],
]


@pytest.fixture(scope="module")
def client(news_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(news_settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("params", CASES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p))
def test_page_and_its_json_twin_show_the_same_hits(client: TestClient, params: list[tuple[str, str]]) -> None:
    page = client.get("/search", params=params)
    assert page.status_code == 200
    (href,) = _JSON_LINK.findall(page.text)
    api = client.get(html.unescape(href))
    assert api.status_code == 200
    data = api.json()
    page_ids = _HIT_LINK.findall(page.text)
    assert page_ids, "the case should find something"
    assert page_ids == [hit["id"] for hit in data["hits"]]
    (total,) = _TOTAL.findall(page.text)
    assert int(total) == data["total"]


def test_twin_carries_every_filter_and_facet_value(client: TestClient) -> None:
    site = client.get("/api/search", params={"q": "harbour"}).json()["facets"]["site"][0]["value"]
    params = [("q", "harbour"), ("site", site), ("sort", "newest"), ("group", "false")]
    page = client.get("/search", params=params)
    (href,) = _JSON_LINK.findall(page.text)
    data = client.get(html.unescape(href)).json()
    assert data["filters"]["site"] == [site] and data["sort"] == "newest" and data["grouped"] is False
    assert _HIT_LINK.findall(page.text) == [hit["id"] for hit in data["hits"]]
    assert all(hit["site"] == site for hit in data["hits"])
