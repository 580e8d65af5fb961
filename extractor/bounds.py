"""Bound pairs: a lower and an upper bound written side by side are one range.

``大于10小于20`` is the open range (10, 20), ``1000万元以上、5000万元以下`` the closed range
[1000万, 5000万], ``不大于50不小于20`` the range [20, 50] written upper bound first. The result is
a :class:`Quantity` with ``qualifier="range"``, ``value`` the low end, ``high`` the high end and
``bounds`` saying which ends are included. Only the links in ``qualifiers.yaml:
bound_pair_links`` may stand between the two (并, 同时, 、 …); anything else — a noun, another
figure — keeps them apart, and so do bounds of different kinds or units, or a low end that is
not below the high end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from .qualifiers import prefix_qualifier_start
from .records import Quantity
from .rules import Rules

LOWER_BRACKETS = {"more_than": "(", "at_least": "["}
UPPER_BRACKETS = {"less_than": ")", "at_most": "]"}


def join_bound_pairs(text: str, quantities: Sequence[Quantity], rules: Rules) -> list[Quantity]:
    """``quantities`` in text order, with each adjacent lower/upper bound pair made one range.

    >>> from extractor.rules import load_rules
    >>> from extractor.candidates import find_number_candidates
    >>> from extractor.normalize import normalize_numbers
    >>> text = "面积大于10平方米并且小于20平方米"
    >>> found, _ = normalize_numbers(text, find_number_candidates(text, load_rules()), load_rules())
    >>> [(text[q.start : q.end], q.value, q.high, q.unit, q.bounds) for q in found]
    [('10平方米并且小于20平方米', Decimal('10'), Decimal('20'), '平方米', '()')]
    """
    joined: list[Quantity] = []
    index = 0
    while index < len(quantities):
        first = quantities[index]
        pair = _join(text, first, quantities[index + 1], rules) if index + 1 < len(quantities) else None
        joined.append(pair or first)
        index += 2 if pair else 1
    return joined


def _join(text: str, first: Quantity, second: Quantity, rules: Rules) -> Quantity | None:
    ordered = _low_high(first, second)  # the cheap tests first: most neighbours are no bounds
    if ordered is None or not _compatible(first, second) or not _linked(text, first, second, rules):
        return None
    low, high = ordered
    if not (isinstance(low.value, Decimal) and isinstance(high.value, Decimal)) or low.value >= high.value:
        return None
    unit_owner = high if low.unit is None else low
    return replace(
        low,
        start=first.start,
        end=second.end,
        high=high.value,
        unit=unit_owner.unit,
        qualifier="range",
        bounds=LOWER_BRACKETS[low.qualifier] + UPPER_BRACKETS[high.qualifier],
    )


def _low_high(first: Quantity, second: Quantity) -> tuple[Quantity, Quantity] | None:
    """The lower and the upper bound, in that order, if one of each."""
    if first.qualifier in LOWER_BRACKETS and second.qualifier in UPPER_BRACKETS:
        return first, second
    if first.qualifier in UPPER_BRACKETS and second.qualifier in LOWER_BRACKETS:
        return second, first
    return None


def _linked(text: str, first: Quantity, second: Quantity, rules: Rules) -> bool:
    """Only a link word (and whitespace, but no line break) between the first figure and the
    second's bound word."""
    second_start = prefix_qualifier_start(text, second.start, rules)
    gap = text[first.end : second.start if second_start is None else second_start]
    if "\n" in gap:  # a line break ends a sentence: the bounds belong to different ones
        return False
    gap = "".join(gap.split())
    return not gap or gap in rules.data["qualifiers"]["bound_pair_links"]


def _compatible(first: Quantity, second: Quantity) -> bool:
    """Two single numbers of one kind and one unit (a count may leave its unit to the other)."""
    if first.kind != second.kind or first.high is not None or second.high is not None:
        return False
    return first.unit == second.unit or (first.kind == "count" and None in (first.unit, second.unit))
