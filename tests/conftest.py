"""Fixtures shared by every tier: the seed corpus, real indexes in temporary folders, settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ingest import build_index
from app.search import SearchIndex
from app.settings import SEEDS_DIR, Settings

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the five seed articles, built once per test session."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(SEEDS_DIR, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(seed_index_dir)
    yield index
    index.close()


@pytest.fixture
def seed_settings(seed_index_dir: Path) -> Settings:
    return Settings(source_dir=SEEDS_DIR, index_dir=seed_index_dir)
