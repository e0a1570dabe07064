"""Duplicate-story detection on the BBC corpus: precision, recall and speed of ``app.duplicates``.

    python benchmarks/duplicates.py [--corpus DIR] [--variants 300] [--seed 7] [--scale]

The corpus folder is ``--corpus``, else ``$ARTICLES_BBC_CORPUS``, else ``../shared/corpora/bbc-news``
next to the repository (it holds ``bbc/<category>/<nnn>.txt``). Files go through ``app.extract``
exactly as the indexer reads them. Two ground truths:

1. **Byte-identical files** (98 pairs): pairwise precision and recall of the grouping. Pairs grouped
   beyond them are listed with the rule that grouped them, and with the verdict of reading them side
   by side where that was done (``INSPECTED``); they are not counted as errors blindly.
2. **Synthetic near duplicates**: for a seeded sample of articles, a copy in another form -- a
   plain-text paste re-wrapped at 70 columns or an HTML page with entities -- with a breadcrumb,
   the title repeated, "SHARE" and "Advertisement" lines, a comment form and a copyright footer,
   and a light edit (a sentence dropped, a word changed). Each copy goes through ``app.extract``
   ("extracted": what the indexer will see) and, separately, is added with all its debris left in
   ("raw": the module on its own). A positive pair is a copy and its original (or the original's
   byte-identical twin); any other pair that includes a copy is a false positive.

Thresholds are swept offline: one run with every LSH candidate verified and recorded, then each
rule applied to those records, so the sweep shows verification choices for a fixed candidate set.
No timing is asserted; times are for one core (this process).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import random
import re
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.duplicates import (  # noqa: E402
    DedupConfig,
    DuplicateFinder,
    Match,
    find_stories,
    story_groups,
    words,
)
from app.extract import extract  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc-news"
DEFAULT_READABILITY = REPO.parent / "shared" / "corpora" / "readability-test-pages"

#: Pairs of different titles and bodies that a rule may group, read side by side: (same story?, note).
#: Ids are file paths in the corpus. Pairs that share a title (31, all read: every one is a re-edited or
#: updated version of one story) or a normalised body (a new headline on the same text) are judged mechanically.
INSPECTED: dict[tuple[str, str], tuple[bool, str]] = {
    ("tech/049.txt", "tech/340.txt"): (True, "same story, new headline"),
    ("sport/425.txt", "sport/433.txt"): (True, "same story, new headline"),
    ("sport/424.txt", "sport/511.txt"): (True, "same story, new headline"),
    ("sport/444.txt", "sport/458.txt"): (True, "same story, extended (458 adds quotes)"),
    ("business/209.txt", "business/229.txt"): (True, "same story, updated (noon -> close)"),
    ("politics/311.txt", "politics/312.txt"): (True, "same story, updated (talks ahead -> talks ended)"),
    ("politics/069.txt", "politics/312.txt"): (True, "same story, updated (069 = byte twin of 311)"),
    ("politics/327.txt", "politics/328.txt"): (False, "follow-up a day later, shared background"),
    ("entertainment/143.txt", "entertainment/159.txt"): (False, "different news (Blair buys, No 1), shared text"),
    ("politics/111.txt", "politics/333.txt"): (False, "different news (party launch / seat target)"),
}
SAME_TITLE_VERDICT = "same title: re-edited or updated version"
SAME_BODY_VERDICT = "same body, new headline"

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    title: str
    body: str


# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------


def corpus_dir(arg: str | None) -> Path:
    path = Path(arg or os.environ.get("ARTICLES_BBC_CORPUS") or DEFAULT_CORPUS)
    if (path / "bbc").is_dir():
        path = path / "bbc"
    if not path.is_dir():
        sys.exit(f"corpus folder not found: {path} (use --corpus DIR or $ARTICLES_BBC_CORPUS)")
    return path


def load(root: Path) -> tuple[list[Doc], dict[str, bytes]]:
    docs: list[Doc] = []
    raw: dict[str, bytes] = {}
    for path in sorted(root.glob("*/*.txt")):
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        (document,) = extract(data, source=rel).documents
        docs.append(Doc(rel, document.title, document.body))
        raw[rel] = data
    return docs, raw


def pairs_of(groups: Iterable[list[str]]) -> set[Pair]:
    out: set[Pair] = set()
    for ids in groups:
        ordered = sorted(ids)
        out.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return out


def identical_pairs(raw: dict[str, bytes]) -> set[Pair]:
    by_hash: dict[str, list[str]] = {}
    for rel, data in raw.items():
        by_hash.setdefault(hashlib.sha256(data).hexdigest(), []).append(rel)
    return pairs_of(ids for ids in by_hash.values() if len(ids) > 1)


def prf(found: set[Pair], truth: set[Pair]) -> tuple[float, float, int, int, int]:
    tp = len(found & truth)
    fp = len(found - truth)
    fn = len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


# ---------------------------------------------------------------------------------------------
# Synthetic copies
# ---------------------------------------------------------------------------------------------

BREADCRUMBS = ["Home > News > {cat}", "Home » {cat} » Latest", "You are here: Home / {cat}", "News | {cat} | UK"]
FOOTERS = [
    "Leave a Reply\nYour email address will not be published. Required fields are marked *\nComment\nName *\nEmail *",
    "© 2005 Example News Ltd. All rights reserved.",
    "Related Posts\nMore from {cat}\nSubscribe to our newsletter for the latest {cat} news.",
    "Copyright 2005 The Daily Example. This material may not be published, broadcast or redistributed.",
]
_SENTENCE = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")
TYPOGRAPHIC = str.maketrans({"'": "’", '"': "”"})


def light_edit(paragraphs: list[str], rng: random.Random, edits: int) -> list[str]:
    """Drop ``edits`` sentences and change ``edits`` words (never in the first paragraph)."""
    sentences = [_SENTENCE.split(p) for p in paragraphs]
    for _ in range(edits):
        spots = [(i, j) for i, ss in enumerate(sentences) for j in range(len(ss)) if i > 0 and len(ss) > 1]
        if spots:
            i, j = rng.choice(spots)
            del sentences[i][j]
        spots = [(i, j) for i, ss in enumerate(sentences) for j in range(len(ss)) if i > 0]
        if spots:
            i, j = rng.choice(spots)
            tokens = sentences[i][j].split()
            if len(tokens) > 3:
                tokens[rng.randrange(1, len(tokens))] = rng.choice(["reportedly", "also", "now", "still", "said"])
                sentences[i][j] = " ".join(tokens)
    return [" ".join(ss) for ss in sentences if ss]


def make_copy(doc: Doc, rng: random.Random, edits: int) -> tuple[str, bytes]:
    """A copy of ``doc`` in another form, with debris: (file name suffix, file bytes)."""
    cat = doc.id.split("/")[0].capitalize()
    paragraphs = light_edit(doc.body.split("\n\n"), rng, edits)
    top = [rng.choice(BREADCRUMBS).format(cat=cat)]
    footer = [f.format(cat=cat) for f in rng.sample(FOOTERS, rng.randint(1, 2))]
    if rng.random() < 0.5:
        # a WordPress post pasted as text: typographic quotes, wrapped at 70 columns
        title = doc.title.translate(TYPOGRAPHIC)
        lines = [*top, "", title, "", "SHARE", ""]
        for k, para in enumerate(paragraphs):
            lines += [*textwrap.wrap(para.translate(TYPOGRAPHIC), 70), ""]
            if k == 1:
                lines += ["Advertisement", ""]
        lines += ["Share this:", "Facebook", "Twitter", "", *footer]
        return ".txt", "\n".join(lines).encode()
    # a saved HTML page: entities, share bar, ad slot, footer
    esc = html.escape
    body = "".join(
        f"<p>{esc(p).replace('£', '&pound;').replace('-', '&#8211;', 1)}</p>"
        + ("<div class='ad'>Advertisement</div>" if k == 1 else "")
        for k, p in enumerate(paragraphs)
    )
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(doc.title)} | Example News</title></head>"
        f"<body><nav class='breadcrumb'>{esc(top[0])}</nav><div class='share'>SHARE</div>"
        f"<article><h1>{esc(doc.title)}</h1>{body}</article>"
        f"<footer>{''.join(f'<p>{esc(f)}</p>' for f in footer)}</footer></body></html>"
    )
    return ".html", page.encode()


def raw_text(data: bytes) -> str:
    """The copy with all its debris: tags dropped and entities decoded, nothing else cleaned."""
    text = data.decode()
    text = re.sub(r"<title>.*?</title>", " ", text)
    return html.unescape(re.sub(r"<[^>]+>", "\n", text))


def make_copies(docs: list[Doc], n: int, seed: int, edits: int) -> tuple[list[Doc], list[Doc], dict[str, str]]:
    """(extracted copies, raw copies, copy id -> original id)."""
    rng = random.Random(seed)
    sample = rng.sample(docs, min(n, len(docs)))
    extracted: list[Doc] = []
    raw: list[Doc] = []
    origin: dict[str, str] = {}
    for k, doc in enumerate(sample):
        suffix, data = make_copy(doc, rng, edits)
        copy_id = f"copy/{k:04d}{suffix}"
        origin[copy_id] = doc.id
        (document,) = extract(data, source=copy_id).documents
        extracted.append(Doc(copy_id, document.title, document.body))
        raw.append(Doc(copy_id, doc.title, raw_text(data)))
    return extracted, raw, origin


# ---------------------------------------------------------------------------------------------
# Rules swept offline
# ---------------------------------------------------------------------------------------------

Rule = Callable[[Match, bool], bool]


def permissive_run(docs: list[Doc]) -> tuple[list[Match], set[str]]:
    """Every LSH or same-title candidate verified and recorded (exact matches as they are)."""
    config = DedupConfig(containment=1e-9, same_title_containment=1e-9, min_size_ratio=0.0)
    finder = DuplicateFinder(config)
    for d in docs:
        finder.add(d.id, d.title, d.body)
    return finder.matches, set(finder.stories())


def components(ids: Iterable[str], edges: Iterable[Pair]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in parent:
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def grouped_pairs(matches: list[Match], ids: set[str], titles: dict[str, str], rule: Rule) -> set[Pair]:
    edges = [
        (m.a, m.b) for m in matches if m.reason == "exact" or rule(m, bool(titles[m.a]) and titles[m.a] == titles[m.b])
    ]
    return pairs_of(components(ids, edges))


def containment_rule(c: float, title_c: float | None = 0.5, ratio: float = 0.3) -> Rule:
    def rule(m: Match, same_title: bool) -> bool:
        s = m.similarity
        assert s is not None
        if s.size_ratio < ratio:
            return False
        return s.containment >= c or (title_c is not None and same_title and s.containment >= title_c)

    return rule


def jaccard_rule(j: float) -> Rule:
    def rule(m: Match, same_title: bool) -> bool:
        assert m.similarity is not None
        return m.similarity.jaccard >= j

    return rule


RULES: list[tuple[str, Rule]] = [
    ("containment>=0.75, title>=0.5 (default)", containment_rule(0.75)),
    ("containment>=0.60, title>=0.5", containment_rule(0.60)),
    ("containment>=0.70, title>=0.5", containment_rule(0.70)),
    ("containment>=0.80, title>=0.5", containment_rule(0.80)),
    ("containment>=0.90, title>=0.5", containment_rule(0.90)),
    ("containment>=0.75, no title rule", containment_rule(0.75, None)),
    ("jaccard>=0.5", jaccard_rule(0.5)),
    ("jaccard>=0.7", jaccard_rule(0.7)),
    ("jaccard>=0.8", jaccard_rule(0.8)),
]


def title_keys(docs: Iterable[Doc], min_words: int) -> dict[str, str]:
    out = {}
    for d in docs:
        w = words(d.title)
        out[d.id] = " ".join(w) if len(w) >= min_words else ""
    return out


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def time_run(docs: list[Doc], repeat: int = 3) -> tuple[float, dict[str, str]]:
    best = float("inf")
    stories: dict[str, str] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        stories = find_stories((d.id, d.title, d.body) for d in docs)
        best = min(best, time.perf_counter() - start)
    return best, stories


def synthetic_table(
    label: str,
    bbc: list[Doc],
    copies: list[Doc],
    origin: dict[str, str],
    identical: set[Pair],
    bbc_story: dict[str, str],
) -> None:
    docs = bbc + copies
    matches, ids = permissive_run(docs)
    titles = title_keys(docs, DedupConfig().min_title_words)
    # Truth: a copy belongs with its original and the original's byte-identical twins, and with the
    # other copies of those. Every other pair that includes a copy is a false positive; those whose
    # two documents lie in one story of the BBC-only run (inspected above) are counted apart.
    twin_class = {d.id: d.id for d in bbc}
    for a, b in sorted(identical):
        twin_class[b] = twin_class[a] = min(twin_class[a], twin_class[b], a)
    cls = {**twin_class, **{c: twin_class[o] for c, o in origin.items()}}
    story = {**bbc_story, **{c: bbc_story[o] for c, o in origin.items()}}
    by_class: dict[str, list[str]] = {}
    for doc_id, k in cls.items():
        by_class.setdefault(k, []).append(doc_id)
    truth = {p for p in pairs_of(g for g in by_class.values() if len(g) > 1) if p[0] in origin or p[1] in origin}
    candidates = {(m.a, m.b) for m in matches}
    covered = {x for a, b in candidates if story[a] == story[b] for x in (a, b) if x in origin}
    near_sims = sorted(m.similarity.containment for m in matches if m.similarity is not None and (m.a, m.b) in truth)
    print(f"\n## Synthetic copies, {label}: {len(copies)} copies of sampled articles + {len(bbc)} originals")
    print(
        f"true pairs {len(truth)}; {len(covered) / len(origin):.1%} of copies are LSH/title candidates of a "
        f"document in their original's story",
        end="",
    )
    if near_sims:
        print(f"; containment of true pairs: min {near_sims[0]:.2f}, median {near_sims[len(near_sims) // 2]:.2f}")
    else:
        print()
    print(
        "P counts every other pair with a copy as false; FP* of those join a copy to an article in its original's"
        " BBC story\n(inspected above: versions of one story), and P* counts them as right."
    )
    print(f"{'rule':42} {'P':>6} {'R':>6} {'TP':>5} {'FP':>4} {'FN':>4} {'FP*':>4} {'P*':>6}")
    unexplained: list[str] = []
    for name, rule in RULES:
        found = {p for p in grouped_pairs(matches, ids, titles, rule) if p[0] in origin or p[1] in origin}
        p, r, tp, fp, fn = prf(found, truth)
        # a copy grouped with another BBC article that shares its original's story (BBC-only default run)
        via_story = 0
        for a, b in sorted(found - truth):
            if story[a] == story[b]:
                via_story += 1
            elif rule is RULES[0][1]:
                copy_id, other = (a, b) if a in origin else (b, a)
                unexplained.append(f"{copy_id} (copy of {origin[copy_id]}) ~ {other}")
        p_story = (tp + via_story) / (tp + fp) if tp + fp else 1.0
        print(f"{name:42} {p:6.3f} {r:6.3f} {tp:5d} {fp:4d} {fn:4d} {via_story:4d} {p_story:6.3f}")
    for line in unexplained:
        print(f"  other FP at the default rule: {line}")


def verdict_of(a: Doc, b: Doc) -> tuple[bool | None, str]:
    """Whether two BBC articles are one story: (True/False, why), or (None, ...) if nobody read them."""
    if words(a.title) == words(b.title):
        return True, SAME_TITLE_VERDICT
    if words(a.body) == words(b.body):
        return True, SAME_BODY_VERDICT
    return INSPECTED.get((a.id, b.id), (None, "NOT INSPECTED"))


def bbc_table(bbc: list[Doc], identical: set[Pair], stories: dict[str, str]) -> None:
    """Ground truth 1: byte-identical pairs, and what else each rule groups."""
    groups = story_groups(stories)
    found = pairs_of(groups.values())
    p, r, tp, fp, fn = prf(found, identical)
    print(
        f"\n## Byte-identical pairs ({len(identical)}), default rule: precision {p:.3f}, recall {r:.3f} "
        f"(TP {tp}, FP {fp}, FN {fn}); {len(groups)} stories of 2+ docs"
    )
    by_id = {d.id: d for d in bbc}
    matches, ids = permissive_run(bbc)
    titles = title_keys(bbc, DedupConfig().min_title_words)
    print(
        "Pairs grouped beyond the byte-identical ones, by verdict (same: re-headlined/updated/extended versions "
        "of one story;\ndifferent: another story sharing background paragraphs). 'P story' counts same-story "
        "pairs as correct."
    )
    print(
        f"{'rule':42} {'pairs':>5} {'ident':>5} {'R':>6} {'+body':>5} {'+title':>6} {'+same':>5} "
        f"{'+diff':>5} {'+???':>4} {'P story':>7}"
    )
    for name, rule in RULES:
        grouped = grouped_pairs(matches, ids, titles, rule)
        counts = {"body": 0, "title": 0, "same": 0, "diff": 0, "unknown": 0}
        for a, b in grouped - identical:
            same, why = verdict_of(by_id[a], by_id[b])
            key = {SAME_TITLE_VERDICT: "title", SAME_BODY_VERDICT: "body"}.get(why)
            key = key or ("unknown" if same is None else "same" if same else "diff")
            counts[key] += 1
        hit = len(grouped & identical)
        judged = len(grouped) - counts["unknown"]
        precision = (judged - counts["diff"]) / judged if judged else 1.0
        print(
            f"{name:42} {len(grouped):5d} {hit:5d} {hit / len(identical):6.3f} {counts['body']:5d} "
            f"{counts['title']:6d} {counts['same']:5d} {counts['diff']:5d} {counts['unknown']:4d} {precision:7.3f}"
        )
    finder = DuplicateFinder()
    for d in bbc:
        finder.add(d.id, d.title, d.body)
    edges = {(m.a, m.b): m for m in finder.matches}
    print("default rule, extra pairs judged by reading (not by a shared title or body):")
    for a, b in sorted(found - identical):
        same, why = verdict_of(by_id[a], by_id[b])
        if why in (SAME_TITLE_VERDICT, SAME_BODY_VERDICT):
            continue
        m = edges.get((a, b))
        how = (
            f"{m.reason} c={m.similarity.containment:.2f} j={m.similarity.jaccard:.2f}"
            if m and m.similarity
            else (m.reason if m else "transitive")
        )
        print(f"  {a} ~ {b}  {how:30} {why}")


def readability_table(root: Path) -> None:
    """Ground truth 3: Mozilla Readability's test pages, each a saved page and the article cleaned out of it."""
    if not root.is_dir():
        print(f"\n(readability pages not found at {root}: section skipped)")
        return
    finder = DuplicateFinder()
    sizes: dict[str, int] = {}
    failed: list[str] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    for folder in folders:
        for name in ("source.html", "expected.html"):
            doc_id = f"{folder.name}/{name}"
            try:
                (document, *_) = extract((folder / name).read_bytes(), source=doc_id).documents
            except Exception as exc:  # an extraction bug is reported, not fatal here
                failed.append(f"{doc_id} ({type(exc).__name__}: {exc})")
                continue
            finder.add(doc_id, document.title, document.body)
            sizes[doc_id] = len(words(document.body))
    stories = finder.stories()
    min_words = finder.config.min_words
    eligible = grouped = 0
    misses: list[str] = []
    for folder in folders:
        a, b = f"{folder.name}/source.html", f"{folder.name}/expected.html"
        if min(sizes.get(a, 0), sizes.get(b, 0)) < min_words:
            continue
        eligible += 1
        if stories[a] == stories[b]:
            grouped += 1
        else:
            misses.append(f"{folder.name} (words: page {sizes[a]}, cleaned {sizes[b]})")
    short = len(folders) - eligible
    print(f"\n## Readability test pages ({len(folders)} folders): saved page vs Readability's cleaned article")
    print(
        f"pairs where both extract to >= {min_words} words: {eligible}; grouped {grouped} "
        f"(recall {grouped / eligible:.3f}); {short} folders skipped (a side extracted to fewer words or failed)"
    )
    for miss in misses:
        print(f"  not grouped: {miss}")
    for fail in failed:
        print(f"  extraction failed: {fail}")
    for members in finder.groups().values():
        folders_in = sorted({m.split("/")[0] for m in members})
        if len(folders_in) > 1:
            print(f"  one story across folders: {', '.join(folders_in)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="the bbc-news folder (default: $ARTICLES_BBC_CORPUS or ../shared/...)")
    parser.add_argument(
        "--readability",
        help="Mozilla's readability-test-pages folder (default: $ARTICLES_READABILITY_CORPUS or ../shared/...)",
    )
    parser.add_argument("--variants", type=int, default=300, help="synthetic copies to make (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=1, help="sentences dropped and words changed per copy")
    parser.add_argument("--scale", action="store_true", help="also time ~12,400 docs (BBC + 5 copies of each)")
    args = parser.parse_args(argv)

    root = corpus_dir(args.corpus)
    start = time.perf_counter()
    bbc, raw = load(root)
    load_time = time.perf_counter() - start
    identical = identical_pairs(raw)
    print(f"# Duplicate stories on {root} ({len(bbc)} articles; extraction took {load_time:.1f} s)")

    seconds, stories = time_run(bbc)
    print(
        f"\nfind_stories on {len(bbc)} docs: {seconds:.2f} s, {len(bbc) / seconds:,.0f} docs/s, "
        f"{1000 * seconds / len(bbc):.2f} s per 1,000 docs (best of 3, one core)"
    )
    tracemalloc.start()
    find_stories((d.id, d.title, d.body) for d in bbc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory of that pass: {peak / 2**20:.1f} MiB")

    bbc_table(bbc, identical, stories)

    # Ground truth 2: synthetic copies
    extracted, raw_copies, origin = make_copies(bbc, args.variants, args.seed, args.edits)
    synthetic_table("extracted (as indexed)", bbc, extracted, origin, identical, stories)
    synthetic_table("raw (debris left in)", bbc, raw_copies, origin, identical, stories)

    readability_table(Path(args.readability or os.environ.get("ARTICLES_READABILITY_CORPUS") or DEFAULT_READABILITY))

    if args.scale:
        copies: list[Doc] = []
        for round_ in range(5):
            more, _, _ = make_copies(bbc, len(bbc), args.seed + 1 + round_, args.edits)
            copies += [Doc(f"r{round_}/{d.id}", d.title, d.body) for d in more]
        docs = (bbc + copies)[:12_400]
        seconds, stories = time_run(docs, repeat=1)
        print(
            f"\n## Scale: {len(docs)} docs (BBC + copies, so dense in duplicates): {seconds:.1f} s, "
            f"{len(docs) / seconds:,.0f} docs/s, {len(story_groups(stories))} stories of 2+"
        )


if __name__ == "__main__":
    main()
