"""Scanning only where a match can begin: the same matches as ``finditer``, and the fallbacks
where the first characters cannot be told for certain."""

from __future__ import annotations

import pytest

from extractor.candidates import number_grammar
from extractor.dates import date_grammar
from extractor.rules import Rules, compile_pattern
from extractor.scan import find_matches, start_class, top_level_alternatives

from .conftest import case_and_gold_texts


@pytest.mark.parametrize("grammar", [date_grammar, number_grammar])
def test_scan_grammar_same_matches_as_finditer(grammar: object, rules: Rules) -> None:
    pattern = grammar(rules)  # type: ignore[operator]
    assert start_class(pattern) is not None, "the grammar is scanned at every position"
    for text in case_and_gold_texts():
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in find_matches(pattern, text)] == expected, text


@pytest.mark.parametrize(
    ("pattern", "begins", "never"),
    [
        (r"(?<![\d.])(?:19|20)\d\d年|[上下]半年", "12上下", "3年半."),
        (r"(?:第|前)?[一二三四1-4]季度", "1234一二三四第前", "5-季度"),
        (r"[ \t]*(?<!\d)[1-9]0年代", " \t19", "0年代\n"),
        (r"(?:\d++(?:,\d{3})*+|十)[个件]", "09٣十", ",个件"),
        (r"(?=[.\p{Han}])\d+", "5", ".年"),
        (r"(?P<sep>[-/])\d(?P=sep)|(?P<sep>年)", "-/年", "1"),
    ],
)
def test_scan_start_class(pattern: str, begins: str, never: str) -> None:
    found = start_class(compile_pattern(pattern))
    assert found is not None
    assert all(found.fullmatch(char) for char in begins)
    assert not any(found.fullmatch(char) for char in never)


@pytest.mark.parametrize(
    "pattern",
    [
        r"[^年]月",  # a negated set: anything may begin it
        r".年",
        r"\s*年",  # \s: not read (the two engines' spaces may differ)
        r"\w+年",
        r"\p{Han}年",  # a property
        r"(?:[年])?",  # the empty string
        r"(?=年)",
        r"(?i)q[1-4]",  # case ignored
        r"(?i:q)[1-4]",
        r"(?:abc){e<=1}",  # fuzzy: may begin anywhere
        r"[[a-z]--[aeiou]]x",  # a set operation of the regex module
    ],
)
def test_scan_start_class_unknown(pattern: str) -> None:
    compiled = compile_pattern(pattern)
    assert start_class(compiled) is None
    text = "二〇二一年q3季度年"
    assert [m.span() for m in find_matches(compiled, text)] == [m.span() for m in compiled.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "增长1.21世纪以来",  # a digit after a point begins only the century's alternative
        "0.20世纪80年代末",
        "从2019-2021年，12.5亿元",  # (?<=从): a start only after 从
        "3.5个百分点，21世纪初",
        "1.2.3 2021.5.28",
    ],
)
def test_scan_rare_start_checks_same_matches(text: str, rules: Rules) -> None:
    pattern = date_grammar(rules)
    expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in find_matches(pattern, text)] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"a|b(?:c|d)|[|(]e", ["a", "b(?:c|d)", "[|(]e"]),
        (r"\||x", [r"\|", "x"]),
        (r"a|(?i)b", None),  # an inline flag: the split could change its reach
        (r"(a)|\1", None),  # a numbered reference
        (r"[a[|]]|b", None),  # a nested set
    ],
)
def test_scan_top_level_alternatives(source: str, expected: list[str] | None) -> None:
    assert top_level_alternatives(source) == expected
