"""Golden files: each input under tests/golden/ beside a <name>.expected.json saying what extraction must give.

Only the keys an expected file names are checked: exact values for fields, and "must contain" /
"must not contain" sentences for the body, so harmless whitespace changes pass and real regressions fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.errors import ExtractionError
from app.extract import extract
from app.settings import SEEDS_DIR
from tests.conftest import GOLDEN

FIELDS = ("title", "format", "url", "site", "author", "published", "categories", "tags", "language")


def _cases() -> list[tuple[str, Path, Path]]:
    cases = []
    for expected in sorted(GOLDEN.rglob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        source = SEEDS_DIR / name if expected.parent.name == "seeds" else expected.parent / name
        cases.append((f"{expected.parent.name}/{name}", source, expected))
    return cases


CASES = _cases()


def test_there_are_golden_files_for_every_format() -> None:
    groups = {case.split("/")[0] for case, _, _ in CASES}
    assert {"seeds", "text", "html", "wordpress"} <= groups


@pytest.mark.parametrize(("case", "source", "expected_file"), CASES, ids=[c[0] for c in CASES])
def test_golden(case: str, source: Path, expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    raw = source.read_bytes()
    if "skipped_because" in expected:
        with pytest.raises(ExtractionError) as info:
            extract(raw, source=source.name)
        assert expected["skipped_because"] in str(info.value)
        return
    result = extract(raw, source=source.name)
    docs = result.documents
    if "count" in expected:
        assert len(docs) == expected["count"]
    for part in expected.get("skipped_parts", []):
        assert any(part in note for note in result.skipped), result.skipped
    assert len(docs) >= len(expected["documents"])
    for doc, want in zip(docs, expected["documents"], strict=False):
        _check(doc.to_dict(), want)
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids), "ids must be unique within a file"


def _check(doc: dict[str, Any], want: dict[str, Any]) -> None:
    for key in FIELDS:
        if key in want:
            assert doc[key] == want[key], f"{key}: {doc[key]!r} != {want[key]!r}"
    body = doc["body"]
    if "body_starts_with" in want:
        assert body.startswith(want["body_starts_with"]), body[:200]
    if "body_ends_with" in want:
        assert body.endswith(want["body_ends_with"]), body[-200:]
    for sentence in want.get("body_contains", []):
        assert sentence in body, f"missing: {sentence!r}"
    for debris in want.get("body_not_contains", []):
        assert debris not in body, f"should be gone: {debris!r}"
    for debris in want.get("title_not_contains", []):
        assert debris not in doc["title"]
    if "max_title_length" in want:
        assert len(doc["title"]) <= want["max_title_length"]
        assert body.startswith(doc["title"]), "a derived title is the start of the text, cut on a whole word"
        rest = body[len(doc["title"]) :]
        assert not rest or not rest[0].isalnum(), "a derived title ends on a whole word"
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if "paragraphs" in want:
        assert len(paragraphs) == want["paragraphs"], paragraphs
    if "min_paragraphs" in want:
        assert len(paragraphs) >= want["min_paragraphs"]
