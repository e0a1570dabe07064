"""Plain-text extraction: each stage of the pipeline on its own, then whole files."""

from __future__ import annotations

import pytest

from app.errors import ExtractionError
from app.extract.plain_text import (
    cut_comment_section,
    cut_glued_debris,
    drop_debris_lines,
    extract_plain_text,
    paragraphs_of,
    split_title,
)


def test_rss_glued_to_the_last_sentence_is_cut() -> None:
    assert cut_glued_debris(["to be built in.”RSS"]) == ["to be built in.”"]


def test_comment_form_glued_to_a_sentence_is_cut() -> None:
    line = "Work starts in spring.Leave a Reply Cancel reply"
    assert cut_glued_debris([line]) == ["Work starts in spring."]


def test_a_word_that_merely_ends_like_debris_is_kept() -> None:
    assert cut_glued_debris(["The broadcaster launched its new RSS"]) == ["The broadcaster launched its new RSS"]


def test_comment_section_and_everything_after_it_is_dropped() -> None:
    lines = ["Text.", "", "Leave a Reply", "", "Your email address will not be published.", "Name *"]
    assert cut_comment_section(lines) == ["Text.", ""]


def test_a_comment_marker_before_any_text_does_not_empty_the_article() -> None:
    assert cut_comment_section(["Leave a comment", "Real text."]) == ["Leave a comment", "Real text."]


@pytest.mark.parametrize(
    "line",
    [
        "SHARE",
        "Share",
        "RSS",
        "Advertisement",
        "Share this:",
        "Facebook Twitter Email",
        "Subscribe to our newsletter",
        "© 2024 Example News Ltd. All rights reserved.",
        "Required fields are marked *",
        "Tweet",
        "Read more:",
        "Posted on March 3, 2024 by admin",
        "Published on 03/03/2024",
        "Filed Under: Local News",
        "Tags: cycling, council",
        "Like this:",
        "Like Loading...",
        "Next Post: Market moves to the square",
    ],
)
def test_debris_lines_are_dropped(line: str) -> None:
    assert drop_debris_lines([line, "A sentence of the article."]) == ["A sentence of the article."]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday.",
        "The email was sent on Tuesday.",
        "Copyright law changed in 2019 after a vote.",
        "Published by Penguin in 1999, the novel sold well.",
        "Posted by a friend, the letter arrived late.",
    ],
)
def test_article_sentences_that_mention_debris_words_are_kept(line: str) -> None:
    assert drop_debris_lines([line]) == [line]


def test_breadcrumb_ending_with_the_title_and_repeated_title() -> None:
    lines = ["Home TRENDING Big news today.", "", "Big news today.", "", "Big news today.", "", "It happened."]
    assert split_title(lines) == ("Big news today.", ["", "It happened."])


def test_breadcrumb_with_separators() -> None:
    title, rest = split_title(["Home > World > Asia", "", "Typhoon nears the coast", "", "Residents left."])
    assert title == "Typhoon nears the coast"
    assert "Residents left." in rest


def test_first_line_that_is_a_paragraph_is_not_a_title() -> None:
    long_line = "The central bank left interest rates unchanged on Thursday, saying that inflation was slowing. " * 3
    title, rest = split_title([long_line, "More text."])
    assert title is None
    assert rest[0] == long_line


def test_a_headline_ending_in_a_question_mark_is_a_title() -> None:
    assert split_title(["Is the housing boom over?", "", "Prices fell again."])[0] == "Is the housing boom over?"


def test_a_word_starting_with_home_is_not_a_breadcrumb() -> None:
    assert split_title(["Home prices SURGE in May", "", "Prices rose."])[0] == "Home prices SURGE in May"


def test_one_paragraph_per_line_when_lines_are_not_wrapped() -> None:
    assert paragraphs_of(["First paragraph.", "Second paragraph."]) == ["First paragraph.", "Second paragraph."]


ROSE = "The river rose by two metres"
JOINED = "The river rose by two metres overnight, officials said."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # one line broken off mid-word, then mid-sentence: too few lines to call the text wrapped
        ([f"{ROSE} over-", "night, officials said."], [JOINED]),
        ([ROSE, "overnight, officials said."], [JOINED]),
        # a line that ends a sentence, a blank line, or a next line in capitals keeps lines apart
        (["Roads closed:", "bridge street"], ["Roads closed:", "bridge street"]),
        ([f"{ROSE} over-", "", "night, officials said."], [f"{ROSE} over-", "night, officials said."]),
        (["Flood warning", "The river rose."], ["Flood warning", "The river rose."]),
    ],
)
def test_a_line_broken_mid_word_or_mid_sentence_is_joined_in_text_that_is_not_wrapped(
    lines: list[str], expected: list[str]
) -> None:
    assert paragraphs_of(lines) == expected


def test_a_short_file_with_a_hyphenated_break_reads_as_one_paragraph() -> None:
    text = "River rises\r\n\r\nThe river rose by two metres over-\r\nnight, officials said on Monday. SHARE\r\n"
    doc = extract_plain_text(text, source="river.txt")
    assert (doc.title, doc.body) == ("River rises", "The river rose by two metres overnight, officials said on Monday.")


def test_hard_wrapped_lines_are_joined_and_hyphenated_words_rejoined() -> None:
    lines = [
        "The old harbour bridge reopened to traffic on Monday after a two-year",
        "repair programme that replaced most of its steel deck and strength-",
        "ened the piers against the winter storms that closed it twice in the",
        "last decade.",
        "",
        "Engineers said the work came in under budget.",
    ]
    paragraphs = paragraphs_of(lines)
    assert len(paragraphs) == 2
    assert "and strengthened the piers" in paragraphs[0]
    assert "two-year repair" in paragraphs[0]


def test_text_without_a_title_line_gets_a_derived_title() -> None:
    text = (
        "US Secretary of State Antony Blinken arrived in Beijing on Sunday morning for what American media dubbed "
        "a high-stakes visit meant to steer relations back on course. He is the first US top diplomat to visit.\n"
    )
    doc = extract_plain_text(text, source="x.txt")
    assert doc.title == "US Secretary of State Antony Blinken arrived in Beijing on Sunday morning"
    assert doc.body.startswith(doc.title)


def test_only_debris_is_an_error() -> None:
    with pytest.raises(ExtractionError, match="no text left"):
        extract_plain_text("SHARE\n\nRSS\n\nAdvertisement\n", source="x.txt")


def test_id_depends_on_the_source_path_only() -> None:
    a = extract_plain_text("Title\n\nBody one.", source="a/b.txt")
    b = extract_plain_text("Other title\n\nOther body.", source="a/b.txt")
    c = extract_plain_text("Title\n\nBody one.", source="a/c.txt")
    assert a.id == b.id != c.id
