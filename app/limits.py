"""What a query may ask for: limits that refuse, before any work, a search that would cost too much.

A query is text of at most :data:`~app.query.MAX_QUERY_CHARS` characters, and within that:

* at most :data:`MAX_QUERY_WORDS` words and phrases, counted everywhere in it (each word of an OR
  list and of a group in parentheses counts), because every one is a posting list to walk;
* a wildcard needs :data:`MIN_PREFIX_CHARS` letters before the ``*`` (``negot*``, not ``a*``), and
  all the wildcards of a query may match at most :data:`MAX_EXPANDED_WORDS` indexed words together
  (each one matches at most :data:`~app.matching.MAX_PREFIX_TERMS`, the most frequent first).

A query over a limit is refused with :class:`~app.errors.QueryTooExpensive`, whose message says
what to change; what gets past them and still runs long is stopped by the time budget
(:mod:`app.budget`).
"""

from __future__ import annotations

from app.errors import QueryTooExpensive
from app.query import Group, Node, Not, ParsedQuery, Phrase, Word

#: Words and phrases a query may hold, counted everywhere in it.
MAX_QUERY_WORDS = 64
#: Letters a wildcard needs before its ``*``.
MIN_PREFIX_CHARS = 3
#: Indexed words the wildcards of one query may match together.
MAX_EXPANDED_WORDS = 256


def _leaves(node: Node) -> list[Word | Phrase]:
    if isinstance(node, Word | Phrase):
        return [node]
    if isinstance(node, Not):
        return _leaves(node.child)
    if isinstance(node, Group):
        return [leaf for child in node.children for leaf in _leaves(child)]
    return []


def prefix_letters(text: str) -> int:
    """How many letters (and digits) a wildcard has before its ``*``."""
    return sum(c.isalnum() for c in text)


def check_query(parsed: ParsedQuery) -> None:
    """Refuse a query that is obviously too expensive to run.

    Raises:
        QueryTooExpensive: with a message that names the problem and what to do instead.
    """
    leaves = _leaves(parsed.root)
    if len(leaves) > MAX_QUERY_WORDS:
        raise QueryTooExpensive(
            f"the query has {len(leaves)} words and phrases, more than the {MAX_QUERY_WORDS} a search can take "
            "(each word of an OR list counts); use fewer words"
        )
    for leaf in leaves:
        if isinstance(leaf, Word) and leaf.prefix and prefix_letters(leaf.text) < MIN_PREFIX_CHARS:
            raise QueryTooExpensive(
                f"{leaf.text}* matches too many words: a wildcard needs at least {MIN_PREFIX_CHARS} letters "
                f"before the * (like negot*)"
            )


def check_expansion(words: int) -> None:
    """Refuse a query whose wildcards matched ``words`` indexed words together.

    Raises:
        QueryTooExpensive: over :data:`MAX_EXPANDED_WORDS`.
    """
    if words > MAX_EXPANDED_WORDS:
        raise QueryTooExpensive(
            f"the wildcards of the query match {words} different words, more than the {MAX_EXPANDED_WORDS} "
            "a search can take; use fewer wildcards or longer ones"
        )
