"""Attribution: what each figure measures (metric) and where it sits in the article's
structure (role: total / part / change / share / rate / target / threshold, and its parent).

Works on clean text; every decision reads words listed in attribution.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from typing import NamedTuple

import regex

from .comparison import base_metric, comparison_direction, comparison_metric
from .distribute import distribute
from .frozen import fast_init
from .labels import (
    ClauseBounds,
    clause_bounds,
    leading_nominal,
    names_balance,
    right_noun_phrase,
    strip_label,
    trailing_nominal,
)
from .qualifiers import prefix_qualifier_start
from .records import Direction, Quantity, Role
from .rules import Rules, compile_pattern
from .scope import without_scope
from .sentences import Sentences

_NOT_SUBJECTS: tuple[str, ...] = ("date", "change", "share", "rate", "threshold")
_NOT_POINT_SUBJECTS = ("date", "change", "threshold")
_MAX_PART_LABEL = 8  # 、续建177个: a list member's label is short; a long one starts a new statement
# Backward searches for a related figure look at most this many figures back: a sentence of
# thousands of figures (hostile input) must cost linear time, and no real relation spans more.
MAX_LOOKBACK = 100
# A clause read as a figure's label (or searched for a comparison) is at most this long: a line of
# thousands of figures with no comma (百分之 repeated) must not make every figure read the whole
# line before it; no real label comes near it.
MAX_CLAUSE = 200
_COUNT_KINDS = ("count", "quantity")  # figures named by the noun after them
_AMOUNT_KINDS = ("count", "money", "quantity")
_AMOUNT_CHANGE_SUFFIX = {"increase": "增量", "decrease": "减少量"}  # what _change_metric appends to an amount's change
_BOUNDED = ("at_least", "at_most")
_PLAN_FIGURE = regex.compile(r"(?<![\d.,])\d[\d.,]*+\p{Han}{0,3}$")  # the figure ending a plan (年度计划3000万元)
_DIGIT = regex.compile(r"\d")


@fast_init
@dataclass(frozen=True, slots=True)
class Attributed:
    """A quantity with its metric and structure; indices point into the same list."""

    quantity: Quantity
    metric: str | None
    role: Role
    sentence: int
    parent: int | None = None
    direction: Direction | None = None
    basis: str | None = None
    label: str = ""
    whole_phrase: str | None = None
    whole_index: int | None = None
    share_of: str = ""  # 全部税收收入占GDP的比重为9.7%: the words before 占, naming the part
    explicit_part: bool = True  # 其中 says the parts are a breakdown; 分别为 does not
    leads_breakdown: bool = False  # "在312个重点项目中，…": later figures of its measure are parts
    compared_base: bool = False  # 比去年同期的52.3%: the base a comparison is made against
    difference: bool = False  # 增速比全国高2.8个百分点: a difference from a base
    breakdown: int = 0  # which breakdown of its parent a part belongs to (one sum check each)


class _Context(NamedTuple):  # a tuple: built for every figure, cheaper than a frozen dataclass
    left: str  # from the clause start (or previous figure) to the number
    left_full: str  # from the clause start, across earlier figures of the clause
    left_full_start: int
    since_previous: str  # from the previous figure of the sentence (or its start), across clauses
    right_noun: str
    right_text: str
    leads_breakdown: bool
    new_time: bool  # the figure's clause opens with a date after a semicolon (…；今年新开航线14条)
    before_multiple: bool  # a multiple of it follows (是去年同期55.85亿元的1.6倍)


def attribute(text: str, quantities: Sequence[Quantity], sentences: Sentences, rules: Rules) -> list[Attributed]:
    """Attribute every quantity (sorted by start) in reading order."""
    done: list[Attributed] = []
    bounds = clause_bounds(text, rules)
    for quantity in quantities:
        sentence = sentences.index_of(quantity.start)
        context = _context(text, quantity, done, sentences.spans[sentence][0], bounds, rules)
        done.append(_attribute_one(quantity, context, done, sentence, rules))
    starts = [start for start, _ in sentences.spans]
    return _mark_totals(distribute(text, done, starts, rules, _name_change))


def _name_change(record: Attributed, label: str) -> str | None:
    return _change_metric(record, label, None)


def _context(
    text: str, quantity: Quantity, done: list[Attributed], sentence_start: int, bounds: ClauseBounds, rules: Rules
) -> _Context:
    amount_end = _last_amount_end(done)
    reach = quantity.start - MAX_CLAUSE
    if _label_after(text, quantity, done, rules):
        label_floor = max(sentence_start, done[-1].quantity.end if done else 0, reach)
    else:
        label_floor = max(sentence_start, amount_end, reach)
    clause = bounds.start_before(quantity.start, 0)  # both clause starts below are it or their floor
    start = max(label_floor, clause)
    full_start = min(max(sentence_start, reach, clause), start)
    right = right_noun_phrase(text, quantity.end, rules) if _reads_right_noun(quantity) else ""
    lead = rules.pattern("attribution", "breakdown_lead").match(text, quantity.end, quantity.end + 14)
    return _Context(
        _without_dates(text, start, quantity.start, done),
        _across_base(text, quantity, done, sentence_start, bounds) or text[full_start : quantity.start],
        full_start,
        text[max(sentence_start, amount_end, reach) : quantity.start],
        right,
        text[quantity.end : quantity.end + 2],
        lead is not None,
        _opens_with_time(text, quantity, done, amount_end),
        rules.pattern("attribution", "multiple_after").match(text, quantity.end, quantity.end + 12) is not None,
    )


def _opens_with_time(text: str, quantity: Quantity, done: list[Attributed], floor: int) -> bool:
    """Whether the figure's clause, after the last semicolon since ``floor``, opens with a date: a
    new statement with a time of its own (112条、内贸航线74条；今年新开航线14条), no member of a list
    before it."""
    semicolon = max(text.rfind("；", floor, quantity.start), text.rfind(";", floor, quantity.start))
    if semicolon < 0:
        return False
    opening = semicolon + 1
    while opening < quantity.start and text[opening].isspace():
        opening += 1
    return any(item.role == "date" and item.quantity.start == opening for item in islice(reversed(done), 4))


def _reads_right_noun(quantity: Quantity) -> bool:
    """Only a count's metric (300多名施工人员) and a bound's threshold test (500万元以上重点项目)
    read the noun phrase after a figure: for other figures it is not tagged."""
    return quantity.kind in _COUNT_KINDS or quantity.qualifier in _BOUNDED


def _across_base(
    text: str, quantity: Quantity, done: list[Attributed], sentence_start: int, bounds: ClauseBounds
) -> str:
    """增速比全省(6.2%)高0.6个百分点: the clause read across the base figure in parentheses before."""
    if not done or not done[-1].compared_base:
        return ""
    return text[bounds.start_before(done[-1].quantity.start - 1, sentence_start) : quantity.start]


def _last_amount_end(done: list[Attributed]) -> int:
    """The end of the last figure that is not a date or threshold: a date between a label and its number
    (国内游客4月份73.55万人次) does not cut the label off."""
    for index in range(len(done) - 1, max(-1, len(done) - 1 - MAX_LOOKBACK), -1):
        item = done[index]
        if item.role not in ("date", "threshold"):
            return item.quantity.end
    return 0


def _label_after(text: str, quantity: Quantity, done: list[Attributed], rules: Rules) -> bool:
    """Whether a label stands between the previous figure and this one (so no date is bridged)."""
    if not done or done[-1].role != "date":
        return True
    return bool(strip_label(text[done[-1].quantity.end : quantity.start], rules))


def _without_dates(text: str, start: int, end: int, done: list[Attributed]) -> str:
    """``text[start:end]`` with the dates inside it left out (``done`` is in reading order, so only
    its tail is read: thousands of figures cost linear time)."""
    inside = []
    for item in reversed(done):
        if item.quantity.start < start:
            break
        if item.role == "date" and item.quantity.end <= end:
            inside.append(item)
    pieces, position = [], start
    for item in reversed(inside):
        pieces.append(text[position : item.quantity.start])
        position = item.quantity.end
    return "".join(pieces) + text[position:end]


@dataclass(slots=True)
class _Draft:
    """The fields of an :class:`Attributed` while its decisions are taken: each decision sets a
    few of them, and the frozen record is built once at the end (not copied per decision)."""

    quantity: Quantity
    sentence: int
    label: str
    direction: Direction | None
    basis: str | None
    role: Role = "value"
    parent: int | None = None
    whole_phrase: str | None = None
    whole_index: int | None = None
    share_of: str = ""
    explicit_part: bool = True
    compared_base: bool = False
    difference: bool = False
    breakdown: int = 0

    def frozen(self, metric: str | None, leads_breakdown: bool) -> Attributed:
        return Attributed(
            self.quantity,
            metric,
            self.role,
            self.sentence,
            self.parent,
            self.direction,
            self.basis,
            self.label,
            self.whole_phrase,
            self.whole_index,
            self.share_of,
            self.explicit_part,
            leads_breakdown,
            self.compared_base,
            self.difference,
            self.breakdown,
        )


def _attribute_one(
    quantity: Quantity, context: _Context, done: list[Attributed], sentence: int, rules: Rules
) -> Attributed:
    if quantity.kind in ("date", "period"):
        metric = rules.table("attribution", "date_metrics").get(_date_metric_key(quantity))
        return Attributed(quantity, metric, "date", sentence)
    record = _Draft(quantity, sentence, *_split_change(_drop_prefix_qualifier(context.left, rules), rules))
    _take_role(record, context, done, rules)
    _take_comparison(record, context, done, rules)
    _with_part(record, context, done, rules)
    if record.role == "value" and _has_target_marker(record.label, rules):
        record.role = "target"
    return record.frozen(_metric(record, context, done, rules), context.leads_breakdown)


def _take_role(record: _Draft, context: _Context, done: list[Attributed], rules: Rules) -> None:
    """A change (its label says so), a threshold, a share, a rate, or else a value."""
    quantity = record.quantity
    if record.direction is not None:
        record.role = "change"
    elif _is_threshold(quantity, context):
        record.role = "threshold"
    elif (share := _share(quantity, context, done, rules)) is not None:
        record.role = "share"
        record.whole_phrase, record.whole_index, record.share_of = share
    elif quantity.kind == "percent" and strip_label(record.label, rules).endswith("率"):
        record.role = "rate"


def _take_comparison(record: _Draft, context: _Context, done: list[Attributed], rules: Rules) -> None:
    """A base a comparison is made against, a multiple of a base, or a difference from one."""
    label = record.label
    if record.role == "value" and rules.pattern("attribution", "comparison_base").search(context.since_previous):
        _as_base(record, _compared(record.sentence, done))
    elif (
        record.role == "value"
        and context.before_multiple
        and rules.pattern("attribution", "multiple_of_base").search(context.since_previous + "的")
    ):
        _as_base(record, _compared(record.sentence, done))  # 是去年同期55.85亿元的1.6倍: the multiple's base
    elif record.quantity.kind == "multiple" and (
        base := rules.pattern("attribution", "multiple_of_base").search(label)
    ):
        # 是去年同期的2.3倍: growth against a base, as a change
        record.role, record.direction, record.basis = "change", "increase", base["base"] or None
        record.label = label[: base.start()]
    elif record.role == "value" and (compared := comparison_direction(context.left_full, rules)) is not None:
        # 增速比全国高2.8个百分点: a change against another base than time, with its direction and basis
        record.difference, record.role = True, "change"
        record.direction, record.basis = compared


def _date_metric_key(quantity: Quantity) -> str:
    if quantity.date_role == "as_of":
        return "as_of"
    value = quantity.value if isinstance(quantity.value, str) else ""
    if quantity.kind == "period" or (len(value) > 4 and len(value.split("-")) == 2):
        return "period"  # a month, quarter or half: the time a statistic covers
    return "year" if len(value) == 4 else "date"


def _drop_prefix_qualifier(left: str, rules: Rules) -> str:
    """ "完成投资约" -> "完成投资": the qualifier word (and a linking 了/有 after it) is no label."""
    start = prefix_qualifier_start(left, len(left), rules)
    return left if start is None else left[:start]


@cache
def _change_pattern(rules: Rules) -> regex.Pattern[str]:
    table = rules.data["attribution"]
    verbs = "|".join(sorted(map(regex.escape, table["change_verbs"]), key=len, reverse=True))
    bases = "|".join(sorted(map(regex.escape, table["comparison_bases"]), key=len, reverse=True))
    return compile_pattern(rf"(?P<basis>{bases})?(?:名义|实际)?(?P<verb>{verbs})(?:了|为|达|幅度为)?$")


def _split_change(left: str, rules: Rules) -> tuple[str, Direction | None, str | None]:
    """Split "项目总投资同比增加" into ("项目总投资", "increase", "同比")."""
    match = _change_pattern(rules).search(left)
    if match is not None:
        direction: Direction = rules.table("attribution", "change_verbs")[match["verb"]]
        return left[: match.start()], direction, match["basis"]
    label = strip_label(left, rules)
    for word, direction in _change_labels(rules).get(label[-1:], ()):
        if label.endswith(word):
            return label[: -len(word)], direction, None
    return left, None, None


@cache
def _change_labels(rules: Rules) -> dict[str, tuple[tuple[str, Direction], ...]]:
    """``change_labels`` by their last character, in their order: a label is compared only with
    the words that can end it."""
    buckets: dict[str, list[tuple[str, Direction]]] = {}
    for word, direction in rules.table("attribution", "change_labels").items():
        buckets.setdefault(word[-1], []).append((word, direction))
    return {char: tuple(words) for char, words in buckets.items()}


def _is_threshold(quantity: Quantity, context: _Context) -> bool:
    """500万元以上重点项目: a bound followed by what it filters is a threshold, not an amount."""
    bounded = quantity.qualifier in _BOUNDED
    if quantity.qualifier in ("more_than", "less_than"):  # 其中投资超过10亿元的项目9个: a filter only before 的
        return context.right_text.startswith("的")
    return bounded and bool(context.right_noun or context.right_text.startswith("的"))


def _share(
    quantity: Quantity, context: _Context, done: list[Attributed], rules: Rules
) -> tuple[str, int | None, str] | None:
    """占年度计划的97.2%: the phrase naming the whole, the figure inside it if any, and the
    words before the share's pattern. Where several patterns match (在总发电量中占98.7%), the
    one naming the longest whole wins."""
    if quantity.kind != "percent":
        return None
    matches = [match for pattern in _share_patterns(rules) if (match := pattern.search(context.left_full)) is not None]
    if not matches:
        return None
    match = max(matches, key=lambda m: len(m["whole"]))
    whole_start = context.left_full_start + match.start("whole")
    inside = [i for i, item in enumerate(done) if item.quantity.start >= whole_start]
    return match["whole"], (inside[-1] if inside else None), context.left_full[: match.start()]


@cache
def _share_patterns(rules: Rules) -> tuple[regex.Pattern[str], ...]:
    return tuple(compile_pattern(rules.expand(p)) for p in rules.table("attribution", "share_patterns"))


def _with_part(record: _Draft, context: _Context, done: list[Attributed], rules: Rules) -> None:
    """其中新建210个、续建177个: parts of the nearest earlier figure of the same kind and unit (never
    a base a comparison is made against, nor a balance: 出口…，进口…，贸易顺差353.2亿元)."""
    if record.role not in ("value", "target") or record.compared_base or names_balance(record.label, rules):
        return
    table = rules.data["attribution"]
    for markers, explicit in ((table["part_markers"], True), (table["distributive_markers"], False)):
        marked = next((m for m in markers if m in context.since_previous), None)
        if marked is None:
            continue
        at_sentence_start = not strip_label(context.since_previous.split(marked, 1)[0], rules)
        parent = _whole_before(record, done, reach=1 if at_sentence_start or not explicit else 0)
        if parent is not None:
            _as_part(record, parent, explicit, len(done))
            return
    named = _named_lead(record, context, done, rules)
    if named is not None:
        _as_part(record, named, False, named)
        return
    previous_figure = done[-1] if done else None
    in_parentheses = rules.pattern("attribution", "parenthetical_breakdown").match(context.since_previous)
    if in_parentheses and previous_figure is not None and _same_measure(previous_figure.quantity, record.quantity):
        _as_part(record, len(done) - 1, False, len(done))
        return
    lead = _breakdown_lead(record, done)
    if lead is not None:
        _as_part(record, lead, record.explicit_part, lead)
        return
    previous = _previous_of_measure(record, done)
    continues_list = (
        previous is not None
        and previous.role == "part"
        and _same_measure(previous.quantity, record.quantity)
        and previous.sentence == record.sentence
        and len(strip_label(context.left, rules)) <= _MAX_PART_LABEL
        and not context.new_time
        and not _sibling_of_whole(record, context, previous, done)
    )
    if continues_list and previous is not None:
        adjacent = previous is done[-1]  # across other figures, the list is not said to be exhaustive
        _as_part(record, previous.parent, previous.explicit_part and adjacent, previous.breakdown)


def _named_lead(record: _Draft, context: _Context, done: list[Attributed], rules: Rules) -> int | None:
    """…；农户贷款中，农户经营性贷款612.7亿元: a clause opening with "<name>中，" is a breakdown of the
    earlier figure of the sentence so named (same measure, its metric ending with the name)."""
    leads = list(rules.pattern("attribution", "named_lead").finditer(context.since_previous))
    if not leads:
        return None
    name = leads[-1]["name"]
    for index in range(len(done) - 1, max(-1, len(done) - 1 - MAX_LOOKBACK), -1):
        item = done[index]
        if item.sentence != record.sentence:
            return None
        if _same_measure(item.quantity, record.quantity) and (item.metric or "").endswith(name):
            return index
    return None


def _sibling_of_whole(record: _Draft, context: _Context, previous: Attributed, done: list[Attributed]) -> bool:
    """新登记企业4127户，其中私营企业3982户；新登记个体工商户8596户: a clause after a semicolon whose label
    opens as the whole's metric does (新登记…) names a sibling of the whole, not its next part."""
    if previous.parent is None or not any(mark in context.since_previous for mark in "；;"):
        return False
    whole, label = done[previous.parent].metric or "", record.label.lstrip("，,；; ")
    return len(whole) >= 2 and label[:2] == whole[:2]


def _as_part(record: _Draft, parent: int | None, explicit: bool, breakdown: int) -> None:
    record.role, record.parent, record.explicit_part, record.breakdown = "part", parent, explicit, breakdown


def _follows_list(record: _Draft, done: list[Attributed]) -> bool:
    """A part right after its whole or another part (其中新建210个、续建177个): its short label
    qualifies the whole's metric."""
    return bool(done) and (done[-1].role == "part" or record.parent == len(done) - 1)


def _previous_of_measure(record: _Draft, done: list[Attributed]) -> Attributed | None:
    """The nearest earlier figure of the sentence with the same measure, across changes, shares
    and rates between them (第一产业增加值198.6亿元，增长4.1%；第二产业增加值687.4亿元)."""
    for item in reversed(done):
        if item.sentence != record.sentence:
            return None
        if _same_measure(item.quantity, record.quantity) and item.role not in ("change", "share", "rate"):
            return item
    return None


def _breakdown_lead(record: _Draft, done: list[Attributed]) -> int | None:
    for index in range(len(done) - 1, max(-1, len(done) - 1 - MAX_LOOKBACK), -1):
        item = done[index]
        if item.sentence != record.sentence:
            return None
        if item.leads_breakdown and _same_measure(item.quantity, record.quantity):
            return index
    return None


def _whole_before(record: _Draft, done: list[Attributed], reach: int) -> int | None:
    """The nearest earlier figure of the same measure, in this sentence or ``reach`` before; never
    the base of a comparison (比上年多接待86.9万人次)."""
    for index in range(len(done) - 1, -1, -1):
        item = done[index]
        if item.sentence < record.sentence - reach:
            return None
        whole_like = item.role in ("value", "target", "total") and not item.compared_base
        if whole_like and _same_measure(item.quantity, record.quantity):
            return index
    return None


def _same_measure(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and a.unit == b.unit


def _has_target_marker(label: str, rules: Rules) -> bool:
    return any(marker in label for marker in rules.table("attribution", "target_markers"))


def _metric(record: _Draft, context: _Context, done: list[Attributed], rules: Rules) -> str | None:
    label = without_scope(strip_label(record.label, rules), rules)
    if record.quantity.kind in _COUNT_KINDS:
        label = context.right_noun or label
    if record.role == "value" or record.difference or record.compared_base:
        compared = _compared(record.sentence, done)
        compared_metric = compared.metric if compared is not None else None
        if record.compared_base and compared_metric:
            return base_metric(context.since_previous, compared_metric, rules)
        difference = comparison_metric(context.left_full, compared_metric, rules)
        if difference is not None:
            return difference
    subject = _subject(record, done)
    if record.role == "change":
        return _change_metric(record, label or _increase_name(record, done), subject)
    if record.role == "share":
        return _share_metric(record, subject, rules)
    if record.role == "part" and record.parent is not None and _follows_list(record, done):
        parent_metric = done[record.parent].metric or ""
        if label and len(label) <= 3 and label not in parent_metric:
            return label + parent_metric
    if record.role == "threshold":
        return (trailing_nominal(label) or leading_nominal(label) or label) + "门槛"
    if not label and subject is not None:
        return subject.metric
    return label or None


def _increase_name(record: _Draft, done: list[Attributed]) -> str:
    """完成投资比去年同期增加162.5亿元，增长13.3%: a rate right after the stated change it is the rate of
    (same sentence and direction) measures what that change measures."""
    if record.quantity.kind != "percent" or not done:
        return ""
    item = done[-1]
    if item.sentence != record.sentence or item.role != "change" or item.direction != record.direction:
        return ""
    if item.quantity.kind not in _AMOUNT_KINDS or not item.metric or item.direction is None:
        return ""
    return item.metric.removesuffix(_AMOUNT_CHANGE_SUFFIX[item.direction])


def _share_metric(record: _Draft, subject: Attributed | None, rules: Rules) -> str:
    whole = strip_label(record.whole_phrase or "", rules)
    if any(word in whole for word in rules.table("attribution", "plan_words")):
        return _PLAN_FIGURE.sub("", whole) + "完成率"
    named = without_scope(strip_label(record.share_of, rules), rules)
    if named and whole and not _DIGIT.search(named + whole):
        return f"{named}占{whole}比重"
    numerator = subject.metric if subject is not None and subject.metric else whole
    return f"{numerator}占比"


def _change_metric(record: Attributed | _Draft, label: str, subject: Attributed | None) -> str | None:
    base = label or (subject.metric if subject is not None else None)
    if not base:
        return None
    if record.quantity.kind in ("percent", "multiple"):
        return base + ("增速" if record.direction == "increase" else "降幅")
    if record.quantity.kind == "percentage_point":
        return base + ("提高" if record.direction == "increase" else "下降")
    return base + _AMOUNT_CHANGE_SUFFIX["increase" if record.direction == "increase" else "decrease"]


def _subject(record: _Draft, done: list[Attributed]) -> Attributed | None:
    """The nearest earlier non-date figure of the same sentence that is not itself a change.

    A change in percentage points speaks of a share or rate (贡献率为33.5%，比去年同期提高8.7个百分点).
    """
    skipped = _NOT_SUBJECTS
    if record.role == "change" and record.quantity.kind == "percentage_point":
        skipped = _NOT_POINT_SUBJECTS
    for item in reversed(done):
        if item.sentence != record.sentence:
            return None
        if item.role not in skipped and not item.compared_base:
            return item
    return None


def _as_base(record: _Draft, compared: Attributed | None) -> None:
    """比去年同期的52.3%, 高于全省9.0%的平均水平: the base's value of the compared figure, in its role
    (the base of a growth rate is a growth rate; a base rate stays a value, so no ratio is checked on it)."""
    record.compared_base = True
    if compared is not None and compared.role == "change":  # a base rate or share is not checked as one
        record.role, record.direction, record.basis = compared.role, compared.direction, compared.basis


def _compared(sentence: int, done: list[Attributed]) -> Attributed | None:
    """The figure a comparison in sentence ``sentence`` speaks of: the nearest earlier one that is
    neither a date, a threshold nor itself a base."""
    for item in reversed(done):
        if item.sentence != sentence:
            return None
        if item.role not in ("date", "threshold") and not item.compared_base and not item.difference:
            return item
    return None


def _mark_totals(done: list[Attributed]) -> list[Attributed]:
    """A figure with parts is a total, unless it is a part itself (其中新能源装机359万千瓦（风电…）:
    359 stays a part of the capacity, and its own parts still name it)."""
    parents = {item.parent for item in done if item.role == "part"}
    return [
        replace(item, role="total") if index in parents and item.role != "part" else item
        for index, item in enumerate(done)
    ]
