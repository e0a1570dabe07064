"""Plain records: classes with ``__slots__`` whose instances are equal when their fields are.

``python -m app extract`` starts a new process for every run, so what it imports counts: ``dataclasses``
and ``typing`` take about 35 ms to import, as long as extracting a dozen pages. The records on that path
(documents, extraction results, reports) are written out on this base instead, and import ``typing``
only for the type checker (``TYPE_CHECKING``).
"""

from __future__ import annotations


class Record:
    """Equality and ``repr`` from the fields named in ``__slots__``. Not hashable: its fields may change."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    # (A class that defines __eq__ and not __hash__ is not hashable.)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class FrozenRecord(Record):
    """A record whose fields never change once it is made (the type checker holds them ``Final``): hashable."""

    __slots__: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self._values())
