"""Breakdowns: a whole stated before a marker (分项看, 按…划分, 从…看, 其中 …) and its parts after it.

    1—9月共完成投资1275.34亿元。分项看，高速公路投资679.62亿元，…；国省干线投资426.91亿元，…

The marker's scope runs to the next marker or the end of the paragraph. The whole of each
measure (kind and unit) is in the nearest sentence before the marker that states that measure,
outside earlier scopes; the parts are the scope's figures of that measure that are amounts
(not changes, shares, rates or thresholds). When that sentence states the measure more than
once (4月份297859万元，1-4月累计1278093万元), the parts may follow the wholes in turn
(批发零售业4月份269547万元，1-4月累计1147139万元；餐饮业…).

A breakdown is kept only when its parts come within ``near_miss`` (a fraction of the whole, in
attribution.yaml) of the whole, or within one unit of its last digit (17 + 20 for 36 projects):
a near miss is a reporting error worth a check, a far one means the list is incomplete or the
structure was misread, and no check is better than a false alarm — unless the text says the
list is complete (partitions.py: 出口 and 进口; a last part 其他…; a bare list before 合计 or in
parentheses): then the whole is the one its structure gives, and any miss is an error.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .attribute import MAX_LOOKBACK, Attributed
from .partitions import (
    is_balance,
    is_bare_list,
    is_complete,
    is_exclusive,
    measure_of,
    named_one_each,
    partitions_named_in,
)
from .rules import Rules
from .sentences import Sentences

_AMOUNT_KINDS = ("count", "money", "quantity")
_AMOUNT_ROLES = ("value", "total", "part", "target")
_OPENING = {"（": "）", "(": ")"}
_PARENTHESIS_REACH = 200  # characters searched for the closing parenthesis
_MAX_PARTS = 30  # parts a total written after them may have
_WHOLE_REACH = 8  # sentence spans searched back for a whole (a paragraph break is one span too)
_PARAGRAPH_BREAK = regex.compile(r"\n+")


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A whole and its parts (indices into the attributed figures), found after ``marker``.
    ``adds_up`` is false for a breakdown the marker announces whose parts miss the whole by
    more than a near miss: its structure is reported (the parts name their whole), never checked.
    ``complete`` is true when the text says the parts are all of the whole, ``exclusive`` when
    it says they exclude each other, so never exceed it (partitions.py)."""

    whole: int
    parts: tuple[int, ...]
    marker: str
    adds_up: bool = True
    complete: bool = False
    exclusive: bool = False


@dataclass(frozen=True, slots=True)
class _Scope:
    marker: str
    start: int  # where the marker begins
    end: int  # the end of its parts: the next marker or the end of the paragraph


@dataclass(frozen=True, slots=True)
class _Index:
    """The figures with what the search asks of them often, computed once."""

    figures: Sequence[Attributed]
    starts: list[int]
    amounts: list[bool]
    attributed_parts: frozenset[int]

    @classmethod
    def of(cls, figures: Sequence[Attributed], rules: Rules) -> _Index:
        return cls(
            figures,
            [f.quantity.start for f in figures],
            [_is_amount(f) and not is_balance(f, rules) for f in figures],
            frozenset(i for i, f in enumerate(figures) if f.role == "part"),
        )

    def amounts_between(self, start: int, end: int) -> list[int]:
        """Amounts starting in [start, end), by bisection over the figures' starts."""
        return [i for i in range(bisect_left(self.starts, start), bisect_left(self.starts, end)) if self.amounts[i]]


def find_breakdowns(text: str, figures: Sequence[Attributed], sentences: Sentences, rules: Rules) -> list[Breakdown]:
    """Every breakdown whose parts nearly add up to its whole, in reading order: after a
    marker (its sentence first, then the rest of its scope), and before a trailing total."""
    index = _Index.of(figures, rules)
    found: list[Breakdown] = []
    used: set[int] = set()
    for scope in _scopes(text, rules):
        sentence_end = min(scope.end, sentences.span_of(scope.start)[1])
        for end in dict.fromkeys((sentence_end, scope.end)):
            if breakdowns := _after_marker(text, scope, end, index, sentences, used, rules):
                found.extend(breakdowns)
                used.update(part for breakdown in breakdowns for part in breakdown.parts)
                break
        else:
            found.extend(_unchecked_after_marker(scope, sentence_end, index, sentences, used))
    found.extend(_trailing_totals(text, figures, found, rules))
    found.extend(_parenthesized(text, index, found, rules))
    found.extend(_complete_attributed(text, figures, rules))
    found.extend(_partition_lists(text, index, found, rules))
    return found


def _partition_lists(text: str, index: _Index, found: list[Breakdown], rules: Rules) -> Iterator[Breakdown]:
    """一季度，全市第一产业增加值为41.99亿元…；第二产业增加值为313.14亿元…；第三产业增加值为189.87亿元, with no
    marker: amounts of one measure in a row of it, in one paragraph, that name all members of a
    complete partition, one or more each, are all the parts of the nearest earlier amount of
    their measure that is nobody's part, in their paragraph or the one before."""
    figures = index.figures
    taken = {part for breakdown in found for part in breakdown.parts} | index.attributed_parts
    by_measure: dict[tuple[str, str | None], list[int]] = {}
    for i, figure in enumerate(figures):
        if index.amounts[i]:
            by_measure.setdefault(measure_of(figure), []).append(i)
    sizes = sorted({len(p.members) for p in partitions_named_in(text, rules) if p.complete})
    if not sizes:
        return
    for amounts in by_measure.values():
        n = 0
        while n < len(amounts):
            listed = next(
                (size for size in sizes if _names_partition_at(text, index, amounts, n, size, taken, rules)), 0
            )
            if listed and (whole := _unclaimed_whole(text, index, amounts[n], taken)) is not None:
                parts = tuple(amounts[n : n + listed])
                taken.update(parts)
                yield Breakdown(whole, parts, "partition", complete=True, exclusive=True)
                n += listed
            else:
                n += 1


def _names_partition_at(
    text: str, index: _Index, amounts: list[int], n: int, size: int, taken: set[int], rules: Rules
) -> bool:
    parts = amounts[n : n + size]
    figures = index.figures
    return (
        len(parts) == size
        and not taken.intersection(parts)
        and not _PARAGRAPH_BREAK.search(text, figures[parts[0]].quantity.start, figures[parts[-1]].quantity.start)
        and named_one_each(text, figures, parts, rules) is not None
    )


def _unclaimed_whole(text: str, index: _Index, first_part: int, taken: set[int]) -> int | None:
    """The nearest earlier exact amount of the part's measure that is no part, within the
    part's paragraph or the one before (and ``MAX_LOOKBACK`` figures: linear time whatever the
    input); a plan only for parts that are plans (全年计划完成投资1420亿元 is no whole of 完成投资)."""
    figures = index.figures
    part = figures[first_part]
    floor = _previous_paragraph_start(text, part.quantity.start)
    for i in range(first_part - 1, max(-1, first_part - 1 - MAX_LOOKBACK), -1):
        figure = figures[i]
        if figure.quantity.end <= floor:
            return None
        plan_for_done = figure.role == "target" and part.role != "target"  # a plan is no whole of what was done
        if index.amounts[i] and i not in taken and measure_of(figure) == measure_of(part) and not plan_for_done:
            return i if figure.quantity.qualifier == "exact" else None
    return None


def _previous_paragraph_start(text: str, offset: int) -> int:
    r"""Where the paragraph before the one holding ``offset`` starts (0 at the top).

    >>> _previous_paragraph_start("甲\n\n乙\n丙", 5), _previous_paragraph_start("甲\n乙", 2)
    (3, 0)
    """
    start = text.rfind("\n", 0, offset) + 1  # this paragraph's start
    if start == 0:
        return 0
    before = len(text[:start].rstrip("\n"))  # the previous paragraph's end
    return text.rfind("\n", 0, before) + 1


def _complete_attributed(text: str, figures: Sequence[Attributed], rules: Rules) -> Iterator[Breakdown]:
    """The parts attribution gave a whole (其中 …, 分别为 …), one list per breakdown of it, when the
    text says the list is complete (the checks then take any miss as an error) or exclusive
    (any excess)."""
    lists: dict[tuple[int, int], list[int]] = {}
    for i, figure in enumerate(figures):
        if figure.role == "part" and figure.parent is not None:
            lists.setdefault((figure.parent, figure.breakdown), []).append(i)
    for (whole, _), parts in lists.items():
        if (breakdown := _listed(text, whole, parts, figures, "attributed", rules)) is not None:
            yield breakdown


def _parenthesized(text: str, index: _Index, found: list[Breakdown], rules: Rules) -> Iterator[Breakdown]:
    """新能源装机359万千瓦（风电312万千瓦、光伏47万千瓦）: the amounts of a figure's measure in
    the parentheses right after it."""
    figures = index.figures
    wholes = {breakdown.whole for breakdown in found}
    for whole, figure in enumerate(figures):
        opening = figure.quantity.end
        if whole in wholes or not index.amounts[whole] or text[opening : opening + 1] not in _OPENING:
            continue
        closing = text.find(_OPENING[text[opening]], opening, opening + _PARENTHESIS_REACH)
        if closing < 0:
            continue
        inside = index.amounts_between(opening + 1, closing)
        parts = [i for i in inside if measure_of(figures[i]) == measure_of(figure)]
        complete = is_bare_list(text, figures, parts, rules)
        if _near(whole, parts, figures, rules) or complete:
            yield Breakdown(whole, tuple(parts), "（）", complete=complete, exclusive=complete)


def _after_marker(
    text: str, scope: _Scope, end: int, index: _Index, sentences: Sentences, used: set[int], rules: Rules
) -> list[Breakdown]:
    figures = index.figures
    inside = _outermost(index.amounts_between(scope.start, end), figures)
    breakdowns: list[Breakdown] = []
    for measure in dict.fromkeys(measure_of(figures[i]) for i in inside):
        parts = [i for i in inside if measure_of(figures[i]) == measure]
        for wholes in _whole_candidates(scope, measure, index, sentences, used):
            if assigned := _assign(wholes, parts, figures, scope.marker, rules):
                breakdowns.extend(assigned)
                break
        else:
            if wholes := _listed_wholes(text, scope, measure, index, sentences, used):
                breakdowns.extend(_assign_listed(text, wholes, parts, figures, scope.marker, rules))
    return breakdowns


def _outermost(inside: list[int], figures: Sequence[Attributed]) -> list[int]:
    """The figures of a scope less the parts of a figure in it: 10亿元以上项目17个（含百亿元级项目2个） is one
    part of a breakdown, not two."""
    within = set(inside)
    return [i for i in inside if figures[i].parent not in within]


def _unchecked_after_marker(
    scope: _Scope, end: int, index: _Index, sentences: Sentences, used: set[int]
) -> Iterator[Breakdown]:
    """分项目类型看，续建项目191.1亿元；新开工项目19.78亿元；竣工投产项目47.62亿元 (overlapping
    categories of 210.88亿元): the marker's sentence names parts that do not add up; they are parts of
    the nearest earlier figure of their measure larger than each of them, for the structure only."""
    figures = index.figures
    inside = index.amounts_between(scope.start, end)
    for measure in dict.fromkeys(measure_of(figures[i]) for i in inside):
        parts = [i for i in inside if measure_of(figures[i]) == measure]
        if len(parts) < 2:
            continue
        largest = max(_value(figures[i]) for i in parts)
        for wholes in _whole_candidates(scope, measure, index, sentences, used):
            if _value(figures[wholes[-1]]) > largest:
                yield Breakdown(wholes[-1], tuple(parts), scope.marker, adds_up=False)
                break


def _trailing_totals(
    text: str, figures: Sequence[Attributed], found: list[Breakdown], rules: Rules
) -> Iterator[Breakdown]:
    """补贴38.5亿元、补贴71.2亿元，合计109.7亿元: the amounts of the total's measure before it in
    its sentence, back to the first figure of another measure or the previous total (at most
    ``_MAX_PARTS``)."""
    pattern = _trailing_pattern(rules)
    wholes = {breakdown.whole for breakdown in found}
    totals = [
        _is_amount(f) and pattern.search(text[max(0, f.quantity.start - 6) : f.quantity.start]) is not None
        for f in figures
    ]
    for whole, figure in enumerate(figures):
        if whole in wholes or not totals[whole]:
            continue
        parts: list[int] = []
        for index in range(whole - 1, max(-1, whole - 1 - _MAX_PARTS), -1):
            item = figures[index]
            if (
                item.sentence != figure.sentence
                or totals[index]
                or not _is_amount(item)
                or measure_of(item) != measure_of(figure)
            ):
                break
            parts.append(index)
        parts.reverse()
        complete = is_bare_list(text, figures, parts, rules)
        if len(parts) >= 2 and (_near(whole, parts, figures, rules) or complete):
            yield Breakdown(whole, tuple(parts), "trailing total", complete=complete, exclusive=complete)


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


def _whole_candidates(
    scope: _Scope, measure: tuple[str, str | None], index: _Index, sentences: Sentences, used: set[int]
) -> Iterator[list[int]]:
    """The figures of ``measure`` in each sentence before the marker that states it, nearest
    first, within reach; then the same with the parts of other breakdowns passed over (a second
    breakdown of the same whole: 按建设阶段划分 … 按所属行业划分 …)."""
    before = _amounts_before(scope, measure, index, sentences)
    skips: tuple[frozenset[int] | set[int], ...] = (frozenset(), used | index.attributed_parts)
    for skip in skips:
        kept = [i for i in before if i not in skip]
        for sentence in sorted({index.figures[i].sentence for i in kept}, reverse=True):
            yield [i for i in kept if index.figures[i].sentence == sentence]


def _amounts_before(scope: _Scope, measure: tuple[str, str | None], index: _Index, sentences: Sentences) -> list[int]:
    """Amounts of ``measure`` ending before the marker, within reach, walking back from it."""
    floor = sentences.index_of(scope.start) - _WHOLE_REACH
    found = []
    for i in range(bisect_left(index.starts, scope.start) - 1, -1, -1):
        figure = index.figures[i]
        if figure.sentence < floor:
            break
        if index.amounts[i] and figure.quantity.end <= scope.start and measure_of(figure) == measure:
            found.append(i)
    return found[::-1]


def _assign(
    wholes: list[int], parts: list[int], figures: Sequence[Attributed], marker: str, rules: Rules
) -> list[Breakdown]:
    """Parts to wholes: all to one whole (the nearest first), or in turn to the last k wholes
    of the sentence; the first grouping in which every whole is nearly its parts' sum."""
    if len(parts) < 2 or not wholes:
        return []
    for grouping in _groupings(wholes, parts):
        if all(_near(whole, members, figures, rules) for whole, members in grouping):
            return [Breakdown(whole, tuple(members), marker) for whole, members in grouping]
    return []


def _listed_wholes(
    text: str, scope: _Scope, measure: tuple[str, str | None], index: _Index, sentences: Sentences, used: set[int]
) -> list[int]:
    """The wholes a list that does not add up may have: the exact amounts of its measure in the
    nearest sentence before the marker, passing over the parts of other breakdowns, in the
    marker's paragraph or the one before (a whole further back is too uncertain to call a miss
    an error)."""
    skip = used | index.attributed_parts
    figures = index.figures
    before = [
        i
        for i in _amounts_before(scope, measure, index, sentences)
        if i not in skip and figures[i].quantity.qualifier == "exact"
    ]
    if not before or figures[before[-1]].quantity.end <= _previous_paragraph_start(text, scope.start):
        return []
    return [i for i in before if figures[i].sentence == figures[before[-1]].sentence]


def _assign_listed(
    text: str, wholes: list[int], parts: list[int], figures: Sequence[Attributed], marker: str, rules: Rules
) -> list[Breakdown]:
    """A list none of whose groupings adds up, kept when its words say it is complete, or
    exclusive and over its whole: the grouping of the wholes (as ``_assign`` orders them) in
    which the most wholes still nearly equal their parts' sum (one misstated figure spoils one
    whole), the nearest whole on a tie."""
    groupings = _groupings(wholes, parts)
    best = max(groupings, key=lambda g: sum(_near(whole, members, figures, rules) for whole, members in g))
    listed = (_listed(text, whole, members, figures, marker, rules, opening=parts[0]) for whole, members in best)
    return [breakdown for breakdown in listed if breakdown is not None]


def _listed(
    text: str,
    whole: int,
    parts: Sequence[int],
    figures: Sequence[Attributed],
    marker: str,
    rules: Rules,
    opening: int | None = None,
) -> Breakdown | None:
    """A list checked whatever its miss: complete by its words, or exclusive and over its whole
    (parts taken in turn from a longer list are named before its ``opening`` figure)."""
    complete = is_complete(text, figures, parts, rules, opening)
    if complete or (_over(whole, parts, figures) and is_exclusive(text, figures, parts, rules, opening)):
        return Breakdown(whole, tuple(parts), marker, complete=complete, exclusive=True)
    return None


def _groupings(wholes: list[int], parts: list[int]) -> list[list[tuple[int, list[int]]]]:
    """All parts to one whole (the nearest first), then in turn to the last k wholes."""
    groupings = [[(whole, parts)] for whole in reversed(wholes)]
    for k in range(2, len(wholes) + 1):
        if len(parts) % k == 0 and len(parts) >= 2 * k:
            groupings.append([(whole, parts[n::k]) for n, whole in enumerate(wholes[-k:])])
    return groupings


def _near(whole: int, parts: list[int], figures: Sequence[Attributed], rules: Rules) -> bool:
    total = _value(figures[whole])
    if len(parts) < 2 or total <= 0 or any(_value(figures[p]) >= total for p in parts):
        return False
    gap = abs(sum((_value(figures[p]) for p in parts), Decimal(0)) - total)
    last_digit = figures[whole].quantity.precision or Decimal(0)
    return gap <= max(total * Decimal(rules.data["attribution"]["breakdown_near_miss"]), last_digit)


def _over(whole: int, parts: Sequence[int], figures: Sequence[Attributed]) -> bool:
    return sum((_value(figures[i]) for i in parts), Decimal(0)) > _value(figures[whole])


def _value(figure: Attributed) -> Decimal:
    value = figure.quantity.value
    return value if isinstance(value, Decimal) else Decimal(0)
