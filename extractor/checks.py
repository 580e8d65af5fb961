"""Checks: recompute the figures that the article lets a reader verify.

A stated figure is consistent when the recomputed value rounds to it at the precision it is
written with (half-up), or falls inside the band its qualifier allows (约, 近, 以上 …).
Figures are paired only where the text's structure connects them (其中 parts, 占…的 shares,
named rates, a change stated with its amount); where it says too little, no check is made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .arithmetic import Verdict, judge, judge_range, value_range
from .attribute import Attributed
from .breakdowns import Breakdown
from .comparisons import Comparison
from .linking import find_changed, find_current, find_increment, find_ratio_pair, names_whole, says_all
from .records import Check, CheckKind, Quantity
from .relations import Relations
from .repeats import Repeat
from .rules import Rules

FigureId = Callable[[int], str]
HUNDRED = Decimal(100)
NO_RELATIONS = Relations()


def find_checks(
    figures: Sequence[Attributed], figure_id: FigureId, rules: Rules, relations: Relations = NO_RELATIONS
) -> list[Check]:
    """Every sum, ratio, growth and difference check the structure supports, in reading order:
    the attributed structure (其中 parts, 占…的 shares, named rates, stated changes), the
    breakdowns after markers (分项看, 按…划分), the comparisons in points and the terms of ratio
    lists (三次产业之比为7.7:57.5:34.8)."""
    breakdowns = [breakdown for breakdown in relations.breakdowns if breakdown.adds_up]
    scopes = relations.scopes
    whole_of = _wholes_of_parts(figures, breakdowns)
    has_parts = {f.parent for f in figures if f.role == "part" and f.parent is not None}
    found: list[Check] = []
    for index, figure in enumerate(figures):
        if index in has_parts:  # a total, or a part with parts of its own
            found.extend(_sum_check(index, figures, figure_id, breakdowns, rules))
        found.extend(_checks_for(index, figure, figures, figure_id, rules, whole_of, scopes))
    found.extend(_breakdown_sums(found, figures, figure_id, breakdowns, rules))
    near_miss = Decimal(rules.data["attribution"]["comparison_near_miss"])
    found.extend(check for c in relations.comparisons for check in _difference_check(c, figures, figure_id, near_miss))
    found.extend(_repeat_check(repeat, figures, figure_id) for repeat in relations.repeats)
    found.extend(
        check
        for proportion in relations.proportions
        for term, part in zip(proportion.terms, proportion.parts, strict=True)
        for check in _ratio_of(part, proportion.whole, term, figures, figure_id)
    )
    found.extend(_share_totals(found, figures, figure_id))
    position = {figure_id(index): index for index in range(len(figures))}
    ordered = sorted(found, key=lambda check: position[_stated_id(check)])
    return [_with_id(check, number) for number, check in enumerate(ordered, start=1)]


def _stated_id(check: Check) -> str:
    """The figure a check is read at: the whole of a sum, the title's figure of a repeat, the
    result of the others."""
    roles = dict(check.roles)
    return (roles.get("whole") or roles.get("title") or roles.get("result") or roles["shares"])[-1]


def _wholes_of_parts(figures: Sequence[Attributed], breakdowns: Sequence[Breakdown]) -> dict[int, int]:
    """Each part's whole: its 其中 parent, or the whole of the breakdown it is in."""
    whole_of = {i: f.parent for i, f in enumerate(figures) if f.role == "part" and f.parent is not None}
    whole_of.update({part: breakdown.whole for breakdown in breakdowns for part in breakdown.parts})
    return whole_of


def _breakdown_sums(
    found: Sequence[Check],
    figures: Sequence[Attributed],
    figure_id: FigureId,
    breakdowns: Sequence[Breakdown],
    rules: Rules,
) -> list[Check]:
    """A sum for each breakdown not summed yet with the same figures."""
    summed = {frozenset(check.figures) for check in found if check.kind == "sum"}
    return [
        check
        for breakdown in breakdowns
        if frozenset(map(figure_id, (breakdown.whole, *breakdown.parts))) not in summed
        for check in _sum_of(
            breakdown.whole, list(breakdown.parts), figures, figure_id, rules, explicit=True, near_miss=True
        )
    ]


def _with_id(check: Check, number: int) -> Check:
    from dataclasses import replace

    return replace(check, id=f"c{number}")


def _checks_for(
    index: int,
    figure: Attributed,
    figures: Sequence[Attributed],
    figure_id: FigureId,
    rules: Rules,
    whole_of: dict[int, int],
    scopes: Sequence[str | None],
) -> list[Check]:
    if figure.quantity.kind == "percent" and figure.role in ("share", "rate"):
        return _ratio_check(index, figures, figure_id, rules, whole_of, scopes)
    if figure.quantity.kind == "percent" and figure.role == "change":
        return _growth_check(index, figures, figure_id, rules)
    return []


def _sum_check(
    whole: int, figures: Sequence[Attributed], figure_id: FigureId, breakdowns: Sequence[Breakdown], rules: Rules
) -> list[Check]:
    """A whole and the parts the attribution gave it (其中, 分别为), less the parts of a part
    (其中新能源装机359万千瓦（风电312万千瓦、光伏47万千瓦）: 312 and 47 are parts of 359). A whole
    broken down twice (by stage, then by sector) gets one check per breakdown."""
    parts = [i for i, f in enumerate(figures) if f.role == "part" and f.parent == whole]
    nested = {p for b in breakdowns if b.whole in parts for p in b.parts}
    parts = [i for i in parts if i not in nested]
    groups = list(dict.fromkeys(figures[i].breakdown for i in parts))  # one sum per breakdown, in reading order
    checks: list[Check] = []
    complete = {frozenset(b.parts) for b in breakdowns if b.whole == whole and b.complete}
    exclusive = {frozenset(b.parts) for b in breakdowns if b.whole == whole and b.exclusive}
    for group in groups:
        grouped = [i for i in parts if figures[i].breakdown == group]
        listed_all = frozenset(grouped) in complete
        explicit = frozenset(grouped) in exclusive or all(figures[i].explicit_part for i in grouped)
        checks.extend(_sum_of(whole, grouped, figures, figure_id, rules, explicit=explicit, near_miss=listed_all))
    return checks


def _sum_of(
    whole: int,
    parts: list[int],
    figures: Sequence[Attributed],
    figure_id: FigureId,
    rules: Rules,
    explicit: bool,
    near_miss: bool = False,
) -> list[Check]:
    """Parts short of the whole may be an incomplete list, so they are unverifiable unless the
    gap is within the rounding of the written figures — or the breakdown was kept as a near miss
    (breakdowns.py: within 1% of the whole), which no omitted category explains as well as an
    error, or the text says the list is complete (partitions.py). A breakdown the text does not
    announce (分别为) is reported when it adds up, and otherwise only as a near miss: short by
    at most ``breakdown_near_miss`` of the whole, or over it by at most ``distributive_excess``
    (parts never exceed their whole; far over, they were not its parts)."""
    total = figures[whole].quantity
    if len(parts) < 2 or not all(_exact_number(figures[i].quantity) for i in parts):
        return []
    computed = sum((_number(figures[i].quantity) for i in parts), Decimal(0))
    verdict = judge(_number(total), computed, total.precision, total.qualifier)
    if verdict.status != "consistent" and not explicit and not _near_whole(computed, _number(total), rules):
        return []
    short = computed < _number(total) - _rounding_slack(figures, parts, total)
    if verdict.status == "inconsistent" and short and not near_miss:
        verdict = Verdict("unverifiable", verdict.tolerance, "parts may not be exhaustive")
    terms = " + ".join(_show(figures[i].quantity, total) for i in parts)
    arithmetic = f"{terms} = {_show_value(computed, total)}"
    roles = [("whole", (figure_id(whole),)), ("parts", tuple(map(figure_id, parts)))]
    return [_check("sum", verdict, total, computed, arithmetic, roles)]


def _near_whole(computed: Decimal, total: Decimal, rules: Rules) -> bool:
    table = rules.data["attribution"]
    gap = computed - total
    return -total * Decimal(table["breakdown_near_miss"]) <= gap <= total * Decimal(table["distributive_excess"])


def _rounding_slack(figures: Sequence[Attributed], parts: list[int], total: Quantity) -> Decimal:
    """How far below the whole a sum of rounded parts may fall through rounding alone: nothing
    for plain integers (387个), half a last digit per rounded figure otherwise."""
    rounded = [figures[i].quantity for i in parts if _is_rounded(figures[i].quantity)]
    if not rounded and not _is_rounded(total):
        return Decimal(0)
    return sum((q.precision or Decimal(0) for q in [*rounded, total]), Decimal(0))


def _is_rounded(quantity: Quantity) -> bool:
    """Written with decimals or a scale word (94.5亿元, 3万人): a rounded amount."""
    return bool(quantity.stated_decimals) or (quantity.precision or Decimal(1)) > 1


def _ratio_check(
    result: int,
    figures: Sequence[Attributed],
    figure_id: FigureId,
    rules: Rules,
    whole_of: dict[int, int],
    scopes: Sequence[str | None],
) -> list[Check]:
    """A rate or share from the pair the text names. A share of a part is read against the part's
    whole when it names no whole (其中水电452.7亿千瓦时，占93.1%) or names that one (占收购总量的60.5%):
    the structure says more than a name matched across the article."""
    share = figures[result]
    part = find_current(result, figures) if share.role == "share" and share.whole_index is None else None
    whole = whole_of.get(part) if part is not None else None
    pair: tuple[int, int] | None = None
    if part is not None and whole is not None and names_whole(share.whole_phrase, figures[whole], rules):
        if says_all(share.whole_phrase, rules):  # 占全部发电量的: perhaps of a larger figure than the part's own whole
            pair = find_ratio_pair(result, figures, rules, scopes)
        if not _larger_whole(pair, part, whole, figures):
            return _ratio_of(part, whole, result, figures, figure_id)
    else:
        pair = find_ratio_pair(result, figures, rules, scopes)
    if pair is not None and whole is not None and pair == (part, whole):
        return []  # the share names another whole than the part's own (占全州总装机容量的 after 分类型看), unstated
    return [] if pair is None else _ratio_of(*pair, result, figures, figure_id)


def _larger_whole(pair: tuple[int, int] | None, part: int, whole: int, figures: Sequence[Attributed]) -> bool:
    """其中风电和光伏发电量合计425.35亿千瓦时，占全部发电量的14.8%: a share of "all" of something,
    whose name fits a larger figure than the part's own whole (a category: 三类清洁能源发电量), is
    of that figure."""
    if pair is None or pair[0] != part:
        return False
    larger, own = figures[pair[1]].quantity.value, figures[whole].quantity.value
    return isinstance(larger, Decimal) and isinstance(own, Decimal) and larger > own


def _ratio_of(
    numerator: int, denominator: int, result: int, figures: Sequence[Attributed], figure_id: FigureId
) -> list[Check]:
    """numerator / denominator against the stated rate; approximate figures (约3900万亩) give the
    range of ratios they allow, which the stated rate must meet (``judge_range``)."""
    num, den = figures[numerator].quantity, figures[denominator].quantity
    num_range, den_range = _operand_range(num), _operand_range(den)
    if num_range is None or den_range is None or den_range[0] <= 0:  # a date pair has no ratio
        return []
    stated = figures[result].quantity
    computed = _number(num) / _number(den) * HUNDRED
    arithmetic = f"{_show(num)} / {_show(den)} = {_percent(computed)}"
    if _exact_number(num) and _exact_number(den):
        verdict = judge(_number(stated), computed, stated.precision, stated.qualifier)
    else:
        low, high = num_range[0] / den_range[1] * HUNDRED, num_range[1] / den_range[0] * HUNDRED
        verdict = judge_range(_number(stated), low, high, stated.precision, stated.qualifier)
        arithmetic += f" ({_percent(low)} – {_percent(high)})"
    roles = [
        ("numerator", (figure_id(numerator),)),
        ("denominator", (figure_id(denominator),)),
        ("result", (figure_id(result),)),
    ]
    return [_check("ratio", verdict, stated, computed, arithmetic, roles)]


def _growth_check(result: int, figures: Sequence[Attributed], figure_id: FigureId, rules: Rules) -> list[Check]:
    """增长93.3% checked from the current value and the stated increase beside it."""
    increment = find_increment(result, figures)
    current = find_changed(increment, figures, rules) if increment is not None else None
    if increment is None or current is None:
        return []
    now, change = figures[current].quantity, figures[increment].quantity
    if not (_exact_number(now) and _exact_number(change)):
        return []
    sign = Decimal(1) if figures[increment].direction == "increase" else Decimal(-1)
    previous = _number(now) - sign * _number(change)
    if previous <= 0:
        return []
    stated = figures[result].quantity
    computed = _number(change) / previous * HUNDRED
    verdict = judge(_number(stated), computed, stated.precision, stated.qualifier)
    arithmetic = (
        f"previous = {_show(now)} {'-' if sign > 0 else '+'} {_show(change)} = "
        f"{_show_value(previous, now)}; {_show(change)} / {_show_value(previous, now)} = "
        f"{_percent(computed)}"
    )
    roles = [
        ("current", (figure_id(current),)),
        ("increment", (figure_id(increment),)),
        ("result", (figure_id(result),)),
    ]
    return [_check("growth", verdict, stated, computed, arithmetic, roles)]


def _difference_check(
    comparison: Comparison, figures: Sequence[Attributed], figure_id: FigureId, near_miss: Decimal
) -> list[Check]:
    """A stated difference in points between two stated rates (比全省(6.2%)高0.6个百分点)."""
    a, b = figures[comparison.subject].quantity, figures[comparison.base].quantity
    stated = figures[comparison.result].quantity
    if not (_exact_number(stated) and _exact_number(a) and _exact_number(b)):
        return []
    difference = _number(a) - _number(b)
    computed = -difference if comparison.direction == "decrease" else difference
    if comparison.direction is None:
        computed = abs(difference)
    if not comparison.stated and abs(computed - _number(stated)) > near_miss:
        return []
    verdict = judge(_number(stated), computed, stated.precision, stated.qualifier)
    first, second = (b, a) if comparison.direction == "decrease" else (a, b)
    arithmetic = f"{_show(first)} - {_show(second)} = {_show_value(computed, stated)}"
    roles = [
        ("a", (figure_id(comparison.subject if first is a else comparison.base),)),
        ("b", (figure_id(comparison.base if first is a else comparison.subject),)),
        ("result", (figure_id(comparison.result),)),
    ]
    return [_check("difference", verdict, stated, computed, arithmetic, roles)]


def _share_totals(found: Sequence[Check], figures: Sequence[Attributed], figure_id: FigureId) -> list[Check]:
    """Shares of one whole (the ratio checks with one denominator) add up to 100% when their
    numerators are a whole breakdown of it (a sum check says so). No bound is checked
    otherwise: shares of a subtotal and of its own parts (清洁能源 91.5%, 水电 3.1%, …) may
    well add up to more than 100%."""
    index_of = {figure_id(i): i for i in range(len(figures))}
    shares: dict[str, list[tuple[str, str]]] = {}
    for check in found:
        roles = dict(check.roles)
        if check.kind == "ratio" and figures[index_of[roles["result"][0]]].role == "share":
            shares.setdefault(roles["denominator"][0], []).append((roles["numerator"][0], roles["result"][0]))
    complete = {dict(c.roles)["whole"][0]: set(dict(c.roles)["parts"]) for c in found if c.kind == "sum"}
    checks = []
    for whole, pairs in shares.items():
        results = [figures[index_of[result]].quantity for _, result in pairs]
        if len(pairs) < 2 or not all(_exact_number(q) for q in results):
            continue
        total = sum((_number(q) for q in results), Decimal(0))
        slack = sum((q.precision or Decimal(0) for q in results), Decimal(0)) / 2
        if complete.get(whole) == {numerator for numerator, _ in pairs}:
            checks.append(_share_total(total, slack, [r for _, r in pairs]))
    return checks


def _share_total(total: Decimal, slack: Decimal, results: list[str]) -> Check:
    verdict = Verdict("consistent" if abs(total - HUNDRED) <= slack else "inconsistent", slack)
    stated = Quantity(0, 0, "percent", HUNDRED, None, "%", "exact", 0, precision=Decimal(1))
    arithmetic = f"shares of the parts of one whole: {_percent(total)}"
    arithmetic_zh = f"同一总量各组成部分的占比合计{_percent(total)}"
    return _check("sum", verdict, stated, total, arithmetic, [("shares", tuple(results))], arithmetic_zh)


def _repeat_check(repeat: Repeat, figures: Sequence[Attributed], figure_id: FigureId) -> Check:
    """The title's figure against the body's figure of the same metric (repeats.py)."""
    title, body = figures[repeat.title].quantity, figures[repeat.body].quantity
    verdict = judge(_number(title), _number(body), title.precision, title.qualifier)
    arithmetic = f"title {_show(title)}, body {_show(body, title)}"
    roles = [("title", (figure_id(repeat.title),)), ("body", (figure_id(repeat.body),))]
    arithmetic_zh = f"标题为{_show(title)}，正文为{_show(body, title)}"
    return _check("repeat", verdict, title, _number(body), arithmetic, roles, arithmetic_zh)


def _check(
    kind: CheckKind,
    verdict: Verdict,
    stated: Quantity,
    computed: Decimal,
    arithmetic: str,
    roles: Sequence[tuple[str, tuple[str, ...]]],
    arithmetic_zh: str | None = None,
) -> Check:
    """A check record; ``arithmetic_zh`` where the arithmetic has words in it."""
    shown = _show(stated)
    english = f"{arithmetic}; stated {shown}: {verdict.status}"
    chinese = f"{arithmetic_zh or arithmetic}；文中为{shown}：{_STATUS_ZH[verdict.status]}"
    if verdict.note:
        english += f" ({verdict.note})"
        chinese += f"（{_NOTE_ZH.get(verdict.note, verdict.note)}）"
    return Check(
        id="",
        kind=kind,
        status=verdict.status,
        figures=tuple(i for _, ids in roles for i in ids),
        roles=tuple(roles),
        stated=_number(stated),
        computed=computed,
        tolerance=verdict.tolerance,
        explanation=english,
        explanation_zh=chinese,
    )


_STATUS_ZH = {"consistent": "一致", "inconsistent": "不一致", "unverifiable": "无法核实"}
_NOTE_ZH = {
    "parts may not be exhaustive": "分项可能未列全",
    "truncation would match": "若截断而非四舍五入则相符",
}


def _operand_range(quantity: Quantity) -> tuple[Decimal, Decimal] | None:
    """The values a figure in a ratio stands for (arithmetic.value_range); None for no number."""
    return value_range(quantity.value, quantity.qualifier) if isinstance(quantity.value, Decimal) else None


def _exact_number(quantity: Quantity) -> bool:
    return isinstance(quantity.value, Decimal) and quantity.qualifier == "exact"


def _number(quantity: Quantity) -> Decimal:
    if not isinstance(quantity.value, Decimal):
        raise TypeError("checks only take numeric figures")
    return quantity.value


def _scale(quantity: Quantity) -> Decimal:
    if quantity.precision is None or quantity.stated_decimals is None:
        return Decimal(1)
    return quantity.precision.scaleb(quantity.stated_decimals)


def _show(quantity: Quantity, like: Quantity | None = None) -> str:
    """A value in the scale it was written in (152820000000 -> 1528.2 when written in 亿)."""
    return _show_value(_number(quantity), like or quantity)


def _show_value(value: Decimal, like: Quantity) -> str:
    scaled = value / _scale(like)
    decimals = like.stated_decimals or 0
    shown = (
        scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if scaled == scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
        else scaled.normalize()
    )
    return f"{shown:f}"


def _percent(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):f}%"
