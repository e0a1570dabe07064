"""The query language parser: what it understands, and that nothing makes it fail."""

from __future__ import annotations

import pytest

from app.query import Filter, Group, Not, Phrase, Word, parse_query


def test_plain_words_phrases_and_exclusions() -> None:
    root = parse_query('blinken "spy balloon" -taiwan').root
    assert root == Group("any", (Word("blinken"), Phrase(("spy", "balloon")), Not(Word("taiwan"))))


def test_or_binds_tighter_than_juxtaposition() -> None:
    root = parse_query("blinken china OR beijing").root
    assert root.children == (Word("blinken"), Group("or", (Word("china"), Word("beijing"))))


def test_and_makes_a_required_group() -> None:
    root = parse_query("a b AND c").root
    assert root.children == (Word("a"), Group("and", (Word("b"), Word("c"))))


def test_lowercase_or_is_a_plain_word() -> None:
    assert parse_query("war or peace").root.children == (Word("war"), Word("or"), Word("peace"))


def test_fields_filters_and_prefixes() -> None:
    root = parse_query('title:balloon site:cnn.com author:"Jake Sullivan" category:Politics blink*').root
    assert root.children == (
        Word("balloon", "title"),
        Filter("site", "cnn.com"),
        Filter("author", "Jake Sullivan"),
        Filter("category", "Politics"),
        Word("blink", prefix=True),
    )


def test_unknown_field_is_searched_as_typed() -> None:
    assert parse_query("ratio:3").root.children == (Word("ratio:3"),)


def test_unclosed_quote_and_parenthesis_are_forgiven() -> None:
    assert parse_query('"spy balloon').root.children == (Phrase(("spy", "balloon")),)
    assert parse_query("(china OR beijing").root.children == (Group("or", (Word("china"), Word("beijing"))),)


NASTY = [
    "",
    " ",
    '"',
    '""',
    "(",
    ")",
    "((((",
    "))))",
    "OR",
    "AND",
    "NOT",
    "-",
    "--",
    "*",
    "**",
    "a*",
    "title:",
    "site:",
    "title:(",
    'author:"',
    "a AND",
    "OR b",
    "a OR OR b",
    "-(",
    "date:[x TO",
    "a^",
    "~",
    "\\",
    "'",
    "a:b:c",
    "\x00",
    "x" * 5000,
    "(" * 500 + "a" + ")" * 500,
    "a " * 2000,
    "-" * 300,
    '"' * 301,
    "NOT NOT NOT a",
]


@pytest.mark.parametrize("text", NASTY, ids=[repr(t[:20]) for t in NASTY])
def test_no_query_makes_the_parser_fail(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.root, Group)
