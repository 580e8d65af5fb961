"""Sentence spans of a clean text: the unit within which figures relate to each other."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

_SENTENCE_END = regex.compile(r"[。！？!?]+[”\"’]?|\n+")


@dataclass(frozen=True, slots=True)
class Sentences:
    """End-exclusive sentence spans covering the text, in order."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...] = ()  # the spans' starts, for bisection (derived when not given)

    def index_of(self, offset: int) -> int:
        """The index of the sentence containing ``offset``.

        >>> s = split_sentences("甲。乙！丙")
        >>> [s.index_of(i) for i in (0, 2, 4)]
        [0, 1, 2]
        """
        starts = self.starts or tuple(start for start, _ in self.spans)
        return max(0, bisect_right(starts, offset) - 1)

    def span_of(self, offset: int) -> tuple[int, int]:
        return self.spans[self.index_of(offset)]


@lru_cache(maxsize=4)  # several stages ask for the same text's sentences
def split_sentences(text: str) -> Sentences:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return Sentences(tuple(spans), tuple(start for start, _ in spans))
