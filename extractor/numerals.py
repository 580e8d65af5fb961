"""Numerals to exact decimals: Arabic (with thousands separators) and Chinese numerals.

>>> from extractor.rules import load_rules
>>> parse_numeral("一千五百二十八点二", load_rules())
ParsedNumber(value=Decimal('1528.2'), decimals=1)
>>> parse_numeral("1,528.20", load_rules())
ParsedNumber(value=Decimal('1528.20'), decimals=2)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .rules import Rules

_ARABIC = regex.compile(r"[-−﹣]?\d[\d,]*(?:\.\d+)?")
_SIGNS = ("-", "−", "﹣", "负")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal
    decimals: int


@dataclass(frozen=True)
class _HanTables:
    digits: dict[str, int]
    multipliers: dict[str, int]
    tens: dict[str, int]
    point: str


@cache
def _han_tables(rules: Rules) -> _HanTables:
    numbers = rules.data["numbers"]
    return _HanTables(
        dict(numbers["han_digits"]),
        dict(numbers["han_multipliers"]),
        dict(numbers["han_tens"]),
        numbers["han_point"],
    )


def parse_numeral(text: str, rules: Rules) -> ParsedNumber | None:
    """Parse a numeral as written (no scale word); ``None`` if it is not one."""
    negative = text.startswith(_SIGNS)
    body = text[1:] if negative else text
    parsed = _parse_arabic(body) if body[:1].isdigit() else _parse_han(body, _han_tables(rules))
    if parsed is None or not negative:
        return parsed
    return ParsedNumber(-parsed.value, parsed.decimals)


def _parse_arabic(text: str) -> ParsedNumber | None:
    if not _ARABIC.fullmatch(text):
        return None
    plain = text.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return ParsedNumber(Decimal(plain), decimals)


def _parse_han(text: str, tables: _HanTables) -> ParsedNumber | None:
    """Chinese numerals: positional (三百八十七), digit strings (二〇二一), decimals (…点二).

    >>> from extractor.rules import load_rules
    >>> [_parse_han(t, _han_tables(load_rules())).value for t in ("三百八十七", "两千", "十二", "廿五", "二〇二一")]
    [Decimal('387'), Decimal('2000'), Decimal('12'), Decimal('25'), Decimal('2021')]
    """
    integer, _, fraction = text.partition(tables.point)
    whole = _han_integer(integer, tables)
    if whole is None:
        return None
    if not fraction:
        return ParsedNumber(Decimal(whole), 0)
    digits = [tables.digits.get(char) for char in fraction]
    if any(digit is None for digit in digits):
        return None
    return ParsedNumber(Decimal(f"{whole}." + "".join(str(d) for d in digits)), len(digits))


def _han_integer(text: str, tables: _HanTables) -> int | None:
    if not text:
        return None
    if all(char in tables.digits for char in text):  # a digit string: 二〇二一
        return int("".join(str(tables.digits[char]) for char in text))
    total, current = 0, None
    for char in text:
        if char in tables.digits:
            current = tables.digits[char]
        elif char in tables.multipliers:
            total += (1 if current is None else current) * tables.multipliers[char]
            current = None
        elif char in tables.tens:
            total += tables.tens[char]
        else:
            return None
    return total + (current or 0)


def parse_scale(scale: str | None, rules: Rules) -> Decimal:
    """The factor of a scale word or compound (千万 = 1e7, 万亿 = 1e12); 1 when absent.

    >>> from extractor.rules import load_rules
    >>> parse_scale("千万", load_rules()), parse_scale("万亿", load_rules())
    (Decimal('10000000'), Decimal('1000000000000'))
    """
    if not scale:
        return Decimal(1)
    scales = rules.data["numbers"]["scales"]
    if scale in scales:
        return Decimal(scales[scale])
    factor = Decimal(1)
    for char in scale:
        factor *= Decimal(scales[char])
    return factor
