"""Accessibility: axe-core (through axe-playwright-python) finds no violation on any kind of page,
in the light theme and in the dark one, in a real browser against the real server over the news corpus."""

from __future__ import annotations

import json
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.e2e.conftest import Server

pytest_plugins = ["tests.news_fixtures"]
pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.fixture(scope="module")
def article_path(news_server: Server) -> str:
    status, data = news_server.get_json("/api/search?q=tram")
    assert status == 200 and data["hits"], data
    return f"/articles/{data['hits'][0]['id']}?q=tram"


PAGES = {
    "home": "/",
    "results with facets": "/search?q=harbour",
    "results with a filter and versions": "/search?q=tram&per_page=1&from=2023",
    "results, page 2 of several": "/search?q=harbour&per_page=1&page=2",
    "no results": "/search?q=xylophonist",
    "help": "/help",
    "API reference": "/docs",
    "error 404": "/no-such-page",
}


def violations(browser: Browser, url: str, scheme: str) -> list[dict[str, Any]]:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(url)
        # Folded story versions are checked too: open every <details>.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        results = AXE.run(page)
        found: list[dict[str, Any]] = results.response["violations"]
        return found
    finally:
        context.close()


def describe(found: list[dict[str, Any]]) -> str:
    return json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:5]]} for v in found],
        indent=1,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(browser: Browser, news_server: Server, name: str, scheme: str) -> None:
    found = violations(browser, news_server.url + PAGES[name], scheme)
    assert not found, describe(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_an_article(browser: Browser, news_server: Server, article_path: str, scheme: str) -> None:
    found = violations(browser, news_server.url + article_path, scheme)
    assert not found, describe(found)
