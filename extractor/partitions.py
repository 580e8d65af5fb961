"""Complete lists: parts the text names so that together they are their whole.

A list of parts may leave categories out (其中 names the notable ones), so parts that fall short
of their whole prove no error, and a far miss may mean the structure was misread. The text says
a list is complete when

- its parts are named by the members of a partition (``partitions`` in attribution.yaml), one
  part each: 出口 and 进口 of 进出口总额, the three 产业 of 地区生产总值;
- its last part is the rest (``rest_words``: 其他粮食产量54.6万吨);
- it is a bare list before a total or inside parentheses, its parts joined by list punctuation
  (补贴38.5亿元、补贴71.2亿元，合计109.7亿元), with no word saying it is partial (主要, 包括, 等).

A complete list that misses its whole is an error however far it misses. A list named by the
members of a set that is exclusive but not complete (``complete: false``: 新建 and 续建 projects,
beside which a list may have 预备 ones) may fall short of its whole, but never exceed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import regex

from .attribute import Attributed
from .labels import names_balance
from .rules import Rules

LIST_JOINERS = frozenset("、和及与")  # what joins the members of a written list
_TIME_KINDS = ("date", "period")
_SENTENCE_END = regex.compile(r"[。；;！？!?\n]")
_SENTENCE_REACH = 200  # characters searched back for a sentence start
_LEAD_REACH = 4  # figures of other measures passed over back to the words naming a figure
_CLAUSE_END = regex.compile(r"[，,；;。\n]")


@dataclass(frozen=True, slots=True)
class Partition:
    """Categories that divide any whole they apply to; each member has one or more spellings."""

    name: str
    members: tuple[tuple[str, ...], ...]
    complete: bool = True

    def named_in(self, text: str) -> frozenset[int]:
        """The members ``text`` mentions.

        >>> Partition("外贸", (("出口",), ("进口",))).named_in("其中，出口142.7亿美元；进口为")
        frozenset({0, 1})
        """
        return frozenset(n for n, spellings in enumerate(self.members) if any(s in text for s in spellings))


@cache
def partitions(rules: Rules) -> tuple[Partition, ...]:
    return tuple(
        Partition(
            record["name"],
            tuple(tuple(member.split("|")) for member in record["members"]),
            record.get("complete", True),
        )
        for record in rules.table("attribution", "partitions")
    )


@lru_cache(maxsize=4)  # the stages of one article ask of the same text
def partitions_named_in(text: str, rules: Rules) -> tuple[Partition, ...]:
    """The partitions every member of which ``text`` names somewhere: the only ones a list in
    it can name whole, found once per article, not once per list tried.

    >>> from extractor.rules import load_rules
    >>> [p.name for p in partitions_named_in("出口增长3%，进口下降2%", load_rules())]
    ['外贸']
    """
    return tuple(p for p in partitions(rules) if len(p.named_in(text)) == len(p.members))


def named_partition(
    text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules, opening: int | None = None
) -> Partition | None:
    """The partition every member of which the words from the figure before the first part to
    the end of the last part's clause name, with as many parts as members (a name may follow its
    number: 72个新建项目…，46个续建项目…). Parts taken in turn from a longer list (国内游客4月份73.55万人次，
    累计280.69万人次；海外游客…) are named from before that list's ``opening`` figure.

    "其中，出口142.7亿美元，占进出口总额比重为57.4%；进口为131.3亿美元": 出口, 进口 — 外贸.
    """
    span = _list_span(text, figures, parts, opening)
    for partition in partitions_named_in(text, rules):
        if len(partition.members) == len(parts) and len(partition.named_in(span)) == len(parts):
            return partition
    return None


def named_one_each(text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules) -> Partition | None:
    """The complete partition whose members the parts name, each part at least one in its own
    words (from the figure before it to the end of its clause), all members in all.

    "第一产业增加值为41.99亿元，增长3.6%；第二产业增加值为313.14亿元…；第三产业增加值为189.87亿元": 三次产业.
    """
    if not _additive(figures, parts, rules):
        return None
    candidates = [p for p in partitions_named_in(text, rules) if p.complete and len(p.members) == len(parts)]
    if not candidates:
        return None
    windows = [text[lead_start(figures, i) : _trail_end(text, figures, i)] for i in parts]
    for partition in candidates:
        named = [partition.named_in(window) for window in windows]
        if all(named) and len(frozenset().union(*named)) == len(parts) and _parallel(partition, figures, parts):
            return partition
    return None


def _parallel(partition: Partition, figures: Sequence[Attributed], parts: Sequence[int]) -> bool:
    """Whether the parts measure the same thing but for their member: their metrics without the
    member's spelling are one (第一产业增加值, 第二产业增加值 → 增加值; not 手机出口, 集成电路进口)."""
    spellings = [spelling for member in partition.members for spelling in member]
    rests = set()
    for i in parts:
        metric = figures[i].metric or ""
        found = next((spelling for spelling in spellings if spelling in metric), None)
        if found is None:
            return False
        rests.add(metric.replace(found, "", 1))
    return len(rests) == 1


def ends_with_rest(text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules) -> bool:
    """Whether the last part is named as the rest: …；其他粮食产量54.6万吨."""
    last = parts[-1]
    lead = text[lead_start(figures, last) : figures[last].quantity.start]
    return any(word in lead for word in rules.table("attribution", "rest_words"))


def is_complete(
    text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules, opening: int | None = None
) -> bool:
    """A list of at least two additive parts that its words say is complete (a partition, or the
    rest). Averages never add up: 城镇居民人均可支配收入 and 农村… are no parts of the 全国 one.
    ``opening``: as in :func:`named_partition`."""
    if not _additive(figures, parts, rules):
        return False
    partition = named_partition(text, figures, parts, rules, opening)
    return (partition is not None and partition.complete) or ends_with_rest(text, figures, parts, rules)


def is_exclusive(
    text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules, opening: int | None = None
) -> bool:
    """A list of additive parts named by members of a set whose members exclude each other, one
    member a part (all of them or some: 二产项目17个、三产项目19个 of 三次产业): its sum never
    exceeds its whole."""
    if not _additive(figures, parts, rules):
        return False
    span = _list_span(text, figures, parts, opening)
    return any(len(p.members) >= len(parts) and len(p.named_in(span)) == len(parts) for p in partitions(rules))


def _additive(figures: Sequence[Attributed], parts: Sequence[int], rules: Rules) -> bool:
    return len(parts) >= 2 and not any(is_non_additive(figures[i], rules) for i in parts)


def is_non_additive(figure: Attributed, rules: Rules) -> bool:
    """An average, a per-head figure or a price (人均, 平均, 中位数, 单价): not a part of a sum."""
    metric = figure.metric or ""
    return any(word in metric for word in rules.table("attribution", "non_additive_words"))


def is_balance(figure: Attributed, rules: Rules) -> bool:
    """A difference of two flows (贸易顺差, 逆差, 差额): neither a whole of parts nor a part."""
    return names_balance(figure.metric or "", rules)


def is_bare_list(text: str, figures: Sequence[Attributed], parts: Sequence[int], rules: Rules) -> bool:
    """Whether the parts are one list: each after the first follows a list joiner (、和及与)
    with no clause punctuation since the part before, and no word says the list is partial.

    "耕地地力保护补贴38.5亿元、玉米大豆生产者补贴71.2亿元" is one; "出口142.7亿美元；进口131.3亿美元" is not.
    """
    if len(parts) < 2:
        return False
    words = rules.table("attribution", "partial_list_words")
    start = lead_start(figures, parts[0])
    for before, part in pairwise(parts):
        between = text[figures[before].quantity.end : figures[part].quantity.start]
        if not between or between[0] not in LIST_JOINERS or any(mark in between for mark in "，,；;。"):
            return False
    listed = text[start : figures[parts[-1]].quantity.end]
    return not any(word in listed for word in words)


def _list_span(text: str, figures: Sequence[Attributed], parts: Sequence[int], opening: int | None) -> str:
    """The words of a list: from before its first part (or ``opening``) to the end of the last
    part's clause."""
    first = parts[0] if opening is None else opening
    start = lead_start(figures, first)
    if _unnamed_run(text, figures, parts):  # 新建、续建项目分别为8个和28个，到位资金分别为1.23亿元和4.79亿元
        start = min(start, _sentence_start(text, figures[first].quantity.start))
    return text[start : _trail_end(text, figures, parts[-1])]


def _unnamed_run(text: str, figures: Sequence[Attributed], parts: Sequence[int]) -> bool:
    """Whether the parts are written in a row, one list joiner between each two (1.23亿元和4.79亿元):
    their names stand before the run, at the head of the sentence."""
    return all(
        text[figures[before].quantity.end : figures[after].quantity.start] in LIST_JOINERS
        for before, after in pairwise(parts)
    )


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` starts (after the last 。；！？ or line break)."""
    floor = max(0, offset - _SENTENCE_REACH)
    ends = [match.end() for match in _SENTENCE_END.finditer(text, floor, offset)]
    return ends[-1] if ends else floor


def _trail_end(text: str, figures: Sequence[Attributed], index: int) -> int:
    """Where the words naming figure ``index`` after it end: the next figure or clause mark."""
    end = figures[index].quantity.end
    limit = figures[index + 1].quantity.start if index + 1 < len(figures) else len(text)
    clause = _CLAUSE_END.search(text, end, limit)
    return clause.start() if clause else limit


def lead_start(figures: Sequence[Attributed], index: int) -> int:
    """Where the words naming figure ``index`` may start: the end of the figure before it that is
    no date or period (国内游客4月份73.55万人次: 4月份 says when, the name stands before it) and of
    the same measure, within ``_LEAD_REACH`` figures (二产项目17个、到位资金2.32亿元: the name of the
    money stands before the count)."""
    own = measure_of(figures[index])
    floor = max(-1, index - 1 - _LEAD_REACH)
    before = index - 1
    while before > floor and (figures[before].quantity.kind in _TIME_KINDS or measure_of(figures[before]) != own):
        before -= 1
    return figures[before].quantity.end if before >= 0 else 0


def measure_of(figure: Attributed) -> tuple[str, str | None]:
    """What a figure measures: its kind and unit (parts and their whole measure alike)."""
    return figure.quantity.kind, figure.quantity.unit
