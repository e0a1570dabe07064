"""Regular expressions compiled the first time they are used.

Compiling a pattern costs more than matching it many times, and ``python -m app extract`` starts a
new process for every run: the patterns that most runs never need (plain text only, titles derived
from the text, dates written out in words, deeply nested markup) wait until a file needs them.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # (typing is not imported at run time: see app.records)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, AnyStr, Generic

    class _Generic(Generic[AnyStr]):
        pass
else:

    class _Generic:
        """``Generic`` for the type checker only: ``LazyPattern[str]`` is ``LazyPattern`` at run time."""

        def __class_getitem__(cls, item: object) -> type:
            return cls


class LazyPattern(_Generic["AnyStr"]):
    """``re.compile(pattern, flags)``, done on first use; the methods are those of ``re.Pattern``.

    >>> LazyPattern(r"\\d+").findall("10 green bottles, 9 left")
    ['10', '9']
    """

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self._pattern: AnyStr = pattern
        self._flags = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    @property
    def compiled(self) -> re.Pattern[AnyStr]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def match(self, string: AnyStr) -> re.Match[AnyStr] | None:
        return self.compiled.match(string)

    def search(self, string: AnyStr) -> re.Match[AnyStr] | None:
        return self.compiled.search(string)

    def finditer(self, string: AnyStr) -> Iterator[re.Match[AnyStr]]:
        return self.compiled.finditer(string)

    def findall(self, string: AnyStr) -> list[Any]:
        return self.compiled.findall(string)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr) -> AnyStr:
        return self.compiled.sub(repl, string)
