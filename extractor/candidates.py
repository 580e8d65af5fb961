"""Candidates: spans of clean text that the number grammar recognises as possible figures.

The grammar is composed from the rule files: numerals and scale words (numbers.yaml), units
(units.yaml), qualifier words (qualifiers.yaml). Vetoes (vetoes.yaml) remove candidates that
overlap a context in which a numeral is not a figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from .records import Candidate
from .rules import Rules, compile_pattern
from .units import unit_table

Span = tuple[int, int]


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so that 台套 wins over 台 and 个百分点 over 个."""
    return "|".join(regex.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def number_grammar(rules: Rules) -> regex.Pattern[str]:
    """The compiled grammar of a number with its scale, unit and qualifier words."""
    numbers = rules.data["numbers"]
    qualifiers = rules.data["qualifiers"]
    scale_words = list(numbers["scales"])
    unit = _alternation(unit_table(rules))
    scale = _alternation(scale_words)
    infix = _alternation(qualifiers["infix"])
    suffix = _alternation(qualifiers["suffix"])
    separator = _alternation(qualifiers["range_separators"])
    number = "(?:{SIGN})?(?:{ARABIC}|{HAN})"
    grammar = (
        rf"百分之(?P<percent_of>{number})"
        rf"|(?P<num>{number})"
        rf"(?:(?P<lo_scale>{scale})?(?P<lo_unit>{unit})?[ ]?(?P<sep>{separator})[ ]?(?P<hi>{number}))?"
        rf"(?P<infix>{infix})?(?P<scale>{scale})?(?P<infix2>{infix})?[ ]?(?P<unit>{unit})?"
        rf"(?P<suffix>{suffix})?"
    )
    return compile_pattern(rules.expand(grammar))


_PARTS = ("percent_of", "num", "lo_scale", "lo_unit", "sep", "hi", "infix", "scale", "infix2", "unit", "suffix")


def find_number_candidates(text: str, rules: Rules, blocked: Iterable[Span] = ()) -> list[Candidate]:
    """Every number in ``text`` with its unit words, minus vetoed ones and those in ``blocked``
    spans (dates, page furniture)."""
    blocked_spans = sorted([*blocked, *veto_spans(text, rules)])
    found: list[Candidate] = []
    for match in number_grammar(rules).finditer(text):
        span = (match.start(), match.start() + len(match.group().rstrip()))
        if _overlaps_any(span, blocked_spans) or _is_bare_han(match):
            continue
        parts = tuple((name, value) for name in _PARTS if (value := match.group(name)) is not None)
        found.append(Candidate(span[0], span[1], "number", parts))
    return found


def _is_bare_han(match: regex.Match[str]) -> bool:
    """Chinese numerals count only with a unit or scale: 三 alone is a word, not a figure."""
    numeral = match.group("num")
    if numeral is None or numeral[-1:].isdigit():
        return False
    return match.group("unit") is None and match.group("scale") is None


@cache
def _veto_patterns(rules: Rules) -> tuple[regex.Pattern[str], ...]:
    return tuple(compile_pattern(rules.expand(row["pattern"])) for row in rules.table("vetoes", "vetoes"))


def veto_spans(text: str, rules: Rules) -> list[Span]:
    """Spans of ``text`` in which a numeral is not a figure (vetoes.yaml)."""
    return [m.span() for pattern in _veto_patterns(rules) for m in pattern.finditer(text)]


def _overlaps_any(span: Span, spans: list[Span]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in spans)
