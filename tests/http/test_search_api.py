"""Search through HTTP over the news corpus: the JSON API's filters, facets and errors, and the pages
that show them (facet links, removable filter chips, "Did you mean", versions, related, help).

The app runs with its lifespan (TestClient as a context manager) over a real index of
:mod:`tests.news_corpus`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import create_app
from tests.news_corpus import HARBOUR, NEWS_DOCS, OKONKWO, RAMAN, RELATED_PAIR, STORY, VALLEY

pytest_plugins = ["tests.news_fixtures"]

FACET_NAMES = {"site", "author", "category", "year", "month"}
REF_FIELDS = {"id", "title", "url", "site", "published"}
#: Query parameters, as a mapping or as (name, value) pairs when a name repeats.
Params = Mapping[str, str | int] | Sequence[tuple[str, str]]


@pytest.fixture(scope="module")
def client(news_settings: Settings) -> Iterator[TestClient]:
    """The app over the news index, with its lifespan running."""
    with TestClient(create_app(news_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def key_of(news_ids: dict[str, str]) -> dict[str, str]:
    return {doc_id: key for key, doc_id in news_ids.items()}


def api(client: TestClient, params: Params) -> dict[str, Any]:
    pairs: list[tuple[str, str | int | float | bool | None]] = list(
        params.items() if isinstance(params, Mapping) else params
    )
    r = client.get("/api/search", params=pairs)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def api_keys(client: TestClient, key_of: dict[str, str], params: Params) -> list[str]:
    return [key_of[hit["id"]] for hit in api(client, params)["hits"]]


def query_of(url: str) -> list[tuple[str, str]]:
    """The (name, value) items of a link's query string, in order."""
    return parse_qsl(urlsplit(url).query)


class Anchor:
    def __init__(self, href: str, label: str | None, within: tuple[str, ...]) -> None:
        self.href = href
        self.label = label
        self.within = within  # classes (and ids) of the enclosing elements, outermost first
        self.text = ""


class _Page(HTMLParser):
    """The links of a page, each with the classes of the elements around it; and <summary> texts."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, tuple[str, ...]]] = []
        self.anchors: list[Anchor] = []
        self.summaries: list[str] = []
        self._open: Anchor | None = None
        self._summary: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        names = tuple((values.get("class") or "").split()) + tuple(filter(None, [values.get("id")]))
        if tag == "a":
            within = tuple(name for _tag, classes in self.stack for name in classes)
            self._open = Anchor(values.get("href") or "", values.get("aria-label"), within)
            self.anchors.append(self._open)
        if tag == "summary":
            self._summary = []
        if tag not in self.VOID:
            self.stack.append((tag, names))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None
        if tag == "summary" and self._summary is not None:
            self.summaries.append(" ".join("".join(self._summary).split()))
            self._summary = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data
        if self._summary is not None:
            self._summary.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def links_in(html: str, section: str) -> list[Anchor]:
    """The links inside elements of class (or id) ``section``."""
    return [a for a in parse(html).anchors if section in a.within]


def article_ids(anchors: list[Anchor]) -> list[str]:
    return [urlsplit(a.href).path.removeprefix("/articles/") for a in anchors if a.href.startswith("/articles/")]


def page_keys(client: TestClient, key_of: dict[str, str], url: str) -> list[str]:
    """The articles a search page lists, in order (the hit titles' links)."""
    r = client.get(url)
    assert r.status_code == 200, r.text
    return [key_of[i] for i in article_ids(links_in(r.text, "hit-title"))]


# --- filters and sorting through /api/search -------------------------------------------------


def test_site_values_are_alternatives(client: TestClient, key_of: dict[str, str]) -> None:
    one = set(api_keys(client, key_of, {"site": HARBOUR, "group": "false"}))
    assert one == {"dredging_html", "tram_html", "g7_html"}
    both = set(api_keys(client, key_of, [("site", HARBOUR), ("site", VALLEY), ("group", "false")]))
    assert both == {k for k, d in NEWS_DOCS.items() if d.site in (HARBOUR, VALLEY)}
    assert len(both) == 7


def test_author_and_category_combine(client: TestClient, key_of: dict[str, str]) -> None:
    params = [("author", OKONKWO), ("author", RAMAN), ("category", "Sport")]
    assert set(api_keys(client, key_of, params)) == {"zurich_wp", "regatta_wp"}
    params = [("q", "council"), ("category", "Politics"), ("site", VALLEY)]
    assert api_keys(client, key_of, params) == ["budget_html"]


def test_from_and_to_include_the_whole_period_they_name(client: TestClient, key_of: dict[str, str]) -> None:
    june = set(api_keys(client, key_of, {"from": "2023-06", "to": "2023-06"}))
    assert june == {"g7_html", "dredging_html", "dredging_wp", "budget_html"}
    # Unlike before: in the query, "to" includes the day it names.
    assert set(api_keys(client, key_of, {"q": "tram", "to": "2023-05-17", "group": "false"})) == {"tram_html"}
    assert api_keys(client, key_of, {"q": "tram before:2023-05-17", "group": "false"}) == []
    assert set(api_keys(client, key_of, {"from": "2024"})) == {"hydro_html", "sensors_wp", "cup_html"}


def test_sort_by_date(client: TestClient, key_of: dict[str, str]) -> None:
    params = {"q": "storm OR tram OR regatta OR cup", "group": "false"}
    newest = api_keys(client, key_of, {**params, "sort": "newest"})
    oldest = api_keys(client, key_of, {**params, "sort": "oldest"})
    assert newest[:4] == ["cup_html", "regatta_wp", "tram_wp", "tram_html"]
    assert oldest[:4] == ["tram_html", "tram_wp", "regatta_wp", "cup_html"]
    assert set(newest[4:]) == set(oldest[4:]) == {"tram_text", "storm_text"}  # undated last either way
    assert api(client, {**params, "sort": "oldest"})["sort"] == "oldest"


def test_story_grouping_in_json(client: TestClient, news_ids: dict[str, str]) -> None:
    story_ids = {news_ids[k] for k in STORY}
    grouped = api(client, {"q": "tram"})
    assert (grouped["total"], grouped["documents"], grouped["grouped"]) == (1, 3, True)
    hit = grouped["hits"][0]
    assert hit["story"] == min(story_ids)
    assert hit["duplicates"] == 2
    assert {v["id"] for v in hit["versions"]} == story_ids - {hit["id"]}
    assert all(set(v) == REF_FIELDS for v in hit["versions"])
    every = api(client, {"q": "tram", "group": "false"})
    assert (every["total"], every["grouped"]) == (3, False)
    assert {h["id"] for h in every["hits"]} == story_ids
    assert all(h["duplicates"] == 0 and h["versions"] == [] for h in every["hits"])


def test_story_parameter_lists_every_version(client: TestClient, news_ids: dict[str, str]) -> None:
    story = min(news_ids[k] for k in STORY)
    data = api(client, {"story": story, "group": "false"})
    assert {h["id"] for h in data["hits"]} == {news_ids[k] for k in STORY}
    assert data["filters"]["story"] == story


def test_facets_always_have_their_five_keys(client: TestClient) -> None:
    for params in ({"q": "harbour"}, {"q": "xylophone"}, {"q": ""}, {"category": "Sport"}):
        facets = api(client, params)["facets"]
        assert set(facets) == FACET_NAMES, params
    assert api(client, {"q": "xylophone"})["facets"] == {name: [] for name in FACET_NAMES}


def test_facets_in_json(client: TestClient) -> None:
    facets = api(client, {"q": "tram"})["facets"]
    assert facets["site"] == [{"value": HARBOUR, "count": 1}, {"value": "valleycourier.example", "count": 1}]
    assert facets["author"] == [{"value": RAMAN, "count": 2}]
    assert facets["month"] == [{"value": "2023-05", "count": 2}]
    assert facets["year"] == [{"value": "2023", "count": 2}]


def test_filters_are_echoed_cleaned(client: TestClient) -> None:
    params = [
        ("q", "harbour"),
        ("site", "  Harbour   Times "),
        ("site", HARBOUR),
        ("from", "2023-06"),
        ("sort", "newest"),
    ]
    data = api(client, params)
    assert data["filters"] == {
        "site": [HARBOUR],
        "author": [],
        "category": [],
        "from": "2023-06",
        "to": None,
        "story": None,
    }
    assert data["total"] == 1


def test_suggestion_in_json(client: TestClient) -> None:
    assert api(client, {"q": "hydroelectrik"})["suggestion"] == "hydroelectric"
    assert api(client, {"q": "hydroelectric"})["suggestion"] is None


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "value"), [("from", "2023-13"), ("to", "soon"), ("from", "13/2023")])
def test_a_bad_date_is_a_422_that_says_the_format(client: TestClient, name: str, value: str) -> None:
    r = client.get("/api/search", params={"q": "harbour", name: value})
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == "invalid_parameter"
    message = body["error"]["message"]
    assert name in message and repr(value) in message
    assert "YYYY-MM-DD" in message


def test_a_bad_date_on_the_page_is_an_html_422(client: TestClient) -> None:
    r = client.get("/search", params={"q": "harbour", "from": "2023-13"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert "is not a date" in r.text and "YYYY-MM-DD" in r.text


def test_per_page_over_the_limit_is_a_422(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "harbour", "per_page": 101})
    assert r.status_code == 422
    assert r.json()["error"] == {
        "code": "invalid_parameter",
        "message": "Invalid parameter per_page: must be at most 100.",
    }
    assert client.get("/api/search", params={"q": "harbour", "per_page": 100}).status_code == 200


def test_an_unknown_sort_is_a_422_naming_the_choices(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "harbour", "sort": "bogus"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["message"].startswith("Invalid parameter sort:")
    assert all(choice in error["message"] for choice in ("relevance", "newest", "oldest"))


# --- related articles --------------------------------------------------------------------------


def test_related_shape(client: TestClient, news_ids: dict[str, str]) -> None:
    this, other = RELATED_PAIR
    r = client.get(f"/api/articles/{news_ids[this]}/related")
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {"id", "story", "related", "versions"}
    assert (data["id"], data["story"], data["versions"]) == (news_ids[this], news_ids[this], [])
    assert data["related"][0]["id"] == news_ids[other]
    assert all(set(item) == REF_FIELDS | {"score"} for item in data["related"])
    assert news_ids[this] not in {item["id"] for item in data["related"]}


def test_related_of_a_story_lists_its_versions_oldest_first(client: TestClient, news_ids: dict[str, str]) -> None:
    data = client.get(f"/api/articles/{news_ids['tram_text']}/related").json()
    assert data["story"] == min(news_ids[k] for k in STORY)
    assert [v["id"] for v in data["versions"]] == [news_ids["tram_html"], news_ids["tram_wp"]]
    assert not {item["id"] for item in data["related"]} & {news_ids[k] for k in STORY}


def test_related_of_an_unknown_article_is_a_404(client: TestClient) -> None:
    r = client.get("/api/articles/no-such-id/related")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "not_found", "message": "No article with id 'no-such-id'."}}


# --- the search page ---------------------------------------------------------------------------


def test_facet_links_add_their_filter(client: TestClient, key_of: dict[str, str]) -> None:
    r = client.get("/search", params={"q": "harbour"})
    facets = {a.text.strip(): a.href for a in links_in(r.text, "facets")}
    assert set(facets) >= {HARBOUR, "valleycourier.example", OKONKWO, "Politics", "Sport", "2023", "2023-06"}
    assert query_of(facets[HARBOUR]) == [("q", "harbour"), ("site", HARBOUR)]
    assert query_of(facets["2023-06"]) == [("q", "harbour"), ("from", "2023-06"), ("to", "2023-06")]
    assert page_keys(client, key_of, facets[HARBOUR]) == ["dredging_html"]
    assert set(page_keys(client, key_of, facets["Sport"])) == {"regatta_wp"}
    assert set(page_keys(client, key_of, facets["2023-06"])) == {"dredging_html", "dredging_wp"}


def test_facet_counts_are_shown(client: TestClient) -> None:
    r = client.get("/search", params={"q": "tram"})
    assert 'rel="nofollow">Priya Raman</a> <span class="count">2</span>' in r.text


def test_a_chip_removes_exactly_its_filter(client: TestClient, key_of: dict[str, str]) -> None:
    url = "/search?q=harbour&site=Harbour+Times&category=Politics&sort=newest"
    r = client.get(url)
    chips = {a.label: a.href for a in links_in(r.text, "chips")}
    assert set(chips) == {"Remove filter Site: Harbour Times", "Remove filter Category: Politics"}
    assert all(a.text == "×" for a in links_in(r.text, "chips"))
    without_site = chips["Remove filter Site: Harbour Times"]
    assert query_of(without_site) == [("q", "harbour"), ("category", "Politics"), ("sort", "newest")]
    assert query_of(chips["Remove filter Category: Politics"]) == [
        ("q", "harbour"),
        ("site", HARBOUR),
        ("sort", "newest"),
    ]
    assert page_keys(client, key_of, url) == ["dredging_html"]
    assert page_keys(client, key_of, without_site) == ["dredging_wp", "dredging_html"]  # newest first


def test_a_date_chip_removes_the_whole_period(client: TestClient) -> None:
    r = client.get("/search", params={"q": "harbour", "from": "2023-06", "to": "2023-06"})
    chips = links_in(r.text, "chips")
    assert [a.label for a in chips] == ["Remove filter Date: 2023-06"]
    assert query_of(chips[0].href) == [("q", "harbour")]


def test_did_you_mean_keeps_the_filters(client: TestClient, key_of: dict[str, str]) -> None:
    r = client.get("/search", params={"q": "hydroelectrik", "category": "Science"})
    links = links_in(r.text, "suggestion")
    assert [a.text for a in links] == ["hydroelectric"]
    assert "Did you mean" in r.text
    assert query_of(links[0].href) == [("q", "hydroelectric"), ("category", "Science")]
    assert page_keys(client, key_of, links[0].href) == ["hydro_html"]
    assert not links_in(client.get("/search", params={"q": "hydroelectric"}).text, "suggestion")


def test_more_versions_are_listed_under_the_hit(client: TestClient, news_ids: dict[str, str]) -> None:
    r = client.get("/search", params={"q": "tram"})
    page = parse(r.text)
    assert page.summaries == ["2 more versions"]
    hit_id = article_ids(links_in(r.text, "hit-title"))[0]
    versions = links_in(r.text, "versions")
    listed = article_ids(versions)
    assert set(listed) == {news_ids[k] for k in STORY} - {hit_id}
    all_versions = [a for a in versions if a.text == "All versions of this story"]
    assert len(all_versions) == 1
    assert dict(query_of(all_versions[0].href)) == {
        "q": "tram",
        "story": min(news_ids[k] for k in STORY),
        "group": "false",
    }
    shown = article_ids(links_in(client.get(all_versions[0].href).text, "hit-title"))
    assert set(shown) == {news_ids[k] for k in STORY}


def test_a_lone_article_has_no_versions_box(client: TestClient) -> None:
    r = client.get("/search", params={"q": "regatta"})
    assert parse(r.text).summaries == []
    assert "more version" not in r.text


def test_help_page_is_linked_from_the_search_form(client: TestClient) -> None:
    for url in ("/", "/search?q=harbour", "/articles/no-such-id"):
        form_links = [a for a in parse(client.get(url).text).anchors if "help-link" in a.within or a.href == "/help"]
        assert any(a.href == "/help" for a in form_links), url
    r = client.get("/help")
    assert r.status_code == 200
    assert r.template.name == "help.html"  # type: ignore[attr-defined]
    assert "<h1>Search tips</h1>" in r.text
    for syntax in ("after:2023-06-01", "before:2023-07", "date:2023-06", "site:", "COVID-19"):
        assert syntax in r.text


def test_article_page_lists_its_versions_and_related_articles(client: TestClient, news_ids: dict[str, str]) -> None:
    r = client.get(f"/articles/{news_ids['tram_html']}")
    assert r.status_code == 200
    assert "Other versions of this story" in r.text and "Related articles" in r.text
    versions = article_ids(links_in(r.text, "article-versions"))
    assert versions == [news_ids["tram_wp"], news_ids["tram_text"]]  # oldest first, undated last
    related = article_ids(links_in(r.text, "related"))
    assert related and not set(related) & {news_ids[k] for k in STORY}
    this, other = RELATED_PAIR
    page = client.get(f"/articles/{news_ids[this]}").text
    assert article_ids(links_in(page, "related"))[0] == news_ids[other]
    assert "Other versions of this story" not in page


# --- the state is in the URL -------------------------------------------------------------------


def test_a_copied_url_shows_what_the_api_gives(client: TestClient, news_ids: dict[str, str]) -> None:
    query = "q=council+OR+harbour&category=Politics&from=2023-05&to=2023-06&sort=oldest&group=false&per_page=2&page=2"
    page = client.get(f"/search?{query}")
    twin = client.get(f"/api/search?{query}").json()
    ids = article_ids(links_in(page.text, "hit-title"))
    assert ids == [h["id"] for h in twin["hits"]]
    assert (twin["total"], twin["page"], len(ids)) == (5, 2, 2)  # tram (2 of 3 have a category), budget, dredging x2
    # The page names its JSON twin with the same parameters, and paging keeps every one of them.
    alternate = f'<link rel="alternate" type="application/json" href="/api/search?{query.replace("&", "&amp;")}">'
    assert alternate in page.text
    next_page = next(a.href for a in links_in(page.text, "pagination") if a.text == "Next")
    assert query_of(next_page) == [*(item for item in query_of(f"?{query}") if item[0] != "page"), ("page", "3")]
    # The same URL, asked again, gives the same page.
    assert article_ids(links_in(client.get(f"/search?{query}").text, "hit-title")) == ids
    assert set(ids) <= {news_ids[k] for k in NEWS_DOCS}
