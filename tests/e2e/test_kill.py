"""`python -m app index` killed with SIGKILL at any moment: the previous index stays whole and
searchable, no half-written generation is ever published, and the next build cleans up. The 200
files make a build in worker processes, which go with their build when it is killed."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.index import BUILD_LOCK, CURRENT, current_generation, read_manifest
from app.search import SearchIndex, SearchRequest
from tests.conftest import REPO
from tests.e2e.conftest import run_app

FILES = 200
KILL_POINTS = 8
WORDS = "harbour quay storm council budget minister election river bridge school hospital police court".split()


def _corpus(root: Path) -> Path:
    root.mkdir()
    rng = random.Random(7)
    for n in range(FILES):
        body = " ".join(rng.choice(WORDS) for _ in range(200))
        marker = " The zanzibarquay ferry is named here only." if n == 7 else ""
        (root / f"article-{n:04d}.txt").write_text(f"Article number {n}\n\n{body}.{marker}")
    return root


def _check_whole(index_dir: Path) -> Path:
    """The live generation is complete (its manifest is written last) and finds the known document."""
    live = current_generation(index_dir)
    assert live is not None
    manifest = read_manifest(live)
    assert manifest is not None and manifest.documents == FILES
    index = SearchIndex(index_dir)
    try:
        assert index.count() == FILES
        hits = index.search(SearchRequest(q="zanzibarquay")).hits
        assert [hit.title for hit in hits] == ["Article number 7"]
    finally:
        index.close()
    return live


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_an_index_build_killed_at_any_moment_leaves_the_previous_index_whole(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "src")
    index_dir = tmp_path / "index"
    # --full: a build over an unchanged folder would otherwise read nothing and end at once.
    command = [sys.executable, "-m", "app", "index", "--source", str(source), "--index-dir", str(index_dir), "--full"]
    started = time.monotonic()
    assert run_app(*command[3:]).returncode == 0
    run_time = time.monotonic() - started  # what a whole build takes here: the kill points spread over it
    published = {_check_whole(index_dir)}
    killed = left_behind = with_workers = 0
    for point in range(KILL_POINTS):
        build = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(run_time * (0.1 + point * 0.13))  # from start-up to past the end of a build
        workers = _children(build.pid)
        build.send_signal(signal.SIGKILL)
        killed += build.wait(60) == -signal.SIGKILL
        deadline = time.monotonic() + 30  # a wait for the workers to go, not a measurement
        while (running := [pid for pid in workers if _alive(pid)]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running, f"worker processes {running} outlived their killed build"
        with_workers += bool(workers)
        live = _check_whole(index_dir)
        published.add(live)  # the old generation, or the new one when the build finished before the kill
        left_behind = max(left_behind, len([g for g in index_dir.glob("gen-*") if g != live]))
    print(f"{killed} of {KILL_POINTS} killed mid-way; a build takes {run_time:.1f} s; {len(published)} published")
    assert killed >= KILL_POINTS // 2, f"only {killed} of {KILL_POINTS} builds were still running when killed"
    assert left_behind, "no killed build left a generation behind"
    assert with_workers, "no build was killed while its workers ran"
    assert run_app(*command[3:]).returncode == 0  # the lock went with the killed builds
    live = _check_whole(index_dir)
    assert sorted(p.name for p in index_dir.iterdir()) == sorted([BUILD_LOCK, CURRENT, live.name])
