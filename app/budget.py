"""A time budget for searches: a deadline that the search loops check, cooperatively.

The caller (the web layer, the CLI) sets a budget around a search::

    with time_budget(10.0):
        index.search(request)

and the scoring of matches calls :func:`check_deadline` as it goes (:mod:`app.postings`: for every
clause and word of the query, and every segment of a word's postings; Whoosh's own matchers every
:data:`CHECK_EVERY` matches); past the deadline it raises :class:`~app.errors.SearchTimeout`, so an
expensive search gives its worker thread back instead of holding it. The deadline lives in a context variable, so each
thread (each request) has its own, and code that sets none runs without a limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.errors import SearchTimeout

#: Loops over matches check the deadline every this many.
CHECK_EVERY = 1024
#: (deadline on the monotonic clock, the budget in seconds, for the message); None: no limit.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("search_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Searches inside the block must finish within ``seconds`` (None: no limit; 0: none may run).

    An enclosing budget that ends sooner still holds.
    """
    current = _DEADLINE.get()
    wanted = None if seconds is None else (time.monotonic() + max(0.0, seconds), seconds)
    if current is not None and (wanted is None or current[0] <= wanted[0]):
        wanted = current
    token = _DEADLINE.set(wanted)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def deadline() -> float | None:
    """The current deadline on :func:`time.monotonic`'s clock, or None when there is no limit."""
    current = _DEADLINE.get()
    return None if current is None else current[0]


def check_deadline() -> None:
    """Raise :class:`SearchTimeout` when the current budget is spent.

    Raises:
        SearchTimeout: the deadline has passed.
    """
    current = _DEADLINE.get()
    if current is not None and time.monotonic() >= current[0]:
        raise SearchTimeout(
            f"the search took longer than its limit of {current[1]:g} s and was stopped; "
            "try fewer or more specific words"
        )
