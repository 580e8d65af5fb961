"""Proportions written as a ratio list: 三次产业之比为7.7:57.5:34.8.

Each term is the share, in percent, of one part of a complete list in its whole, in the list's
order: 41.99 / 545.0 = 7.7%, 313.14 / 545.0 = 57.5%, 189.87 / 545.0 = 34.8%. The list is the
nearest earlier complete breakdown (breakdowns.py) with as many parts as terms, whose partition
the words before the terms name (``proportion_lead`` in attribution.yaml: 三次产业之比为, 三次产业结构为).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .attribute import Attributed
from .breakdowns import Breakdown
from .partitions import lead_start, named_partition
from .rules import Rules

_TERM_SEPARATORS = frozenset({":", "："})


@dataclass(frozen=True, slots=True)
class Proportion:
    """Terms (percent figures, in order) and the breakdown whose parts they measure."""

    terms: tuple[int, ...]
    whole: int
    parts: tuple[int, ...]


def find_proportions(
    text: str, figures: Sequence[Attributed], breakdowns: Sequence[Breakdown], rules: Rules
) -> list[Proportion]:
    found = []
    for terms in _ratio_lists(text, figures):
        lead = _lead_pattern(rules).search(text, lead_start(figures, terms[0]), figures[terms[0]].quantity.start)
        if lead is None:
            continue
        breakdown = _measured_breakdown(text, figures, breakdowns, terms, lead["name"], rules)
        if breakdown is not None:
            found.append(Proportion(terms, breakdown.whole, breakdown.parts))
    return found


def _ratio_lists(text: str, figures: Sequence[Attributed]) -> Iterator[tuple[int, ...]]:
    """Runs of two or more terms joined by a colon and nothing else (7.7:57.5:34.8); a term is a
    percent or a bare number (read as a count without a unit when no % stands near)."""
    run: list[int] = []
    for i, figure in enumerate(figures):
        joined = run and text[figures[run[-1]].quantity.end : figure.quantity.start] in _TERM_SEPARATORS
        if _is_term(figure) and joined:
            run.append(i)
            continue
        if len(run) >= 2:
            yield tuple(run)
        run = [i] if _is_term(figure) else []
    if len(run) >= 2:
        yield tuple(run)


def _is_term(figure: Attributed) -> bool:
    q = figure.quantity
    return q.kind == "percent" or (q.kind == "count" and q.unit is None)


def _measured_breakdown(
    text: str,
    figures: Sequence[Attributed],
    breakdowns: Sequence[Breakdown],
    terms: tuple[int, ...],
    name: str,
    rules: Rules,
) -> Breakdown | None:
    """The nearest complete breakdown before the terms with one part per term, whose partition
    ``name`` names."""
    before = [b for b in breakdowns if b.complete and len(b.parts) == len(terms) and b.parts[-1] < terms[0]]
    for breakdown in sorted(before, key=lambda b: b.parts[-1], reverse=True):
        partition = named_partition(text, figures, breakdown.parts, rules)
        if partition is not None and partition.name in name:
            return breakdown
    return None


@cache
def _lead_pattern(rules: Rules) -> regex.Pattern[str]:
    return rules.pattern("attribution", "proportion_lead")
