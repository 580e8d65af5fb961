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

_ARABIC = regex.compile(r"[-−﹣]?\d[\d,，]*(?:\.\d+)?")
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
    sections: dict[str, int]
    point: str


@cache
def _han_tables(rules: Rules) -> _HanTables:
    numbers = rules.data["numbers"]
    return _HanTables(
        dict(numbers["han_digits"]),
        dict(numbers["han_multipliers"]),
        dict(numbers["han_tens"]),
        dict(numbers["han_sections"]),
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
    plain = text.replace(",", "").replace("，", "")
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
    """Positional Chinese integer with sections (万, 亿).

    >>> from extractor.rules import load_rules
    >>> tables = _han_tables(load_rules())
    >>> [_han_integer(t, tables) for t in ("一千两百三十四万", "一亿二千万", "三百零五", "两万亿", "十")]
    [12340000, 120000000, 305, 2000000000000, 10]
    """
    if not text:
        return None
    if all(char in tables.digits for char in text):  # a digit string: 二〇二一
        return int("".join(str(tables.digits[char]) for char in text))
    finished, section, current = 0, 0, None
    for char in text:
        if char in tables.digits:
            current = tables.digits[char]
        elif char in tables.multipliers:
            section += (1 if current is None else current) * tables.multipliers[char]
            current = None
        elif char in tables.tens:
            section += tables.tens[char]
        elif char in tables.sections:
            finished = _close_section(finished, section + (current or 0), tables.sections[char])
            section, current = 0, None
        else:
            return None
    return finished + section + (current or 0)


def _close_section(finished: int, section: int, unit: int) -> int:
    """万 multiplies the section before it; 亿 multiplies everything before it (一亿二千万)."""
    if finished and finished < unit:
        return (finished + section) * unit
    return finished + section * unit


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


def plain(value: Decimal) -> Decimal:
    """Drop exponent noise from scaling (1528.2 x 1e8 -> 152820000000) without losing digits.

    >>> plain(Decimal("1528.2") * Decimal("100000000")), plain(Decimal("0.50"))
    (Decimal('152820000000'), Decimal('0.5'))
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A numeral found in running text, with its scale word applied; offsets index that text."""

    start: int
    end: int
    value: Decimal
    decimals: int


@cache
def _numeral_scanner(rules: Rules) -> regex.Pattern[str]:
    from .rules import compile_pattern

    scales = "|".join(sorted(map(regex.escape, rules.data["numbers"]["scales"]), key=len, reverse=True))
    fraction = r"(?P<den>{ARABIC}|{HAN})分之(?P<frac>{ARABIC}|{HAN})"
    number = rf"(?P<num>(?:{{SIGN}})?(?:{{ARABIC}}|{{HAN}}))(?P<scale>{scales})?"
    return compile_pattern(rules.expand(f"{fraction}|{number}"))


def find_numerals(text: str, rules: Rules) -> list[FoundNumber]:
    """Every numeral in ``text`` — Arabic, Chinese, mixed with a scale word, fractions — whether or
    not it is a figure (the numeral layer under the figure grammar).

    >>> from extractor.rules import load_rules
    >>> [(n.value, n.decimals) for n in find_numerals("4.78万亿和三分之一，一千两百三十四万", load_rules())]
    [(Decimal('4780000000000'), 2), (Decimal('0.3333333333333333333333333333'), 28), (Decimal('12340000'), 0)]
    """
    found: list[FoundNumber] = []
    for match in _numeral_scanner(rules).finditer(text):
        value = _fraction(match, rules) if match["den"] else _scaled(match, rules)
        if value is not None:
            found.append(FoundNumber(match.start(), match.end(), value.value, value.decimals))
    return found


def _scaled(match: regex.Match[str], rules: Rules) -> ParsedNumber | None:
    parsed = parse_numeral(match["num"], rules)
    if parsed is None:
        return None
    return ParsedNumber(plain(parsed.value * parse_scale(match["scale"], rules)), parsed.decimals)


def _fraction(match: regex.Match[str], rules: Rules) -> ParsedNumber | None:
    """三分之一 = 1/3 (the denominator is written first)."""
    denominator, numerator = parse_numeral(match["den"], rules), parse_numeral(match["frac"], rules)
    if denominator is None or numerator is None or denominator.value == 0:
        return None
    value = numerator.value / denominator.value
    return ParsedNumber(value, max(0, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
