"""The command line, run as a user runs it: `python -m app ...` in a subprocess."""

from __future__ import annotations

import json
import os
from pathlib import Path

from app.index import build_lock
from app.settings import SEEDS_DIR
from tests.e2e.conftest import Server, run_app


def test_index_prints_skipped_files_and_a_summary(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.txt").write_text("A title\n\nSome text about ports.")
    (source / "empty.txt").write_bytes(b"")
    result = run_app("index", "--source", str(source), "--index-dir", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "skipped empty.txt: empty file"
    assert lines[-1].startswith("1 documents indexed from 2 files")
    assert "1 files skipped" in lines[-1] and lines[-1].endswith(" s")


def test_index_of_a_missing_folder_fails_with_one_line(tmp_path: Path) -> None:
    result = run_app("index", "--source", str(tmp_path / "missing"), "--index-dir", str(tmp_path / "ix"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr


def test_index_with_nothing_to_index_fails(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_app("index", "--source", str(tmp_path), "--index-dir", str(tmp_path / "ix"))
    assert result.returncode != 0
    assert "nothing to index" in result.stderr


def test_extract_prints_json_lines_and_touches_no_index(tmp_path: Path) -> None:
    result = run_app("extract", str(SEEDS_DIR), env={"ARTICLES_INDEX_DIR": str(tmp_path / "ix")})
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 5
    assert {d["format"] for d in docs} == {"text", "wordpress"}
    assert all(
        set(d) >= {"id", "title", "body", "url", "site", "author", "published", "categories", "source"} for d in docs
    )
    assert not (tmp_path / "ix").exists()


def test_extract_reports_skipped_files_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A title\n\nSome text.")
    (tmp_path / "bad.json").write_text('{"not": "wordpress"}')
    result = run_app("extract", str(tmp_path / "good.txt"), str(tmp_path / "bad.json"))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "bad.json" in result.stderr and "not WordPress posts" in result.stderr


def test_search_json_is_what_the_api_returns(live_server: Server, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    assert run_app("index", "--index-dir", str(index_dir)).returncode == 0
    result = run_app("search", "blinken balloon", "--json", "--index-dir", str(index_dir))
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)
    _, api = live_server.get_json("/api/search?q=blinken+balloon")
    cli.pop("took_ms")
    api.pop("took_ms")
    assert cli == api


def test_settings_come_from_the_environment_and_flags_win(tmp_path: Path) -> None:
    env = {"ARTICLES_INDEX_DIR": str(tmp_path / "from-env")}
    assert run_app("index", env=env).returncode == 0
    assert (tmp_path / "from-env" / "CURRENT").exists()
    assert run_app("index", "--index-dir", str(tmp_path / "from-flag"), env=env).returncode == 0
    assert (tmp_path / "from-flag" / "CURRENT").exists()
    result = run_app("search", "fentanyl", env={"ARTICLES_INDEX_DIR": str(tmp_path / "from-env")})
    assert "1-5 of 5 results" in result.stdout


def test_help_explains_every_option() -> None:
    for command, options in {
        "index": ["--source", "--index-dir"],
        "serve": ["--host", "--port", "--source", "--index-dir"],
        "search": ["--page", "--json"],
        "extract": ["PATH"],
    }.items():
        result = run_app(command, "--help")
        assert result.returncode == 0
        for option in options:
            assert option in result.stdout
    assert "ARTICLES_INDEX_DIR" in run_app("serve", "--help").stdout


def test_invalid_setting_is_one_clear_line(tmp_path: Path) -> None:
    result = run_app("serve", "--port", "70000", "--index-dir", str(tmp_path))
    assert result.returncode != 0
    assert "port" in result.stderr and "Traceback" not in result.stderr


def test_index_is_refused_while_another_build_runs_on_the_same_folder(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    with build_lock(index_dir):  # this process is the build in progress
        result = run_app("index", "--index-dir", str(index_dir))
    assert result.returncode != 0
    assert result.stderr.strip() == f"error: another index build is running on {index_dir} (pid {os.getpid()})"
    assert not (index_dir / "CURRENT").exists() and not list(index_dir.glob("gen-*"))
    assert run_app("index", "--index-dir", str(index_dir)).returncode == 0


def test_search_refuses_an_expensive_query_and_stops_past_its_time_budget(seed_index_dir: Path) -> None:
    index_dir = seed_index_dir
    result = run_app("search", "a*", "--index-dir", str(index_dir))
    assert result.returncode == 1
    assert result.stderr.startswith("error: a* matches too many words: a wildcard needs at least 3 letters")
    result = run_app("search", "blinken", "--index-dir", str(index_dir), "--search-timeout", "0.000000001")
    assert result.returncode == 1
    assert result.stderr.startswith("error: the search took longer than its limit of 1e-09 s and was stopped")


def test_an_index_folder_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    index_dir = tmp_path / "a-file" / "index"
    for command in ("index", "serve"):
        result = run_app(command, "--index-dir", str(index_dir))
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == (
            f"error: cannot write the index in {index_dir} (Not a directory): the index folder must be writable "
            "(in a container, mount a volume on it)"
        )
        assert "Traceback" not in result.stderr
