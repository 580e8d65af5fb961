"""Numerals to exact decimals: Arabic (with thousands separators) and Chinese numerals.

>>> from extractor.rules import load_rules
>>> parse_numeral("一千五百二十八点二", load_rules())
ParsedNumber(value=Decimal('1528.2'), decimals=1)
>>> parse_numeral("1,528.20", load_rules())
ParsedNumber(value=Decimal('1528.20'), decimals=2)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from functools import cache, lru_cache

import regex

from .rules import Rules

DEFAULT_PRECISION = 28  # the decimal module's default; an integer with more digits needs more

_ARABIC = regex.compile(r"[-−﹣]?\d[\d,，]*(?:\.\d+)?(?:[eE][+-]?\d+)?")
_SIGNS = ("-", "−", "﹣", "负")
_MIXED = regex.compile(r"\d[亿万千百]")
_TOKEN = regex.compile(r"\d+|.")


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
    whole, point, fraction = text.partition(".")
    if text.isascii() and whole.isdigit() and (not point or fraction.isdigit()):  # 2021, 15.3
        return ParsedNumber(Decimal(text), len(fraction))
    negative = text.startswith(_SIGNS)
    body = text[1:] if negative else text
    tables = _han_tables(rules)
    if body[:1].isdigit():
        parsed = _parse_mixed(body, tables) if _MIXED.search(body) else _parse_arabic(body)
    else:
        parsed = _parse_han(body, tables)
    if parsed is None or not negative:
        return parsed
    return ParsedNumber(-parsed.value, parsed.decimals)


def _parse_arabic(text: str) -> ParsedNumber | None:
    if not _ARABIC.fullmatch(text):
        return None
    plain = text.replace(",", "").replace("，", "")
    if "e" in plain.lower():  # 1.5E+3: the last written digit is in the hundreds
        value = Decimal(plain)
        return ParsedNumber(value, -int(value.as_tuple().exponent))
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
    return _positional([tables.digits.get(char, char) for char in text], tables)


def _parse_mixed(text: str, tables: _HanTables) -> ParsedNumber | None:
    """Arabic digits between Chinese units: 5万4千6百 = 54600.

    >>> from extractor.rules import load_rules
    >>> _parse_mixed("5亿1万4千6百", _han_tables(load_rules()))
    ParsedNumber(value=Decimal('500014600'), decimals=0)
    """
    tokens: list[int | str] = [int(t) if t.isdigit() else tables.digits.get(t, t) for t in _TOKEN.findall(text)]
    value = _positional(tokens, tables)
    return None if value is None else ParsedNumber(Decimal(value), 0)


def _positional(tokens: list[int | str], tables: _HanTables) -> int | None:
    """Read digits (ints) and unit characters positionally. A last digit right after a unit
    stands for the next lower place, as people say it: 两千四百五 = 2450, 一万三 = 13000.
    A place after a lower one in the same section (七十百) is no numeral."""
    finished, section, current, last_unit, place = 0, 0, None, 0, 0
    for token in tokens:
        if isinstance(token, int):
            if current is not None and token:
                return None  # 二三十: two digits with no place between is no positional numeral
            current = token or None  # 零 holds a place: 一万零十二 = 10012
            last_unit = last_unit if token else 0  # 一百零五: after 零 the digit is a unit digit
            continue
        if token in tables.multipliers:
            unit = tables.multipliers[token]
            if place and unit >= place:
                return None
            section += (1 if current is None else current) * unit
            last_unit = place = unit
        elif token in tables.tens:
            section += tables.tens[token]
        elif token in tables.sections:
            finished = _close_section(finished, section + (current or 0), tables.sections[token])
            section, last_unit, place = 0, tables.sections[token], 0
        else:
            return None
        current = None
    if current is not None and current < 10 and last_unit >= 100:
        current *= last_unit // 10
    return finished + section + (current or 0)


def _close_section(finished: int, section: int, unit: int) -> int:
    """万 multiplies the section before it; 亿 multiplies everything before it (一亿二千万);
    a section unit right after another multiplies it again (四万万 = 4亿)."""
    if finished and (finished < unit or not section):
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
    >>> plain(Decimal("99999999999999999999999999999"))  # more digits than the default precision
    Decimal('99999999999999999999999999999')
    """
    if value == value.to_integral_value():
        return value.quantize(_ONE, context=_context(max(DEFAULT_PRECISION, value.adjusted() + 1)))
    return value.normalize()


_ONE = Decimal(1)


@lru_cache(maxsize=64)
def _context(precision: int) -> Context:
    """A context of ``precision`` digits (made once: quantize only reads it)."""
    return Context(prec=precision)
