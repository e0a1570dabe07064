from __future__ import annotations

import pytest

from app.extract.titles import MAX_DERIVED_TITLE, derive_title, first_sentence


def test_first_sentence_skips_abbreviations_and_initials() -> None:
    assert first_sentence("Mr. Smith met J. Doe in the U.S. capital. Then left.") == (
        "Mr. Smith met J. Doe in the U.S. capital."
    )


def test_short_first_sentence_is_the_title_without_its_full_stop() -> None:
    assert derive_title("Ministers met on Sunday. They talked.") == "Ministers met on Sunday"


@pytest.mark.parametrize(
    "body",
    [
        "word " * 200,
        "Supercalifragilisticexpialidocious" * 10,
        "An extremely long opening sentence, with a clause, that keeps going on and on about the budget of the city "
        "council and its many many committees and subcommittees until it is well past any sensible headline length.",
    ],
)
def test_derived_titles_are_short_and_end_on_a_whole_word(body: str) -> None:
    title = derive_title(body)
    assert 0 < len(title) <= MAX_DERIVED_TITLE
    assert body.startswith(title)
    rest = body[len(title) :]
    assert not rest or not rest[0].isalnum() or " " not in body[:MAX_DERIVED_TITLE]


def test_long_sentence_is_cut_at_a_clause() -> None:
    body = (
        "The city council approved the budget for next year on Tuesday evening, after a debate that lasted more "
        "than nine hours and ended with a narrow vote."
    )
    assert derive_title(body) == "The city council approved the budget for next year on Tuesday evening"
