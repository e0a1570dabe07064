"""Searches and article requests keep being answered while `python -m app index` rebuilds the index the
server is serving, twice (in full, then an update with files added and changed), and every server process
switches to each new generation without a restart."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import Server, run_app, start_server, stop_server

FILES = 60
CLIENTS = 4
WORDS = "harbour quay storm council budget minister election river bridge school hospital police court".split()
#: A word only the files added before the second rebuild hold.
NEW_WORD = "zanzibarquay"
ADDED = 15
#: Answers in a row that must show the new documents (the server has several processes).
SWITCHED = 20


def _write_corpus(root: Path, start: int, count: int, extra: str = "") -> None:
    rng = random.Random(start)
    for n in range(start, start + count):
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        (root / f"article-{n:04d}.txt").write_text(f"Report number {n} on the {rng.choice(WORDS)}\n\n{body}.{extra}\n")


@dataclass
class Tally:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, failure: str | None) -> None:
        with self.lock:
            self.requests += 1
            if failure is not None:
                self.failures.append(failure)


def _client(server: Server, ids: list[str], stop: threading.Event, tally: Tally, seed: int) -> None:
    """One client on a keep-alive connection: searches and article requests, in turn, until stopped."""
    rng = random.Random(seed)
    host = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
    n = 0
    while not stop.is_set():
        n += 1
        if n % 2:
            words = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            path = "/api/search?" + urllib.parse.urlencode({"q": words, "per_page": 10})
        else:
            path = f"/api/articles/{rng.choice(ids)}"
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200 and bool(json.loads(body))
            tally.record(None if ok else f"{path}: {response.status} {body[:300]!r}")
        except Exception as exc:  # a reset or a broken answer is a failure like any other
            tally.record(f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
    conn.close()


def _total(server: Server, q: str) -> int:
    status, data = server.get_json("/api/search?" + urllib.parse.urlencode({"q": q, "group": "false"}))
    assert status == 200, data
    return int(data["total"])


def test_requests_never_fail_while_the_index_is_rebuilt_and_swapped(tmp_path: Path) -> None:
    source, index_dir = tmp_path / "src", tmp_path / "index"
    source.mkdir()
    _write_corpus(source, 0, FILES)
    server = start_server(index_dir, tmp_path / "server.log", source=source)  # builds the index first
    try:
        status, data = server.get_json("/api/search?q=report&per_page=100&group=false")
        assert status == 200 and data["total"] == FILES
        ids = [hit["id"] for hit in data["hits"]]  # ids come from file paths: they survive rebuilds
        stop, tally = threading.Event(), Tally()
        clients = [threading.Thread(target=_client, args=(server, ids, stop, tally, n)) for n in range(CLIENTS)]
        for thread in clients:
            thread.start()
        try:
            first = run_app("index", "--full", "--source", str(source), "--index-dir", str(index_dir))
            assert first.returncode == 0, first.stderr
            _write_corpus(source, FILES, ADDED, extra=f" The {NEW_WORD} ferry sails.")
            for n in range(0, FILES, 10):  # existing files change too
                path = source / f"article-{n:04d}.txt"
                path.write_text(path.read_text() + " An update on the ferry.\n")
            second = run_app("index", "--source", str(source), "--index-dir", str(index_dir))
            assert second.returncode == 0, second.stderr
            # Every server process switches at its next request: wait until answer after answer (from
            # whichever process) holds the added and the changed documents. A wait, not a measurement.
            deadline, streak = time.monotonic() + 30, 0
            while streak < SWITCHED and time.monotonic() < deadline:
                added, changed = _total(server, NEW_WORD), _total(server, '"update on the ferry"')
                streak = streak + 1 if (added, changed) == (ADDED, FILES // 10) else 0
                if not streak:
                    time.sleep(0.1)
            assert streak == SWITCHED, f"not every server process shows the new generation: {added}, {changed}"
        finally:
            stop.set()
            for thread in clients:
                thread.join(60)
        assert server.process.poll() is None, "the server restarted or stopped"
        print(f"{tally.requests} requests by {CLIENTS} clients during 2 rebuilds: {len(tally.failures)} failed")
        assert tally.requests > 0
        assert not tally.failures, tally.failures[:10]
        assert "Traceback" not in server.log.read_text()
    finally:
        stop_server(server)
