"""Search features on a real index of the news corpus (:mod:`tests.news_corpus`), through SearchIndex.

Date filters in the query, the request's filters, facets, sorting, paging, story grouping,
"Did you mean", related articles, accents and odd tokens, and how questions are ranked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime

import pytest

from app.matching import Filters
from app.query import parse_query
from app.search import MAX_PER_PAGE, SearchIndex, SearchPage, SearchRequest, Sort
from tests.news_corpus import (
    HARBOUR,
    HARBOUR_HOST,
    LINDQVIST,
    NEWS_DOCS,
    OKONKWO,
    RAMAN,
    RELATED_PAIR,
    STORY,
    TRAM_TEXT_DEBRIS,
    VALLEY,
    VALLEY_HOST,
    NewsDoc,
    publication,
)

pytest_plugins = ["tests.news_fixtures"]

DATED = {key for key, doc in NEWS_DOCS.items() if doc.published is not None}
UNDATED = set(NEWS_DOCS) - DATED
FACETS = ("site", "author", "category", "year", "month")


def run(
    index: SearchIndex,
    q: str = "",
    *,
    filters: Filters | None = None,
    group: bool = False,
    sort: Sort = "relevance",
    per_page: int = MAX_PER_PAGE,
    page: int = 1,
) -> SearchPage:
    request = SearchRequest(q=q, page=page, per_page=per_page, sort=sort, filters=filters or Filters(), group=group)
    return index.search(request)


def keys_of(page: SearchPage, ids: dict[str, str]) -> list[str]:
    """The corpus keys of a page's hits, in order."""
    key_of = {doc_id: key for key, doc_id in ids.items()}
    return [key_of[hit.id] for hit in page.hits]


def found(index: SearchIndex, ids: dict[str, str], q: str = "", filters: Filters | None = None) -> set[str]:
    """Every document (not story) a search finds."""
    page = run(index, q, filters=filters)
    assert page.total == page.documents == len(page.hits)
    return set(keys_of(page, ids))


def where(test: Callable[[NewsDoc], bool]) -> set[str]:
    """The keys of the corpus's documents for which ``test(doc)`` holds."""
    return {key for key, doc in NEWS_DOCS.items() if test(doc)}


def published_in(start: date | None = None, end: date | None = None) -> set[str]:
    """Documents published in [start, end) by the corpus's own record."""
    low, high = start or date.min, end or date.max
    return where(lambda d: d.published is not None and low <= d.published < high)


def facet_counts(page: SearchPage) -> dict[str, dict[str, int]]:
    return {name: {v.value: v.count for v in page.facets[name]} for name in FACETS}


def expected_facets(docs: Iterable[NewsDoc]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for doc in docs:
        counts["site"].update([doc.site] if doc.site else [])
        counts["author"].update([doc.author] if doc.author else [])
        counts["category"].update(doc.categories)
        counts["year"].update([doc.year] if doc.year else [])
        counts["month"].update([doc.month] if doc.month else [])
    return {name: dict(counter) for name, counter in counts.items()}


# --- the corpus, as indexed -------------------------------------------------------------------


def test_every_file_is_indexed_as_the_corpus_says(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    assert news_index.count() == len(NEWS_DOCS) == 14
    assert Counter(doc.format for doc in NEWS_DOCS.values()) == {"html": 7, "wordpress": 5, "text": 2}
    for key, spec in NEWS_DOCS.items():
        doc = news_index.document(news_ids[key])
        assert doc is not None, key
        assert (doc.title, doc.format, doc.site, doc.author) == (spec.title, spec.format, spec.site, spec.author), key
        assert doc.categories == spec.categories, key
        assert doc.body == "\n\n".join(spec.paragraphs), key
        if spec.published is None:
            assert doc.published is None, key
        else:
            assert doc.published is not None and doc.published.startswith(spec.published.isoformat()), key


def test_the_copied_text_loses_its_website_debris(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    doc = news_index.document(news_ids["tram_text"])
    assert doc is not None
    for debris in TRAM_TEXT_DEBRIS:
        assert debris not in doc.body
    assert "Comment *" not in doc.body and "Home >" not in doc.title
    assert NEWS_DOCS["tram_text"].body_words >= 150


# --- date filters written in the query --------------------------------------------------------


def test_after_includes_the_day_it_names(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    after = found(news_index, news_ids, "after:2023-06-12")
    assert "dredging_html" in after  # published on 2023-06-12 itself
    assert (
        after
        == published_in(date(2023, 6, 12))
        == {
            "dredging_html",
            "dredging_wp",
            "budget_html",
            "hydro_html",
            "sensors_wp",
            "cup_html",
        }
    )


def test_before_excludes_the_day_it_names(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    before = found(news_index, news_ids, "before:2023-06-12")
    assert "dredging_html" not in before
    assert before == published_in(end=date(2023, 6, 12))
    # Together they cover every dated document once; undated documents are in neither.
    assert before | found(news_index, news_ids, "after:2023-06-12") == DATED
    assert not before & UNDATED


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        ("date:2023-06", date(2023, 6, 1), date(2023, 7, 1)),
        ("date:2023-06-12", date(2023, 6, 12), date(2023, 6, 13)),
        ("date:2023-6-2", date(2023, 6, 2), date(2023, 6, 3)),
        ("date:2022", date(2022, 1, 1), date(2023, 1, 1)),
        ("date:2023/05", date(2023, 5, 1), date(2023, 6, 1)),
        ("after:2023-05 before:2023-06-13", date(2023, 5, 1), date(2023, 6, 13)),
    ],
)
def test_date_names_a_day_a_month_or_a_year(
    news_index: SearchIndex, news_ids: dict[str, str], q: str, start: date, end: date
) -> None:
    expected = published_in(start, end)
    assert expected, "the corpus must have documents in the period"
    assert found(news_index, news_ids, q) == expected


def test_month_filter_holds_two_different_days(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    june = found(news_index, news_ids, "date:2023-06")
    assert june == {"g7_html", "dredging_html", "dredging_wp", "budget_html"}
    assert len({NEWS_DOCS[key].published for key in june}) == 4


def test_a_date_filter_narrows_words(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    assert found(news_index, news_ids, "council") == {*STORY, "budget_html"}
    assert found(news_index, news_ids, "council date:2023-06") == {"budget_html"}
    assert found(news_index, news_ids, "council before:2023-06") == {"tram_html", "tram_wp"}


@pytest.mark.parametrize("malformed", ["after:soon", "before:2023-13", "date:yesterday"])
def test_a_malformed_date_is_searched_as_words(
    news_index: SearchIndex, news_ids: dict[str, str], malformed: str
) -> None:
    assert parse_query(malformed).filters() == []
    alone = run(news_index, malformed)
    assert alone.query_words == 2  # the two words on either side of the colon, not a filter (which has none)
    with_word = run(news_index, f"regatta {malformed}")
    assert keys_of(with_word, news_ids)[0] == "regatta_wp"  # the regatta (May 2023) is not filtered out by date
    assert with_word.query_words == 3


# --- the request's filters --------------------------------------------------------------------


def test_sites_are_alternatives(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    one = found(news_index, news_ids, filters=Filters(sites=(HARBOUR,)))
    assert one == where(lambda d: d.site == HARBOUR) == {"dredging_html", "tram_html", "g7_html"}
    both = found(news_index, news_ids, filters=Filters(sites=(HARBOUR, VALLEY)))
    assert both == where(lambda d: d.site in (HARBOUR, VALLEY))
    assert len(both) == 7 and both > one


def test_site_filter_ignores_case_and_takes_the_web_address(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    assert found(news_index, news_ids, filters=Filters(sites=("harbour TIMES",))) == where(lambda d: d.site == HARBOUR)
    # A page's canonical URL is on the same host as the WordPress posts: the host finds the whole publication.
    by_host = found(news_index, news_ids, filters=Filters(sites=(HARBOUR_HOST,)))
    assert by_host == where(lambda d: publication(d) == HARBOUR)
    assert {"zurich_wp", "regatta_wp", "g7_html"} <= by_host


def test_authors_are_alternatives(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    for author in (OKONKWO, LINDQVIST, RAMAN):
        alone = found(news_index, news_ids, filters=Filters(authors=(author,)))
        assert alone == {key for key, doc in NEWS_DOCS.items() if doc.author == author}
        assert len(alone) == 4
    two = found(news_index, news_ids, filters=Filters(authors=(OKONKWO, RAMAN)))
    assert two == where(lambda d: d.author in (OKONKWO, RAMAN))
    assert len(two) == 8


def test_categories_are_alternatives(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    science = found(news_index, news_ids, filters=Filters(categories=("science",)))
    assert science == where(lambda d: "Science" in d.categories) == {"hydro_html", "g7_html", "bees_html", "sensors_wp"}
    either = found(news_index, news_ids, filters=Filters(categories=("Science", "Sport")))
    assert either == where(lambda d: bool({"Science", "Sport"} & set(d.categories)))


def test_different_filters_must_all_hold(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    sport_by_okonkwo = found(news_index, news_ids, filters=Filters(authors=(OKONKWO,), categories=("Sport",)))
    assert sport_by_okonkwo == {"zurich_wp", "regatta_wp"}
    narrower = Filters(authors=(OKONKWO, LINDQVIST), categories=("Sport",), sites=(VALLEY,))
    assert found(news_index, news_ids, filters=narrower) == {"cup_html"}
    # A filter in the query and one in the request: a post in both categories.
    both = found(news_index, news_ids, "category:politics", filters=Filters(categories=("Science",)))
    assert both == {"sensors_wp"}


def test_from_and_to_are_a_half_open_range(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    # [18 May, 13 June): the WordPress post of 18 May at 10:00 is in, that of 13 June at 09:15 is out.
    window = Filters(start=datetime(2023, 5, 18), end=datetime(2023, 6, 13))
    assert found(news_index, news_ids, filters=window) == {"tram_wp", "regatta_wp", "g7_html", "dredging_html"}
    assert found(news_index, news_ids, "harbour", filters=window) == {"regatta_wp", "dredging_html"}
    since = found(news_index, news_ids, filters=Filters(start=datetime(2024, 1, 1)))
    assert since == published_in(date(2024, 1, 1)) == {"hydro_html", "sensors_wp", "cup_html"}


def test_filters_without_words_list_newest_first(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, filters=Filters(categories=("Sport",)))
    assert keys_of(page, news_ids) == ["cup_html", "regatta_wp", "zurich_wp"]
    assert all(hit.score == 0 for hit in page.hits)
    assert (page.matched_words, page.query_words) == (0, 0)


# --- facets ------------------------------------------------------------------------------------


def test_facets_count_the_documents_a_query_finds(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "harbour OR council OR climbers")
    matched = set(keys_of(page, news_ids))
    assert matched == {*STORY, "budget_html", "dredging_html", "dredging_wp", "regatta_wp", "zurich_wp"}
    assert facet_counts(page) == expected_facets(NEWS_DOCS[k] for k in matched)
    assert facet_counts(page)["author"] == {OKONKWO: 4, RAMAN: 2, LINDQVIST: 1}
    assert facet_counts(page)["month"] == {"2022-11": 1, "2023-05": 3, "2023-06": 3}


def test_facets_of_filter_only_browsing(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, filters=Filters(sites=(VALLEY,)))
    valley = where(lambda d: d.site == VALLEY)
    assert set(keys_of(page, news_ids)) == valley
    assert facet_counts(page) == expected_facets(NEWS_DOCS[k] for k in valley)
    assert facet_counts(page)["year"] == {"2022": 1, "2023": 1, "2024": 2}


def test_facets_of_every_dated_document(news_index: SearchIndex) -> None:
    page = run(news_index, filters=Filters(start=datetime(1900, 1, 1)), per_page=1)
    counts = facet_counts(page)
    assert counts == expected_facets(NEWS_DOCS[k] for k in DATED)
    assert counts["site"] == {HARBOUR: 3, VALLEY: 4, HARBOUR_HOST: 2, VALLEY_HOST: 3}
    assert counts["category"] == {"Politics": 6, "Science": 4, "Sport": 3}
    assert counts["month"] == {"2022-11": 2, "2023-05": 3, "2023-06": 4, "2024-01": 3}
    # Dates newest first; the other facets most frequent first, ties by name.
    assert [v.value for v in page.facets["month"]] == ["2024-01", "2023-06", "2023-05", "2022-11"]
    assert [v.value for v in page.facets["year"]] == ["2024", "2023", "2022"]
    assert [v.value for v in page.facets["site"]] == [VALLEY, HARBOUR, VALLEY_HOST, HARBOUR_HOST]
    assert [v.value for v in page.facets["category"]] == ["Politics", "Science", "Sport"]


def test_facets_count_documents_even_when_versions_are_grouped(news_index: SearchIndex) -> None:
    page = run(news_index, "tram", group=True)
    assert (page.total, page.documents) == (1, 3)
    assert facet_counts(page) == expected_facets(NEWS_DOCS[k] for k in STORY)
    assert facet_counts(page)["category"] == {"Politics": 2}  # the plain-text copy has no category


def test_a_search_that_finds_nothing_has_empty_facets(news_index: SearchIndex) -> None:
    page = run(news_index, "xylophone")
    assert page.total == 0
    assert all(page.facets[name] == [] for name in FACETS)


# --- sorting -----------------------------------------------------------------------------------

MIXED = "storm OR tram OR regatta OR cup"  # dated and undated documents


def test_newest_first_with_undated_last(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    order = keys_of(run(news_index, MIXED, sort="newest"), news_ids)
    assert order[:4] == ["cup_html", "regatta_wp", "tram_wp", "tram_html"]
    assert set(order[4:]) == UNDATED == {"tram_text", "storm_text"}


def test_oldest_first_with_undated_last(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    order = keys_of(run(news_index, MIXED, sort="oldest"), news_ids)
    assert order[:4] == ["tram_html", "tram_wp", "regatta_wp", "cup_html"]
    assert set(order[4:]) == UNDATED


def test_sorting_by_date_keeps_the_same_results(news_index: SearchIndex) -> None:
    pages = {sort: run(news_index, MIXED, sort=sort) for sort in ("relevance", "newest", "oldest")}
    assert {p.sort for p in pages.values()} == {"relevance", "newest", "oldest"}
    assert len({frozenset(h.id for h in p.hits) for p in pages.values()}) == 1
    assert len({p.total for p in pages.values()}) == 1


def test_sorting_a_grouped_search_orders_stories(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    order = keys_of(run(news_index, "council", sort="newest", group=True), news_ids)
    assert order[0] == "budget_html"
    assert len(order) == 2 and order[1] in STORY


# --- totals and pages --------------------------------------------------------------------------


@pytest.mark.parametrize(("group", "total"), [(False, 12), (True, 11)])
def test_pages_split_an_exact_total_without_overlap(
    news_index: SearchIndex, news_ids: dict[str, str], group: bool, total: int
) -> None:
    dated = Filters(start=datetime(1900, 1, 1))
    pages = [run(news_index, filters=dated, group=group, per_page=5, page=n) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [total] * 3
    assert [len(p.hits) for p in pages] == [5, 5, total - 10]
    assert pages[0].pages == 3 and (pages[2].first, pages[2].last) == (11, total)
    ids = [hit.id for p in pages for hit in p.hits]
    assert len(ids) == len(set(ids)) == total
    shown = {key for p in pages for key in keys_of(p, news_ids)}
    assert shown <= DATED and len(shown) == total
    beyond = run(news_index, filters=dated, group=group, per_page=5, page=4)
    assert beyond.hits == [] and beyond.total == total


def test_per_page_is_capped(news_index: SearchIndex) -> None:
    page = run(news_index, filters=Filters(start=datetime(1900, 1, 1)), per_page=10_000)
    assert page.per_page == MAX_PER_PAGE == 100
    assert len(page.hits) == page.total == 12
    assert run(news_index, "council", per_page=0).per_page == 1
    assert run(news_index, "council", page=0).page == 1


# --- versions of one story ---------------------------------------------------------------------


def test_the_three_versions_are_one_hit(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "tram", group=True)
    assert (page.total, page.documents, len(page.hits), page.grouped) == (1, 3, 1, True)
    hit = page.hits[0]
    story = {news_ids[k] for k in STORY}
    assert hit.duplicates == 2
    assert {v.id for v in hit.versions} == story - {hit.id}
    assert hit.story == min(story)  # a story is named after its smallest document id
    titles = {v.title for v in hit.versions} | {hit.title}
    assert titles == {NEWS_DOCS[k].title for k in STORY}


def test_without_grouping_every_version_is_a_hit(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "tram", group=False)
    assert (page.total, page.documents, page.grouped) == (3, 3, False)
    assert set(keys_of(page, news_ids)) == set(STORY)
    assert all(hit.duplicates == 0 and hit.versions == () for hit in page.hits)
    assert {hit.story for hit in page.hits} == {min(news_ids[k] for k in STORY)}


def test_only_matching_versions_are_folded(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "tram", filters=Filters(sites=(HARBOUR,)), group=True)
    assert keys_of(page, news_ids) == ["tram_html"]
    assert page.hits[0].duplicates == 0


def test_different_stories_are_not_grouped(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "dredging OR dredge OR dredgers", group=True)
    assert set(keys_of(page, news_ids)) == set(RELATED_PAIR)
    assert all(hit.duplicates == 0 for hit in page.hits)
    assert len({hit.story for hit in page.hits}) == 2


def test_story_filter_gives_exactly_the_versions(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    story = news_index.story_of(news_ids["tram_wp"])
    assert story is not None
    assert found(news_index, news_ids, filters=Filters(story=story)) == set(STORY)
    assert found(news_index, news_ids, "council", filters=Filters(story=story)) == set(STORY)
    grouped = run(news_index, filters=Filters(story=story), group=True)
    assert (grouped.total, grouped.documents, grouped.hits[0].duplicates) == (1, 3, 2)


def test_story_filter_of_a_lone_article(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    lone = news_ids["regatta_wp"]
    assert news_index.story_of(lone) == lone
    assert found(news_index, news_ids, filters=Filters(story=lone)) == {"regatta_wp"}
    assert found(news_index, news_ids, filters=Filters(story="no-such-story")) == set()


def test_versions_and_story_of_each_version(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    story = {news_ids[k] for k in STORY}
    for key in STORY:
        versions = news_index.versions(news_ids[key])
        assert versions is not None
        assert {v.id for v in versions} == story - {news_ids[key]}
        assert news_index.story_of(news_ids[key]) == min(story)
    assert news_index.versions(news_ids["cup_html"]) == []
    assert news_index.versions("no-such-id") is None
    assert news_index.story_of("no-such-id") is None


# --- "Did you mean" ------------------------------------------------------------------------------


def test_a_misspelled_rare_word_gets_a_suggestion(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "hydroelectrik")
    assert page.total == 0
    assert page.suggestion == "hydroelectric"
    assert keys_of(run(news_index, page.suggestion), news_ids) == ["hydro_html"]


@pytest.mark.parametrize("q", ["harbour", "hydroelectric", "council tram", "Zürich"])
def test_a_well_spelled_query_gets_none(news_index: SearchIndex, q: str) -> None:
    page = run(news_index, q)
    assert page.total >= 1
    assert page.suggestion is None


def test_suggestion_on_the_seeds(seed_index: SearchIndex) -> None:
    assert seed_index.search(SearchRequest(q="fentanil")).suggestion == "fentanyl"
    assert seed_index.search(SearchRequest(q="fentanyl")).suggestion is None


# --- related articles ----------------------------------------------------------------------------


def test_related_finds_the_other_story_on_the_same_topic(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    first, second = RELATED_PAIR
    for this, other in ((first, second), (second, first)):
        related = news_index.related(news_ids[this])
        assert related, this
        assert related[0].id == news_ids[other], this
        assert news_ids[this] not in {r.id for r in related}
        assert related[0].title == NEWS_DOCS[other].title and related[0].score > 0


@pytest.mark.parametrize("key", STORY)
def test_related_never_lists_the_article_or_its_versions(
    news_index: SearchIndex, news_ids: dict[str, str], key: str
) -> None:
    related = news_index.related(news_ids[key])
    assert related is not None and 1 <= len(related) <= 5
    ids = [r.id for r in related]
    assert not set(ids) & {news_ids[k] for k in STORY}
    stories = [news_index.story_of(i) for i in ids]
    assert len(stories) == len(set(stories))  # one article per story
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_related_lists_a_story_once(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    related = news_index.related(news_ids["budget_html"])
    assert related is not None
    assert sum(1 for r in related if r.id in {news_ids[k] for k in STORY}) == 1


def test_related_of_an_unknown_article_is_none(news_index: SearchIndex) -> None:
    assert news_index.related("no-such-id") is None


# --- accents and odd tokens ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("zurich", "zurich_wp"),
        ("Zürich", "zurich_wp"),
        ("ZURICH", "zurich_wp"),
        ("COVID-19", "g7_html"),
        ("covid-19", "g7_html"),
        ("G7", "g7_html"),
        ("g7", "g7_html"),
        ("U.S.", "g7_html"),
        ("hydroelectric", "hydro_html"),
    ],
)
def test_words_written_the_usual_way_find_their_article(
    news_index: SearchIndex, news_ids: dict[str, str], q: str, key: str
) -> None:
    page = run(news_index, q)
    assert keys_of(page, news_ids) == [key]
    assert "<mark>" in page.hits[0].snippet


def test_a_hyphenated_word_is_a_phrase(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    # "19" after "covid": the parts next to each other, not anywhere in the text.
    assert keys_of(run(news_index, "covid-19"), news_ids) == ["g7_html"]
    assert run(news_index, "19-covid").total == 0


# --- questions and keywords ----------------------------------------------------------------------


def test_a_question_is_ranked_as_one(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "how do honeybees keep warm in winter")
    assert page.question is True
    assert keys_of(page, news_ids)[0] == "bees_html"
    assert page.query_words == 6  # "in" is a stop word


def test_a_few_keywords_are_not_a_question(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    page = run(news_index, "honeybees keep warm")
    assert page.question is False
    assert keys_of(page, news_ids)[0] == "bees_html"


def test_a_missing_word_shows_in_matched_words(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    partial = run(news_index, "regatta xylophone")
    assert keys_of(partial, news_ids) == ["regatta_wp"]
    assert (partial.matched_words, partial.query_words) == (1, 2)
    whole = run(news_index, "regatta breakwater")
    assert (whole.matched_words, whole.query_words) == (2, 2)


def test_documents_with_more_of_the_words_come_first(news_index: SearchIndex, news_ids: dict[str, str]) -> None:
    order = keys_of(run(news_index, "harbour silt channel"), news_ids)
    assert set(order[:2]) == set(RELATED_PAIR)  # both hold all three words
    assert order[2:] == ["regatta_wp"]  # "harbour" only


def test_the_timeline_counts_every_month_of_the_span(news_index: SearchIndex) -> None:
    page = news_index.search(SearchRequest(q="", filters=Filters(start=datetime(1900, 1, 1)), per_page=100))
    months = Counter(f"{d.published:%Y-%m}" for d in NEWS_DOCS.values() if d.published is not None)
    bars = {bar.value: bar.count for bar in page.timeline}
    assert page.timeline[0].value == min(months) and page.timeline[-1].value == max(months)
    assert all(bars[m] == n for m, n in months.items())
    assert sum(bars.values()) == len(DATED)  # the months in between count 0
    assert len(bars) > len(months)
