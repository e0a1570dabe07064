"""What each search feature costs: median latency over many queries, as a ratio to plain search.

    python benchmarks/search_features.py CORPUS [--queries 300] [--seed 3] [--index-dir DIR]

CORPUS is any folder the indexer reads (for example the one ``bench-corpus`` writes). It is indexed
into a temporary folder (or ``--index-dir``, reused when it already holds an index), then each query
runs in this process, through :class:`app.search.SearchIndex`, once per variant, the variants
interleaved query by query so a noisy machine slows them alike:

* ``plain``: relevance order, no grouping, no facets (the baseline);
* ``+ grouping``: one entry per story;  ``+ facets``: site, author, category, year and month counts;
* ``+ filter``: a ``site=`` filter (the most frequent site);  ``+ date range``: ``from=``/``to=``;
* ``sort=newest``;  ``all on``: what the search page asks for (grouping, facets);
* ``question``: queries of five words ranked as questions (feedback), against the same words ranked as
  keywords (``question as keywords``), which is their baseline;
* ``did you mean``: a misspelled word (one letter changed), the first time and when cached;
* ``related``: the related articles of a hit's article (the article page's extra work).

Queries are drawn with a fixed seed from the indexed titles: two words of a title (keywords), and
five words for questions. Times are wall-clock milliseconds; no figure is asserted anywhere.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import ranking
from app.index import current_generation
from app.ingest import build_index
from app.matching import Filters
from app.search import SearchIndex, SearchRequest

WORD = re.compile(r"[A-Za-z]{4,}")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()
    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="features-index-"))
    if current_generation(index_dir) is None:
        started = time.perf_counter()
        report = build_index(args.corpus, index_dir)
        print(f"indexed {report.documents} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    index = SearchIndex(index_dir)
    rng = random.Random(args.seed)
    with index.session() as (s, catalog):
        titles = [s.stored_fields(n).get("title") or "" for n in range(s.doc_count_all())]
        first = [n for n in range(catalog.size) if catalog.values["site"][n]]
        top_site = max(
            {v for n in first for v in catalog.values["site"][n]},
            key=lambda v: sum(v in catalog.values["site"][n] for n in first),
            default="",
        )
        months = sorted({m for m in catalog.month if m})
    words_of = [WORD.findall(t) for t in titles]
    two_words = [w for w in words_of if len(w) >= 2]
    keyword_queries = [" ".join(rng.sample(w, 2)) for w in rng.sample(two_words, args.queries)]
    long_titles = [w for w in words_of if len(w) >= 5]
    questions = [" ".join(rng.sample(w, 5)) for w in rng.sample(long_titles, min(args.queries, len(long_titles)))]
    typos = []
    for q in keyword_queries:
        word = q.split()[0]
        i = rng.randrange(1, len(word))
        typos.append(word[:i] + ("x" if word[i] != "x" else "z") + word[i + 1 :])
    date_from, date_to = (months[len(months) // 4], months[3 * len(months) // 4]) if months else (None, None)

    def request(q: str, **kw: object) -> SearchRequest:
        options: dict[str, object] = {"group": False, "facets": False} | kw
        return SearchRequest(q=q, **options)  # type: ignore[arg-type]

    variants: dict[str, Callable[[str], SearchRequest]] = {
        "plain": lambda q: request(q),
        "+ grouping": lambda q: request(q, group=True),
        "+ facets": lambda q: request(q, facets=True),
        "+ filter (site=)": lambda q: request(q, filters=Filters(sites=(top_site,))),
        "+ date range": lambda q: request(q, filters=Filters(start=_month(date_from), end=_month(date_to, end=True))),
        "sort=newest": lambda q: request(q, sort="newest"),
        "all on (the page)": lambda q: request(q, group=True, facets=True),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for q in keyword_queries:
        for name, make in variants.items():
            times[name].append(timed(lambda make=make, q=q: index.search(make(q))))
    question_times: dict[str, list[float]] = {"question as keywords": [], "question": []}
    plain_is_question = ranking.is_question
    for q in questions:
        ranking.is_question = lambda _c: False  # type: ignore[assignment]
        try:
            question_times["question as keywords"].append(timed(lambda q=q: index.search(request(q))))
        finally:
            ranking.is_question = plain_is_question  # type: ignore[assignment]
        question_times["question"].append(timed(lambda q=q: index.search(request(q))))
    typo_first = [timed(lambda q=q: index.search(request(q))) for q in typos]
    typo_cached = [timed(lambda q=q: index.search(request(q))) for q in typos]
    hit_ids = [p.hits[0].id for p in (index.search(request(q, per_page=1)) for q in keyword_queries[:100]) if p.hits]
    related = [timed(lambda i=i: index.related(i)) for i in hit_ids]

    base = statistics.median(times["plain"])
    print(f"{len(keyword_queries)} keyword queries, {len(questions)} questions; median ms and ratio to plain")
    print(f"{'variant':28s} {'median ms':>10s} {'p95 ms':>8s} {'x plain':>8s}")

    def line(name: str, values: list[float], baseline: float = base) -> None:
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{name:28s} {statistics.median(values):10.2f} {p95:8.2f} {statistics.median(values) / baseline:8.2f}")

    for name, values in times.items():
        line(name, values)
    question_base = statistics.median(question_times["question as keywords"])
    for name, values in question_times.items():
        line(name, values, question_base)
    line("did you mean (first time)", typo_first)
    line("did you mean (cached)", typo_cached)
    line("related (article page)", related)
    return 0


def _month(value: str | None, *, end: bool = False) -> object:
    from app.query import parse_period

    period = parse_period(value) if value else None
    return None if period is None else period[1 if end else 0]


if __name__ == "__main__":
    sys.exit(main())
