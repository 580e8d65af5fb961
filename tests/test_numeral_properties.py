"""Property tests: any decimal, written as a Chinese numeral or as Arabic digits with a scale
word, parses back to exactly that number. The renderers here are the tests' own."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from extractor.candidates import find_numerals
from extractor.numerals import parse_numeral
from extractor.rules import load_rules

DIGITS = "零一二三四五六七八九"
RULES = load_rules()


def han_section(number: int) -> str:
    """0 < number < 10000 as 千百十 digits, with 零 for gaps (一千零五, 三百二十)."""
    text, gap = "", False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // power % 10
        if digit == 0:
            gap = bool(text)
            continue
        if gap:
            text += "零"
            gap = False
        text += DIGITS[digit] + unit
    return text


def han_integer(number: int) -> str:
    """Sections of four digits joined by 万 and 亿, with 零 where a section is short."""
    if number == 0:
        return "零"
    sections = []
    while number:
        sections.append(number % 10000)
        number //= 10000
    text = ""
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            continue
        if text and (section < 1000 or sections[index + 1] == 0):
            text += "零"
        text += han_section(section) + ("", "万", "亿", "万亿")[index]
    text = text.replace("零零", "零")
    return text[1:] if text.startswith("一十") else text  # 十万, not 一十万, as people write it


def han_decimal(value: Decimal) -> str:
    integer, _, fraction = f"{value:f}".partition(".")
    text = han_integer(int(integer))
    return text + ("点" + "".join(DIGITS[int(d)] for d in fraction) if fraction else "")


decimals = st.decimals(min_value=0, max_value=Decimal("999999999999"), places=2, allow_nan=False, allow_infinity=False)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_numerals_chinese_integers_round_trip(number: int) -> None:
    parsed = parse_numeral(han_integer(number), RULES)
    assert parsed is not None
    assert parsed.value == number


@given(decimals)
def test_numerals_chinese_decimals_round_trip(value: Decimal) -> None:
    parsed = parse_numeral(han_decimal(value), RULES)
    assert parsed is not None
    assert parsed.value == value


SCALES = {"万": Decimal(10**4), "亿": Decimal(10**8), "万亿": Decimal(10**12)}


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2), st.sampled_from(sorted(SCALES)))
def test_numerals_arabic_with_scale_round_trip(written: Decimal, scale: str) -> None:
    text = f"{written:f}{scale}"
    [found] = find_numerals(text, RULES)
    assert found.value == written * SCALES[scale]
    assert (found.start, found.end) == (0, len(text))


@given(st.integers(min_value=1000, max_value=10**9))
def test_numerals_thousands_separators_round_trip(number: int) -> None:
    parsed = parse_numeral(f"{number:,}", RULES)
    assert parsed is not None
    assert parsed.value == number


def test_numerals_renderer_matches_known_forms() -> None:
    assert [han_integer(n) for n in (387, 1005, 100000, 12340000, 120000000)] == [
        "三百八十七",
        "一千零五",
        "十万",
        "一千二百三十四万",
        "一亿二千万",
    ]
