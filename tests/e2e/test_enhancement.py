"""The page's JavaScript in a real browser: search as you type, keyboard use, and the same flows without it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert errors == []  # no script error, no CSP violation


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    yield pg
    context.close()


def test_results_update_as_you_type_and_the_address_follows(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/")
    box = page.get_by_label("Search articles")
    box.press_sequentially("fentanyl precurs", delay=20)
    expect(page.locator(".hit")).to_have_count(5)
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl+precurs")
    expect(page).to_have_title("fentanyl precurs – Articles")
    expect(page.locator("#live-status")).to_contain_text("of 5 results")
    expect(box).to_be_focused()  # typing goes on undisturbed
    # The last query typed wins, whatever order the answers come back in.
    box.fill("")
    box.press_sequentially("xylophone", delay=5)
    expect(page.locator(".result-count")).to_contain_text("No results for xylophone")
    expect(page).to_have_url(live_server.url + "/search?q=xylophone")
    page.reload()
    expect(page.locator(".result-count")).to_contain_text("No results for xylophone")


def test_slash_focuses_the_box_and_arrows_walk_the_results(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/search?q=blinken")
    page.locator("body").click()
    page.keyboard.press("/")
    box = page.get_by_label("Search articles")
    expect(box).to_be_focused()
    links = page.locator(".hits .hit-title a")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    title = links.nth(0).inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_have_text(title)
    page.go_back()
    expect(page.locator(".hit").first).to_be_visible()


def test_without_javascript_search_refine_and_page_through(page_without_js: Any, live_server: Server) -> None:
    page = page_without_js
    page.goto(live_server.url + "/")
    box = page.get_by_label("Search articles")
    box.fill("blinken")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + "/search?q=blinken")
    total = page.locator(".hit").count()
    assert total >= 2
    page.locator(".facets a").first.click()  # a facet is a plain link
    expect(page.locator(".chips")).to_be_visible()
    page.locator(".chips a").first.click()  # and its removal too
    expect(page.locator(".hit")).to_have_count(total)
    page.goto(live_server.url + "/search?q=blinken&per_page=2")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(live_server.url + "/search?q=blinken&per_page=2&page=2")
    page.locator(".hits .hit-title a").first.click()
    expect(page.locator("article h1")).to_be_visible()
