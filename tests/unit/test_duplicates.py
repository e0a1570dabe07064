"""Duplicate stories: exact copies, copies with debris, versions of one story, and what must stay apart.

The articles are made up here (the BBC corpus has no open licence and stays out of the repository):
sentences generated from a seeded vocabulary, so two "different stories" share no prose by chance.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from app.duplicates import (
    DedupConfig,
    DuplicateFinder,
    find_stories,
    normalize,
    shingle_hashes,
    similarity,
    story_groups,
    words,
)

REPO = Path(__file__).resolve().parents[2]

VOCABULARY = (
    "council minister budget river harbour school league striker museum festival court judge union strike "
    "pension vaccine hospital airline airport railway tunnel bridge election candidate ballot senator mayor "
    "factory shares profit market energy wind solar drought flood storm village farmers harvest exports tariff "
    "report inquiry police station witness trial verdict appeal season coach final record crowd stadium ticket "
    "album singer award gallery painting auction theatre premiere director novel author library students exams"
).split()
GLUE = "the a of in on for with after before and but said has had will would could new old local national".split()


def sentence(rng: random.Random) -> str:
    n = rng.randint(12, 22)
    tokens = [rng.choice(VOCABULARY if rng.random() < 0.55 else GLUE) for _ in range(n)]
    return tokens[0].capitalize() + " " + " ".join(tokens[1:]) + "."


def article(seed: int, paragraphs: int = 6) -> str:
    """A made-up body: ``paragraphs`` paragraphs of 3 sentences, about 300 words."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs))


def with_debris(title: str, body: str) -> str:
    """The body as pasted from a web page: breadcrumb, title, share bar, an ad, a comment form, a footer."""
    paragraphs = body.split("\n\n")
    lines = ["Home > News > Local", "", title, "", "SHARE", "Facebook", "Twitter", ""]
    for k, para in enumerate(paragraphs):
        lines += [*textwrap.wrap(para, 70), ""]
        if k == 2:
            lines += ["Advertisement", ""]
    lines += [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "© 2024 Example Media Group. All rights reserved.",
    ]
    return "\n".join(lines)


def drop_sentence(body: str, paragraph: int = 3) -> str:
    paragraphs = body.split("\n\n")
    paragraphs[paragraph] = paragraphs[paragraph].split(". ", 1)[1]
    return "\n\n".join(paragraphs)


def updated(body: str, seed: int) -> str:
    """The story as updated later: the first 4 of 6 paragraphs kept, the last 2 rewritten."""
    return "\n\n".join(body.split("\n\n")[:4] + article(seed, paragraphs=2).split("\n\n"))


def stories_of(*docs: tuple[str, str, str]) -> dict[str, str]:
    return find_stories(docs)


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


def test_words_casefold_strip_accents_and_punctuation() -> None:
    assert words("Zoë’s CAFÉ—Straße, re-opened!") == ["zoe", "s", "cafe", "strasse", "re", "opened"]


def test_words_keep_non_latin_scripts() -> None:
    assert words("Москва: выборы") == ["москва", "выборы"]


def test_normalize_ignores_wrapping_and_paragraphing() -> None:
    body = article(1)
    assert normalize(body) == normalize(textwrap.fill(body.replace("\n\n", " "), 50))


def test_shingles_of_fewer_words_than_a_shingle() -> None:
    assert len(shingle_hashes(["one", "two"], 5)) == 1
    assert len(shingle_hashes([], 5)) == 0


def test_similarity_containment_and_jaccard() -> None:
    small = shingle_hashes(words(article(2)))
    large = shingle_hashes(words(article(2) + "\n\n" + article(3)))
    sim = similarity(small, large)
    assert sim.containment == 1.0
    assert 0.4 < sim.jaccard < 0.6
    assert sim == similarity(large, small)


# ---------------------------------------------------------------------------------------------
# What must be grouped
# ---------------------------------------------------------------------------------------------


def test_exact_copies_are_one_story() -> None:
    body = article(10)
    stories = stories_of(("b", "Flood", body), ("a", "Flood", body), ("c", "Other", article(11)))
    assert stories == {"a": "a", "b": "a", "c": "c"}


def test_same_body_under_a_new_headline_is_one_story() -> None:
    body = article(12)
    stories = stories_of(("a", "Harbour deal agreed", body), ("b", "Council backs harbour plan", body))
    assert stories["a"] == stories["b"]


def test_copy_rewrapped_with_debris_and_title_in_body_is_one_story() -> None:
    title = "Storm closes the harbour bridge"
    body = article(20)
    stories = stories_of(("clean", title, body), ("pasted", title, with_debris(title, body)))
    assert stories["clean"] == stories["pasted"]


def test_a_title_repeated_at_the_top_of_the_body_is_ignored() -> None:
    title = "Harbour bridge reopens after storm"
    body = article(22)
    finder = DuplicateFinder()
    finder.add("a", title, body)
    finder.add("b", title, f"Home > News\n\n{title.upper()}\n\n{body}")
    finder.add("c", title, f"{title}\n\n{body}")
    assert [(m.a, m.b, m.reason) for m in finder.matches] == [("a", "b", "near"), ("a", "c", "exact")]


def test_lightly_edited_copy_with_debris_under_another_title_is_one_story() -> None:
    body = article(21)
    edited = drop_sentence(body).replace("council", "city council", 1)
    stories = stories_of(("a", "Storm closes bridge", body), ("b", "Bridge shut", with_debris("Bridge shut", edited)))
    assert stories["a"] == stories["b"]


def test_updated_version_under_the_same_title_is_one_story() -> None:
    # Half the text rewritten as the news developed: too little for a near duplicate on its own,
    # enough with the same title.
    old = article(30)
    new = updated(old, 31)
    title = "Airport strike talks continue"
    assert 0.5 < similarity(shingle_hashes(words(old)), shingle_hashes(words(new))).containment < 0.75
    assert stories_of(("a", title, old), ("b", title, new))["b"] == "a"
    assert stories_of(("a", title, old), ("b", "Airport strike ends", new))["b"] == "b"


def test_groups_chain_through_a_middle_version() -> None:
    title = "Museum auction record"
    one = article(40)
    two = drop_sentence(drop_sentence(one, 2), 4)
    three = with_debris(title, two)
    groups = story_groups(stories_of(("x3", title, three), ("x1", title, one), ("x2", "Other title", two)))
    assert groups == {"x1": ["x1", "x2", "x3"]}


# ---------------------------------------------------------------------------------------------
# What must stay apart
# ---------------------------------------------------------------------------------------------


def test_different_stories_with_the_same_title_stay_apart() -> None:
    stories = stories_of(("a", "Match report", article(50)), ("b", "Match report", article(51)))
    assert stories == {"a": "a", "b": "b"}


def test_different_stories_sharing_boilerplate_stay_apart() -> None:
    title_a, title_b = "Council budget approved", "Council budget approved after vote"
    stories = stories_of(
        ("a", title_a, with_debris(title_a, article(52))), ("b", title_b, with_debris(title_b, article(53)))
    )
    assert stories == {"a": "a", "b": "b"}


def test_follow_up_sharing_a_background_paragraph_stays_apart() -> None:
    background = article(60, paragraphs=2)
    first = article(61, paragraphs=4) + "\n\n" + background
    second = article(62, paragraphs=4) + "\n\n" + background
    assert stories_of(("a", "Trial opens", first), ("b", "Trial verdict", second)) == {"a": "a", "b": "b"}


def test_a_brief_quoted_whole_in_a_long_round_up_stays_apart() -> None:
    # The same title makes them candidates whatever their sketches; the size ratio keeps them apart.
    brief = article(70, paragraphs=2)
    round_up = "\n\n".join([article(71, paragraphs=5), brief, article(72, paragraphs=5)])
    assert similarity(shingle_hashes(words(brief)), shingle_hashes(words(round_up))).containment == 1.0
    title = "Business news in brief"
    assert stories_of(("a", title, brief), ("b", title, round_up)) == {"a": "a", "b": "b"}
    assert find_stories([("a", title, brief), ("b", title, round_up)], DedupConfig(min_size_ratio=0.0))["b"] == "a"


def test_short_bodies_do_not_group_on_body_alone() -> None:
    caption = "Photo: Example Agency. All rights reserved."
    stories = stories_of(("a", "Flood pictures", caption), ("b", "Election night", caption))
    assert stories == {"a": "a", "b": "b"}


def test_short_bodies_group_when_title_and_body_are_identical() -> None:
    stories = stories_of(("a", "Result", "Home 2 Away 1."), ("b", "RESULT", "home 2, away 1"))
    assert stories["b"] == "a"


def test_short_near_copies_are_not_near_duplicates() -> None:
    text = " ".join(article(80).split()[:30])
    stories = stories_of(("a", "One", text), ("b", "Two", text + " Extra words here."))
    assert stories == {"a": "a", "b": "b"}


@pytest.mark.parametrize("body", ["", "   \n\n ", "!!! ... ---"])
def test_empty_bodies_are_singletons(body: str) -> None:
    stories = stories_of(("a", "Same title here", body), ("b", "Same title here", body))
    assert stories == {"a": "a", "b": "b"}


# ---------------------------------------------------------------------------------------------
# Story ids
# ---------------------------------------------------------------------------------------------


def collection() -> list[tuple[str, str, str]]:
    docs = []
    for k in range(12):
        title = f"Story number {k} of the day"
        body = article(100 + k)
        docs.append((f"id{k:02d}", title, body))
        if k % 3 == 0:
            docs.append((f"copy{k:02d}", title, with_debris(title, drop_sentence(body))))
        if k % 4 == 0:
            docs.append((f"dup{k:02d}", title, body))
    return docs


def test_story_id_is_the_smallest_id_whatever_the_order() -> None:
    docs = collection()
    expected = find_stories(docs)
    assert expected["copy00"] == expected["dup00"] == expected["id00"] == "copy00"
    assert expected["id01"] == "id01"
    for seed in range(5):
        shuffled = docs.copy()
        random.Random(seed).shuffle(shuffled)
        assert find_stories(shuffled) == expected


def test_same_body_new_title_is_order_independent_for_the_title_rule() -> None:
    # b and c share a body but not a title; d is an update of the story under c's title only.
    body = article(90)
    docs = [
        ("b", "Old headline words", body),
        ("c", "Strike talks go on", body),
        ("d", "Strike talks go on", updated(body, 91)),
    ]
    for order in ([0, 1, 2], [1, 0, 2], [2, 0, 1], [2, 1, 0]):
        assert find_stories([docs[i] for i in order]) == {"b": "b", "c": "b", "d": "b"}


def test_story_ids_are_the_same_in_another_process() -> None:
    """Nothing depends on the per-process salt of str hashes (PYTHONHASHSEED)."""
    code = (
        "from tests.unit.test_duplicates import collection; from app.duplicates import find_stories; "
        "print(sorted(find_stories(collection()).items()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {str(sorted(find_stories(collection()).items())) + "\n"}


# ---------------------------------------------------------------------------------------------
# Incremental use and configuration
# ---------------------------------------------------------------------------------------------


def test_adding_documents_one_by_one() -> None:
    finder = DuplicateFinder()
    title = "Railway tunnel reopens"
    assert finder.add("m", title, article(120)) == "m"
    assert finder.add("z", title, with_debris(title, article(120))) == "m"
    assert finder.add("a", "Something else", article(121)) == "a"
    assert finder.add("b", title, article(120)) == "b"  # an exact copy with a smaller id renames the story
    assert finder.story_id("z") == "b"
    assert finder.groups() == {"b": ["b", "m", "z"]}
    assert len(finder) == 4 and "a" in finder
    reasons = {(m.a, m.b): m.reason for m in finder.matches}
    assert reasons == {("m", "z"): "near", ("b", "m"): "exact"}


def test_a_document_id_cannot_be_added_twice() -> None:
    finder = DuplicateFinder()
    finder.add("a", "T", article(1))
    with pytest.raises(ValueError, match="already added"):
        finder.add("a", "T", article(2))


def test_title_rule_can_be_turned_off() -> None:
    old = article(30)
    docs = [("a", "Same title words", old), ("b", "Same title words", updated(old, 31))]
    assert find_stories(docs)["b"] == "a"
    assert find_stories(docs, DedupConfig(same_title_containment=None))["b"] == "b"


@pytest.mark.parametrize(
    "kwargs",
    [{"containment": 0.0}, {"containment": 1.5}, {"num_bins": 100, "bands": 32}, {"min_words": 2}],
)
def test_bad_configuration_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        DedupConfig(**kwargs)
