"""Page columns whose cells are made a run at a time, as they are encoded.

A 200,000-comment page held each column as a list of Python objects: a float per layout
coordinate, an ISO text per time, an int object per node number. These columns hold packed
numbers (``array``) or the nodes themselves, and make their cells as a list only for the run
being encoded (``assets.json_parts``), so the JSON is that of the plain list.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any

RUN = 4_096
"""Cells made at once when a column is read whole."""


class Column(Sequence):
    """``length`` cells; ``cells(start, stop)`` makes those of a run as a list."""

    __slots__ = ("_cells", "_length")
    __hash__ = None  # type: ignore[assignment]  # equal to the list of its cells

    def __init__(self, length: int, cells: Callable[[int, int], list[Any]]) -> None:
        self._length = length
        self._cells = cells

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._cells(start, max(start, stop))
        index = key + self._length if key < 0 else key
        if not 0 <= index < self._length:
            raise IndexError("column index out of range")
        return self._cells(index, index + 1)[0]

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, self._length, RUN):
            yield from self._cells(start, min(start + RUN, self._length))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Column({list(self)!r})"


def numbers(values: array) -> Column:
    """A column of the numbers in ``values``."""
    return Column(len(values), lambda start, stop: values[start:stop].tolist())


def mapped(items: Sequence[Any], function: Callable[[Any], Any]) -> Column:
    """A column of ``function(item)`` for each of ``items``, made when read."""
    return Column(len(items), lambda start, stop: list(map(function, items[start:stop])))
