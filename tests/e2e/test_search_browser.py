"""Facets, filter chips and story versions in a real browser (Debian's chromium through Playwright),
against the real server started over the news corpus (:mod:`tests.news_corpus`)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytest_plugins = ["tests.news_fixtures"]
pytestmark = pytest.mark.browser


def test_a_facet_becomes_a_chip_and_its_cross_removes_it(page: Any, news_server: Server) -> None:
    page.goto(news_server.url + "/search?q=harbour")
    hits = page.locator(".hit")
    expect(hits).to_have_count(3)
    expect(page.locator(".chips")).to_have_count(0)

    page.locator(".facets").get_by_role("link", name="Sport", exact=True).click()
    expect(page).to_have_url(news_server.url + "/search?q=harbour&category=Sport")
    chip = page.locator(".chips li")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Category: Sport")
    expect(hits).to_have_count(1)
    expect(hits.first.locator(".hit-title")).to_have_text("Rowing regatta returns to the harbour after four years")

    page.get_by_role("link", name="Remove filter Category: Sport").click()
    expect(page).to_have_url(news_server.url + "/search?q=harbour")
    expect(page.locator(".chips")).to_have_count(0)
    expect(hits).to_have_count(3)
    expect(page.locator(".result-count")).to_contain_text("1–3 of 3 results")


def test_more_versions_open_to_list_the_other_versions(page: Any, news_server: Server) -> None:
    page.goto(news_server.url + "/search?q=tram")
    hits = page.locator(".hit")
    expect(hits).to_have_count(1)
    expect(page.locator(".result-count")).to_contain_text("1–1 of 1 story for tram (3 articles)")
    versions = hits.first.locator("details.versions")
    summary = versions.locator("summary")
    expect(summary).to_have_text("2 more versions")
    listed = versions.locator("ul li a")
    expect(listed.first).to_be_hidden()

    summary.click()
    expect(listed).to_have_count(2)
    expect(listed.first).to_be_visible()
    titles = {*listed.all_inner_texts(), hits.first.locator(".hit-title").inner_text()}
    assert titles == {
        "Council backs tram line to the eastern docks",
        "Tram line to the eastern docks wins council backing",
    }

    versions.get_by_role("link", name="All versions of this story").click()
    expect(page).to_have_url(re.compile(r"/search\?q=tram&story=[0-9a-f]+&group=false$"))
    expect(hits).to_have_count(3)
    expect(page.locator(".chips li")).to_contain_text("Story:")
