"""Offset maps: every character of a cleaned text knows the raw span it came from."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (which may be empty: a deletion)."""

    start: int
    end: int
    replacement: str


_COUNTING: array[int] = array("q")  # 0, 1, 2, …: identity maps are copied out of it


def _counting(length: int) -> array[int]:
    """0 … ``length - 1`` (and maybe more), grown in place as longer texts come."""
    if len(_COUNTING) < length:
        _COUNTING.extend(range(len(_COUNTING), length))
    return _COUNTING


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """For clean character ``i``, the raw span ``[starts[i], ends[i])`` it came from."""

    starts: array[int]
    ends: array[int]
    raw_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        counting = _counting(length + 1)
        return cls(counting[:length], counting[1 : length + 1], length)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span ``[start, end)`` to the raw span that produced it.

        >>> m = OffsetMap(array("q", [0, 5]), array("q", [1, 6]), 6)
        >>> m.to_raw(0, 2)
        (0, 6)
        """
        if start >= end:
            anchor = self.starts[start] if start < len(self.starts) else self.raw_length
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]

    def then(self, edits: Sequence[Edit], text: str) -> tuple[str, OffsetMap]:
        """Apply ``edits`` (sorted, non-overlapping) to ``text`` (which this map describes)
        and return the new text with its map back to the raw input.

        Edits that each put one character for one (to_halfwidth, to_simplified) leave every
        character where it was, with the raw span it had: the map is kept as it is.

        >>> m = OffsetMap.identity(4)
        >>> m.then([Edit(1, 2, "x")], "abcd") == ("axcd", m)
        True
        """
        if all(edit.end - edit.start == 1 and len(edit.replacement) == 1 for edit in edits):
            return splice(text, edits), self
        pieces: list[str] = []
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        cursor = 0
        for edit in edits:
            self._keep(text, cursor, edit.start, pieces, starts, ends)
            if edit.replacement:
                raw_start, raw_end = self.to_raw(edit.start, edit.end)
                pieces.append(edit.replacement)
                starts.extend([raw_start] * len(edit.replacement))
                ends.extend([raw_end] * len(edit.replacement))
            cursor = edit.end
        self._keep(text, cursor, len(text), pieces, starts, ends)
        return "".join(pieces), OffsetMap(starts, ends, self.raw_length)

    def _keep(self, text: str, start: int, end: int, pieces: list[str], starts: array[int], ends: array[int]) -> None:
        if start < end:
            pieces.append(text[start:end])
            starts.extend(self.starts[start:end])
            ends.extend(self.ends[start:end])


def splice(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` (sorted, non-overlapping) applied.

    >>> splice("1528.2億元", [Edit(6, 7, "亿")])
    '1528.2亿元'
    """
    pieces: list[str] = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)
