"""The JSON API through FastAPI's TestClient, with the lifespan running, over the seed index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.ingest import build_index
from app.settings import SEEDS_DIR, Settings
from app.web import create_app
from app.web import state as state_module
from tests.unit.test_query import NASTY

HIT_FIELDS = {"id", "title", "url", "site", "author", "published", "snippet", "score"}
SEARCH_EXTRA = {"documents", "sort", "grouped", "filters", "facets", "timeline", "suggestion", "matched_words"}
SEARCH_EXTRA |= {"query_words"}
DOC_FIELDS = {"id", "title", "body", "url", "site", "author", "published", "categories", "source", "format"}


def test_search_shape(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "fentanyl", "page": 1, "per_page": 3})
    assert r.status_code == 200
    data = r.json()
    # The foundation's fields, and those added since (extended, never renamed).
    assert set(data) == {"query", "total", "page", "per_page", "hits", "took_ms"} | SEARCH_EXTRA
    assert (data["query"], data["total"], data["page"], data["per_page"]) == ("fentanyl", 5, 1, 3)
    assert len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) == HIT_FIELDS | {"story", "duplicates", "versions"}
        assert "<mark>" in hit["snippet"]
        assert "<" not in re.sub(r"</?mark>", "", hit["snippet"])
        assert re.fullmatch(r"[A-Za-z0-9._~-]+", hit["id"])


def test_stemming_on_the_seeds(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "negotiate"}).json()
    assert data["total"] >= 1
    assert "negotiations" in data["hits"][0]["snippet"]


def test_pages_of_results_do_not_overlap(client: TestClient) -> None:
    pages = [client.get("/api/search", params={"q": "blinken", "per_page": 2, "page": p}).json() for p in (1, 2, 3)]
    ids = [h["id"] for p in pages for h in p["hits"]]
    assert len(ids) == len(set(ids)) == pages[0]["total"] == 5


def test_article_and_unknown_article(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "superpowers"}).json()["hits"][0]
    doc = client.get(f"/api/articles/{hit['id']}").json()
    assert set(doc) >= DOC_FIELDS
    assert doc["format"] == "wordpress"
    assert doc["categories"] == ["Asian Issues", "Reports and Articles"]
    r = client.get("/api/articles/does-not-exist")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "not_found", "message": "No article with id 'does-not-exist'."}}


@pytest.mark.parametrize(
    ("params", "name"), [({"per_page": 101}, "per_page"), ({"page": 0}, "page"), ({"page": "two"}, "page")]
)
def test_bad_parameters_get_422_naming_the_parameter(client: TestClient, params: dict[str, object], name: str) -> None:
    r = client.get("/api/search", params={"q": "x", **params})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert name in error["message"]


def test_wrong_method_and_unknown_path_have_the_error_shape(client: TestClient) -> None:
    r = client.post("/api/search")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("q", NASTY, ids=[repr(t[:20]) for t in NASTY])
def test_no_query_gives_a_500(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 422), r.text
    assert "error" in r.json() or "hits" in r.json()


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "documents": 5}
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles/{article_id}", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_missing_index_is_a_clear_503_not_a_crash(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "no-index")
    with TestClient(create_app(settings)) as c:
        r = c.get("/healthz")
        assert r.status_code == 503
        assert "no index" in r.json()["message"]
        r = c.get("/api/search", params={"q": "x"})
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "index_unavailable"
        assert c.get("/search", params={"q": "x"}).status_code == 503


def test_an_index_that_appears_later_is_opened_and_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "RETRY_INTERVAL", 0.0)  # try again at every request
    index_dir = tmp_path / "index"
    with TestClient(create_app(Settings(index_dir=index_dir))) as c:
        assert c.get("/api/search", params={"q": "fentanyl"}).status_code == 503
        build_index(SEEDS_DIR, index_dir)
        r = c.get("/api/search", params={"q": "fentanyl"})
        assert r.status_code == 200 and r.json()["total"] >= 1
        assert c.get("/api/search", params={"q": "fentanil"}).json()["suggestion"] == "fentanyl"
