"""Expensive queries answered at once with the one error shape, never a hung worker: refused up front
(422 naming q) or stopped by the time budget (503); the app goes on serving either way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.query import MAX_QUERY_CHARS
from app.settings import Settings
from app.web import create_app


def _alternatives(limit: int = MAX_QUERY_CHARS) -> str:
    """``w0 OR w1 OR ...``: as many alternatives as fit in the characters a query may have (over a hundred)."""
    q = "w0"
    for n in range(1, 1000):
        if len(longer := f"{q} OR w{n}") > limit:
            return q
        q = longer
    return q


HUGE_OR = _alternatives()


@pytest.mark.parametrize("q", ["a*", "bl*", "china OR b*", HUGE_OR, " ".join(f"word{n}" for n in range(80))])
def test_an_expensive_query_is_refused_with_a_422_naming_q(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and error["code"] == "query_too_expensive"
    assert error["message"].startswith("Invalid parameter q: ")
    assert client.get("/api/search", params={"q": "blinken"}).json()["total"] == 5  # and it goes on serving


def test_the_messages_say_what_to_change(client: TestClient) -> None:
    message = client.get("/api/search", params={"q": "a*"}).json()["error"]["message"]
    assert message == (
        "Invalid parameter q: a* matches too many words: a wildcard needs at least 3 letters before the * "
        "(like negot*)."
    )
    message = client.get("/api/search", params={"q": HUGE_OR}).json()["error"]["message"]
    assert "more than the 64 a search can take (each word of an OR list counts); use fewer words" in message


def test_the_search_page_and_the_feed_refuse_it_too_keeping_the_query(client: TestClient) -> None:
    page = client.get("/search", params={"q": "a*"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "a wildcard needs at least 3 letters" in page.text
    assert 'value="a*"' in page.text  # the search box keeps it, to be edited
    feed = client.get("/search.atom", params={"q": "a*"})
    assert feed.status_code == 422 and "a wildcard needs at least 3 letters" in feed.text


@pytest.fixture
def hurried(seed_settings: Settings) -> Iterator[TestClient]:
    """The app with a time budget no search can meet (a nanosecond)."""
    settings = seed_settings.model_copy(update={"search_timeout": 1e-9})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_search_past_the_time_budget_is_a_503_with_a_message(hurried: TestClient) -> None:
    response = hurried.get("/api/search", params={"q": "blinken china"})
    assert response.status_code == 503
    assert response.json() == {
        "error": {
            "code": "search_timeout",
            "message": "The search was stopped: the search took longer than its limit of 1e-09 s and was stopped; "
            "try fewer or more specific words.",
        }
    }
    page = hurried.get("/search", params={"q": "blinken"})
    assert page.status_code == 503 and "try fewer or more specific words" in page.text
    # What is not a search still answers.
    assert hurried.get("/healthz").json() == {"status": "ok", "documents": 5}
    assert hurried.get("/help").status_code == 200


def test_no_time_limit_when_the_setting_is_0(seed_settings: Settings) -> None:
    settings = seed_settings.model_copy(update={"search_timeout": 0})
    with TestClient(create_app(settings)) as test_client:
        assert test_client.get("/api/search", params={"q": "blinken"}).json()["total"] == 5
