from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import create_app


@pytest.fixture
def client(seed_settings: Settings) -> Iterator[TestClient]:
    """The app over the seed index, with its lifespan running."""
    with TestClient(create_app(seed_settings)) as test_client:
        yield test_client
