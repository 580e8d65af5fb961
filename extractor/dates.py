"""Dates and periods: find calendar expressions and resolve them against the publication date.

Values are ISO strings at the granularity written: ``2021``, ``2021-05``, ``2021-05-20``,
``2021-Q1``, ``2021-H1``; periods are ``start/end`` (``2021-01/2021-10``, ``2016/2020``).
A relative expression with no publication date stays unresolved (value ``None``).

Matching is two steps: :func:`date_grammar` finds single calendar expressions, then
:func:`join_ranges` joins two of them around a range word (6月1日-6月30日, 2009年到2010年,
三月和九月之间) into one period. Resolution lives in :mod:`extractor.date_resolve`.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex

from .date_resolve import resolve
from .records import Candidate, Quantity
from .rules import Rules, compile_pattern
from .scan import PartReader, find_matches, named_parts, part_reader

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY_AR = r"(?:3[01]|[12]\d|0?[1-9])"
_DAY_HAN = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_DAY = rf"(?:{_DAY_AR}|{_DAY_HAN})"
_SEP = r"[ \t]*+[-—–~～至到][ \t]*+"
_SP = r"[ \t]*+"  # possessive: a run of spaces is never re-split
_HAN_DIGIT = "[〇零一二三四五六七八九]"
_HAN_NONZERO = "[一二三四五六七八九]"
_QIAN_YEAR = rf"[两二]千(?:零{_HAN_NONZERO}|零?{_HAN_NONZERO}?十{_HAN_NONZERO}?)"
_PUNCT_AFTER = r"(?=$|[\s，。,;；、！？!?）)])"
_ISO_DAY = r"(?P<im>1[0-2]|0?[1-9])(?P=isep)(?P<id>3[01]|[12]\d|0?[1-9])"
_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d)"


def _words(words: object) -> str:
    items = sorted(map(str, words), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(regex.escape(item) for item in items)


def _year_part(rules: Rules) -> str:
    """A year: written out, short (21年 before a month, 07年), or named relative to publication."""
    dates = rules.data["dates"]
    year4 = rules.expand(dates["year_pattern"])
    old_year = rules.expand(dates["old_year_pattern"])
    short = rules.expand(dates["short_year_pattern"])
    before_month = rf"(?={_SP}{_MONTH}{_SP}月)"
    return (
        rf"(?:(?P<year>{year4}){_SP}年(?!代)"
        rf"|(?P<year>{old_year}|{_HAN_DIGIT}{{3,4}}|[两二]千){_SP}年{before_month}"
        rf"|(?P<year>{_HAN_DIGIT}{{4}}|{_QIAN_YEAR})年(?!代)"
        rf"|(?P<short>{short}|{_HAN_DIGIT}{{2}}){_SP}年{before_month}"
        rf"|(?P<short>0\d|[零〇]{_HAN_NONZERO}){_SP}年(?!代)"
        rf"|(?P<rel>{_words(dates['relative_years'])}))"
    )


def _body(rules: Rules) -> str:
    """What may follow a year: months, month ranges, quarters, halves, days, parts of a month."""
    dates = rules.data["dates"]
    quarter = _words(dates["quarters"])
    weeks = f"(?:{_words(dates['week_words'])})(?:{_words(dates['weekdays'])})"
    weekday_tail = rf"(?:[，,]?{_SP}[（(]?{weeks}[）)]?)?"
    hao_veto = rules.expand(dates["day_hao_not_before"])
    mhalves = _words(dates["month_halves"])
    day = rf"(?:{_SP}(?P<day>{_DAY}){_SP}(?:日(?![元圆])|号(?!{hao_veto}))|(?P<day>{_DAY_HAN}){_PUNCT_AFTER})"
    return (
        rf"(?P<m1>{_MONTH}){_SP}月?{_SEP}(?P<m2>{_MONTH}){_SP}月份?"
        rf"|前(?P<first_months>{_MONTH})个?月"
        rf"|前(?P<first_quarters>{quarter})(?:个)?季度"
        rf"|第?(?P<quarter>{quarter})季度"
        rf"|(?P<half>{_words(dates['halves'])})"
        rf"|(?:(?P<month>{_MONTH}){_SP}月份?|(?P<relm>{_words(dates['relative_months'])}))(?P<mhalf>{mhalves})"
        rf"|(?:(?P<month>{_MONTH}){_SP}月份?|(?P<relm>{_words(dates['relative_months'])}))"
        rf"{day}?(?P<part>{_words(dates['month_parts'])})?(?:{_SP}{_CLOCK})?{weekday_tail}"
        rf"|(?P<mhalf>{mhalves})"
    )


@cache
def date_grammar(rules: Rules) -> regex.Pattern[str]:
    """Single calendar expressions; the first alternative that matches at a position wins."""
    dates = rules.data["dates"]
    year4 = rules.expand(dates["year_pattern"])
    year = _year_part(rules)
    hao_veto = rules.expand(dates["day_hao_not_before"])
    century = r"(?:\d{2}|十[一二三四五六七八九]?|二十一?)"
    decade = r"(?:[1-9]0|[一二三四五六七八九]十)"
    grammar = (
        rf"(?<![\d.])(?P<y1>{year4}){_SP}年?{_SEP}(?P<y2>{year4}){_SP}年"
        rf"|(?<=从)(?P<y1>{year4}){_SEP}(?P<y2>{year4})(?![\d.])"
        rf"|(?<![\d.])(?P<iy>(?:1\d|20)\d{{2}})(?P<isep>[-/.]){_ISO_DAY}(?:(?:[ \t]+|T){_CLOCK}(?::\d{{2}})?)?(?![\d.])"
        rf"|(?:(?:(?P<centrel>{_words(dates['relative_centuries'])})世纪|(?<!\d)(?P<century>{century})世纪){_SP})?"
        rf"(?<![\d.])(?P<decade>{decade})年代"  # no alternative starts with spaces: none rescans a run
        rf"|(?<![\d.]){year}{_SP}的?第(?P<month>{_MONTH})个月"
        rf"|(?<![\d.])(?:{year}{_SP})?(?:{_body(rules)})"
        rf"|(?<![\d.]){year}(?:年?(?P<ypart>{_words(dates['year_parts'])}))?"
        rf"|(?P<relday>{_words(dates['relative_days'])})"
        rf"|(?P<wkrel>{_words(dates['relative_weeks'])})个?(?:{_words(dates['week_words'])})"
        rf"(?P<weekday>{_words(dates['weekdays'])})"
        rf"|(?<![\d.])(?P<dayonly>{_DAY_AR}){_SP}(?:日(?![元圆])|号(?!{hao_veto}))"
        rf"|(?P<handay>{_DAY_HAN})[日号]"
    )
    return compile_pattern(grammar)


_DATE_PARTS = (
    "y1",
    "y2",
    "iy",
    "im",
    "id",
    "centrel",
    "century",
    "decade",
    "year",
    "short",
    "rel",
    "m1",
    "m2",
    "first_months",
    "first_quarters",
    "quarter",
    "half",
    "month",
    "relm",
    "day",
    "part",
    "mhalf",
    "ypart",
    "hour",
    "minute",
    "relday",
    "wkrel",
    "weekday",
    "dayonly",
    "handay",
)
_COMPARISON_BEFORE = regex.compile(r"[比较与同]$")
_COMPARISON_AFTER = regex.compile(r"^(?:同期|同月|相比|水平|底数)")
_RELATIVE_ONLY = frozenset({"rel", "relm", "ypart"})  # 上年, 上月, 上年末: no number written


def find_date_candidates(text: str, rules: Rules) -> list[Candidate]:
    """Calendar expressions in ``text``, ranges joined; a relative year or month used as a
    comparison base (比上年, 去年同期, 环比上月) is not a date figure."""
    singles = [c for c in _single_candidates(text, rules) if _keep_single(text, c, rules)]
    joined = join_ranges(text, singles, rules)
    found = []
    for candidate in joined:
        if candidate.pattern == "date" and candidate.part("handay") is not None:
            continue  # 十二日 alone is too often 十二日游, 一日三餐; only as the end of a range
        role = "as_of" if _has_as_of_marker(text, candidate.start, candidate.end, rules) else ""
        found.append(Candidate(candidate.start, candidate.end, "date" + (":" + role if role else ""), candidate.parts))
    return found


def _single_candidates(text: str, rules: Rules) -> list[Candidate]:
    found = []
    grammar = date_grammar(rules)
    reader = _part_reader(rules)
    for match in find_matches(grammar, text):
        found.append(Candidate(match.start(), match.end(), "date", named_parts(match, reader)))
    return found


@cache
def _part_reader(rules: Rules) -> PartReader:
    return part_reader(date_grammar(rules), _DATE_PARTS)


def _keep_single(text: str, candidate: Candidate, rules: Rules) -> bool:
    names = {name for name, _ in candidate.parts}
    if names <= _RELATIVE_ONLY and _is_comparison_base(text, candidate.start, candidate.end):
        return False
    if _vetoed(text, candidate.start, candidate.end, rules):
        return False
    if "dayonly" in names:
        dates = rules.data["dates"]
        before = compile_pattern(rules.expand(dates["day_only_not_before"]))
        after = compile_pattern(rules.expand(dates["day_only_not_after"]))
        if before.search(text[max(0, candidate.start - 2) : candidate.start]) or after.match(text, candidate.end):
            return False
    return True


def _vetoed(text: str, start: int, end: int, rules: Rules) -> bool:
    """The span lies inside a name that contains a date word (今日头条)."""
    for word in rules.table("dates", "date_vetoes"):
        window_start = max(0, start - len(word) + 1)
        position = text.find(word, window_start, end + len(word) - 1)
        if position != -1 and position < end and start < position + len(word):
            return True
    return False


def join_ranges(text: str, singles: list[Candidate], rules: Rules) -> list[Candidate]:
    """Join neighbours framed by a range's words into one period candidate (parts prefixed
    ``a.`` and ``b.``)."""
    frames = [
        (compile_pattern(rules.expand(f["connector"])), compile_pattern(rules.expand(f.get("suffix", ""))))
        for f in rules.table("dates", "range_frames")
    ]
    joined: list[Candidate] = []
    index = 0
    while index < len(singles):
        first = singles[index]
        second = singles[index + 1] if index + 1 < len(singles) else None
        end = _range_end(text, first, second, frames) if second is not None else None
        if second is None or end is None:
            joined.append(first)
            index += 1
            continue
        parts = tuple((f"a.{k}", v) for k, v in first.parts) + tuple((f"b.{k}", v) for k, v in second.parts)
        joined.append(Candidate(first.start, end, "range", parts))
        index += 2
    return joined


def _range_end(
    text: str, first: Candidate, second: Candidate, frames: list[tuple[regex.Pattern[str], regex.Pattern[str]]]
) -> int | None:
    """Where the joined period ends, or ``None`` if the two are not a range."""
    if not _joinable(first) or not _joinable(second):
        return None
    gap = text[first.end : second.start]
    for connector, suffix in frames:
        if connector.fullmatch(gap) and (tail := suffix.match(text, second.end)):
            return tail.end()
    return None


def _joinable(candidate: Candidate) -> bool:
    """Only single points join: a period already written as one (1-10月) does not."""
    names = {name for name, _ in candidate.parts}
    return candidate.pattern == "date" and not names & {"y1", "m1", "first_months", "first_quarters", "decade"}


def _is_comparison_base(text: str, start: int, end: int) -> bool:
    return bool(_COMPARISON_BEFORE.search(text[max(0, start - 3) : start])) or bool(
        _COMPARISON_AFTER.match(text[end : end + 2])
    )


def _has_as_of_marker(text: str, start: int, end: int, rules: Rules) -> bool:
    """截至5月20日, 截止到5月底; 到5月20日为止."""
    before = text[max(0, start - 4) : start]
    if before.endswith(tuple(rules.table("dates", "as_of_markers"))):
        return True
    return before.endswith("到") and text.startswith(tuple(rules.table("dates", "as_of_closers")), end)


def normalize_date(candidate: Candidate, published: date | None, rules: Rules) -> Quantity:
    """Resolve a date candidate against ``published``."""
    resolved = resolve(candidate, published, rules)
    role = candidate.pattern.partition(":")[2] or ("period" if resolved.kind == "period" else "date")
    return Quantity(
        start=candidate.start,
        end=candidate.end,
        kind=resolved.kind,
        value=resolved.value,
        high=None,
        unit="date",
        qualifier=resolved.qualifier,
        stated_decimals=None,
        date_role=role,
    )
