"""Scanning only where a match can begin: the same matches as ``finditer``, and a start class
that holds every first character the date grammar can match."""

from __future__ import annotations

import re
import re._constants as _constants  # the parser of the standard library's re: private, but
import re._parser as _parser  # stable since 3.11, and only a test reads it
from typing import Any

import pytest

from extractor.dates import date_grammar, date_starts
from extractor.rules import Rules
from extractor.scan import matches_from

from .conftest import case_and_gold_texts

_REPEATS = {_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT}
_CATEGORY_SAMPLES = {_constants.CATEGORY_DIGIT: [chr(c) for c in range(0x110000) if chr(c).isdecimal()]}


def test_scan_date_grammar_same_matches_as_finditer(rules: Rules) -> None:
    grammar, starts = date_grammar(rules), date_starts(rules)
    for text in case_and_gold_texts():
        expected = [(m.span(), m.groupdict()) for m in grammar.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in matches_from(grammar, starts, text)] == expected, text


def test_scan_empty_match_raises() -> None:
    with pytest.raises(ValueError, match="empty string"):
        list(matches_from(re.compile("a*"), re.compile("."), "b"))  # type: ignore[arg-type]


def _first(items: Any) -> tuple[set[tuple[Any, Any]], bool]:
    """The first-character items of a parsed sequence (literals, ranges, categories, or ANY) and
    whether the sequence can match the empty string."""
    found: set[tuple[Any, Any]] = set()
    for op, arg in items:
        first, nullable = _first_of(op, arg)
        found |= first
        if not nullable:
            return found, False
    return found, True


def _first_of(op: Any, arg: Any) -> tuple[set[tuple[Any, Any]], bool]:
    if op == _constants.LITERAL:
        return {(op, arg)}, False
    if op == _constants.IN:
        if any(kind == _constants.NEGATE for kind, _ in arg):
            return {("ANY", None)}, False
        return set(arg), False
    if op == _constants.BRANCH:
        results = [_first(branch) for branch in arg[1]]
        return set().union(*(first for first, _ in results)), any(nullable for _, nullable in results)
    if op == _constants.SUBPATTERN:
        return _first(arg[-1])
    if op == _constants.ATOMIC_GROUP:
        return _first(arg)
    if op in _REPEATS:
        first, nullable = _first(arg[2])
        return first, nullable or arg[0] == 0
    if op in _ZERO_WIDTH:
        return set(), True
    return {("ANY", None)}, False  # a back-reference, a negated literal, any character …


def _characters(item: tuple[Any, Any]) -> list[str]:
    op, arg = item
    if op == _constants.LITERAL:
        return [chr(arg)]
    if op == _constants.RANGE:
        return [chr(code) for code in range(arg[0], arg[1] + 1)]
    if op == _constants.CATEGORY and arg in _CATEGORY_SAMPLES:
        return _CATEGORY_SAMPLES[arg]
    raise AssertionError(f"the grammar can begin with {item}: extend date_starts or this test")


def test_scan_date_starts_hold_every_first_character(rules: Rules) -> None:
    """Parse the compiled grammar (named groups made plain: ``re`` rejects repeated names) and
    collect the characters its matches can begin with; each must be in ``date_starts``."""
    pattern = re.sub(r"\(\?P<\w+>", "(?:", date_grammar(rules).pattern)
    pattern = re.sub(r"\(\?P=\w+\)", "(?:.)", pattern)
    first, nullable = _first(_parser.parse(pattern))
    assert not nullable, "the date grammar matches the empty string"
    starts = date_starts(rules)
    missing = {char for item in first for char in _characters(item) if not starts.fullmatch(char)}
    assert not missing
