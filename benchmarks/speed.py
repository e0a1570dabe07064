"""Speed against SQLite FTS5, growth with the collection, and updates, in one table.

For each size (subsets of the corpus of about N documents, the whole corpus, and optionally a
synthetic collection made of several copies of it under distinct paths, so distinct ids) it runs
``bench-search`` (extraction, FTS5, the app's index, search with one client interleaved with FTS5,
then 8 clients) and keeps its figures. Then, on a copy of the whole corpus, it times a full build
and an update after 100 files changed (a third deleted, a third edited, a third added), while a
server answers a stream of searches, and counts the failed requests.

Usage: python benchmarks/speed.py CORPUS [--sizes 1000,5000] [--copies 4] [--tool PATH] [--skip-update]
  CORPUS comes from ``bench-corpus DIR``; ``--copies 4`` adds the synthetic point (about 50,000 documents).
The tool is ``$ARTICLES_BENCH_SEARCH``, else ``../shared/tools/bench-search`` next to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = [sys.executable, "-m", "app"]


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def documents_in(path: Path) -> int:
    """Documents a file makes (a WordPress list holds many), counted the way the extractor will."""
    head = path.read_bytes()[:1]
    if head == b"[":
        try:
            data = json.loads(path.read_bytes())
            return len(data) if isinstance(data, list) else 1
        except ValueError:
            return 1
    return 1


def subset(corpus: Path, target: int, into: Path) -> int:
    """Hard links to files of ``corpus`` (a fixed random sample) making about ``target`` documents."""
    files = files_of(corpus)
    random.Random(7).shuffle(files)
    total = 0
    for path in files:
        if total >= target:
            break
        dest = into / path.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, dest)
        total += documents_in(path)
    return total


def copies(corpus: Path, count: int, into: Path) -> None:
    """The corpus ``count`` times under ``copy-1/`` ... (hard links): every document again, with other ids."""
    for n in range(1, count + 1):
        for path in files_of(corpus):
            dest = into / f"copy-{n}" / path.relative_to(corpus)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, dest)


def bench_search(tool: str, corpus: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, tool, str(corpus), "--app", " ".join(APP)], capture_output=True, text=True, cwd=REPO
    )
    if out.returncode != 0:
        sys.exit(f"bench-search failed: {out.stderr[-2000:]}")
    text = out.stdout
    print(text, flush=True)
    figures: dict[str, float] = {}
    patterns = {
        "docs": r"extract: (\d+) documents",
        "fts_rate": r"with the app's extraction (\d+) docs/s",
        "app_rate": r"app index: [\d.]+ s = (\d+) docs/s",
        "index_ratio": r"\(x([\d.]+) vs FTS5\), \d+ MB",
        "p50": r"app p50 ([\d.]+) ms",
        "p95": r"app p50 [\d.]+ ms p95 ([\d.]+) ms",
        "fts_p50": r"FTS5 p50 ([\d.]+) ms",
        "fts_p95": r"FTS5 p50 [\d.]+ ms p95 ([\d.]+) ms",
        "load_rps": r"load, \d+ clients for \d+ s: (\d+) requests/s",
        "load_p95": r"requests/s, p95 ([\d.]+) ms",
        "errors": r"ms, (\d+) errors",
        "rss": r"server RSS (\d+) MB",
    }
    for name, pattern in patterns.items():
        match = re.search(pattern, text)
        figures[name] = float(match.group(1)) if match else float("nan")
    # One client's rate: one request after the other, each taking about the median.
    figures["one_client_rps"] = 1000 / figures["p50"] if figures["p50"] else float("nan")
    return figures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_index(source: Path, index_dir: Path, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [*APP, "index", "--source", str(source), "--index-dir", str(index_dir), *extra],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if proc.returncode != 0:
        sys.exit(f"index failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - started, proc.stdout.strip().splitlines()[-1]


def change_files(source: Path, count: int) -> None:
    """A third of ``count`` files deleted, a third edited, a third added (copies under new names)."""
    files = files_of(source)
    random.Random(11).shuffle(files)
    third = count // 3
    for path in files[:third]:
        path.unlink()
    for path in files[third : 2 * third]:
        data = path.read_bytes()
        path.unlink()  # a hard link: write a new file rather than change the corpus
        path.write_bytes(data.replace(b"the ", b"the updated ", 1))
    for i, path in enumerate(files[2 * third : count]):
        (path.parent / f"added-{i}-{path.name}").write_bytes(path.read_bytes())


def update_under_load(corpus: Path, work: Path, changed: int) -> dict[str, float]:
    source, index_dir = work / "source", work / "index"
    subset(corpus, 10**9, source)
    full, full_line = timed_index(source, index_dir)
    print(f"full build: {full:.1f} s ({full_line})", flush=True)
    port = free_port()
    server = subprocess.Popen(
        [*APP, "serve", "--index-dir", str(index_dir), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    counts = {"requests": 0, "failed": 0}
    stop = threading.Event()

    def client() -> None:
        words = ["government", "election", "music", "kernel", "python", "market", "football", "court"]
        while not stop.is_set():
            url = f"{base}/api/search?" + urllib.parse.urlencode({"q": random.choice(words)})
            try:
                with urllib.request.urlopen(url, timeout=30) as resp:
                    ok = resp.status == 200
            except Exception:
                ok = False
            counts["requests"] += 1
            counts["failed"] += not ok

    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        threads = [threading.Thread(target=client) for _ in range(2)]
        for t in threads:
            t.start()
        change_files(source, changed)
        update, update_line = timed_index(source, index_dir)
        print(f"update of {changed} files: {update:.1f} s ({update_line})", flush=True)
        time.sleep(2)  # the server moves to the new generation within a second
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(30)
    return {"full": full, "update": update, **{k: float(v) for k, v in counts.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", default="1000,5000", help="subset sizes in documents, comma-separated")
    parser.add_argument("--copies", type=int, default=0, help="also a synthetic collection of this many copies")
    parser.add_argument("--changed", type=int, default=100, help="files changed for the update measurement")
    parser.add_argument("--skip-update", action="store_true")
    default_tool = os.environ.get("ARTICLES_BENCH_SEARCH") or str(REPO.parent / "shared/tools/bench-search")
    parser.add_argument("--tool", default=default_tool, help="path of bench-search")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="articles-speed-"))
    rows: list[tuple[str, dict[str, float]]] = []
    try:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            folder = work / f"subset-{size}"
            made = subset(corpus, size, folder)
            print(f"== subset of about {size} documents ({made}) ==", flush=True)
            rows.append((f"{size // 1000}k", bench_search(args.tool, folder)))
        print("== whole corpus ==", flush=True)
        rows.append(("all", bench_search(args.tool, corpus)))
        if args.copies:
            folder = work / "copies"
            copies(corpus, args.copies, folder)
            print(f"== {args.copies} copies (synthetic) ==", flush=True)
            rows.append((f"{args.copies} copies (synthetic)", bench_search(args.tool, folder)))
        update = None if args.skip_update else update_under_load(corpus, work / "update", args.changed)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    header = (
        "| documents | search p50 (FTS5) | p95 (FTS5) | p50 ratio | p95 ratio | index docs/s (FTS5 path) "
        "| index ratio | 8 clients req/s (x one client) | p95 under load | errors | server RSS |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, f in rows:
        print(
            f"| {name} ({f['docs']:.0f}) | {f['p50']:.1f} ms ({f['fts_p50']:.1f}) "
            f"| {f['p95']:.1f} ms ({f['fts_p95']:.1f}) "
            f"| x{f['p50'] / f['fts_p50']:.1f} | x{f['p95'] / f['fts_p95']:.1f} "
            f"| {f['app_rate']:.0f} ({f['fts_rate']:.0f}) | x{f['index_ratio']:.2f} "
            f"| {f['load_rps']:.0f} (x{f['load_rps'] / f['one_client_rps']:.1f}) | {f['load_p95']:.0f} ms "
            f"| {f['errors']:.0f} | {f['rss']:.0f} MB |"
        )
    if update is not None:
        share = 100 * update["update"] / update["full"]
        print(
            f"\nupdate after {args.changed} changed files: {update['update']:.1f} s against {update['full']:.1f} s "
            f"for a full build ({share:.1f} %); {update['requests']:.0f} requests during it, "
            f"{update['failed']:.0f} failed"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
