#!/usr/bin/env python3
"""Extraction quality and speed on the three shared corpora.

    python benchmarks/extraction.py                      # all three corpora
    python benchmarks/extraction.py --trafilatura /tmp/trafvenv/bin/python --repeat 7 --trafilatura-repeat 3
    python benchmarks/extraction.py --only body --worst 10

1. **Body text** on ``article-extraction-benchmark`` (181 news pages with human-annotated bodies):
   the benchmark's own metric (4-token shingles of ``\\w+`` tokens; per-page TP/FP/FN normalised to 1;
   precision and recall averaged over pages; F1 of the two means), and the speed of
   ``python -m app extract`` over all pages in one process, start-up included: the median of
   ``--repeat`` runs (the machine may be shared, so single runs vary). With ``--trafilatura PYTHON``
   (an interpreter that has trafilatura installed: it is never a dependency of the app), the same
   pages go through trafilatura in the same run, its runs taken in turn with ours, and its F1 and
   speed are shown beside ours. ``--compile`` compiles the app's modules first (``compileall``, into
   the ignored ``__pycache__`` folders), as an installed package has them: where
   ``PYTHONDONTWRITEBYTECODE`` is set, every run compiles them again otherwise. The run says whether
   the compiled module (``app/extract/_speedups``) was in use; ``--python`` also times the Python
   code alone (the compiled module turned off: what an install without a C compiler runs), in turn
   with the others.
2. **Metadata** on ``readability-test-pages`` (Mozilla Readability's fixtures): the share of pages
   whose title, byline, published time, site name and language match the expected ones, after
   folding case and whitespace (a title also matches once a site-name suffix is dropped from either
   side, and a byline once a leading "By" is; a time matches when it is the same instant, or the same
   day when one side has no time).
3. **WordPress** on ``wordpress-rest-json``: documents per file against the posts the JSON holds, files
   skipped and why, and how often title, date, link, author and categories come out where the JSON
   has them.

The corpora are found in ``../shared/corpora`` beside the repository (``--corpora`` to change it).
Nothing here is a test: the figures go into the README's "Extraction quality" section.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.errors import ExtractionError  # noqa: E402
from app.extract import extract  # noqa: E402
from app.extract.wordpress_json import is_wordpress_post  # noqa: E402

TOKEN = re.compile(r"\w+")

# ``python -m app extract`` with the compiled module turned off (``--python``).
PURE_PYTHON_RUNNER = """
import sys
from app.extract import native
native.speedups = None
from app.cli import main
sys.exit(main())
"""

# Runs in the trafilatura interpreter: file paths in argv, JSON Lines {"source", "body"} out.
TRAFILATURA_RUNNER = """
import json, sys
import trafilatura
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as f:
        html = f.read()
    body = trafilatura.extract(html) or ""
    sys.stdout.write(json.dumps({"source": path, "body": body}) + "\\n")
"""


# --- 1. body text ----------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> collections.Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(truth: str, pred: str) -> tuple[float, float]:
    """Precision and recall of one page, from shingle counts normalised to sum to 1."""
    a, b = shingles(truth), shingles(pred)
    tp = fp = fn = 0
    for key in a.keys() | b.keys():
        x, y = a.get(key, 0), b.get(key, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(truth: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float, list[tuple[float, str]]]:
    ps, rs, per_page = [], [], []
    for key, body in truth.items():
        p, r = page_scores(body, pred.get(key, ""))
        ps.append(p)
        rs.append(r)
        per_page.append((2 * p * r / (p + r) if p + r else 0.0, key))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r, sorted(per_page)


def run_json_lines(command: list[str], paths: list[str]) -> tuple[dict[str, str], float]:
    """Run ``command paths...`` once; the bodies it printed by page id, and the seconds it took."""
    started = time.perf_counter()
    proc = subprocess.run([*command, *paths], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0 and not proc.stdout:
        sys.exit(f"{command[0]} failed: {proc.stderr[-2000:]}")
    bodies: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            doc = json.loads(line)
            bodies[Path(doc["source"]).name.split(".", 1)[0]] = doc.get("body") or ""
    return bodies, seconds


def _speed(pages: int, seconds: list[float]) -> dict[str, Any]:
    median = statistics.median(seconds)
    return {
        "seconds": median,
        "pages_per_s": pages / median,
        "runs": len(seconds),
        "seconds_each": [round(x, 3) for x in seconds],
    }


def body_benchmark(corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    truth_all = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth_all)[: args.pages] if args.pages else sorted(truth_all)
    truth = {k: truth_all[k]["articleBody"] for k in ids}
    result: dict[str, Any] = {"pages": len(ids)}
    if args.compile:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "app")], check=True)
    ours_command = [sys.executable, "-m", "app", "extract"]
    python_command = [sys.executable, "-c", PURE_PYTHON_RUNNER, "extract"]
    probe = subprocess.run(
        [sys.executable, "-c", "from app.extract import native; print(native.speedups is not None)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    result["compiled"] = probe.stdout.strip() == "True"
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k in ids:
            path = Path(tmp) / f"{k}.html"
            path.write_bytes(gzip.decompress((corpus / "html" / f"{k}.html.gz").read_bytes()))
            paths.append(str(path))
        ours: list[float] = []
        theirs: list[float] = []
        pythons: list[float] = []
        pred: dict[str, str] = {}
        their_pred: dict[str, str] = {}
        python_pred: dict[str, str] = {}
        trafilatura_runs = args.trafilatura_repeat if args.trafilatura else 0
        python_runs = args.repeat if args.python else 0
        for turn in range(max(args.repeat, trafilatura_runs)):  # in turn, so that all meet the same load
            if turn < args.repeat:
                pred, seconds = run_json_lines(ours_command, paths)
                ours.append(seconds)
            if turn < python_runs:
                python_pred, seconds = run_json_lines(python_command, paths)
                pythons.append(seconds)
            if turn < trafilatura_runs:
                their_pred, seconds = run_json_lines([args.trafilatura, "-c", TRAFILATURA_RUNNER], paths)
                theirs.append(seconds)
        f1, p, r, per_page = score(truth, pred)
        result["ours"] = {"f1": f1, "precision": p, "recall": r, **_speed(len(ids), ours)}
        if pythons:
            f1, p, r, _ = score(truth, python_pred)
            result["python"] = {"f1": f1, "precision": p, "recall": r, **_speed(len(ids), pythons)}
            result["python"]["same_bodies"] = python_pred == pred
        result["worst"] = [(round(f, 3), k, truth_all[k]["url"]) for f, k in per_page[: args.worst]]
        if theirs:
            f1, p, r, _ = score(truth, their_pred)
            result["trafilatura"] = {"f1": f1, "precision": p, "recall": r, **_speed(len(ids), theirs)}
            result["speed_ratio"] = result["ours"]["pages_per_s"] / result["trafilatura"]["pages_per_s"]
    return result


def print_body(result: dict[str, Any]) -> None:
    print(f"\n## Body text: article-extraction-benchmark ({result['pages']} pages)\n")
    print(f"compiled module (app/extract/_speedups) in use: {'yes' if result['compiled'] else 'NO'}")
    print(f"{'system':14s} {'F1':>6s} {'P':>6s} {'R':>6s} {'pages/s':>9s}  (one process, start-up included; median)")
    names = ("ours", "python", "trafilatura")
    for name in names:
        if name in result:
            row = result[name]
            print(f"{name:14s} {row['f1']:6.3f} {row['precision']:6.3f} {row['recall']:6.3f} {row['pages_per_s']:9.0f}")
    for name in names:
        if name in result:
            row = result[name]
            runs = ", ".join(f"{x:.2f}" for x in row["seconds_each"])
            print(f"  {name}: median {row['seconds']:.2f} s of {row['runs']} runs ({runs})")
    if "python" in result:
        same = "the same" if result["python"]["same_bodies"] else "NOT the same"
        print(f"  python: the Python code alone (compiled module off); {same} bodies as with it")
    if "speed_ratio" in result:
        print(f"\nours / trafilatura speed: {result['speed_ratio']:.1f}x")
        if "python" in result:
            ratio = result["python"]["pages_per_s"] / result["trafilatura"]["pages_per_s"]
            print(f"python / trafilatura speed: {ratio:.1f}x")
    if result["worst"]:
        print("\nworst pages (F1, id, url):")
        for f1, key, url in result["worst"]:
            print(f"  {f1:.3f} {key[:12]} {url}")


# --- 2. metadata -----------------------------------------------------------------------------

_SEPARATOR_END = re.compile(r"(?:\s*[|•·»«:/_]\s*|\s+[-–—]{1,2}\s+|\s*::\s*)$")
_SEPARATOR_START = re.compile(r"^(?:\s*[|•·»«:/_]\s*|\s+[-–—]{1,2}\s+|\s*::\s*)")
_BYLINE_WORD = re.compile(r"^(?:by|par|por|von|door|di|da)\s+", re.IGNORECASE)


def fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def titles_match(expected: str, got: str) -> bool:
    """Equal after folding, or equal once a site-name suffix or prefix (after a separator such as
    ``|``, `` - ``, ``:``, ``_``) is dropped from either side."""
    a, b = fold(expected), fold(got)
    if a == b:
        return True
    for one, other in ((a, b), (b, a)):
        if not other:
            continue
        if one.startswith(other) and _SEPARATOR_START.match(one[len(other) :]):
            return True
        if one.endswith(other) and _SEPARATOR_END.search(one[: -len(other)]):
            return True
    return False


def bylines_match(expected: str, got: str | None) -> bool:
    """Equal after folding, a leading "By" left out on either side."""
    return bool(got) and _BYLINE_WORD.sub("", fold(expected)) == _BYLINE_WORD.sub("", fold(got))


def _instant(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def times_match(expected: str, got: str | None) -> bool:
    if not got:
        return False
    a, b = _instant(expected), _instant(got)
    if a is None or b is None:
        return fold(expected) == fold(got)
    if len(got) == 10 or len(expected) == 10 or a.tzinfo is None or b.tzinfo is None:
        return a.date() == b.date()
    return a == b


FIELDS = {"title": "title", "byline": "author", "publishedTime": "published", "siteName": "site", "lang": "language"}


def metadata_benchmark(corpus: Path) -> dict[str, Any]:
    counts = {field: [0, 0] for field in FIELDS}
    misses: dict[str, list[str]] = {field: [] for field in FIELDS}
    for folder in sorted(p for p in corpus.iterdir() if (p / "expected-metadata.json").exists()):
        expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        try:
            doc = extract((folder / "source.html").read_bytes(), source=folder.name).documents[0].to_dict()
        except ExtractionError:
            doc = {}
        for field, ours in FIELDS.items():
            want = expected.get(field)
            if not want:
                continue
            got = doc.get(ours)
            if field == "title":
                ok = bool(got) and titles_match(want, got)
            elif field == "byline":
                ok = bylines_match(want, got)
            elif field == "publishedTime":
                ok = times_match(want, got)
            else:
                ok = fold(want) == fold(got)
            counts[field][1] += 1
            counts[field][0] += ok
            if not ok:
                misses[field].append(f"{folder.name}: expected {want!r}, got {got!r}")
    return {"fields": {f: {"matched": m, "expected": n} for f, (m, n) in counts.items()}, "misses": misses}


def print_metadata(result: dict[str, Any], show_misses: int) -> None:
    print("\n## Metadata: readability-test-pages\n")
    print(f"{'field':14s} {'matched':>8s} {'of':>4s} {'share':>7s}")
    for field, row in result["fields"].items():
        share = row["matched"] / row["expected"] if row["expected"] else 0.0
        print(f"{field:14s} {row['matched']:8d} {row['expected']:4d} {share:7.1%}")
    if show_misses:
        for field, misses in result["misses"].items():
            for miss in misses[:show_misses]:
                print(f"  {field} miss: {miss}")


# --- 3. WordPress ----------------------------------------------------------------------------


def _expected_posts(data: object) -> tuple[int, int]:
    """Posts in the JSON, and how many of them are password-protected."""
    items = data if isinstance(data, list) else [data]
    posts = [item for item in items if is_wordpress_post(item)]
    protected = sum(1 for p in posts if isinstance(p.get("content"), dict) and p["content"].get("protected"))
    return len(posts), protected


def _has(post: dict[str, Any], field: str) -> bool:
    if field == "title":
        title = post.get("title")
        return bool(title.get("rendered") if isinstance(title, dict) else title)
    if field == "published":
        return bool(post.get("date") or post.get("date_gmt"))
    if field == "url":
        return bool(post.get("link"))
    if field == "author":
        embedded = post.get("_embedded") or {}
        return bool(embedded.get("author")) or isinstance(post.get("author"), str)
    if field == "categories":
        return bool(post.get("categories")) or any(
            c.startswith("category-") for c in post.get("class_list") or [] if isinstance(c, str)
        )
    return False


WP_FIELDS = ("title", "published", "url", "author", "categories")


def wordpress_benchmark(corpus: Path) -> dict[str, Any]:
    rows = []
    presence = {f: [0, 0] for f in WP_FIELDS}
    for path in sorted(corpus.rglob("*.json")):
        raw = path.read_bytes()
        data = json.loads(raw)
        posts, protected = _expected_posts(data)
        try:
            result = extract(raw, source=path.name)
            docs, notes, reason = result.documents, result.skipped, ""
        except ExtractionError as exc:
            docs, notes, reason = [], [], str(exc)
        items = [i for i in (data if isinstance(data, list) else [data]) if is_wordpress_post(i)]
        items = [i for i in items if not (isinstance(i.get("content"), dict) and i["content"].get("protected"))]
        for item, doc in zip(items, docs, strict=False):
            for field in WP_FIELDS:
                if _has(item, field):
                    presence[field][1] += 1
                    presence[field][0] += bool(getattr(doc, field))
        rows.append(
            {
                "file": str(path.relative_to(corpus)),
                "posts": posts,
                "protected": protected,
                "documents": len(docs),
                "ok": len(docs) == posts - protected,
                "skipped": reason or "; ".join(notes),
            }
        )
    return {"files": rows, "presence": {f: {"present": m, "in_json": n} for f, (m, n) in presence.items()}}


def print_wordpress(result: dict[str, Any]) -> None:
    print("\n## WordPress: wordpress-rest-json\n")
    print(f"{'file':55s} {'posts':>5s} {'docs':>5s}  ok  skipped because")
    for row in result["files"]:
        print(
            f"{row['file']:55s} {row['posts']:5d} {row['documents']:5d}  {'yes' if row['ok'] else 'NO ':3s} "
            f"{row['skipped'][:90]}"
        )
    print("\nfield present in the document where the JSON has it:")
    for field, row in result["presence"].items():
        print(f"  {field:11s} {row['present']:3d} of {row['in_json']:3d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora", help="the corpora folder")
    parser.add_argument("--only", choices=("body", "metadata", "wordpress"), help="run one benchmark only")
    parser.add_argument("--trafilatura", metavar="PYTHON", help="an interpreter with trafilatura, to compare with")
    parser.add_argument("--pages", type=int, help="only the first N pages of the body benchmark")
    parser.add_argument("--repeat", type=int, default=5, help="run our extractor N times: the median (default 5)")
    parser.add_argument(
        "--trafilatura-repeat", type=int, default=1, metavar="N", help="run trafilatura N times (default 1)"
    )
    parser.add_argument("--compile", action="store_true", help="compile the app's modules before timing")
    parser.add_argument("--python", action="store_true", help="also time the Python code alone (no compiled module)")
    parser.add_argument("--worst", type=int, default=10, help="list the N worst pages (default 10)")
    parser.add_argument("--misses", type=int, default=0, help="list up to N metadata misses per field")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    corpora: Path = args.corpora
    if not corpora.is_dir():
        sys.exit(f"no corpora folder at {corpora} (use --corpora)")
    results: dict[str, Any] = {}
    if args.only in (None, "body"):
        results["body"] = body_benchmark(corpora / "article-extraction-benchmark", args)
    if args.only in (None, "metadata"):
        results["metadata"] = metadata_benchmark(corpora / "readability-test-pages")
    if args.only in (None, "wordpress"):
        results["wordpress"] = wordpress_benchmark(corpora / "wordpress-rest-json")
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    if "body" in results:
        print_body(results["body"])
    if "metadata" in results:
        print_metadata(results["metadata"], args.misses)
    if "wordpress" in results:
        print_wordpress(results["wordpress"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
