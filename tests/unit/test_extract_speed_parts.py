"""The pieces that make extraction fast must not change what it finds: date shapes read without
python-dateutil, patterns matched on lower-cased text or compiled late, one pass over the page for
metadata and paragraphs, and the document's JSON form."""

from __future__ import annotations

import re
import warnings
from datetime import datetime

import pytest
from dateutil import parser as dateutil_parser
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from app.documents import Document
from app.extract import extract
from app.extract.boilerplate import ClassWords, LinePatterns, LowerCasePattern, split_names
from app.extract.dates import _parse_common, normalize_date
from app.extract.html_content import find_article
from app.extract.html_metadata import read_metadata, scan_page
from app.extract.nesting import _HIDDEN, _HIDDEN_TEXT
from app.extract.patterns import LazyPattern

# Written out the ways pages write them; each is read as python-dateutil reads it.
COMMON_DATES = [
    "November 19, 2019, 07:47 PM EST",
    "19 Nov 2019 07:09 GMT",
    "Mon, 18 Nov 2019 16:07:38 -0600",
    "2019-11-18 17:19:53 GMT",
    "2021-09-05 10:30:00 +0000",
    "2021-09-05 10:30:00 CEST",
    "November 19, 2019",
    "Tuesday, September 5, 2021",
    "Sept 5, 2021",
    "Sep. 5, 2021",
    "3 March, 2021",
    "3 Mar. 2021 10:15",
    "MARCH 3, 2021",
    "Thursday 5 Sep 2021 12:00 PM",
    "5 Sep 2021 12:00 AM",
    "5 Sep 2021 10:30 pm UTC",
    "5 Sep 2021 10:30 Z",
    "5 Sep 2021 10:30 +05:30",
    "5 Sep 2021 10:30 -0330",
    "November 19, 2019 7:47PM",
    "Tue Nov 19 2019 03:05:46 GMT+0000",
    "05/29/2007 09:49:00",
    "29/05/2007 09:49:00",
    "05/06/2007",
    "5/6/2007 1:02 PM",
    "01:38:07 PM IST Nov 20, 2019",
    "13:38 Nov 20, 2019",
]
# Left to python-dateutil: shapes the fast reader does not know, or dates that are no dates.
OTHER_DATES = [
    "Tues, September 5, 2021",
    "March 3rd, 2021",
    "March 3, 2021 at 10:00",
    "5 Sep 2021 00:30 AM",
    "5 Sep 2021 10:30 +01",
    "2021-02-30 10:00 GMT",
    "Feb 30, 2021",
    "Foo 3, 2021",
    "3 Mar 2021 24:00",
    "13/13/2007",
    "march 3, 2021 10:00 est",
]


def _dateutil(text: str) -> datetime | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
        try:
            return dateutil_parser.parse(text, default=datetime(2000, 1, 1))
        except (ValueError, OverflowError):
            return None


@pytest.mark.parametrize("text", COMMON_DATES)
def test_common_date_shapes_are_read_as_dateutil_reads_them(text: str) -> None:
    fast, slow = _parse_common(text), _dateutil(text)
    assert fast is not None and slow is not None
    assert fast.isoformat() == slow.isoformat()


@pytest.mark.parametrize("text", OTHER_DATES)
def test_other_dates_are_left_to_dateutil(text: str) -> None:
    assert _parse_common(text) is None


def test_a_javascript_offset_is_ahead_of_utc() -> None:
    assert normalize_date("Tue Nov 19 2019 03:05:46 GMT+0300") == "2019-11-19T03:05:46+03:00"
    assert normalize_date("November 19, 2019") == "2019-11-19"


def test_lower_case_patterns_ignore_case_and_refuse_capitals() -> None:
    assert LowerCasePattern(r"share|social").search("Post-SHARE-bar")
    assert not LowerCasePattern(r"share").match("Post-share")
    assert LinePatterns([r"follow us(?: on .{0,40})?"]).match("FOLLOW US ON Facebook")
    assert not LinePatterns([r"follow us"]).match("Please follow us")
    with pytest.raises(ValueError):
        LowerCasePattern(r"Share")
    with pytest.raises(ValueError):
        LinePatterns([])
    assert LowerCasePattern(r"\S+\s\d").search("AB 1")  # escapes such as \S and \d are not capitals


def test_a_lazy_pattern_compiles_on_first_use() -> None:
    pattern = LazyPattern(r"(\d+)-(\d+)")
    assert pattern._compiled is None
    assert pattern.findall("1-2 and 30-40") == [("1", "2"), ("30", "40")]
    assert pattern.sub("x", "a 1-2 b") == "a x b"
    match = pattern.search("page 3-4")
    assert match is not None and match.group(2) == "4"
    assert pattern.match("no") is None
    assert [m.group(1) for m in pattern.finditer("5-6 7-8")] == ["5", "7"]


# What the nesting guard blanks out before it counts tags, written the obvious (slow) way.
PLAIN_HIDDEN = r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)"
MARKUP_PIECES = ["<!--", "-->", "--->", "-", ">", "<", "</", "<script>", "</script>", "</SCRIPT >", "<style a=1>",
                 "</style>", "<scripts>", "<p>", "</p>", "x", " ", "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=30).map("".join))
def test_the_nesting_guard_hides_what_the_plain_pattern_hides(markup: str) -> None:
    expected = re.sub(PLAIN_HIDDEN, " ", markup, flags=re.DOTALL | re.IGNORECASE)
    assert _HIDDEN_TEXT.sub(" ", markup) == expected
    assert _HIDDEN.sub(b" ", markup.encode()) == expected.encode()


def test_class_names_split_on_spaces_dashes_and_underscores() -> None:
    assert split_names(" post-Share_bar  big ") == ["post", "share", "bar", "big"]
    words = ClassWords(["screen-reader-text", "menu*", "ad"])
    assert words.search("x screen_reader-text")
    assert not words.search("screen-reader")
    assert words.search("Menus") and words.search("top AD")
    assert not words.search("adventure")


def test_metadata_and_paragraphs_come_from_one_scan() -> None:
    tree = LexborHTMLParser(
        "<html><head><title>T</title><meta property='og:site_name' content='Site'>"
        "<meta itemprop='author' content='Ana Lima'></head>"
        "<body><h1>T</h1><p>One.</p><table><tr><td>Two</td></tr></table><pre>x</pre></body></html>"
    )
    scan = scan_page(tree)
    assert [n.tag for n in scan.paragraphs] == ["p", "td", "pre"]
    meta = read_metadata(tree, scan)
    assert (meta.site, meta.author) == ("Site", "Ana Lima")
    assert read_metadata(tree).site == "Site"


@pytest.mark.parametrize(
    ("markup", "author"),
    [
        ("<p class='x'>text</p><a rel='author' href='/a'>Rui Costa</a>", "Rui Costa"),
        ("<span itemprop='author'><span itemprop='name'>Ana Lima</span></span><a rel='author'>Rui</a>", "Ana Lima"),
        ("<a itemprop='author' rel='author' href='/a'>Rui Costa</a>", "Rui Costa"),
        ("<div class='story-byline'>By Jane Doe</div>", "Jane Doe"),
    ],
)
def test_the_author_is_found_in_marked_elements_then_bylines(markup: str, author: str) -> None:
    tree = LexborHTMLParser(f"<html><head><title>T</title></head><body>{markup}</body></html>")
    assert read_metadata(tree).author == author


def test_finding_the_article_leaves_the_tree_as_it_was() -> None:
    paragraph = "<p>The river rose by two metres overnight, and the council closed the lower bridge.</p>"
    tree = LexborHTMLParser(
        f"<html><body><nav><a href='/'>Home</a></nav><div class='content'>{paragraph * 3}"
        "<div class='share' hidden>Share</div></div><footer>(c) 2020</footer></body></html>"
    )
    before = tree.html
    assert find_article(tree)
    assert find_article(tree, by_class=False)
    assert tree.html == before


def test_the_json_form_has_every_field_in_order() -> None:
    doc = extract(b"Title line\n\nSome text of the article, long enough to be one.", source="a.txt").documents[0]
    data = doc.to_dict()
    assert list(data) == list(Document.__slots__)
    assert data["categories"] == list(doc.categories) and data["tags"] == list(doc.tags)
