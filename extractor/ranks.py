"""Ranks: 居全省第4位 is no figure (ordinals are not measured quantities, devset FORMAT.md), but it
says where a figure of the sentence stands — the nearest amount, rate or change before it.

    全社会固定资产投资完成299亿元，…，总量在全省排第4位。   299亿元: rank 4 among 全省

The phrase is ``rank_pattern`` in attribution.yaml, with the groups ``among`` or ``among_after``
(the field ranked in, 全省, 全国各省（区、市）) and ``position`` (an Arabic or Chinese ordinal).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .attribute import Attributed
from .numerals import parse_numeral
from .rules import Rules
from .sentences import Sentences

_RANKED = ("count", "money", "quantity", "percent", "percentage_point", "multiple")


@dataclass(frozen=True, slots=True)
class Rank:
    """Figure ``figure`` (an index) ranks ``position`` among ``among``; offsets index the clean text."""

    figure: int
    position: int
    among: str
    start: int
    end: int


def find_ranks(text: str, figures: Sequence[Attributed], sentences: Sentences, rules: Rules) -> list[Rank]:
    """Each rank phrase with the figure it ranks: the nearest figure before it in its sentence.

    >>> from extractor.pipeline import extract
    >>> article = extract("全市投资完成299亿元，总量在全省排第4位。", published="2021-05-20")
    >>> [(f.text, f.rank, f.rank_among) for f in article.figures]
    [('299亿元', 4, '全省')]
    """
    starts = [f.quantity.start for f in figures]
    ranks = []
    for match in _rank_pattern(rules).finditer(text):
        figure = _ranked(match.start(), figures, starts, sentences.index_of(match.start()))
        position = parse_numeral(match["position"], rules)
        if figure is not None and position is not None:
            among = (match["among"] or match["among_after"] or "").strip()
            ranks.append(Rank(figure, int(position.value), among, match.start(), match.end()))
    return ranks


@cache
def _rank_pattern(rules: Rules) -> regex.Pattern[str]:
    return rules.pattern("attribution", "rank_pattern")


def _ranked(start: int, figures: Sequence[Attributed], starts: list[int], sentence: int) -> int | None:
    """The nearest amount, rate or change before ``start`` in its sentence; a share (达到全年目标的
    37.6%) is a progress, not what a region is ranked by."""
    for index in range(bisect_left(starts, start) - 1, -1, -1):
        figure = figures[index]
        if figure.sentence != sentence:
            return None
        if figure.quantity.kind in _RANKED and figure.role != "share" and figure.quantity.end <= start:
            return index
    return None
