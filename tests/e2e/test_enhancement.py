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
    searches: list[str] = []
    page.on("request", lambda r: searches.append(r.url) if "/search?" in r.url else None)
    box = page.get_by_label("Search articles")
    box.press_sequentially("fentanyl precurs", delay=20)
    expect(page.locator(".hit")).to_have_count(5)
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl+precurs")
    # Debounced: not a request per key (16 keys), and the last one is for the whole query.
    assert 1 <= len(searches) < 8 and searches[-1].endswith("/search?q=fentanyl+precurs"), searches
    expect(page).to_have_title("fentanyl precurs – Articles")
    # The count is announced by the page's one polite live region, which stays in place.
    live = page.locator("#live-status")
    expect(live).to_contain_text("of 5 results")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(page.locator("[aria-live]")).to_have_count(1)
    assert live.evaluate("el => !el.closest('main')")
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
    title = page.locator(".hits .hit-title a").first.inner_text()
    page.locator(".hits .hit-title a").first.click()
    expect(page.locator("article h1")).to_have_text(title)
    expect(page.locator("#first-match")).to_have_count(1)
    page.get_by_role("link", name="Jump to the first match").click()
    expect(page.locator("#first-match")).to_be_in_viewport()
    page.get_by_role("link", name="← Back to results").click()
    expect(page).to_have_url(live_server.url + "/search?q=blinken&per_page=2&page=2")
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("2")


def test_back_and_forward_restore_each_search_and_its_box(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/")
    box = page.get_by_label("Search articles")
    hits = page.locator(".hit")
    # A: typed (its answer shows as you type), then submitted.
    box.fill("balloon")
    expect(page).to_have_url(live_server.url + "/search?q=balloon")
    balloon = hits.count()
    assert balloon >= 1
    box.press("Enter")
    # B: typed and submitted before its answer came: one entry, not two.
    box.fill("fentanyl")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl")
    expect(hits).to_have_count(5)
    expect(page.locator("#live-status")).to_contain_text("of 5 results for fentanyl")

    page.go_back()
    expect(page).to_have_url(live_server.url + "/search?q=balloon")
    expect(box).to_have_value("balloon")
    expect(hits).to_have_count(balloon)
    expect(page).to_have_title("balloon – Articles")
    expect(page.locator(".result-count")).to_contain_text("for balloon")
    page.go_back()
    expect(page).to_have_url(live_server.url + "/")
    expect(box).to_have_value("")
    expect(page.locator(".intro")).to_be_visible()
    page.go_forward()
    expect(box).to_have_value("balloon")
    expect(hits).to_have_count(balloon)
    page.go_forward()
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl")
    expect(box).to_have_value("fentanyl")
    expect(hits).to_have_count(5)

    # A link (here the next page) is a navigation of its own; back comes to the typed search.
    page.goto(live_server.url + "/search?q=blinken&per_page=2")
    box.fill("china")
    expect(page).to_have_url(live_server.url + "/search?q=china")
    page.locator(".hits .hit-title a").first.click()
    expect(page.locator("article h1")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(live_server.url + "/search?q=china")
    expect(box).to_have_value("china")
    expect(page.locator(".result-count")).to_contain_text("for china")
    page.go_back()
    expect(page).to_have_url(live_server.url + "/search?q=blinken&per_page=2")
    expect(box).to_have_value("blinken")
    expect(hits).to_have_count(2)


def test_an_older_answer_arriving_last_never_replaces_a_newer_one(page: Any, live_server: Server) -> None:
    held: list[Any] = []
    done: list[Any] = []  # the older request, once it finished or failed (was cancelled)

    def hold_the_first_search(route: Any) -> None:
        if "q=balloon" in route.request.url and not held:
            held.append(route)  # answered only later, after the newer search
        else:
            route.continue_()

    def older(request: Any) -> bool:
        return "q=balloon" in request.url

    page.route("**/search?q=*", hold_the_first_search)
    page.on("requestfinished", lambda r: done.append(r) if older(r) else None)
    page.on("requestfailed", lambda r: done.append(r) if older(r) else None)
    page.goto(live_server.url + "/")
    box = page.get_by_label("Search articles")
    with page.expect_request(older):
        box.fill("balloon")
    box.fill("fentanyl")
    expect(page.locator(".hit")).to_have_count(5)
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl")
    assert len(held) == 1

    # The older answer is let through now; the page stays on the newer search.
    held[0].continue_()
    for _ in range(500):
        if done:
            break
        page.wait_for_timeout(20)
    assert done, "the older request neither finished nor failed"
    page.evaluate("() => new Promise(ready => requestAnimationFrame(() => requestAnimationFrame(ready)))")
    expect(page).to_have_url(live_server.url + "/search?q=fentanyl")
    expect(box).to_have_value("fentanyl")
    expect(page.locator(".result-count")).to_contain_text("of 5 results for fentanyl")
    expect(page).to_have_title("fentanyl – Articles")
