"""The query language: what people type, as a small syntax tree. Never fails.

What it understands::

    blinken china             plain words: all optional, documents with more of them first
    "spy balloon"             an exact phrase
    -taiwan  -"white house"   leave out documents with a word or a phrase
    china OR beijing          either word (one alternative counts once)
    blinken AND qin           both words required
    (china OR beijing) talks  parentheses group
    title:balloon             a word or phrase in one field: title, body
    site:cnn.com author:"Jake Sullivan" category:politics      filters on metadata
    after:2023-06-01  before:2023-07  date:2023-06              filters on the publication date
    blink*                    words starting with "blink"

Operators are recognised in capitals only (``OR``, ``AND``, ``NOT``), so "war or peace" is three
plain words. Anything malformed (an unclosed quote or parenthesis, an operator with nothing beside
it, an unknown ``field:``, a date that is not one) is read as plain words, never rejected.

Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``/`` and ``.`` work as separators too).
``after:`` includes the day (or month, or year) it names, ``before:`` excludes it, and ``date:``
is exactly that day, month or year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: Fields a word or phrase can be searched in.
TEXT_FIELDS = frozenset({"title", "body"})
#: Metadata fields that filter rather than score (``site:cnn.com``).
FILTER_FIELDS = frozenset({"site", "author", "category"})
#: Filters on the publication date (``after:2023-06-01``).
DATE_FIELDS = frozenset({"after", "before", "date"})
#: Query text past this many characters is ignored: no person types more, and it bounds the work.
#: (What a search may ask for within that, it is told by :mod:`app.limits`.)
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class DateFilter:
    """Publication dates from ``start`` (included) to ``end`` (excluded); either may be open."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class Group:
    """``op`` is ``"any"`` for plain juxtaposition (optional, ranked by coordination),
    ``"or"`` for explicit alternatives and ``"and"`` for required parts."""

    op: str
    children: tuple[Node, ...] = field(default_factory=tuple)


Node = Word | Phrase | Filter | DateFilter | Not | Group


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The tree of a query, and the text it was read from."""

    text: str
    root: Group

    @property
    def is_empty(self) -> bool:
        return not self.root.children

    def positive_terms(self) -> list[Word | Phrase]:
        """The words and phrases a matching document may contain (for highlighting)."""
        out: list[Word | Phrase] = []

        def visit(node: Node) -> None:
            if isinstance(node, Word | Phrase):
                out.append(node)
            elif isinstance(node, Group):
                for child in node.children:
                    visit(child)

        visit(self.root)
        return out

    def filters(self) -> list[Filter | DateFilter]:
        return [c for c in self.root.children if isinstance(c, Filter | DateFilter)]

    def plain_words(self) -> list[str]:
        """The query's plain top-level words, as typed (what a spelling suggestion may change)."""
        return [c.text for c in self.root.children if isinstance(c, Word) and not c.prefix and c.field is None]


# --- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<field>[A-Za-z]+):(?=\S)
    | (?P<neg>-)(?=[\w"(])
    | "(?P<phrase>[^"]*)"?
    | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass(slots=True)
class _Token:
    kind: str
    value: str


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        value = match.group(kind) if kind != "neg" else "-"
        if kind == "word" and value in ("OR", "AND", "NOT"):
            kind = value.lower()
        elif kind == "word" and value in ("||", "&&"):
            kind = "or" if value == "||" else "and"
        tokens.append(_Token(kind, value or ""))
    return tokens


# --- parser ---------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens; every failure falls back to plain words.

    Precedence, tightest first: ``OR``, then ``AND``, then plain juxtaposition, so
    ``blinken china OR beijing`` means blinken, and china or beijing.
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self, kinds: tuple[str, ...] | None = None) -> _Token | None:
        token = self.tokens[self.pos] if self.pos < len(self.tokens) else None
        if token is not None and kinds is not None and token.kind not in kinds:
            return None
        return token

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_sequence(self, *, closing: bool) -> Group:
        """Juxtaposed clauses up to the end, or up to the closing parenthesis when ``closing``."""
        children: list[Node] = []
        while (token := self.peek()) is not None:
            if token.kind == "rparen":
                self.take()
                if closing:
                    break
                continue  # a stray ")" is ignored
            if token.kind in ("or", "and"):
                self.take()  # an operator with nothing on its left is ignored
                continue
            node = self.parse_and()
            if node is not None:
                children.append(node)
        return Group("any", tuple(children))

    def parse_and(self) -> Node | None:
        parts = [self.parse_or()]
        while self.peek(("and",)) is not None:
            self.take()
            if self.peek(("or", "and", "rparen")) is not None or self.peek() is None:
                break
            parts.append(self.parse_or())
        return _group("and", parts)

    def parse_or(self) -> Node | None:
        parts = [self.parse_clause()]
        while self.peek(("or",)) is not None:
            self.take()
            if self.peek(("or", "and", "rparen")) is not None or self.peek() is None:
                break
            parts.append(self.parse_clause())
        return _group("or", parts)

    def parse_clause(self) -> Node | None:
        token = self.take()
        if token.kind in ("neg", "not"):
            if self.peek() is None or self.peek(("or", "and", "rparen", "neg", "not")) is not None:
                return None
            child = self.parse_clause()
            return Not(child) if child is not None and not isinstance(child, Not | Filter | DateFilter) else child
        if token.kind == "lparen":
            if self.depth >= 20:  # deeper nesting is read flat
                return None
            self.depth += 1
            group = self.parse_sequence(closing=True)
            self.depth -= 1
            return _group("any", list(group.children))
        if token.kind == "field":
            return self.parse_field(token.value.lower())
        if token.kind == "phrase":
            return _phrase(token.value, None)
        if token.kind in ("or", "and", "rparen"):
            return None
        return _word(token.value, None)

    def parse_field(self, name: str) -> Node | None:
        nxt = self.peek(("phrase", "word"))
        if name in TEXT_FIELDS and nxt is not None:
            value = self.take().value
            return _phrase(value, name) if nxt.kind == "phrase" else _word(value, name)
        if name in DATE_FIELDS and nxt is not None and nxt.kind == "word":
            period = parse_period(self.take().value)
            if period is None:  # "after:soon": the two words, as if the colon were a space
                return _group("any", [_word(name, None), _word(nxt.value, None)])
            start, end = period
            if name == "after":
                return DateFilter(start, None)
            if name == "before":
                return DateFilter(None, start)
            return DateFilter(start, end)
        if (name in FILTER_FIELDS or name == "tag") and nxt is not None:
            value = " ".join(self.take().value.split())
            return Filter("category" if name == "tag" else name, value) if value else None
        if nxt is not None and nxt.kind == "word":
            # An unknown field name is part of the text: "ratio:3" is searched as it was typed.
            return _word(f"{name}:{self.take().value}", None)
        return _word(name, None)


_PERIOD = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def parse_period(text: str) -> tuple[datetime, datetime] | None:
    """The span of time a written date covers: a year, a month or a day, as [start, end).

    >>> parse_period("2023-06")
    (datetime.datetime(2023, 6, 1, 0, 0), datetime.datetime(2023, 7, 1, 0, 0))
    >>> parse_period("2023-13") is None
    True
    """
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return datetime(year, 1, 1), datetime(year + 1, 1, 1)
        if day is None:
            start = datetime(year, month, 1)
            return start, (start + timedelta(days=32)).replace(day=1)
        start = datetime.combine(date(year, month, day), datetime.min.time())
        return start, start + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def _group(op: str, parts: list[Node | None]) -> Node | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return Group(op, tuple(kept))


def _word(text: str, field_name: str | None) -> Node | None:
    prefix = text.endswith("*")  # even "a*": a search refuses a prefix that short, with a reason (app.limits)
    text = text.strip("*").strip()
    if not text:
        return None
    return Word(text, field_name, prefix)


def _phrase(text: str, field_name: str | None) -> Node | None:
    words = tuple(text.split())
    if not words:
        return None
    if len(words) == 1:
        return Word(words[0].strip("*") or words[0], field_name)
    return Phrase(words, field_name)


def parse_query(text: str) -> ParsedQuery:
    """Read a query; any text at all gives a (possibly empty) tree.

    >>> parse_query('blinken "spy balloon" -taiwan').root
    Group(op='any', children=(Word(text='blinken', field=None, prefix=False), \
Phrase(words=('spy', 'balloon'), field=None), Not(child=Word(text='taiwan', field=None, prefix=False))))
    """
    text = text[:MAX_QUERY_CHARS]
    tokens = _tokens(text)
    root = _Parser(tokens).parse_sequence(closing=False)
    # "(made using free-flight models)" inside a sentence: plain words in parentheses are plain words.
    flat: list[Node] = []
    for child in root.children:
        flat.extend(child.children if isinstance(child, Group) and child.op == "any" else (child,))
    root = Group(root.op, tuple(flat))
    return ParsedQuery(text=text, root=root)
