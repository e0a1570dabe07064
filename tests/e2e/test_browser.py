"""A real browser (Debian's chromium, driven by Playwright) against the real server."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.browser


def test_search_see_highlights_and_open_an_article(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("Search articles").fill("fentanyl precursors")
    page.get_by_label("Search articles").press("Enter")
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl+precursors")
    hits = page.locator(".hit")
    expect(hits).to_have_count(5)
    expect(page.locator(".result-count")).to_contain_text("1–5 of 5 results")
    first = hits.first
    expect(first.locator(".snippet mark").first).to_be_visible()
    title = first.locator(".hit-title a").inner_text()
    first.locator(".hit-title a").click()
    expect(page.locator("article h1")).to_have_text(title)
    expect(page.locator(".article-body mark").first).to_be_visible()
    page.get_by_role("link", name="← Back to results").click()
    expect(page.get_by_label("Search articles")).to_have_value("fentanyl precursors")


def test_a_search_with_no_result_says_so(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/search?q=xylophone")
    expect(page.locator(".result-count")).to_contain_text("No results for xylophone")
