"""A build over an indexed folder reads only the files whose content changed, and ends with the index
a build from nothing would make."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from app.ingest import build_index
from app.search import SearchIndex, SearchRequest

DATA = Path(__file__).resolve().parent.parent / "data" / "cranfield-subset.json.gz"
QUERIES = ["flow", "boundary layer", '"heat transfer"', "quokka", "shock -wave", "pressure distribution"]


def _write(folder: Path, count: int = 120) -> list[Path]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        docs = json.load(fh)["docs"][:count]
    paths = []
    for d in docs:
        path = folder / f"{d['id']}.txt"
        path.write_text(f"{d['title'] or 'Untitled'}\n\n{d['text']}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _state(index_dir: Path) -> tuple[set[str], list[tuple[int, list[str]]]]:
    index = SearchIndex(index_dir)
    try:
        with index.searcher() as s:
            ids = {fields["id"] for fields in s.all_stored_fields()}
        pages = [index.search(SearchRequest(q=q, per_page=100)) for q in QUERIES]
        return ids, [(p.total, sorted(h.id for h in p.hits)) for p in pages]
    finally:
        index.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_an_update_reads_only_what_changed_and_equals_a_fresh_build(tmp_path: Path, workers: int) -> None:
    source, live, fresh = tmp_path / "articles", tmp_path / "live", tmp_path / "fresh"
    source.mkdir()
    paths = _write(source)
    first = build_index(source, live, workers=workers, parallel_min_files=1)
    assert first.documents == 120 and first.unchanged == 0

    for path in paths[:5]:
        path.unlink()
    for path in paths[5:10]:
        path.write_text(path.read_text(encoding="utf-8") + "\nA quokka was seen near the wind tunnel.\n")
    for i in range(4):
        (source / f"new-{i}.txt").write_text(f"Quokka report {i}\n\nThe quokka number {i} studied flow.\n")
    os.utime(paths[20], ns=(1, 1))  # touched, same content: not read again

    update = build_index(source, live, workers=workers, parallel_min_files=1)
    assert update.files == 9  # 5 changed + 4 new
    assert update.removed == 5
    assert update.unchanged == 120 - 10
    assert update.total_documents == 119
    assert "updated:" in update.summary()

    build_index(source, fresh)
    assert _state(live) == _state(fresh)
    quokkas = _state(live)[1][3]
    assert quokkas[0] == 9  # 5 changed + 4 new documents mention it


def test_full_reads_everything_again(tmp_path: Path) -> None:
    source, live = tmp_path / "articles", tmp_path / "live"
    source.mkdir()
    _write(source, 30)
    build_index(source, live)
    again = build_index(source, live, full=True)
    assert again.files == 30 and again.unchanged == 0


def test_an_unchanged_folder_reads_nothing_and_keeps_every_document(tmp_path: Path) -> None:
    source, live = tmp_path / "articles", tmp_path / "live"
    source.mkdir()
    _write(source, 30)
    build_index(source, live)
    again = build_index(source, live)
    assert again.files == 0 and again.unchanged == 30 and again.total_documents == 30
