"""Path traversal against the real server, sent byte for byte as written (no client normalises them):
refused with a 404 in the one error shape, never a file's content, and no directory listing."""

from __future__ import annotations

import http.client
import json
import urllib.parse

import pytest

from tests.e2e.conftest import Server

#: Paths that try to leave the articles or the static folder: plain, percent-encoded, double-encoded.
TRAVERSALS = [
    "/articles/../../etc/passwd",
    "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/articles/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/articles/..%2f..%2fetc%2fpasswd",
    "/articles/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/articles/..%5c..%5cetc%5cpasswd",
    "/api/articles/../../etc/passwd",
    "/api/articles/..%2f..%2fetc%2fpasswd",
    "/api/articles/%2e%2e%2f%2e%2e%2fapp%2fsettings.py",
    "/static/../app/settings.py",
    "/static/%2e%2e/app/settings.py",
    "/static/%2e%2e%2fapp%2fsettings.py",
    "/static/..%2fapp%2fsettings.py",
    "/static/%252e%252e/app/settings.py",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/app.css/../../app/settings.py",
    "/static/..%5capp%5csettings.py",
    "/static//etc/passwd",
    "/static/app.css%00.py",
    "/../../etc/passwd",
    "//etc/passwd",
]
#: What would show that a file got out.
LEAKS = ("root:x:0:0", "BaseSettings", "ARTICLES_", "import ")


def _raw_get(server: Server, path: str) -> tuple[int, dict[str, str], str]:
    """GET exactly ``path``: http.client sends the request target as it is given."""
    url = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_refused_in_the_error_shape(live_server: Server, path: str) -> None:
    status, headers, body = _raw_get(live_server, path)
    assert status in (400, 404), (path, status)
    assert not any(leak in body for leak in LEAKS), (path, body[:300])
    if path.startswith("/api/"):
        assert headers["content-type"] == "application/json"
        error = json.loads(body)["error"]
        assert set(error) == {"code", "message"} and error["code"] in ("not_found", "bad_request")
    else:
        assert headers["content-type"].startswith("text/html")
        assert '<section class="error">' in body


def test_static_files_are_served_but_no_folder_is_listed(live_server: Server) -> None:
    status, headers, body = _raw_get(live_server, "/static/app.css")
    assert status == 200 and headers["content-type"].startswith("text/css")
    for path in ("/static/", "/static/.", "/static/%2e"):
        status, _headers, body = _raw_get(live_server, path)
        assert status == 404 and '<section class="error">' in body, path
        assert "Index of" not in body and "favicon.svg</a>" not in body
    status, headers, _body = _raw_get(live_server, "/static")
    assert status == 307 and headers["location"].endswith("/static/")  # and that is a 404, above
