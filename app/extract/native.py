"""Whether the compiled twins of the extractors' hot loops are in use, and what they are given.

:mod:`app.extract._speedups` is built by ``pip install`` where a C compiler is found (``setup.py``).
It gives the same results as the Python code it stands for, several times faster; the Python code is the
reference, and is used when the module was not built or does not match the installed selectolax (its
import checks that). Callers read :data:`speedups` at each call, so that a test can turn it off.
"""

from __future__ import annotations

import re
from types import ModuleType

speedups: ModuleType | None
try:
    from app.extract import _speedups
except ImportError:  # not built, or built for another selectolax
    speedups = None
else:
    speedups = _speedups

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from collections.abc import Callable

#: The attributes whose values HTML's selectors compare without case (on HTML elements), among those the
#: extractors' selectors name (the HTML standard lists more).
CASE_FREE_ATTRIBUTES = frozenset({"rel", "type"})

#: One alternative of a selector made of an element name and attribute conditions.
_ALTERNATIVE = re.compile(r"\s*([a-z][a-z0-9]*)?((?:\[[a-z][a-z0-9:-]*(?:[*~]?=\"[^\"]*\")?\])*)\s*")
_CONDITION = re.compile(r"\[([a-z][a-z0-9:-]*)(?:([*~]?=)\"([^\"]*)\")?\]")


def selector_rules(
    selector: str, tag_number: Callable[[str], int]
) -> list[tuple[int, list[tuple[str, str, str, bool]]]]:
    """The alternatives of a selector such as ``a[rel="author"], [class*="byline"], time[datetime]`` for
    :class:`app.extract._speedups.Rules`: the element's tag number (0 for any) and the conditions on its
    attributes. Nothing else is understood (a programming error: raises ``ValueError``).

    >>> selector_rules('a[rel="author"], [class*="x"]', {"a": 7}.__getitem__)
    [(7, [('rel', '=', 'author', True)]), (0, [('class', '*=', 'x', False)])]
    """
    alternatives: list[tuple[int, list[tuple[str, str, str, bool]]]] = []
    for part in selector.split(","):
        found = _ALTERNATIVE.fullmatch(part)
        if found is None or not (found[1] or found[2]):
            raise ValueError(f"not a selector of names and attributes: {part!r}")
        conditions = [
            (name, op or "exists", value or "", name in CASE_FREE_ATTRIBUTES)
            for name, op, value in _CONDITION.findall(found[2])
        ]
        alternatives.append((tag_number(found[1]) if found[1] else 0, conditions))
    return alternatives
