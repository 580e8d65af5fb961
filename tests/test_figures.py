"""Numerals, number candidates, normalization and vetoes, as case tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from extractor.candidates import find_number_candidates, veto_spans
from extractor.normalize import normalize_numbers
from extractor.numerals import parse_numeral
from extractor.pipeline import extract
from extractor.records import Quantity
from extractor.rules import Rules

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("numerals.jsonl"))
def test_numerals_parse_exactly(case: dict[str, Any], rules: Rules) -> None:
    parsed = parse_numeral(case["input"], rules)
    assert parsed is not None
    value, decimals = case["expected"]
    assert (parsed.value, parsed.decimals) == (Decimal(value), decimals)
    assert str(parsed.value) == value


def _quantities(text: str, rules: Rules) -> list[Quantity]:
    return normalize_numbers(text, find_number_candidates(text, rules), rules)[0]


def _row(text: str, q: Quantity) -> list[Any]:
    return [text[q.start : q.end], q.kind, str(q.value), None if q.high is None else str(q.high), q.unit, q.qualifier]


def _figures(text: str, rules: Rules) -> list[list[Any]]:
    return [_row(text, q) for q in _quantities(text, rules)]


@pytest.mark.parametrize("case", load_cases("figures.jsonl"))
def test_normalize_figures(case: dict[str, Any], rules: Rules) -> None:
    assert _figures(case["input"], rules) == case["expected"]


@pytest.mark.parametrize("case", load_cases("figures_negative.jsonl"))
def test_normalize_not_figures(case: dict[str, Any]) -> None:
    article = extract(case["input"], published="2021-05-28")
    assert [figure.text for figure in article.figures] == case["expected"]


def test_vetoes_every_rule_has_a_negative_case(rules: Rules) -> None:
    named = {row["name"] for row in rules.table("vetoes", "vetoes")}
    covered = {case.values[0]["input"]["veto"] for case in load_cases("vetoes.jsonl")}
    assert named == covered


@pytest.mark.parametrize("case", load_cases("vetoes.jsonl"))
def test_vetoes_match_their_context(case: dict[str, Any], rules: Rules) -> None:
    text = case["input"]["text"]
    assert case["expected"] in [text[start:end] for start, end in veto_spans(text, rules)]


def test_normalize_unitless_number_is_a_count_without_unit() -> None:
    article = extract("编号为4471的文件", published="2021-05-28")
    assert [(f.text, f.kind, f.unit) for f in article.figures] == [("4471", "count", None)]
    assert article.warnings == ()


def test_normalize_inferred_yuan_is_announced() -> None:
    article = extract("五千万以上的大项目共开工49个,到位资金21.25亿元", published="2019-08-10")
    assert article.figures[0].unit == "CNY"
    assert [w.code for w in article.warnings] == ["W402"]


def test_normalize_stated_decimals_and_precision(rules: Rules) -> None:
    quantities, _ = normalize_numbers("完成629.0亿元", find_number_candidates("完成629.0亿元", rules), rules)
    assert quantities[0].stated_decimals == 1
    assert quantities[0].precision == Decimal("10000000")


@pytest.mark.parametrize("case", load_cases("bounds.jsonl"))
def test_bounds_join_lower_and_upper_into_one_range(case: dict[str, Any], rules: Rules) -> None:
    text = case["input"]
    assert [[*_row(text, q), q.bounds] for q in _quantities(text, rules)] == case["expected"]
