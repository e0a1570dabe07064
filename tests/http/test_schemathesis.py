"""Property-based API tests: schemathesis generates requests from the app's own OpenAPI description
and checks every response: no server error, and status, headers and body as the description says.

(Its pytest integration, ``schema.parametrize()``, does not run on pytest 9; the operations are walked
here with Hypothesis directly, which is what that integration does.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from app.settings import SEEDS_DIR, Settings
from app.web import create_app

EXAMPLES_PER_OPERATION = 50


@pytest.fixture(scope="module")
def api_schema(seed_index_dir: Path) -> Any:
    app = create_app(Settings(source_dir=SEEDS_DIR, index_dir=seed_index_dir))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def conformance_check(operation: Any, tried: dict[str, int]) -> Any:
    """A Hypothesis test over one operation: generated requests, each response validated."""
    label = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        tried[label] = tried.get(label, 0) + 1
        case.call_and_validate()

    return check


def test_every_operation_conforms_to_the_openapi_description(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {f"{op.method.upper()} {op.path}" for op in operations}
    assert {"GET /api/search", "GET /api/articles/{article_id}", "GET /healthz"} <= labels
    tried: dict[str, int] = {}
    for operation in operations:
        conformance_check(operation, tried)()
    assert set(tried) == labels, tried
    assert tried["GET /api/search"] == tried["GET /api/articles/{article_id}"] == EXAMPLES_PER_OPERATION, tried
