"""Breakdowns: a whole stated before a marker (分项看, 按…划分, 从…看, 其中 …) and its parts after it.

    1—9月共完成投资1275.34亿元。分项看，高速公路投资679.62亿元，…；国省干线投资426.91亿元，…

The marker's scope runs to the next marker or the end of the paragraph. The whole of each
measure (kind and unit) is in the nearest sentence before the marker that states that measure,
outside earlier scopes; the parts are the scope's figures of that measure that are amounts
(not changes, shares, rates or thresholds). When that sentence states the measure more than
once (4月份297859万元，1-4月累计1278093万元), the parts may follow the wholes in turn
(批发零售业4月份269547万元，1-4月累计1147139万元；餐饮业…).

A breakdown is kept only when its parts come within ``near_miss`` (a fraction of the whole, in
attribution.yaml) of the whole: a near miss is a reporting error worth a check, a far one means
the list is incomplete or the structure was misread, and no check is better than a false alarm.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .attribute import Attributed
from .rules import Rules
from .sentences import Sentences

_AMOUNT_KINDS = ("count", "money", "quantity")
_AMOUNT_ROLES = ("value", "total", "part", "target")
_OPENING = {"（": "）", "(": ")"}
_WHOLE_REACH = 6  # sentence spans searched back for a whole (a paragraph break is one span too)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A whole and its parts (indices into the attributed figures), found after ``marker``."""

    whole: int
    parts: tuple[int, ...]
    marker: str


@dataclass(frozen=True, slots=True)
class _Scope:
    marker: str
    start: int  # where the marker begins
    end: int  # the end of its parts: the next marker or the end of the paragraph


def find_breakdowns(text: str, figures: Sequence[Attributed], sentences: Sentences, rules: Rules) -> list[Breakdown]:
    """Every breakdown whose parts nearly add up to its whole, in reading order: after a
    marker (its sentence first, then the rest of its scope), and before a trailing total."""
    found: list[Breakdown] = []
    for scope in _scopes(text, rules):
        sentence_end = min(scope.end, sentences.span_of(scope.start)[1])
        for end in dict.fromkeys((sentence_end, scope.end)):
            if breakdowns := _after_marker(scope, end, figures, sentences, found, rules):
                found.extend(breakdowns)
                break
    found.extend(_trailing_totals(text, figures, found, rules))
    found.extend(_parenthesized(text, figures, found, rules))
    return found


def _parenthesized(
    text: str, figures: Sequence[Attributed], found: list[Breakdown], rules: Rules
) -> Iterator[Breakdown]:
    """新能源装机359万千瓦（风电312万千瓦、光伏47万千瓦）: the amounts of a figure's measure in
    the parentheses right after it."""
    wholes = {breakdown.whole for breakdown in found}
    for whole, figure in enumerate(figures):
        opening = figure.quantity.end
        if whole in wholes or not _is_amount(figure) or text[opening : opening + 1] not in _OPENING:
            continue
        closing = text.find(_OPENING[text[opening]], opening)
        if closing < 0:
            continue
        parts = [
            i
            for i in range(whole + 1, len(figures))
            if opening < figures[i].quantity.start < closing
            and _is_amount(figures[i])
            and _measure(figures[i]) == _measure(figure)
        ]
        if _near(whole, parts, figures, rules):
            yield Breakdown(whole, tuple(parts), "（）")


def _after_marker(
    scope: _Scope, end: int, figures: Sequence[Attributed], sentences: Sentences, found: list[Breakdown], rules: Rules
) -> list[Breakdown]:
    inside = [i for i, f in enumerate(figures) if scope.start <= f.quantity.start < end and _is_amount(f)]
    used = {part for breakdown in found for part in breakdown.parts}
    breakdowns: list[Breakdown] = []
    for measure in dict.fromkeys(_measure(figures[i]) for i in inside):
        parts = [i for i in inside if _measure(figures[i]) == measure]
        for wholes in _whole_candidates(scope, measure, figures, sentences, used):
            if assigned := _assign(wholes, parts, figures, scope.marker, rules):
                breakdowns.extend(assigned)
                break
    return breakdowns


def _trailing_totals(
    text: str, figures: Sequence[Attributed], found: list[Breakdown], rules: Rules
) -> Iterator[Breakdown]:
    """补贴38.5亿元、补贴71.2亿元，合计109.7亿元: the amounts of the total's measure before it in
    its sentence, back to the first figure of another measure."""
    pattern = _trailing_pattern(rules)
    wholes = {breakdown.whole for breakdown in found}
    for whole, figure in enumerate(figures):
        start = figure.quantity.start
        if whole in wholes or not _is_amount(figure) or pattern.search(text[max(0, start - 6) : start]) is None:
            continue
        parts: list[int] = []
        for index in range(whole - 1, -1, -1):
            item = figures[index]
            if item.sentence != figure.sentence or not _is_amount(item) or _measure(item) != _measure(figure):
                break
            parts.insert(0, index)
        if len(parts) >= 2 and _near(whole, parts, figures, rules):
            yield Breakdown(whole, tuple(parts), "trailing total")


@cache
def _trailing_pattern(rules: Rules) -> regex.Pattern[str]:
    return rules.pattern("attribution", "trailing_total")


@cache
def _marker_pattern(rules: Rules) -> regex.Pattern[str]:
    return rules.pattern("attribution", "breakdown_marker")


def _scopes(text: str, rules: Rules) -> Iterator[_Scope]:
    matches = list(_marker_pattern(rules).finditer(text))
    for number, match in enumerate(matches):
        paragraph_end = text.find("\n", match.end())
        end = len(text) if paragraph_end < 0 else paragraph_end
        if number + 1 < len(matches):
            end = min(end, matches[number + 1].start())
        yield _Scope(match.group(), match.start(), end)


def _is_amount(figure: Attributed) -> bool:
    q = figure.quantity
    return q.kind in _AMOUNT_KINDS and figure.role in _AMOUNT_ROLES and isinstance(q.value, Decimal)


def _measure(figure: Attributed) -> tuple[str, str | None]:
    return figure.quantity.kind, figure.quantity.unit


def _whole_candidates(
    scope: _Scope, measure: tuple[str, str | None], figures: Sequence[Attributed], sentences: Sentences, used: set[int]
) -> Iterator[list[int]]:
    """The figures of ``measure`` in each sentence before the marker that states it, nearest
    first, within reach; then the same with the parts of other breakdowns passed over (a second
    breakdown of the same whole: 按建设阶段划分 … 按所属行业划分 …)."""
    for skip in (set(), used | _attributed_parts(figures)):
        before = _amounts_before(scope, measure, figures, sentences, skip)
        for sentence in sorted({figures[i].sentence for i in before}, reverse=True):
            yield [i for i in before if figures[i].sentence == sentence]


def _attributed_parts(figures: Sequence[Attributed]) -> set[int]:
    return {i for i, f in enumerate(figures) if f.role == "part"}


def _amounts_before(
    scope: _Scope, measure: tuple[str, str | None], figures: Sequence[Attributed], sentences: Sentences, skip: set[int]
) -> list[int]:
    marker_sentence = sentences.index_of(scope.start)
    return [
        i
        for i, f in enumerate(figures)
        if f.quantity.end <= scope.start
        and i not in skip
        and _is_amount(f)
        and _measure(f) == measure
        and marker_sentence - f.sentence <= _WHOLE_REACH
    ]


def _assign(
    wholes: list[int], parts: list[int], figures: Sequence[Attributed], marker: str, rules: Rules
) -> list[Breakdown]:
    """Parts to wholes: all to one whole (the nearest first), or in turn to the last k wholes
    of the sentence; the first grouping in which every whole is nearly its parts' sum."""
    if len(parts) < 2 or not wholes:
        return []
    groupings = [[(whole, parts)] for whole in reversed(wholes)]
    for k in range(2, len(wholes) + 1):
        if len(parts) % k == 0 and len(parts) >= 2 * k:
            groupings.append([(whole, parts[n::k]) for n, whole in enumerate(wholes[-k:])])
    for grouping in groupings:
        if all(_near(whole, members, figures, rules) for whole, members in grouping):
            return [Breakdown(whole, tuple(members), marker) for whole, members in grouping]
    return []


def _near(whole: int, parts: list[int], figures: Sequence[Attributed], rules: Rules) -> bool:
    total = _value(figures[whole])
    if len(parts) < 2 or total <= 0 or any(_value(figures[p]) >= total for p in parts):
        return False
    gap = abs(sum((_value(figures[p]) for p in parts), Decimal(0)) - total)
    return gap <= total * Decimal(rules.data["attribution"]["breakdown_near_miss"])


def _value(figure: Attributed) -> Decimal:
    value = figure.quantity.value
    return value if isinstance(value, Decimal) else Decimal(0)
