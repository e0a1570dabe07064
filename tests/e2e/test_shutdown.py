"""The real server's life: an access line per request with its duration, an unexpected error logged once
with its request, and SIGTERM (what `docker stop` sends) letting the response in flight finish, then exit 0."""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from tests.conftest import REPO
from tests.e2e.conftest import free_port, start_server, stop_server

#: An access line: client, "METHOD target", status, duration in milliseconds.
ACCESS = re.compile(
    r'app\.access: 127\.0\.0\.1 "(?P<method>[A-Z]+) (?P<target>\S+)" (?P<status>\d{3}) (?P<ms>\d+\.\d) ms$'
)


def _access_lines(log: str) -> list[re.Match[str]]:
    return [m for line in log.splitlines() if (m := ACCESS.search(line))]


def _big_corpus(root: Path) -> Path:
    """Two notes, one of them 7.5 MB long (no word in it, so it is quick to index): far more than the
    sockets between server and client hold."""
    root.mkdir()
    arrows = "→" * 2_500_000
    (root / "big.txt").write_text(f"A very long line of arrows\n\nThe harbour master counted them.\n\n{arrows}\n")
    (root / "small.txt").write_text("A short note\n\nThe harbour is calm today and the ferries run.\n")
    return root


def _read_response(sock: socket.socket, data: bytes) -> tuple[bytes, bytes]:
    """The head and the whole body of an HTTP/1.1 response with a Content-Length, ``data`` read already."""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection closed before the response's head: {data!r}"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?im)^content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
    while len(body) < length:
        chunk = sock.recv(1 << 20)
        assert chunk, f"the connection closed after {len(body)} of {length} bytes"
        body += chunk
    return head, body


def test_sigterm_lets_the_response_in_flight_finish_then_exits_0(tmp_path: Path) -> None:
    server = start_server(tmp_path / "index", tmp_path / "server.log", source=_big_corpus(tmp_path / "src"))
    try:
        status, data = server.get_json("/api/search?q=arrows")
        assert status == 200 and data["total"] == 1
        big = data["hits"][0]["id"]
        assert server.get_json("/api/articles/nope")[0] == 404

        # A client that reads slowly: the server is still sending the 7.5 MB answer when SIGTERM comes.
        port = urllib.parse.urlsplit(server.url).port
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port or 0))
        sock.sendall(f"GET /api/articles/{big} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        first = sock.recv(4096)
        assert first.startswith(b"HTTP/1.1 200")
        server.process.send_signal(signal.SIGTERM)
        # The client reads nothing more until the server says it waits for the answer still on its way...
        deadline = time.monotonic() + 30  # a wait for a log line, not a measurement
        while "Waiting for connections to close" not in server.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Waiting for connections to close" in server.log.read_text(), server.log.read_text()
        assert server.process.poll() is None  # ...and it has not gone without it
        head, body = _read_response(sock, first)
        assert b"content-type: application/json" in head.lower()
        sock.close()
        assert json.loads(body)["body"].endswith("→" * 100)  # all of it, and valid JSON
        assert server.process.wait(30) == 0  # a clean exit, not the signal's
    finally:
        stop_server(server)
    log = server.log.read_text()
    assert "Shutting down" in log and "Traceback" not in log
    lines = {(m["method"], m["target"], m["status"]) for m in _access_lines(log)}
    assert ("GET", "/api/search?q=arrows", "200") in lines
    assert ("GET", "/api/articles/nope", "404") in lines
    assert ("GET", f"/api/articles/{big}", "200") in lines  # the answer that was in flight
    assert all(float(m["ms"]) >= 0 for m in _access_lines(log))


def test_an_unexpected_error_is_logged_once_with_its_request_and_answered_in_the_error_shape(
    seed_index_dir: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index_dir, index_dir)
    segment = next(index_dir.glob("gen-*/*.seg"))  # the index's data, damaged on disk
    segment.write_bytes(b"\x00garbage" * (segment.stat().st_size // 8))
    server = start_server(index_dir, tmp_path / "server.log", healthy=False)
    try:
        status, headers, body = server.get("/api/search?q=blinken")
        assert status == 500 and headers["content-type"] == "application/json"
        assert json.loads(body) == {
            "error": {"code": "internal_error", "message": "Something went wrong on our side; the error was logged."}
        }
        status, headers, html = server.get("/search?q=blinken")
        assert status == 500 and headers["content-type"].startswith("text/html")
        assert "Something went wrong on our side" in html and "Traceback" not in html and "OSError" not in html
        assert server.get("/help")[0] == 200  # and it goes on serving
    finally:
        stop_server(server)
    log = server.log.read_text()
    assert log.count("Traceback") == 2, log  # one per failed request, not two
    assert "unhandled error on GET /api/search?q=blinken (client 127.0.0.1)" in log
    assert "unhandled error on GET /search?q=blinken (client 127.0.0.1)" in log
    assert "Exception in ASGI application" not in log
    statuses = {(m["target"], m["status"]) for m in _access_lines(log)}
    assert {("/api/search?q=blinken", "500"), ("/search?q=blinken", "500"), ("/help", "200")} <= statuses


def test_sigterm_while_serve_builds_its_index_stops_the_build_cleanly_with_0(tmp_path: Path) -> None:
    source, index_dir = tmp_path / "src", tmp_path / "index"
    source.mkdir()
    rng = random.Random(3)
    words = "harbour quay storm council budget minister election river bridge school".split()
    for n in range(400):  # a build of some seconds
        (source / f"note-{n:04d}.txt").write_text(f"Note {n}\n\n" + " ".join(rng.choice(words) for _ in range(300)))
    log = tmp_path / "server.log"
    with log.open("w") as handle:
        command = [sys.executable, "-m", "app", "serve", "--port", str(free_port()), "--index-dir", str(index_dir)]
        process = subprocess.Popen(
            [*command, "--source", str(source)], stdout=handle, stderr=subprocess.STDOUT, cwd=REPO
        )
        try:
            deadline = time.monotonic() + 60  # a wait for the build to start, not a measurement
            while "building it from" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    text = log.read_text()
    assert "stopped (SIGTERM)" in text and "Traceback" not in text
    assert "serving on" not in text, "the build finished before the signal: make the corpus larger"
    # The half-written generation went with the build; there was no index before, and there is none now.
    assert not (index_dir / "CURRENT").exists() and not list(index_dir.glob("gen-*"))
