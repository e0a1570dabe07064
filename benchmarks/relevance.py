"""Ranking quality on Cranfield, end to end through the HTTP API, with ``score-relevance``.

    python benchmarks/relevance.py [--tool PATH] [--port 8765] [-- extra score-relevance options]

Steps: ``score-relevance corpus`` writes the 1,400 Cranfield documents as small HTML pages into a
temporary folder; ``python -m app index`` indexes them; ``python -m app serve`` serves them on a free
port; ``score-relevance run`` sends the 225 queries to ``/api/search`` and prints MAP@100, nDCG@10
and P@10 beside a plain BM25 computed in the same run. The tool is ``--tool``, else
``$ARTICLES_SCORE_RELEVANCE``, else ``../shared/tools/score-relevance`` next to the repository.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_tool = os.environ.get("ARTICLES_SCORE_RELEVANCE") or str(REPO.parent / "shared/tools/score-relevance")
    parser.add_argument("--tool", default=default_tool, help="path of score-relevance")
    parser.add_argument("--port", type=int, default=0, help="port for the server (default: a free one)")
    parser.add_argument("extra", nargs="*", help="more options for `score-relevance run` (after --)")
    args = parser.parse_args()
    tool = Path(args.tool)
    if not tool.is_file():
        raise SystemExit(f"score-relevance not found at {tool}: pass --tool")
    with tempfile.TemporaryDirectory(prefix="cranfield-") as tmp:
        pages, index_dir = Path(tmp) / "pages", Path(tmp) / "index"
        subprocess.run([sys.executable, str(tool), "corpus", str(pages)], check=True)
        subprocess.run(
            [sys.executable, "-m", "app", "index", "--source", str(pages), "--index-dir", str(index_dir)],
            check=True,
            cwd=REPO,
        )
        port = args.port or free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--index-dir", str(index_dir), "--port", str(port)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz")
            return subprocess.run([sys.executable, str(tool), "run", base, *args.extra], check=False).returncode
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
