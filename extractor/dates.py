"""Dates and periods: find calendar expressions and resolve them against the publication date.

Values are ISO strings at the granularity written: ``2021``, ``2021-05``, ``2021-05-20``,
``2021-Q1``, ``2021-H1``; periods are ``start/end`` (``2021-01/2021-10``, ``2016/2020``).
A relative expression with no publication date stays unresolved (value ``None``).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex

from .numerals import parse_numeral
from .records import Candidate, FigureKind, Qualifier, Quantity
from .rules import Rules, compile_pattern

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
_SEP = r"\s*[-—–~～至到]\s*"
_HAN_YEAR = r"[〇零一二三四五六七八九]{4}"


def _words(words: object) -> str:
    items = sorted(map(str, words), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(regex.escape(item) for item in items)


@cache
def date_grammar(rules: Rules) -> regex.Pattern[str]:
    dates = rules.data["dates"]
    year4 = rules.expand(dates["year_pattern"])
    quarter = _words(dates["quarters"])
    short_year = rules.expand(dates["short_year_pattern"])
    year = (
        rf"(?:(?P<year>{year4}|{_HAN_YEAR})年(?!代)|(?P<short>{short_year})年(?={_MONTH}月)"
        rf"|(?P<rel>{_words(dates['relative_years'])}))"
    )
    parts = _words(dates["month_parts"])
    halves = _words(dates["halves"])
    body = (
        rf"(?P<m1>{_MONTH})月?{_SEP}(?P<m2>{_MONTH})月份?"
        rf"|前(?P<first_months>{_MONTH})个?月"
        rf"|前(?P<first_quarters>{quarter})(?:个)?季度"
        rf"|第?(?P<quarter>{quarter})季度"
        rf"|(?P<half>{halves})"
        rf"|(?P<month>{_MONTH})月份?(?:(?P<day>{_DAY})[日号])?(?P<part>{parts})?"
        rf"(?:\s*(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d))?"
    )
    grammar = (
        rf"(?<![\d.])(?P<y1>{year4}){_SEP}(?P<y2>{year4})年"
        rf"|(?<![\d.])(?P<iy>{year4})(?P<isep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=isep)(?P<id>3[01]|[12]\d|0?[1-9])(?![\d.])"
        rf"|(?<![\d.]){year}?(?:{body})"
        rf"|(?<![\d.]){year}"
    )
    return compile_pattern(grammar)


_DATE_PARTS = (
    "y1",
    "y2",
    "iy",
    "im",
    "id",
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
    "day",
    "part",
    "hour",
    "minute",
)
_COMPARISON_BEFORE = regex.compile(r"[比较与同]$")
_COMPARISON_AFTER = regex.compile(r"^(?:同期|同月|相比|水平|底数)")


def find_date_candidates(text: str, rules: Rules) -> list[Candidate]:
    """Calendar expressions in ``text``; a relative year used as a comparison base
    (比上年, 去年同期) is not a date figure."""
    found: list[Candidate] = []
    for match in date_grammar(rules).finditer(text):
        groups = match.groupdict()  # one call for every named part
        parts = tuple((name, value) for name in _DATE_PARTS if (value := groups.get(name)) is not None)
        names = {name for name, _ in parts}
        if names == {"rel"} and _is_comparison_base(text, match.start(), match.end()):
            continue
        role = "as_of" if _has_as_of_marker(text, match.start(), rules) else ""
        found.append(Candidate(match.start(), match.end(), "date" + (":" + role if role else ""), parts))
    return found


def _is_comparison_base(text: str, start: int, end: int) -> bool:
    return bool(_COMPARISON_BEFORE.search(text[max(0, start - 3) : start])) or bool(
        _COMPARISON_AFTER.match(text[end : end + 2])
    )


def _has_as_of_marker(text: str, start: int, rules: Rules) -> bool:
    before = text[max(0, start - 4) : start]
    return any(before.endswith(marker) for marker in rules.table("dates", "as_of_markers"))


def normalize_date(candidate: Candidate, published: date | None, rules: Rules) -> Quantity:
    """Resolve a date candidate against ``published``."""
    parts = dict(candidate.parts)
    value, kind, qualifier = _resolve(parts, published, rules)
    role = candidate.pattern.partition(":")[2] or ("period" if kind == "period" else "date")
    return Quantity(
        start=candidate.start,
        end=candidate.end,
        kind=kind,
        value=value,
        high=None,
        unit="date",
        qualifier=qualifier,
        stated_decimals=None,
        date_role=role,
    )


def _resolve(parts: dict[str, str], published: date | None, rules: Rules) -> tuple[str | None, FigureKind, Qualifier]:
    if "y1" in parts:
        return f"{parts['y1']}/{parts['y2']}", "period", "exact"
    if "iy" in parts:
        return f"{parts['iy']}-{int(parts['im']):02d}-{int(parts['id']):02d}", "date", "exact"
    year = _year(parts, published, rules)
    if year is None:
        return None, _kind_of(parts), _qualifier(parts, rules)
    return _value(parts, year, rules), _kind_of(parts), _qualifier(parts, rules)


def _kind_of(parts: dict[str, str]) -> FigureKind:
    return "period" if {"m1", "first_months", "first_quarters"} & parts.keys() else "date"


def _qualifier(parts: dict[str, str], rules: Rules) -> Qualifier:
    part = parts.get("part")
    if not part:
        return "exact"
    qualifier: Qualifier = rules.table("dates", "month_parts")[part]
    return qualifier


def _year(parts: dict[str, str], published: date | None, rules: Rules) -> int | None:
    if "year" in parts:
        return _number(parts["year"], rules)
    if "short" in parts:
        return 2000 + int(parts["short"])
    if published is None:
        return None
    offset = rules.table("dates", "relative_years").get(parts.get("rel", ""), 0)
    return published.year + int(offset)


def _value(parts: dict[str, str], year: int, rules: Rules) -> str:
    if "m1" in parts:
        return f"{year}-{_number(parts['m1'], rules):02d}/{year}-{_number(parts['m2'], rules):02d}"
    if "first_months" in parts:
        return f"{year}-01/{year}-{_number(parts['first_months'], rules):02d}"
    if "first_quarters" in parts:  # 前三季度 -> 2021-Q1/2021-Q3 (FORMAT.md)
        return f"{year}-Q1/{year}-Q{_quarter(parts['first_quarters'], rules)}"
    if "quarter" in parts:
        return f"{year}-Q{_quarter(parts['quarter'], rules)}"
    if "half" in parts:
        return f"{year}-{rules.table('dates', 'halves')[parts['half']]}"
    if "month" not in parts:
        return str(year)
    value = f"{year}-{_number(parts['month'], rules):02d}"
    if "day" in parts:
        value += f"-{_number(parts['day'], rules):02d}"
        if "hour" in parts:
            value += f"T{int(parts['hour']):02d}:{parts['minute']}"
    return value


def _quarter(text: str, rules: Rules) -> int:
    return int(rules.table("dates", "quarters")[text])


def _number(text: str, rules: Rules) -> int:
    parsed = parse_numeral(text, rules)
    if parsed is None:  # the grammar only admits numerals
        raise ValueError(f"not a numeral: {text!r}")
    return int(parsed.value)
