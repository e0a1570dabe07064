"""HTTP niceties: ETags and 304s on articles, gzip on large responses, CORS off unless configured."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import create_app

ORIGIN = "https://news.example"


@pytest.fixture
def article_id(client: TestClient) -> str:
    hits = client.get("/api/search", params={"q": "balloon"}).json()["hits"]
    return str(hits[0]["id"])


@pytest.mark.parametrize("path", ["/api/articles/{id}", "/articles/{id}", "/articles/{id}?q=balloon"])
def test_article_has_an_etag_and_if_none_match_gets_304(client: TestClient, article_id: str, path: str) -> None:
    url = path.format(id=article_id)
    first = client.get(url)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "no-cache"
    assert client.get(url).headers["etag"] == tag  # the same content, the same tag

    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["x-content-type-options"] == "nosniff"  # the security headers still apply
    # Weak comparison, lists and "*".
    assert client.get(url, headers={"If-None-Match": f'"other", {tag.removeprefix("W/")}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_tags_differ_between_articles_and_between_highlighted_queries(client: TestClient) -> None:
    ids = [h["id"] for h in client.get("/api/search", params={"q": "china", "group": "false"}).json()["hits"]]
    assert len(ids) >= 2
    api_tags = {client.get(f"/api/articles/{i}").headers["etag"] for i in ids}
    assert len(api_tags) == len(ids)
    page = f"/articles/{ids[0]}"
    assert client.get(page).headers["etag"] != client.get(page, params={"q": "china"}).headers["etag"]
    assert client.get(page).headers["etag"] != client.get(f"/api/articles/{ids[0]}").headers["etag"]


def test_unknown_article_is_404_without_an_etag(client: TestClient) -> None:
    r = client.get("/api/articles/nope", headers={"If-None-Match": "*"})
    assert r.status_code == 404 and "etag" not in r.headers


def test_large_responses_are_gzipped_and_keep_the_security_headers(client: TestClient) -> None:
    r = client.get("/search", params={"q": "china"}, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "content-security-policy" in r.headers and r.headers["x-content-type-options"] == "nosniff"
    assert "Accept-Encoding" in r.headers["vary"]
    assert "<mark>" in r.text  # decoded by the client
    assert r.template.name == "search.html"  # type: ignore[attr-defined]  # the debug message got through

    raw = client.get("/api/search", params={"q": "china"}, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.json()["total"] > 0


def test_small_responses_and_clients_without_gzip_get_plain_bodies(client: TestClient) -> None:
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert len(small.content) < 1000 and "content-encoding" not in small.headers
    plain = client.get("/search", params={"q": "china"}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and len(plain.content) > 1000


def test_gzip_bytes_are_real_gzip(client: TestClient) -> None:
    with client.stream("GET", "/help", headers={"Accept-Encoding": "gzip"}) as r:
        body = b"".join(r.iter_raw())
    assert r.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"<!doctype html>")
    assert len(body) < len(gzip.decompress(body))


def test_cors_is_off_by_default(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "china"}, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    preflight = client.options("/api/search", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


@pytest.fixture
def cors_client(seed_settings: Settings) -> Iterator[TestClient]:
    settings = seed_settings.model_copy(update={"cors_origins": [ORIGIN]})
    with TestClient(create_app(settings)) as c:
        yield c


def test_cors_allows_the_configured_origins_only(cors_client: TestClient, article_id: str) -> None:
    r = cors_client.get("/api/search", params={"q": "china"}, headers={"Origin": ORIGIN})
    assert r.headers["access-control-allow-origin"] == ORIGIN
    other = cors_client.get("/api/search", params={"q": "china"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = cors_client.options("/api/search", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ORIGIN
    article = cors_client.get(f"/api/articles/{article_id}", headers={"Origin": ORIGIN})
    assert "etag" in article.headers["access-control-expose-headers"].lower()


def test_cors_origins_setting_reads_a_comma_separated_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLES_CORS_ORIGINS", " https://a.example, https://b.example/ ,")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("ARTICLES_CORS_ORIGINS", "")
    assert Settings().cors_origins == []
    monkeypatch.delenv("ARTICLES_CORS_ORIGINS")
    assert Settings(cors_origins="https://c.example").cors_origins == ["https://c.example"]
