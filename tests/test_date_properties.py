"""Property tests: any calendar day, written the ways Chinese news writes it, resolves back to
exactly that day; a year range and a range of two days resolve to exactly their ends; shifting a
period back a year and forward again is the identity. The renderers here are the tests' own."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from extractor.dates import find_date_candidates, normalize_date
from extractor.isodates import shift_years
from extractor.rules import load_rules

RULES = load_rules()
DIGITS = "〇一二三四五六七八九"
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


def han_digits(number: int) -> str:
    """2021 -> 二〇二一 (a year digit by digit)."""
    return "".join(DIGITS[int(digit)] for digit in str(number))


def han_small(number: int) -> str:
    """1 <= number <= 31 as 十-numerals: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def renderings(day: date) -> list[str]:
    return [
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
        f"{day.year}-{day.month:02d}-{day.day:02d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{han_digits(day.year)}年{han_small(day.month)}月{han_small(day.day)}日",
    ]


def resolve_all(text: str, published: date | None = None) -> list[tuple[str, str | None]]:
    found = []
    for candidate in find_date_candidates(text, RULES):
        quantity = normalize_date(candidate, published, RULES)
        value = quantity.value if isinstance(quantity.value, str) else None
        found.append((text[quantity.start : quantity.end], value))
    return found


@given(DAYS, st.integers(min_value=0, max_value=5))
def test_dates_any_day_in_any_news_form(day: date, form: int) -> None:
    text = renderings(day)[form]
    assert resolve_all(f"截至{text}，全市") == [(text, day.isoformat())]


@given(DAYS, st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_month_day_resolves_to_the_publication_year(day: date, published: date) -> None:
    if day.month == 2 and day.day == 29:
        return  # the latest year with 2月29日 may be before the publication year
    text = f"{day.month}月{day.day}日"
    assert resolve_all(text, published) == [(text, f"{published.year:04d}-{day.month:02d}-{day.day:02d}")]


@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1900, max_value=2099))
def test_dates_year_range_resolves_to_its_ends(first: int, last: int) -> None:
    text = f"{first}—{last}年"
    assert resolve_all(text) == [(text, f"{first}/{last}")]


@given(DAYS, st.integers(min_value=0, max_value=27))
def test_dates_range_of_days_in_one_month(day: date, length: int) -> None:
    last = min(day.day + length, 28 if day.month == 2 else 30)
    if last < day.day:
        return
    text = f"{day.year}年{day.month}月{day.day}日-{day.month}月{last}日"
    expected = f"{day.isoformat()}/{day.year:04d}-{day.month:02d}-{last:02d}"
    assert resolve_all(text) == [(text, expected)]


@given(st.sampled_from(["2021", "2021-05", "2021-05-20", "2021-Q3", "2021-H2", "2021-01/2021-10", "2016/2020"]))
def test_dates_shift_back_and_forth(value: str) -> None:
    back = shift_years(value, -1)
    assert back is not None
    assert shift_years(back, 1) == value
