"""Linking: which figures a stated rate, share or growth rate is computed from.

Only links that the text's structure and metrics name: a share's whole is the figure named in
占…的 (or inside that phrase); a named rate's numerator and denominator come from the rates
table in attribution.yaml; a growth rate's current value and increase stand in its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .attribute import Attributed
from .labels import strip_label
from .rules import Rules

_LINKABLE = ("value", "total", "part", "target")
_TOTAL = "TOTAL"


def find_ratio_pair(result: int, figures: Sequence[Attributed], rules: Rules) -> tuple[int, int] | None:
    """(numerator, denominator) of a share or named rate, or None when the text does not say."""
    figure = figures[result]
    if figure.role == "share":
        numerator = find_current(result, figures)
        if numerator is None:
            return None
        denominator = figure.whole_index if figure.whole_index is not None else _named_whole(
            numerator, figure.whole_phrase or "", figures, rules)
        return (numerator, denominator) if denominator is not None and denominator != numerator else None
    return _rate_pair(result, figures, rules)


def find_current(result: int, figures: Sequence[Attributed]) -> int | None:
    """The figure a share or change speaks of: the nearest earlier one in the sentence."""
    sentence = figures[result].sentence
    for index in range(result - 1, -1, -1):
        item = figures[index]
        if item.sentence != sentence:
            return None
        if item.quantity.kind in ("count", "money", "quantity") and item.role in _LINKABLE:
            if item.quantity.start < figures[result].quantity.start and index != figures[result].whole_index:
                return index
    return None


def find_increment(current: int, result: int, figures: Sequence[Attributed]) -> int | None:
    """The stated increase between a current value and its growth rate (增加105.71万千瓦)."""
    for index in range(current + 1, result):
        item = figures[index]
        if item.role == "change" and _same_measure(item, figures[current]) and item.direction == figures[result].direction:
            return index
    return None


def _named_whole(numerator: int, phrase: str, figures: Sequence[Attributed], rules: Rules) -> int | None:
    """The nearest earlier figure of the numerator's measure whose metric the phrase names."""
    wanted = strip_label(phrase, rules)
    for index in range(numerator - 1, -1, -1):
        item = figures[index]
        if item.role in _LINKABLE and _same_measure(item, figures[numerator]) and _names(wanted, item.metric):
            return index
    return None


@cache
def _rates(rules: Rules) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    rows = rules.table("attribution", "rates")
    ordered = sorted(rows, key=lambda row: -len(row["name"]))
    return tuple((row["name"], tuple(row["numerator"]), tuple(row["denominator"])) for row in ordered)


def _rate_pair(result: int, figures: Sequence[Attributed], rules: Rules) -> tuple[int, int] | None:
    metric = figures[result].metric or ""
    for name, numerator_words, denominator_words in _rates(rules):
        if not metric.endswith(name):
            continue
        numerator = _nearest_named(result, figures, numerator_words, same_as=None)
        if numerator is None:
            return None
        if denominator_words == (_TOTAL,):
            denominator = _total_before(numerator, figures)
        else:
            denominator = _nearest_named(result, figures, denominator_words, same_as=numerator)
        return (numerator, denominator) if denominator is not None and denominator != numerator else None
    return None


def _nearest_named(
    before: int, figures: Sequence[Attributed], words: tuple[str, ...], same_as: int | None
) -> int | None:
    """The nearest earlier figure (within two sentences) whose metric contains one of ``words``,
    trying the words in order of preference."""
    floor = figures[before].sentence - 2
    for word in words:
        for index in range(before - 1, -1, -1):
            item = figures[index]
            if item.sentence < floor:
                break
            if item.role not in _LINKABLE or item.role == "part" or item.quantity.kind in ("percent", "date", "period"):
                continue
            if same_as is not None and not _same_measure(item, figures[same_as]):
                continue
            if word in (item.metric or ""):
                return index
    return None


def _total_before(numerator: int, figures: Sequence[Attributed]) -> int | None:
    """The nearest earlier figure of the same measure that is not a part: the whole of a rate."""
    for index in range(numerator - 1, -1, -1):
        item = figures[index]
        if item.role in ("value", "total", "target") and _same_measure(item, figures[numerator]):
            return index
    return None


def _same_measure(a: Attributed, b: Attributed) -> bool:
    return a.quantity.kind == b.quantity.kind and a.quantity.unit == b.quantity.unit


def _names(phrase: str, metric: str | None) -> bool:
    """Does ``phrase`` (from 占…的) name ``metric``? One contains the other, or they share
    at least half of the phrase's character bigrams."""
    if not phrase or not metric:
        return False
    if phrase in metric or metric in phrase:
        return True
    wanted = {phrase[i : i + 2] for i in range(len(phrase) - 1)}
    have = {metric[i : i + 2] for i in range(len(metric) - 1)}
    return bool(wanted) and len(wanted & have) * 2 >= len(wanted)
