"""Comparisons in points: a rate, the rate it is compared with, and the stated difference.

    开复工率59.6%，比去年同期的52.3%提高7.3个百分点      59.6 − 52.3 = 7.3
    同比增长6.8%，增速比全省(6.2%)高0.6个百分点          6.8 − 6.2 = 0.6
    增长14.6%，增速低于全区（16.7%）2.1个百分点           16.7 − 14.6 = 2.1

    一季度进出口增长6.8%，二季度增长18.2%，增速加快11.4个百分点  18.2 − 6.8 = 11.4

The base rate stands right before the points (only ``comparison_gap`` characters between them);
the compared rate is the nearest percent before the base, and a comparison word (比, 较, 高于 …;
never the 比 of 同比 or 占比) stands between the two — or, with none, both are rates of change and
the points follow in the next clause, comparing the later with the earlier; nothing in
between ends a clause. The direction comes from the first directional word after the
compared rate (高于, 提高, 低 …); with none, the difference is taken unsigned. All of it is
data in attribution.yaml (``comparison_*``).

A base that the sentence names instead of stating is an earlier rate of the whole the name
says (``comparison_collective_words``: 全部, 整体, 全市 …):

    出口142.7亿美元，同比增长16% … 对欧盟和香港出口同比分别增长23.7%和50.7%，分别比全市整体增幅高7.7和34.7个百分点
                                    23.7 − 16 = 7.7, 50.7 − 16 = 34.7
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .attribute import Attributed
from .partitions import LIST_JOINERS
from .records import Direction
from .rules import Rules

_CLAUSE_END = frozenset("。；;！？!?\n")
_SUBJECT_REACH = 4  # sentence spans searched back for the rate compared with another place's
_BASE_REACH = 12  # sentence spans searched back for a base rate named, not stated (a paragraph break is one)


@dataclass(frozen=True, slots=True)
class Comparison:
    """``subject`` compared with ``base`` differs by ``result`` points (indices into the figures).
    ``stated`` is true when the sentence states both rates around its comparison word (比去年同期的
    52.3%提高7.3个百分点): a pairing so plain that any miss is an error; a base found elsewhere (another
    place's rate, a named base) is trusted only within a near miss."""

    subject: int
    base: int
    result: int
    direction: Direction | None
    stated: bool = False


def find_comparisons(
    text: str, figures: Sequence[Attributed], rules: Rules, scopes: Sequence[str | None] = ()
) -> list[Comparison]:
    """Every points figure whose two rates the sentence states.

    >>> from extractor.pipeline import extract
    >>> article = extract("开复工率59.6%，比去年同期的52.3%提高7.3个百分点。", published="2021-05-28")
    >>> [(c.kind, c.explanation) for c in article.checks]
    [('difference', '59.6 - 52.3 = 7.3; stated 7.3: consistent')]
    """
    found = []
    for result in range(2, len(figures)):
        if figures[result].quantity.kind == "percentage_point":
            comparison = (
                _comparison(result, text, figures, rules)
                or _other_place(result, text, figures, rules, scopes)
                or _named_base(result, text, figures, rules)
            )
            if comparison is not None:
                found.append(comparison)
    return found


def _comparison(result: int, text: str, figures: Sequence[Attributed], rules: Rules) -> Comparison | None:
    base = result - 1
    subject = _nearest_percent(base, figures)
    if subject is None or not _is_rate(figures[base]) or figures[base].sentence != figures[result].sentence:
        return None
    before_base = text[figures[subject].quantity.end : figures[base].quantity.start]
    after_base = text[figures[base].quantity.end : figures[result].quantity.start]
    if len(after_base) > rules.data["attribution"]["comparison_gap"] or _CLAUSE_END & set(before_base + after_base):
        return None
    direction = _direction(before_base + after_base, rules)
    if _comparison_word(rules).search(after_base) is not None:  # 降幅比去年同期扩大: another base, unstated
        return None
    if _comparison_word(rules).search(before_base) is not None:
        return Comparison(subject, base, result, direction, stated=True)
    if _is_sequence(figures[subject], figures[base], after_base) and direction is not None:
        return Comparison(base, subject, result, direction, stated=True)  # the later rate against the earlier
    return None


def _other_place(
    result: int, text: str, figures: Sequence[Attributed], rules: Rules, scopes: Sequence[str | None]
) -> Comparison | None:
    """全省粮食总产量增长1.0%。全国粮食总产量比上年增长0.5%，全省增速高出全国0.5个百分点: the base rate
    stands right before the points, the words between compare with the base's place (高出全国), and
    no rate precedes the base in its sentence; the rate compared is the nearest earlier one of
    the same metric for another place, within ``_SUBJECT_REACH`` sentence spans."""
    base = result - 1
    figure = figures[base]
    place = scopes[base] if base < len(scopes) else None
    if not place or not _is_rate(figure) or figure.sentence != figures[result].sentence or not figure.metric:
        return None
    if _nearest_percent(base, figures) is not None:
        return None
    after_base = text[figure.quantity.end : figures[result].quantity.start]
    if len(after_base) > rules.data["attribution"]["comparison_gap"] or _CLAUSE_END & set(after_base):
        return None
    if place not in after_base or _comparison_word(rules).search(after_base) is None:
        return None
    for index in range(base - 1, -1, -1):
        item = figures[index]
        if item.sentence < figure.sentence - _SUBJECT_REACH:
            return None
        same = item.metric == figure.metric and item.role == figure.role and _is_rate(item)
        if same and scopes[index] != place:
            return Comparison(index, base, result, _direction(after_base, rules))
    return None


def _named_base(result: int, text: str, figures: Sequence[Attributed], rules: Rules) -> Comparison | None:
    """增长18.7%，比全部重点项目投资增速高5.4个百分点: the rate right before the points (the n-th of
    a list of rates for the n-th of a list of points after 分别) compared with a base the words
    between name by a collective word (全部, 整体, 全市 …) and no figure states. The base is the
    nearest earlier rate in another sentence, within ``_BASE_REACH`` sentence spans, of the
    subject's role whose metric ends the subject's (出口增速 for 对欧盟出口增速): the same measure
    of the whole."""
    first, count = _run(result, figures, text, lambda f: f.quantity.kind == "percentage_point")
    subjects = first - count
    if subjects < 0 or not all(_is_rate(figures[i]) for i in range(subjects, first)):
        return None
    if _run(first - 1, figures, text, _is_rate) != (subjects, count):
        return None
    between = text[figures[first - 1].quantity.end : figures[first].quantity.start]
    if _CLAUSE_END & set(between) or _comparison_word(rules).search(between) is None:
        return None
    words = rules.table("attribution", "comparison_collective_words")
    distributive = rules.table("attribution", "distributive_markers")
    if not any(word in between for word in words) or (count > 1 and not any(m in between for m in distributive)):
        return None
    subject = subjects + result - first
    base = _named_rate(subject, subjects, figures)
    return None if base is None else Comparison(subject, base, result, _direction(between, rules))


def _run(index: int, figures: Sequence[Attributed], text: str, member: Callable[[Attributed], bool]) -> tuple[int, int]:
    """(first, length) of the list of figures ``index`` is in: members in one sentence, each
    after the first right after a list joiner (7.7和34.7个百分点; 23.7%和50.7%)."""

    def joined(before: int, after: int) -> bool:
        gap = text[figures[before].quantity.end : figures[after].quantity.start]
        return figures[before].sentence == figures[after].sentence and len(gap) == 1 and gap in LIST_JOINERS

    first = index
    while first > 0 and member(figures[first - 1]) and joined(first - 1, first):
        first -= 1
    last = index
    while last + 1 < len(figures) and member(figures[last + 1]) and joined(last, last + 1):
        last += 1
    return first, last - first + 1


def _named_rate(subject: int, before: int, figures: Sequence[Attributed]) -> int | None:
    """The nearest rate before figure ``before``, in an earlier sentence than the subject's,
    that measures the subject's metric for the whole: same role, a metric the subject's ends with."""
    figure = figures[subject]
    metric = figure.metric or ""
    for index in range(before - 1, -1, -1):
        item = figures[index]
        if item.sentence < figure.sentence - _BASE_REACH:
            return None
        if item.sentence == figure.sentence or not _is_rate(item) or item.role != figure.role:
            continue
        if item.metric and metric.endswith(item.metric):
            return index
    return None


def _is_sequence(earlier: Attributed, later: Attributed, after_later: str) -> bool:
    """一季度进出口增长6.8%，二季度增长18.2%，增速加快11.4个百分点: two rates of change in a row, the
    points in the clause right after the second, saying how the later differs from the earlier."""
    return earlier.role == later.role == "change" and after_later[:1] in ("，", ",")


def _nearest_percent(base: int, figures: Sequence[Attributed]) -> int | None:
    sentence = figures[base].sentence
    for index in range(base - 1, -1, -1):
        if figures[index].sentence != sentence:
            return None
        if figures[index].quantity.kind == "percent":
            return index if _is_rate(figures[index]) else None
    return None


def _is_rate(figure: Attributed) -> bool:
    return figure.quantity.kind == "percent" and figure.quantity.qualifier == "exact"


@cache
def _comparison_word(rules: Rules) -> regex.Pattern[str]:
    return rules.pattern("attribution", "comparison_pattern")


@cache
def _direction_words(rules: Rules) -> tuple[tuple[str, Direction], ...]:
    words = rules.data["attribution"]["comparison_directions"].items()
    return tuple(sorted(words, key=lambda item: -len(item[0])))


def _direction(between: str, rules: Rules) -> Direction | None:
    """The direction of the first directional word in ``between`` (the longer word at a tie)."""
    words = _direction_words(rules)
    hits = [(at, -len(word), direction) for word, direction in words if (at := between.find(word)) >= 0]
    return min(hits)[2] if hits else None
