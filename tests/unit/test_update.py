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
from app.vocabulary import vocabulary_path

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
    index = SearchIndex(live)
    try:  # the update wrote the words files anew: a word it brought is suggested
        assert index.generation is not None
        assert b"\nquokka\n" in vocabulary_path(index.generation, "body").read_bytes()
        assert index.search(SearchRequest(q="quokkka")).suggestion == "quokka"
    finally:
        index.close()


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


def _post(n: int, date: str) -> str:
    return json.dumps(
        {
            "id": n,
            "date": date,
            "link": f"https://news.example/{n}",
            "title": {"rendered": f"Harbour report {n}"},
            "content": {"rendered": f"<p>The harbour council met on day {n} to discuss the quay and the ferry.</p>"},
        }
    )


@pytest.mark.parametrize("dated_first", [True, False])
def test_segments_with_and_without_dates_search_and_sort_together(tmp_path: Path, dated_first: bool) -> None:
    """A segment whose documents have no date has no date column: sorting, facets and the timeline
    still hold every document (Whoosh's own reader over such segments failed)."""
    source, live = tmp_path / "articles", tmp_path / "live"
    source.mkdir()
    undated = [source / f"plain-{n}.txt" for n in range(3)]
    dated = [source / f"post-{n}.json" for n in range(3)]
    first, second = (dated, undated) if dated_first else (undated, dated)
    for path in first:
        _write_one(path)
    build_index(source, live)
    for path in second:
        _write_one(path)
    update = build_index(source, live)
    assert update.unchanged == 3 and update.files == 3

    index = SearchIndex(live)
    try:
        with index.searcher() as s:
            assert len(s.leaf_searchers()) == 2
        page = index.search(SearchRequest(q="harbour", sort="newest"))
        assert page.total == 6
        assert [h.published is not None for h in page.hits] == [True] * 3 + [False] * 3
        assert [h.published for h in page.hits[:3]] == sorted((h.published for h in page.hits[:3]), reverse=True)
        assert sum(f.count for f in page.facets["year"]) == 3
        assert sum(bar.count for bar in page.timeline) == 3
    finally:
        index.close()


def _write_one(path: Path) -> None:
    n = int(path.stem.rsplit("-", 1)[1])
    if path.suffix == ".json":
        path.write_text(_post(n, f"2023-0{n + 1}-15T10:00:00"), encoding="utf-8")
    else:
        path.write_text(f"Harbour notes {n}\n\nThe harbour council talked about the quay, item {n}.\n")
