"""A build never deletes the generation a searcher is reading (nor the one before it, which requests may
still be on); it deletes the others, and the ones a searcher has let go of go with the next build."""

from __future__ import annotations

from pathlib import Path

from app.index import current_generation
from app.ingest import build_index
from app.leases import remove_if_unused, take_lease
from app.search import SearchIndex, SearchRequest
from app.settings import SEEDS_DIR


def _generations(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.glob("gen-*")}


def _live(index_dir: Path) -> str:
    live = current_generation(index_dir)
    assert live is not None
    return live.name


def test_builds_keep_the_generations_a_searcher_uses(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(SEEDS_DIR, index_dir)
    first = _live(index_dir)
    index = SearchIndex(index_dir)
    try:
        build_index(SEEDS_DIR, index_dir)
        second = _live(index_dir)
        assert _generations(index_dir) == {first, second}  # the searcher is still on the first

        index.refresh(force=True)
        assert index.generation is not None and index.generation.name == second
        assert index.search(SearchRequest(q="blinken")).total == 5
        build_index(SEEDS_DIR, index_dir)
        third = _live(index_dir)
        assert _generations(index_dir) == {first, second, third}  # the one before is kept too

        assert index.refresh(force=True)  # now on the third: the first is let go
        build_index(SEEDS_DIR, index_dir)
        fourth = _live(index_dir)
        assert _generations(index_dir) == {second, third, fourth}
        assert index.search(SearchRequest(q="blinken")).total == 5
    finally:
        index.close()
    build_index(SEEDS_DIR, index_dir)  # nobody reads any of them now
    assert _generations(index_dir) == {_live(index_dir)}


def test_a_generation_being_deleted_cannot_be_leased(tmp_path: Path) -> None:
    generation = tmp_path / "gen-x"
    generation.mkdir()
    lease = take_lease(generation)
    assert lease is not None
    assert not remove_if_unused(generation) and generation.is_dir()
    lease.release()
    assert remove_if_unused(generation) and not generation.exists()
    assert take_lease(generation) is None
