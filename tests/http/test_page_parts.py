"""What the search and article pages show, part by part, over the news corpus: the result count with its
time, each hit's parts, numbered pagination, sorting, the chart over time, the empty state; and the
article page opened from a search (highlights, the first match, the way back, its JSON twin)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import create_app
from tests.http.test_search_api import article_ids, links_in, parse, query_of
from tests.news_corpus import NEWS_DOCS, OKONKWO, RELATED_PAIR, STORY

pytest_plugins = ["tests.news_fixtures"]

_COUNT = re.compile(r'<p class="result-count" id="result-count">(.*?)</p>', re.S)
_JSON_LINK = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)">')
_FIRST_MATCH = re.compile(r'<mark id="first-match">(.*?)</mark>')


@pytest.fixture(scope="module")
def client(news_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(news_settings)) as test_client:
        yield test_client


def text_of(fragment: str) -> str:
    return re.sub(r" ([,.])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()))


def result_count(page: str) -> str:
    (count,) = _COUNT.findall(page)
    return text_of(count)


# --- the search page ---------------------------------------------------------------------------


def test_result_count_gives_the_range_the_total_the_query_and_the_time(client: TestClient) -> None:
    first = client.get("/search", params={"q": "harbour", "per_page": 2}).text
    assert re.fullmatch(r"1–2 of 3 results for harbour, \d+ ms", result_count(first))
    second = client.get("/search", params={"q": "harbour", "per_page": 2, "page": 2}).text
    assert re.fullmatch(r"3–3 of 3 results for harbour, \d+ ms", result_count(second))
    assert "<title>harbour – Articles</title>" in first
    assert 'id="q" name="q" type="search" value="harbour"' in first  # the box keeps the query


def test_a_hit_shows_its_linked_title_site_date_author_and_highlighted_snippet(
    client: TestClient, news_ids: dict[str, str]
) -> None:
    page = client.get("/search", params={"q": "regatta"}).text
    (hit,) = re.findall(r'<li class="hit">.*?</li>', page, re.S)
    assert f'<a href="/articles/{news_ids["regatta_wp"]}?q=regatta">' in hit
    assert '<span class="site">harbourtimes.example</span>' in hit
    assert '<time datetime="2023-05-28T16:30:00+00:00">28 May 2023</time>' in hit
    assert f'<span class="author">{OKONKWO}</span>' in hit
    (snippet,) = re.findall(r'<p class="snippet">(.*?)</p>', hit, re.S)
    assert "<mark>regatta</mark>" in snippet


def test_pagination_is_numbered_with_gaps_and_keeps_the_search(client: TestClient) -> None:
    page = client.get("/search", params={"from": "2000", "sort": "oldest", "per_page": 1, "page": 6}).text
    (nav,) = re.findall(r'<nav class="pagination" aria-label="Result pages">.*?</nav>', page, re.S)
    assert text_of(nav) == "Previous 1 … 4 5 6 7 8 … 11 Next"
    assert '<span aria-current="page">6</span>' in nav
    numbered = {a.text: a.href for a in links_in(page, "pagination")}
    assert set(numbered) == {"Previous", "1", "4", "5", "7", "8", "11", "Next"}
    assert query_of(numbered["1"]) == [("from", "2000"), ("sort", "oldest"), ("per_page", "1")]
    assert query_of(numbered["11"]) == [("from", "2000"), ("sort", "oldest"), ("per_page", "1"), ("page", "11")]
    assert query_of(numbered["Next"])[-1] == ("page", "7") and query_of(numbered["Previous"])[-1] == ("page", "5")
    last = client.get(numbered["11"]).text
    assert "Next" not in text_of(re.findall(r'<nav class="pagination".*?</nav>', last, re.S)[0])


def test_sort_links_switch_the_order_and_mark_the_current_one(client: TestClient) -> None:
    page = client.get("/search", params={"q": "harbour"}).text
    (nav,) = re.findall(r'<nav class="sort" aria-label="Sort results">.*?</nav>', page, re.S)
    assert '<span aria-current="true">Relevance</span>' in nav
    sorts = {a.text: a.href for a in links_in(page, "sort")}
    assert query_of(sorts["Newest"]) == [("q", "harbour"), ("sort", "newest")]
    assert query_of(sorts["Oldest"]) == [("q", "harbour"), ("sort", "oldest")]
    newest = client.get(sorts["Newest"]).text
    assert '<span aria-current="true">Newest</span>' in newest


def test_the_chart_has_a_bar_per_month_each_a_link_to_its_month(client: TestClient, news_ids: dict[str, str]) -> None:
    page = client.get("/search", params={"q": "harbour"}).text
    assert "Results over time, per month" in page
    bars = [a for a in parse(page).anchors if "bars" in a.within]
    assert [a.label for a in bars] == ["2023-05: 1 result", "2023-06: 2 results"]
    assert [query_of(a.href) for a in bars] == [
        [("q", "harbour"), ("from", m), ("to", m)] for m in ("2023-05", "2023-06")
    ]
    heights = re.findall(r'<rect x="0" y="[\d.]+" width="10" height="([\d.]+)">', page)
    assert heights == ["50.0", "100.0"]  # the highest bar is the tallest
    june = client.get(bars[1].href).text
    assert set(article_ids(links_in(june, "hit-title"))) == {news_ids["dredging_html"], news_ids["dredging_wp"]}


def test_the_empty_state_helps_and_suggests(client: TestClient) -> None:
    page = client.get("/search", params={"q": "harbour tram", "category": "Science"}).text
    assert result_count(page) == "No results for harbour tram."
    section = links_in(page, "empty")
    assert "Search all articles for harbour tram, without the filters." in text_of(page)
    unfiltered = [a for a in section if a.text == "harbour tram"]
    assert len(unfiltered) == 1 and query_of(unfiltered[0].href) == [("q", "harbour tram")]
    assert "/help" in [a.href for a in section]
    assert client.get(unfiltered[0].href).text.count('<li class="hit">') >= 2
    # A misspelt word that finds nothing: "Did you mean" beside the same help.
    misspelt = client.get("/search", params={"q": "hydroelectrik"}).text
    assert result_count(misspelt) == "No results for hydroelectrik."
    assert [a.text for a in links_in(misspelt, "suggestion")] == ["hydroelectric"]
    assert '<section class="empty"' in misspelt and "without the filters" not in misspelt


# --- the article page, opened from a search ----------------------------------------------------


SEARCH = "/search?q=tram&sort=oldest&group=false&per_page=1&page=2"


def test_an_article_opened_from_results_leads_back_to_the_same_results(
    client: TestClient, news_ids: dict[str, str]
) -> None:
    results = client.get(SEARCH).text
    (link,) = [a.href for a in links_in(results, "hit-title")]
    assert query_of(link) == query_of(SEARCH)  # the search travels in the link
    article = client.get(link)
    assert article.status_code == 200
    (back,) = links_in(article.text, "back")
    assert back.href == SEARCH and back.text == "← Back to results"
    # Other versions and related articles keep the search too: their highlights and the way back.
    around = links_in(article.text, "article-versions") + links_in(article.text, "related")
    assert around and all(query_of(a.href) == query_of(SEARCH) for a in around)
    assert set(article_ids(links_in(article.text, "article-versions"))) < {news_ids[k] for k in STORY}


def test_an_article_marks_the_query_and_links_its_first_match(client: TestClient, news_ids: dict[str, str]) -> None:
    page = client.get(f"/articles/{news_ids['tram_html']}", params={"q": "depot councillors"}).text
    jump = [a for a in links_in(page, "matches") if a.href == "#first-match"]
    assert len(jump) == 1 and jump[0].text == "Jump to the first match"
    assert page.index('href="#first-match"') < page.index('<div class="article-body">')
    assert _FIRST_MATCH.findall(page) == ["Councillors"]  # the first in the text, once
    body = page[page.index('<div class="article-body">') :]
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", body)
    assert marks[0] == "Councillors" and "depot" in marks
    assert f"{len(marks)} matches for depot councillors in the text" in text_of(page)


def test_an_article_without_the_words_says_so_and_has_no_jump(client: TestClient, news_ids: dict[str, str]) -> None:
    page = client.get(f"/articles/{news_ids['regatta_wp']}", params={"q": "hydroelectric"}).text
    assert "No word of hydroelectric is in the text." in text_of(page)
    assert "first-match" not in page and "<mark" not in page
    plain = client.get(f"/articles/{news_ids['regatta_wp']}").text
    assert 'class="matches"' not in plain and 'class="back"' not in plain


def test_the_article_twin_gives_the_matches_the_page_marks(client: TestClient, news_ids: dict[str, str]) -> None:
    page = client.get(f"/articles/{news_ids['tram_html']}", params={"q": "depot tram"}).text
    (href,) = _JSON_LINK.findall(page)
    assert html.unescape(href) == f"/api/articles/{news_ids['tram_html']}?q=depot+tram"
    doc = client.get(html.unescape(href)).json()
    title, body, matches = doc["title"], doc["body"], doc["matches"]
    assert [title[s:e] for s, e in matches["title"]] == ["tram"]
    words = [body[s:e] for s, e in matches["body"]]
    assert words and {w.lower() for w in words} == {"tram", "depot"}
    assert [s for s, _ in matches["body"]] == sorted({s for s, _ in matches["body"]})
    first_start, first_end = matches["body"][0]
    assert _FIRST_MATCH.findall(page) == [body[first_start:first_end]]
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", page[page.index('<div class="article-body">') :])
    assert len(marked) == len(words)
    # Without a query there is nothing to locate; the document is the same.
    bare = client.get(f"/api/articles/{news_ids['tram_html']}").json()
    assert bare["matches"] is None and bare["body"] == body
    assert client.get(f"/api/articles/{news_ids['tram_html']}", params={"q": "x" * 1001}).status_code == 422


def test_the_article_page_tag_follows_the_search_it_came_from(client: TestClient, news_ids: dict[str, str]) -> None:
    url = f"/articles/{news_ids['tram_html']}"
    tags = {client.get(url, params=p).headers["etag"] for p in ({"q": "tram"}, {"q": "tram", "page": 2}, {})}
    assert len(tags) == 3  # a different way back is a different page
    api = f"/api/articles/{news_ids['tram_html']}"
    assert client.get(api).headers["etag"] != client.get(api, params={"q": "tram"}).headers["etag"]


def test_related_articles_are_listed_with_the_search(client: TestClient, news_ids: dict[str, str]) -> None:
    this, other = RELATED_PAIR
    page = client.get(f"/articles/{news_ids[this]}", params={"q": "harbour"}).text
    related = links_in(page, "related")
    assert article_ids(related)[0] == news_ids[other]
    assert query_of(related[0].href) == [("q", "harbour")]
    assert len(NEWS_DOCS) > len(related)


# --- the API reference -------------------------------------------------------------------------


def test_the_api_reference_is_a_page_made_from_the_openapi_description(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for path, methods in spec["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {html.escape(path)}</code>" in page
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    text = text_of(page)
    assert (
        "per_page query integer or null Hits per page (default: the per_page setting). at least 1; at most 100" in text
    )
    assert '<a href="#schema-ErrorResponse">ErrorResponse</a>' in page
    assert 'Examples: "2023", "2023-06", "2023-06-19"' in text
    assert '<link rel="alternate" type="application/json" href="/openapi.json">' in page
    assert "swagger" not in page.lower() and "redoc" not in page.lower()
    assert client.get("/redoc").status_code == 404
