"""From a folder to an index: bad files are reported and skipped, good data is never lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.errors import BuildRunning, NothingIndexed, SourceError
from app.index import BUILD_LOCK, MANIFEST, build_lock, current_generation
from app.ingest import IngestReport, build_index, index_is_current, index_is_outdated, iter_documents
from app.search import SearchIndex, SearchRequest
from app.settings import SEEDS_DIR


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def test_seeds_give_five_documents_with_unique_stable_ids(tmp_path: Path) -> None:
    first = [d.id for d in iter_documents(SEEDS_DIR, IngestReport())]
    again = [d.id for d in iter_documents(SEEDS_DIR, IngestReport())]
    assert len(first) == 5 and len(set(first)) == 5
    assert first == again


def test_broken_files_are_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "src",
        {
            "good.txt": b"A good title\n\nA good body about harbours.",
            "nested/deeper/good.html": b"<html><head><title>Page</title></head><p>Harbour text.</p></html>",
            "empty.txt": b"",
            "binary.txt": bytes(range(256)) * 8,
            "users.json": b'[{"id": 1, "name": "admin"}]',
            "truncated.json": b'{"id": 1, "title": {"rendered": "x"',
            ".hidden.txt": b"Hidden\n\nNot an article.",
        },
    )
    report = build_index(source, tmp_path / "index")
    assert report.documents == 2
    assert report.files_skipped == 4
    reasons = {s.source: s.reason for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not WordPress posts" in reasons["users.json"]
    assert "truncated JSON" in reasons["truncated.json"]
    assert ".hidden.txt" not in reasons
    index = SearchIndex(tmp_path / "index")
    assert index.search(SearchRequest(q="harbour")).total == 2
    index.close()


def test_missing_source_is_an_error_and_creates_no_index(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        build_index(tmp_path / "nope", tmp_path / "index")
    assert not (tmp_path / "index").exists()


def test_nothing_to_index_keeps_the_previous_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(SEEDS_DIR, index_dir)
    live = current_generation(index_dir)
    empty = _write(tmp_path / "junk", {"a.txt": b"", "b.bin": b"\x00\x01\x02" * 100})
    with pytest.raises(NothingIndexed, match="none of the 2 files"):
        build_index(empty, index_dir)
    assert current_generation(index_dir) == live
    left = sorted(p.name for p in index_dir.iterdir() if p.name != BUILD_LOCK)
    assert left == sorted(["CURRENT", live.name])  # type: ignore[union-attr]


def test_a_rebuild_replaces_the_index_and_a_running_searcher_follows(tmp_path: Path) -> None:
    source = _write(tmp_path / "src", {"a.txt": b"Alpha\n\nThe first text."})
    index_dir = tmp_path / "index"
    build_index(source, index_dir)
    index = SearchIndex(index_dir)
    assert index.count() == 1
    _write(source, {"b.txt": b"Beta\n\nThe second text."})
    assert not index_is_current(source, index_dir)
    build_index(source, index_dir)
    assert index_is_current(source, index_dir)
    assert index.refresh(force=True)
    assert index.count() == 2
    index.close()


def test_symbolic_link_loop_is_reported_not_followed(tmp_path: Path) -> None:
    source = _write(tmp_path / "src", {"a/doc.txt": b"Title\n\nBody text."})
    os.symlink("..", source / "a" / "loop")
    report = IngestReport()
    docs = list(iter_documents(source, report))
    assert len(docs) == 1
    assert any("loop" in s.reason for s in report.skipped)


def test_an_index_of_an_older_schema_is_outdated(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(SEEDS_DIR, index_dir)
    assert not index_is_outdated(index_dir)
    generation = current_generation(index_dir)
    assert generation is not None
    manifest = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    del manifest["schema"]  # as written before the schema version was recorded
    (generation / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert index_is_outdated(index_dir)


def test_the_same_document_id_twice_is_indexed_once(tmp_path: Path) -> None:
    from app.documents import Document
    from app.index import IndexWriter

    doc = Document(id="same", title="A title", body="Some body text about harbours and boats.", source="a.txt")
    with IndexWriter(tmp_path / "index", source_dir=str(tmp_path), fingerprint="x") as writer:
        assert writer.add(doc) is True
        assert writer.add(doc) is False
        writer.commit()
    assert SearchIndex(tmp_path / "index").count() == 1


def test_a_second_build_on_the_same_index_is_refused_and_the_first_goes_on(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(SEEDS_DIR, index_dir)
    live = current_generation(index_dir)
    with build_lock(index_dir):  # a build in progress
        with pytest.raises(BuildRunning) as refused:
            build_index(SEEDS_DIR, index_dir)
        assert str(refused.value) == f"another index build is running on {index_dir} (pid {os.getpid()})"
        assert current_generation(index_dir) == live
        assert sorted(p.name for p in index_dir.glob("gen-*")) == [live.name]  # type: ignore[union-attr]
    build_index(SEEDS_DIR, index_dir)  # the lock went with the first build
    assert current_generation(index_dir) != live


def test_generations_and_pointers_left_by_killed_builds_go_with_the_next_build(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(SEEDS_DIR, index_dir)
    (index_dir / "gen-20000101-000000-dead01").mkdir()  # as a build killed while writing leaves them
    (index_dir / "gen-20000101-000000-dead01" / "_MAIN_1.toc").write_bytes(b"half")
    (index_dir / ".CURRENT.0badf00d").write_text("gen-20000101-000000-dead01\n")
    build_index(SEEDS_DIR, index_dir)
    live = current_generation(index_dir)
    assert live is not None
    assert sorted(p.name for p in index_dir.iterdir()) == sorted([BUILD_LOCK, "CURRENT", live.name])
