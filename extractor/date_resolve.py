"""Resolve a matched calendar expression against the publication date.

A single expression resolves to a :class:`Resolved` value at the granularity written; a range
(parts prefixed ``a.``/``b.``) resolves its two ends, the second taking the year (and, for a
bare day, the month) of the first, and moving to the next year when it would end before it
begins (8月至2月).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from .numerals import parse_numeral
from .records import Candidate, FigureKind, Qualifier
from .rules import Rules

_PERIOD_PARTS = frozenset({"y1", "m1", "first_months", "first_quarters", "decade", "mhalf"})
NO_PUBLICATION_HORIZON = 2049  # never the current date: a short year is 2000-2049 or 1950-1999
_YEAR_PARTS = frozenset({"year", "short", "rel", "iy", "y1", "decade"})


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved expression: ``value`` is ``None`` when it needs a publication date it lacks;
    ``year`` and ``month`` are what a range's second end may inherit."""

    value: str | None
    kind: FigureKind
    qualifier: Qualifier
    year: int | None = None
    month: int | None = None


def resolve(candidate: Candidate, published: date | None, rules: Rules) -> Resolved:
    return _resolved(candidate.parts, published, rules)


_RESOLVED = 4096  # distinct expressions remembered per publication date: short phrases (去年同期, 1-5月)


@lru_cache(maxsize=_RESOLVED)
def _resolved(candidate_parts: tuple[tuple[str, str], ...], published: date | None, rules: Rules) -> Resolved:
    """An expression's value depends on its parts and the publication date alone."""
    parts = dict(candidate_parts)
    if any(name.startswith("a.") for name in parts):
        return _resolve_range(parts, published, rules)
    return resolve_parts(parts, published, rules)


def _resolve_range(parts: dict[str, str], published: date | None, rules: Rules) -> Resolved:
    first = {k[2:]: v for k, v in parts.items() if k.startswith("a.")}
    second = {k[2:]: v for k, v in parts.items() if k.startswith("b.")}
    start = resolve_parts(first, published, rules)
    end = resolve_parts(second, published, rules, inherit=start)
    if start.value is None or end.value is None:
        return Resolved(None, "period", "exact")
    last = end.value
    if last < start.value and not _YEAR_PARTS & second.keys() and start.year is not None:
        last = resolve_parts(second, published, rules, inherit=replace(start, year=start.year + 1)).value or last
    return Resolved(f"{_first_unit(start.value)}/{_last_unit(last)}", "period", "exact", start.year, start.month)


def _first_unit(value: str) -> str:
    return value.split("/")[0]


def _last_unit(value: str) -> str:
    return value.split("/")[-1]


def resolve_parts(
    parts: dict[str, str], published: date | None, rules: Rules, inherit: Resolved | None = None
) -> Resolved:
    """One expression's parts (the named groups of the date grammar)."""
    qualifier = _qualifier(parts, rules)
    kind: FigureKind = "period" if _PERIOD_PARTS & parts.keys() else "date"
    if "y1" in parts:
        return Resolved(f"{parts['y1']}/{parts['y2']}", kind, qualifier, int(parts["y1"]))
    if "iy" in parts:
        return _iso(parts)
    if "decade" in parts:
        return Resolved(_decade(parts, published, rules), kind, qualifier)
    day = _relative_day(parts, published, rules)
    if day is not None or {"relday", "wkrel"} & parts.keys():
        if day is None:
            return Resolved(None, kind, qualifier)
        return Resolved(day.isoformat(), kind, qualifier, day.year, day.month)
    year = _year(parts, published, rules, inherit)
    if year is None:
        return Resolved(None, kind, qualifier)
    if "dayonly" in parts or "handay" in parts:
        return _day_only(parts, year, published, rules, inherit)
    year, month = _month(parts, year, published, rules)
    if "mhalf" in parts and month is None and published is not None:
        month = published.month  # 上半月 alone: the publication month's
    if month is not None and "day" in parts and not _YEAR_PARTS & parts.keys() and inherit is None:
        year = _latest_year_with(year, month, _number(parts["day"], rules))  # 2月29日 in 2017 -> 2016
    value = _value(parts, year, month, rules)
    return Resolved(value, kind, qualifier, year, month)


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _latest_year_with(year: int, month: int, day: int) -> int:
    """The latest year up to ``year`` that has this month and day (at most one leap cycle back)."""
    for candidate in range(year, year - 8, -1):
        if _exists(candidate, month, day):
            return candidate
    return year


def _iso(parts: dict[str, str]) -> Resolved:
    value = f"{parts['iy']}-{int(parts['im']):02d}-{int(parts['id']):02d}"
    if "hour" in parts:
        value += f"T{int(parts['hour']):02d}:{parts['minute']}"
    return Resolved(value, "date", "exact", int(parts["iy"]), int(parts["im"]))


def _decade(parts: dict[str, str], published: date | None, rules: Rules) -> str | None:
    """上世纪90年代 -> 1990/1999; 90年代 alone is the latest such decade not after publication."""
    decade = _number(parts["decade"], rules)
    if "century" in parts:
        start = (_number(parts["century"], rules) - 1) * 100 + decade
    elif published is None:
        return None
    elif "centrel" in parts:
        offset = int(rules.table("dates", "relative_centuries")[parts["centrel"]])
        start = (published.year // 100 + offset) * 100 + decade
    else:
        start = published.year // 100 * 100 + decade
        start -= 100 if start > published.year else 0
    return f"{start}/{start + 9}"


def _relative_day(parts: dict[str, str], published: date | None, rules: Rules) -> date | None:
    if published is None:
        return None
    if "relday" in parts:
        return published + timedelta(days=int(rules.table("dates", "relative_days")[parts["relday"]]))
    if "wkrel" in parts:
        weeks = int(rules.table("dates", "relative_weeks")[parts["wkrel"]])
        weekday = int(rules.table("dates", "weekdays")[parts["weekday"]])
        monday = published - timedelta(days=published.weekday())
        return monday + timedelta(days=7 * weeks + weekday - 1)
    return None


def _day_only(
    parts: dict[str, str], year: int, published: date | None, rules: Rules, inherit: Resolved | None
) -> Resolved:
    """29日: the month of the range's start, else of publication."""
    month = inherit.month if inherit is not None and inherit.month is not None else None
    if month is None and published is not None:
        month = published.month
    if month is None:
        return Resolved(None, "date", "exact")
    day = _number(parts.get("dayonly") or parts["handay"], rules)
    if inherit is None and not _exists(year, month, day):  # 29日 in February: January's
        index = year * 12 + month - 2
        year, month = index // 12, index % 12 + 1
    return Resolved(f"{year:04d}-{month:02d}-{day:02d}", "date", "exact", year, month)


def _qualifier(parts: dict[str, str], rules: Rules) -> Qualifier:
    qualifier: Qualifier = "exact"
    if part := parts.get("part"):
        qualifier = rules.table("dates", "month_parts")[part]
    elif part := parts.get("ypart"):
        qualifier = rules.table("dates", "year_parts")[part]
    return qualifier


def _year(parts: dict[str, str], published: date | None, rules: Rules, inherit: Resolved | None) -> int | None:
    if "year" in parts:
        return _number(parts["year"], rules)
    if "short" in parts:
        return _short_year(_number(parts["short"], rules), published)
    if "rel" not in parts and inherit is not None and inherit.year is not None:
        return inherit.year
    if published is None:
        return None
    offset = rules.table("dates", "relative_years").get(parts.get("rel", ""), 0)
    return published.year + int(offset)


def _short_year(short: int, published: date | None) -> int:
    """21年 -> 2021; a short year more than ten years after publication is last century's (89年)."""
    horizon = published.year + 10 if published else NO_PUBLICATION_HORIZON
    return 2000 + short if 2000 + short <= horizon else 1900 + short


def _month(parts: dict[str, str], year: int, published: date | None, rules: Rules) -> tuple[int, int | None]:
    """The year and month written or named relative to publication (本月, 上个月)."""
    if "month" in parts:
        return year, _number(parts["month"], rules)
    if "relm" in parts and published is not None:
        index = year * 12 + published.month - 1 + int(rules.table("dates", "relative_months")[parts["relm"]])
        return index // 12, index % 12 + 1
    return year, None


def _value(parts: dict[str, str], year: int, month: int | None, rules: Rules) -> str:
    if "m1" in parts:
        first, last = _number(parts["m1"], rules), _number(parts["m2"], rules)
        return f"{year:04d}-{first:02d}/{year + (last < first):04d}-{last:02d}"
    if "first_months" in parts:
        return f"{year}-01/{year}-{_number(parts['first_months'], rules):02d}"
    if "first_quarters" in parts:  # 前三季度 -> 2021-Q1/2021-Q3 (FORMAT.md)
        return f"{year}-Q1/{year}-Q{_quarter(parts['first_quarters'], rules)}"
    if "quarter" in parts:
        return f"{year}-Q{_quarter(parts['quarter'], rules)}"
    if "half" in parts:
        return f"{year}-{rules.table('dates', 'halves')[parts['half']]}"
    if month is None:
        return f"{year:04d}"
    value = f"{year:04d}-{month:02d}"
    if "mhalf" in parts:
        return _month_half(year, month, int(rules.table("dates", "month_halves")[parts["mhalf"]]))
    if "day" in parts:
        value += f"-{_number(parts['day'], rules):02d}"
        if "hour" in parts:
            value += f"T{int(parts['hour']):02d}:{parts['minute']}"
    return value


def _month_half(year: int, month: int, half: int) -> str:
    """上半月 -> days 1-15, 下半月 -> days 16 to the month's last."""
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    first_day, last_day = (1, 15) if half == 1 else (16, last)
    return f"{year:04d}-{month:02d}-{first_day:02d}/{year:04d}-{month:02d}-{last_day:02d}"


def _quarter(text: str, rules: Rules) -> int:
    return int(rules.table("dates", "quarters")[text])


def _number(text: str, rules: Rules) -> int:
    parsed = parse_numeral(text, rules)
    if parsed is None:  # the grammar only admits numerals
        raise ValueError(f"not a numeral: {text!r}")
    return int(parsed.value)
