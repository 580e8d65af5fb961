"""Overlap tests against a fixed set of spans in logarithmic time, not one pass per test."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class SpanIndex:
    """End-exclusive spans, sorted by start with the running maximum of their ends: the spans
    that start before ``end`` are a prefix, and one of them reaches past ``start`` exactly when
    the largest end among them does.

    >>> index = SpanIndex([(10, 12), (2, 5)])
    >>> [index.overlaps(start, end) for start, end in [(0, 2), (4, 6), (5, 10), (11, 20)]]
    [False, True, False, True]
    """

    __slots__ = ("_max_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_ends = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``s < end and start < e``."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._max_ends[before - 1] > start
