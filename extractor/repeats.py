"""Repeats: a figure of the title stated again in the body with another value.

    大庆市推进项目建设 300个重点项目开复工       (title)
    …这387个重点项目，已开复工299个…            (body)

A title figure is compared with the body only when the body states nothing of its kind and
unit that the title's figure could be (judged at the title's precision and qualifier: 超千亿
title, 1528.2亿元 body), exactly one value is stated in the body under the title figure's
metric, and that value is a near miss (``repeat_near_miss`` of attribution.yaml: within 10%).
Then the two disagree, and the check says so. Anything less certain — several body values
under that metric, a far value, no metric — gives no check: titles round and abbreviate, and
a false alarm costs more than a missed repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .arithmetic import judge
from .attribute import Attributed
from .rules import Rules

_COMPARABLE = ("count", "money", "percent", "percentage_point", "quantity", "multiple")


@dataclass(frozen=True, slots=True)
class Repeat:
    """The title's figure and the body's figure stated under the same metric (indices)."""

    title: int
    body: int


def find_repeats(figures: Sequence[Attributed], title_end: int | None, rules: Rules) -> list[Repeat]:
    """Title figures whose value the body contradicts; ``title_end`` ends the title line."""
    if title_end is None:
        return []
    near_miss = Decimal(rules.data["attribution"]["repeat_near_miss"])
    found = []
    for index, figure in enumerate(figures):
        if figure.quantity.start >= title_end or not _comparable(figure):
            continue
        body = [i for i, f in enumerate(figures) if f.quantity.start >= title_end and _same_measure(f, figure)]
        if any(_agrees(figure, figures[i]) for i in body):
            continue
        named = [i for i in body if figure.metric and figures[i].metric == figure.metric]
        if len({figures[i].quantity.value for i in named}) == 1 and _near(figure, figures[named[0]], near_miss):
            found.append(Repeat(index, named[0]))
    return found


def _comparable(figure: Attributed) -> bool:
    return figure.quantity.kind in _COMPARABLE and isinstance(figure.quantity.value, Decimal)


def _same_measure(a: Attributed, b: Attributed) -> bool:
    return _comparable(a) and a.quantity.kind == b.quantity.kind and a.quantity.unit == b.quantity.unit


def _near(title: Attributed, body: Attributed, near_miss: Decimal) -> bool:
    stated, value = title.quantity.value, body.quantity.value
    assert isinstance(stated, Decimal)
    assert isinstance(value, Decimal)  # both _comparable
    return abs(stated - value) <= abs(stated) * near_miss


def _agrees(title: Attributed, body: Attributed) -> bool:
    stated, value = title.quantity.value, body.quantity.value
    if not (isinstance(stated, Decimal) and isinstance(value, Decimal)):
        return False
    return judge(stated, value, title.quantity.precision, title.quantity.qualifier).status == "consistent"
