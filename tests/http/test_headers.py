"""Security headers on every kind of response (pages, the API, errors, the feed, static files, 304s), and
pages that load nothing from elsewhere and run no inline script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import SEEDS_DIR, STATIC_DIR, Settings
from app.web import create_app


@pytest.fixture(scope="module")
def client(seed_index_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(source_dir=SEEDS_DIR, index_dir=seed_index_dir))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def article_id(client: TestClient) -> str:
    return str(client.get("/api/search", params={"q": "balloon"}).json()["hits"][0]["id"])


# (method, path, status): every kind of response the app gives.
RESPONSES = [
    ("GET", "/", 200),
    ("GET", "/search?q=balloon", 200),
    ("GET", "/search?q=xylophone", 200),
    ("GET", "/articles/{id}?q=balloon", 200),
    ("GET", "/help", 200),
    ("GET", "/docs", 200),
    ("GET", "/search.atom?q=balloon", 200),
    ("GET", "/api/search?q=balloon", 200),
    ("GET", "/api/articles/{id}", 200),
    ("GET", "/api/articles/{id}/related", 200),
    ("GET", "/openapi.json", 200),
    ("GET", "/healthz", 200),
    ("GET", "/static/app.css", 200),
    ("GET", "/no-such-page", 404),
    ("GET", "/articles/no-such-article", 404),
    ("GET", "/api/articles/no-such-article", 404),
    ("GET", "/api/search?per_page=1000", 422),
    ("GET", "/search?from=2023-13", 422),
    ("POST", "/api/search", 405),
    ("POST", "/search", 405),
]


def check_security_headers(headers: dict[str, str] | object) -> None:
    get = headers.get  # type: ignore[attr-defined]
    assert get("x-content-type-options") == "nosniff"
    assert get("referrer-policy") in {"same-origin", "no-referrer", "strict-origin-when-cross-origin"}
    csp = get("content-security-policy") or ""
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], csp
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], csp  # no 'unsafe-inline', no other origin
    assert directives.get("default-src") == ["'self'"], csp


@pytest.mark.parametrize(("method", "path", "status"), RESPONSES, ids=[f"{m} {p} {s}" for m, p, s in RESPONSES])
def test_every_response_has_the_security_headers(
    client: TestClient, article_id: str, method: str, path: str, status: int
) -> None:
    r = client.request(method, path.format(id=article_id))
    assert r.status_code == status, r.text[:300]
    check_security_headers(r.headers)
    assert "traceback" not in r.text.lower()


def test_a_304_has_the_security_headers_too(client: TestClient, article_id: str) -> None:
    url = f"/articles/{article_id}"
    tag = client.get(url).headers["etag"]
    r = client.get(url, headers={"If-None-Match": tag})
    assert r.status_code == 304
    check_security_headers(r.headers)


class _Assets(HTMLParser):
    """What a page loads (scripts, styles, icons, images) and any script or handler written inline."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.inline += [f"{tag} {name}" for name, _ in attrs if name.startswith("on") or name == "style"]
        if tag == "script":
            self._in_script = True
            if values.get("src") is None:
                self.inline.append("script without src")
            else:
                self.loaded.append(values["src"] or "")
        if tag in ("img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.loaded.append(values["src"] or "")
        if tag == "link" and values.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.loaded.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append("script content")


PAGES = ["/", "/search?q=balloon", "/search?q=xylophone", "/articles/{id}?q=balloon", "/help", "/docs", "/nowhere"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_their_own_small_static_files_and_run_no_inline_script(
    client: TestClient, article_id: str, path: str
) -> None:
    r = client.get(path.format(id=article_id))
    parser = _Assets()
    parser.feed(r.text)
    assert parser.inline == []
    assert parser.loaded, "every page has its stylesheet and script"
    for src in parser.loaded:
        assert re.fullmatch(r"/static/[\w.-]+", src), f"{src} is not one of the app's static files"
        asset = client.get(src)
        assert asset.status_code == 200 and (STATIC_DIR / src.removeprefix("/static/")).is_file()
        assert len(asset.content) < 16_000, f"{src} is {len(asset.content)} bytes"
