"""The pages as a reader sees them, in a real browser against the real server over the news corpus: an
article opened from a page of results (its words marked, a link to the first match, the way back),
a phone's screen, the dark theme, print, line length and visible focus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Server

pytest_plugins = ["tests.news_fixtures"]
pytestmark = pytest.mark.browser

#: A search with filters, sorting and a page: the article opened from it must lead back to exactly it.
SEARCH = "/search?q=depot&sort=oldest&group=false&per_page=1&page=2"


@pytest.fixture(scope="module")
def article_path(news_server: Server) -> str:
    status, data = news_server.get_json("/api/search?q=depot&group=false&sort=oldest&per_page=1&page=2")
    assert status == 200 and data["hits"], data
    return f"/articles/{data['hits'][0]['id']}?q=depot"


def test_an_article_from_the_results_marks_the_words_jumps_to_the_first_and_leads_back(
    browser: Browser, news_server: Server
) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 420})  # the first match is out of sight
    page = context.new_page()
    try:
        page.goto(news_server.url + SEARCH)
        link = page.locator(".hits .hit-title a")
        expect(link).to_have_count(1)
        title = link.inner_text()
        link.click()
        expect(page.locator("article h1")).to_have_text(title)
        marks = page.locator(".article-body mark")
        assert marks.count() >= 1 and all(m.lower() == "depot" for m in marks.all_inner_texts())
        first = page.locator("#first-match")
        expect(first).to_have_count(1)
        assert first.evaluate("el => el === document.querySelector('.article-body mark')")
        expect(first).not_to_be_in_viewport()
        page.get_by_role("link", name="Jump to the first match").click()
        expect(page).to_have_url(re.compile(r"#first-match$"))
        expect(first).to_be_in_viewport()
        expect(first).to_have_css("outline-style", "solid")  # the match jumped to stands out

        page.get_by_role("link", name="← Back to results").click()
        expect(page).to_have_url(news_server.url + SEARCH)
        expect(page.get_by_label("Search articles")).to_have_value("depot")
        expect(page.locator(".pagination [aria-current=page]")).to_have_text("2")
        expect(link).to_have_text(title)
    finally:
        context.close()


def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, news_server: Server, article_path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for path in ("/", "/search?q=harbour", "/search?q=tram&group=false", SEARCH, "/search?q=xylophonist",
                     article_path, "/help", "/docs", "/nowhere"):  # fmt: skip
            page.goto(news_server.url + path)
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{path}: {widths[0]} px wide on a {widths[1]} px screen"
        # The results come before the facets, in one column.
        page.goto(news_server.url + "/search?q=harbour")
        results, facets = (page.locator(s).bounding_box() for s in (".results", ".facets"))
        assert results and facets and facets["y"] >= results["y"] + results["height"] - 1
    finally:
        context.close()


def background_and_text(page: Any) -> tuple[str, str]:
    colours: list[str] = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    )
    return colours[0], colours[1]


def luminance(colour: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.fixture
def page(browser: Browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    yield pg
    context.close()


def test_the_dark_theme_follows_the_system_setting(page: Any, news_server: Server, article_path: str) -> None:
    for path in ("/search?q=harbour", article_path):
        page.goto(news_server.url + path)
        page.emulate_media(color_scheme="light")
        light_bg, light_fg = background_and_text(page)
        page.emulate_media(color_scheme="dark")
        dark_bg, dark_fg = background_and_text(page)
        assert light_bg != dark_bg and light_fg != dark_fg
        assert luminance(light_bg) > 0.8 > 0.2 > luminance(dark_bg)
        assert luminance(dark_fg) > 0.7
        mark = page.locator("mark").first
        assert mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_print_leaves_out_the_navigation_and_the_search_form(page: Any, news_server: Server, article_path: str) -> None:
    page.goto(news_server.url + "/search?q=harbour&per_page=1")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".search-form", ".pagination", ".facets", ".sort", ".site-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".hits")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".search-form")).to_be_visible()
    page.goto(news_server.url + article_path)
    page.emulate_media(media="print")
    for hidden in (".search-form", ".back", ".matches"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".article-body")).to_be_visible()
    assert background_and_text(page) == ("rgb(255, 255, 255)", "rgb(0, 0, 0)")


def test_article_lines_hold_about_seventy_characters(page: Any, news_server: Server, article_path: str) -> None:
    page.goto(news_server.url + article_path)
    per_line: list[float] = page.evaluate(
        """[...document.querySelectorAll('.article-body p')].map(p => {
             const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
             return lines >= 3 ? p.textContent.length / lines : null;
           }).filter(n => n !== null)"""
    )
    assert per_line, "the article should have paragraphs of several lines"
    assert all(55 <= n <= 85 for n in per_line), per_line


def test_focus_is_visible(page: Any, news_server: Server) -> None:
    page.goto(news_server.url + "/search?q=harbour")
    page.get_by_label("Search articles").focus()
    for _ in range(2):  # the button, then the help link
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_css("outline-style", "solid")
        width = focused.evaluate("el => parseFloat(getComputedStyle(el).outlineWidth)")
        assert width >= 2
