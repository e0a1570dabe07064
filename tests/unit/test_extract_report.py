"""What the indexer reports per format: files read, documents made, files skipped with their reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import _print_report
from app.ingest import UNKNOWN_FORMAT, IngestReport, iter_documents

POSTS = [
    {"id": 1, "title": {"rendered": "One"}, "content": {"rendered": "<p>First post.</p>"}, "date": "2024-01-01"},
    {"id": 2, "title": {"rendered": "Two"}, "content": {"rendered": "", "protected": True}, "date": "2024-01-02"},
    {"id": 3, "title": {"rendered": "Three"}, "content": {"rendered": "<p>Third post.</p>"}, "date": "2024-01-03"},
]


def _folder(tmp_path: Path) -> Path:
    files = {
        "a.txt": b"A title\n\nSome text about ferries.",
        "b.html": b"<!DOCTYPE html><html><head><title>Page</title></head><body><p>Harbour text.</p></body></html>",
        "cut.html": b"<!DOCTYPE html><html><head><title>Cut</title></head><body><p>Sho",
        "posts.json": json.dumps(POSTS).encode(),
        "users.json": b'[{"id": 1, "name": "admin"}]',
        "empty.txt": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_counts_per_format(tmp_path: Path) -> None:
    report = IngestReport()
    docs = list(iter_documents(_folder(tmp_path), report))
    assert len(docs) == 4
    counts = {name: (c.files, c.documents, c.skipped, c.parts_skipped) for name, c in report.by_format.items()}
    assert counts == {
        "text": (1, 1, 0, 0),
        "html": (2, 1, 1, 0),
        "wordpress": (2, 2, 1, 1),
        UNKNOWN_FORMAT: (0, 0, 1, 0),
    }
    reasons = {s.source: s.reason for s in report.skipped}
    assert "truncated HTML" in reasons["cut.html"]
    assert "password-protected" in reasons["posts.json"]
    assert reasons["empty.txt"] == "empty file"


def test_the_index_report_lists_skips_then_a_table_then_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = IngestReport()
    list(iter_documents(_folder(tmp_path), report))
    _print_report(report)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("skipped ")
    header = next(i for i, line in enumerate(lines) if line.startswith("format"))
    assert all(line.startswith("skipped ") for line in lines[:header])
    assert lines[header].split() == ["format", "files", "documents", "skipped"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[header + 1 : -1]}
    assert rows["html"] == ["2", "1", "1"]
    assert rows["wordpress"] == ["2", "2", "1", "(+1", "parts)"]
    assert lines[-1].startswith("4 documents indexed from 6 files")
