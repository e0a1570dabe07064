"""Fixtures over the news corpus (:mod:`tests.news_corpus`): its folder, a real index of it, and ids.

A plugin rather than part of ``tests/conftest.py``: a test module that needs them says
``pytest_plugins = ["tests.news_fixtures"]``, and pytest registers them once for the whole session,
so the corpus is written and indexed once however many modules use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ingest import build_index
from app.search import SearchIndex
from app.settings import Settings
from tests.news_corpus import NEWS_DOCS, write_news_corpus


@pytest.fixture(scope="session")
def news_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's files, written once per session."""
    folder = tmp_path_factory.mktemp("news-corpus")
    write_news_corpus(folder)
    return folder


@pytest.fixture(scope="session")
def news_index_dir(news_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the corpus, built once per session with the indexer the CLI uses."""
    index_dir = tmp_path_factory.mktemp("news-index")
    report = build_index(news_corpus_dir, index_dir)
    assert not report.skipped, report.skipped
    assert report.documents == len(NEWS_DOCS), report.summary()
    return index_dir


@pytest.fixture(scope="session")
def news_index(news_index_dir: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(news_index_dir)
    yield index
    index.close()


@pytest.fixture(scope="session")
def news_ids(news_index: SearchIndex) -> dict[str, str]:
    """The id the app gave each document, by key (found through the ``source`` field it stores)."""
    with news_index.searcher() as s:
        by_source = {stored["source"]: stored["id"] for stored in s.all_stored_fields()}
    assert set(by_source) == {doc.source for doc in NEWS_DOCS.values()}
    return {key: by_source[doc.source] for key, doc in NEWS_DOCS.items()}


@pytest.fixture(scope="session")
def news_settings(news_corpus_dir: Path, news_index_dir: Path) -> Settings:
    """The app's settings for serving the news index."""
    return Settings(source_dir=news_corpus_dir, index_dir=news_index_dir)
