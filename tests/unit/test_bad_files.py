"""A corpus of bad files, made here: each is reported with a precise reason and skipped, every good
file beside them is indexed, and nothing crashes or hangs."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from app.extract.nesting import MAX_HTML_DEPTH
from app.ingest import IngestReport, build_index, iter_documents
from app.search import SearchIndex, SearchRequest
from app.sources import DEFAULT_MAX_FILE_BYTES

DEEP = 100_000
GOOD_BODY = "The harbour authority reopened the northern quay after the storm damage was repaired."


def _good_text(title: str) -> bytes:
    return f"{title}\n\n{GOOD_BODY}".encode()


def _page(body: str, *, charset: str = "utf-8") -> str:
    return f'<html><head><meta charset="{charset}"><title>Quay page</title></head><body><p>{body}</p></body></html>'


#: name -> bytes of files that hold an article, odd as some of them are.
GOOD: dict[str, bytes] = {
    "plain.txt": _good_text("Plain quay"),
    "with spaces in the name.txt": _good_text("Spaced quay"),
    "Ελληνικά και русский 日本語.txt": _good_text("Non-Latin quay"),
    "new\nline.txt": _good_text("Newline quay"),
    "invalid-utf8.txt": b"Caf\xe9 quay\n\n" + GOOD_BODY.encode() + b" Na\xefve \xff\xfe bytes.",
    "mixed-encodings.txt": "Mixed quay — “quoted”\n\n".encode() + GOOD_BODY.encode() + " Zürich café".encode("cp1252"),
    "latin1-page.html": _page(GOOD_BODY + " Zürich", charset="iso-8859-1").encode("latin-1"),
    "deep-but-fine.html": (
        "<html><body>" + "<div>" * 200 + f"<p>{GOOD_BODY}</p>" + "</div>" * 200 + "</body></html>"
    ).encode(),
    "truncated-near-end.html": _page(GOOD_BODY * 5).encode()[:-20],
    "utf16.txt": "\ufeffUTF-16 quay\n\n".encode("utf-16-le") + GOOD_BODY.encode("utf-16-le"),
}

#: name -> (bytes, a part of the reason it is skipped for).
BAD: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "empty.html": (b"", "empty file"),
    "whitespace.txt": (b" \n\t\n  ", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary"),
    "binary.html": (b"%PDF-1.7\n" + bytes(range(256)) * 40, "binary"),
    "zeros.txt": (b"\x00" * 10_000, "binary"),
    "truncated.html": (b"<html><head><title>Cut</title></head><body><p>Cut off", "truncated HTML"),
    "truncated-in-tag.html": (b"<html><body><p>Short</p><div class=", "truncated HTML"),
    "truncated.json": (b'{"id": 1, "title": {"rendered": "Cut"}, "content": {"rend', "truncated JSON"),
    "truncated.txt.gz": (gzip.compress(_good_text("Gzip quay"))[:-12], "truncated gzip"),
    "corrupt.gz": (b"\x1f\x8b\x08\x00" + b"\xff" * 200, "gzip"),
    "not-wordpress.json": (b'[{"id": 1, "name": "admin"}]', "not WordPress posts"),
    "feed.html": (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Quay news</title>'
        b"<item><title>Quay</title><description>" + GOOD_BODY.encode() + b"</description></item></channel></rss>",
        "a news feed (RSS or Atom, <rss>), not an article",
    ),
    "picture.txt": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "root element is <svg>"),
    "deep.html": (
        b"<html><body>" + b"<div>" * DEEP + b"text" + b"</div>" * DEEP + b"</body></html>",
        f"HTML nested {DEEP + 2:,} levels deep, over the limit of {MAX_HTML_DEPTH:,}",
    ),
    "deep-unclosed.html": (b"<!doctype html><section>" * DEEP, f"over the limit of {MAX_HTML_DEPTH:,}"),
    "deep-post.json": (
        json.dumps({"id": 7, "title": {"rendered": "Deep"}, "content": {"rendered": "<div>" * DEEP + "x"}}).encode(),
        f"post 7: content nested {DEEP:,} levels deep, over the limit of {MAX_HTML_DEPTH:,}",
    ),
    "deep.json": (b'{"a": ' * DEEP + b"1" + b"}" * DEEP, "JSON nested too deeply to read"),
    "huge-one-line.txt": (b"", "file too large (50.0 MB; the limit is 32.0 MB)"),  # written below
}


def _make_corpus(root: Path) -> Path:
    for name, data in GOOD.items():
        (root / name).write_bytes(data)
    for name, (data, _) in BAD.items():
        (root / name).write_bytes(data)
    with open(root / "huge-one-line.txt", "wb") as f:  # 50 MB of words and no newline
        chunk = b"harbour " * (2**20 // 8)
        for _ in range(50):
            f.write(chunk)
    assert (root / "huge-one-line.txt").stat().st_size == 50 * 2**20 > DEFAULT_MAX_FILE_BYTES
    (root / "folder").mkdir()
    (root / "folder" / "inside.txt").write_bytes(_good_text("Folder quay"))
    os.symlink("..", root / "folder" / "loop")
    os.symlink("missing-target.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")
    return root


def test_bad_files_are_skipped_with_their_reason_and_good_files_indexed(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = _make_corpus(tmp_path / "src")
    report = build_index(source, tmp_path / "index")
    reasons = {s.source: s.reason for s in report.skipped}
    for name, (_, reason) in BAD.items():
        assert reason in reasons.get(name, ""), (name, reasons.get(name))
    assert "symbolic link loop" in reasons["folder/loop"]
    assert reasons["dangling.txt"] == "broken symbolic link"
    assert "not a regular file" in reasons["pipe.txt"]
    assert report.files_skipped == len(BAD) + 3
    assert set(reasons) == {*BAD, "folder/loop", "dangling.txt", "pipe.txt"}
    assert report.documents == len(GOOD) + 1
    index = SearchIndex(tmp_path / "index")
    try:
        found = index.search(SearchRequest(q="harbour authority reopened", per_page=100, group=False))
        assert found.total == len(GOOD) + 1
        assert {hit.title for hit in found.hits} >= {"Spaced quay", "Non-Latin quay", "Newline quay", "Folder quay"}
    finally:
        index.close()


def test_a_file_that_vanishes_while_the_indexer_runs_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(_good_text("Stays"))
    (tmp_path / "b.txt").write_bytes(_good_text("Goes"))
    report = IngestReport()
    documents = iter_documents(tmp_path, report)  # the folder is walked now, the files read later
    (tmp_path / "b.txt").unlink()
    assert [d.title for d in documents] == ["Stays"]
    assert [(s.source, s.reason) for s in report.skipped] == [("b.txt", "file vanished before it could be read")]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop root from reading")
def test_a_file_without_read_permission_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(_good_text("Readable"))
    secret = tmp_path / "secret.txt"
    secret.write_bytes(_good_text("Secret"))
    secret.chmod(0)
    report = IngestReport()
    assert [d.title for d in iter_documents(tmp_path, report)] == ["Readable"]
    assert [(s.source, s.reason) for s in report.skipped] == [("secret.txt", "cannot read file: Permission denied")]
