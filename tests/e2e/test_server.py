"""The real server over real HTTP: `python -m app serve` in a subprocess."""

from __future__ import annotations

import re
import urllib.parse

from tests.e2e.conftest import Server


def test_serve_built_the_index_from_the_seeds_first(live_server: Server) -> None:
    assert live_server.get_json("/healthz") == (200, {"status": "ok", "documents": 5})
    assert "5 documents indexed" in live_server.log.read_text()


def test_search_and_article_over_http(live_server: Server) -> None:
    status, data = live_server.get_json("/api/search?q=fentanyl&per_page=5")
    assert status == 200
    assert data["total"] == 5
    assert all("<mark>fentanyl</mark>" in h["snippet"].lower() for h in data["hits"])
    first = data["hits"][0]["id"]
    status, doc = live_server.get_json(f"/api/articles/{first}")
    assert status == 200 and doc["id"] == first
    status, headers, html = live_server.get(f"/articles/{first}?q=fentanyl")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<mark>fentanyl</mark>" in html


def test_titles_of_the_seeds(live_server: Server) -> None:
    _status, data = live_server.get_json("/api/search?q=blinken&per_page=10")
    titles = {h["title"] for h in data["hits"]}
    assert titles == {
        "US, China See Trail To More Stable Relations In Blinken Visit",
        "Blinken opens rare Beijing visit in bid to lower temperature",
        "Blinken visits China with low expectations.",
        "Blinken holds high-stakes talks in China amid rising tensions between the world's two superpowers",
        "US Secretary of State Antony Blinken arrived in Beijing on Sunday morning",
    }


def test_debris_is_not_found(live_server: Server) -> None:
    # ("share" itself stays findable: "the shared conclusion" is article text)
    for word in ("RSS", '"Leave a Reply"', '"email address will not be published"', '"Required fields"', "TRENDING"):
        status, data = live_server.get_json("/api/search?" + urllib.parse.urlencode({"q": word}))
        assert status == 200
        assert data["total"] == 0, (word, [h["title"] for h in data["hits"]])


def test_errors_over_http(live_server: Server) -> None:
    status, data = live_server.get_json("/api/articles/unknown")
    assert status == 404 and set(data["error"]) == {"code", "message"}
    status, headers, _html = live_server.get("/articles/unknown")
    assert status == 404 and "text/html" in headers["content-type"]
    status, data = live_server.get_json("/api/search?q=a&per_page=1000")
    assert status == 422 and "per_page" in data["error"]["message"]


def test_search_page_over_http(live_server: Server) -> None:
    status, _, html = live_server.get("/search?q=negotiate")
    assert status == 200
    assert re.search(r"<mark>negotiations</mark>", html)


def test_expensive_queries_are_answered_at_once_and_the_server_goes_on(live_server: Server) -> None:
    alternatives = " OR ".join(f"w{n}" for n in range(140))  # 140 alternatives, 1,000 characters at most
    for q in ("a*", alternatives[: alternatives.rfind(" OR ", 0, 1000)]):
        status, data = live_server.get_json("/api/search?" + urllib.parse.urlencode({"q": q}))
        assert status == 422 and data["error"]["code"] == "query_too_expensive"
        assert data["error"]["message"].startswith("Invalid parameter q: ")
    assert live_server.get_json("/api/search?q=blinken")[1]["total"] == 5
    assert live_server.get_json("/healthz")[0] == 200
