"""Arithmetic on our ISO date values: ``2021``, ``2021-05``, ``2021-05-20``, ``2021-Q1``,
``2021-H1``, a time ``2021-05-20T08:28``, and periods ``start/end`` of any of them."""

from __future__ import annotations

from datetime import date, timedelta

import regex

_UNIT = regex.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T\d{2}:\d{2})?)?|-(?P<part>[QH])(?P<n>[1-4]))?"
)


def first_day(value: str) -> date | None:
    """The first day a value covers; None for a day no calendar has (a written 2019年2月29日).

    >>> first_day("2021-Q2"), first_day("2021/2025"), first_day("2021-05-20T08:28"), first_day("2019-02-29")
    (datetime.date(2021, 4, 1), datetime.date(2021, 1, 1), datetime.date(2021, 5, 20), None)
    """
    match = _UNIT.fullmatch(value.split("/")[0])
    if match is None:
        return None
    year = int(match["year"])
    if match["part"]:
        length = 3 if match["part"] == "Q" else 6
        return calendar_day(year, 1 + (int(match["n"]) - 1) * length, 1)
    return calendar_day(year, int(match["month"] or 1), int(match["day"] or 1))


def calendar_day(year: int, month: int, day: int) -> date | None:
    """The day, or None when the calendar has no such day.

    >>> calendar_day(2020, 2, 29), calendar_day(2019, 2, 29), calendar_day(0, 1, 1)
    (datetime.date(2020, 2, 29), None, None)
    """
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shift_years(value: str, years: int) -> str | None:
    """The same period ``years`` later (earlier when negative): 同比's basis.

    >>> shift_years("2021-01/2021-10", -1), shift_years("2020-02-29", -1), shift_years("2021-Q3", -1)
    ('2020-01/2020-10', '2019-02-28', '2020-Q3')
    """
    shifted = []
    for piece in value.split("/"):
        match = _UNIT.fullmatch(piece)
        if match is None:
            return None
        year = int(match["year"]) + years
        rest = piece[4:]
        if rest.startswith("-02-29"):
            rest = "-02-28" + rest[6:]
        shifted.append(f"{year:04d}{rest}")
    return "/".join(shifted)


def previous(value: str) -> str | None:
    """The unit before a single unit: 环比's basis (a month's is the month before).

    >>> previous("2021-01"), previous("2021-Q1"), previous("2021-H2"), previous("2021-03-01"), previous("2021")
    ('2020-12', '2020-Q4', '2021-H1', '2021-02-28', '2020')
    >>> previous("2021-01/2021-10") is None, previous("2019-02-29") is None, previous("0001-01-01") is None
    (True, True, True)
    """
    match = _UNIT.fullmatch(value)
    if match is None or "/" in value or "T" in value:
        return None
    year = int(match["year"])
    if match["part"]:
        count = 4 if match["part"] == "Q" else 2
        index = year * count + int(match["n"]) - 2
        return f"{index // count:04d}-{match['part']}{index % count + 1}"
    if match["day"]:
        day = calendar_day(year, int(match["month"]), int(match["day"]))
        return None if day is None or day == date.min else (day - timedelta(days=1)).isoformat()
    if match["month"]:
        index = year * 12 + int(match["month"]) - 2
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{year - 1:04d}"
