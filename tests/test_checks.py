"""Checks: the stated-precision rule, and which figures the structure lets us pair."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from extractor.arithmetic import judge
from extractor.pipeline import extract

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("arithmetic.jsonl"))
def test_arithmetic_judge(case: dict[str, Any]) -> None:
    given = case["input"]
    precision = Decimal(given["precision"]) if given["precision"] else None
    verdict = judge(Decimal(given["stated"]), Decimal(given["computed"]), precision, given["qualifier"])
    assert [verdict.status, verdict.note] == case["expected"]


@pytest.mark.parametrize("case", load_cases("article_checks.jsonl"))
def test_checks_in_articles(case: dict[str, Any]) -> None:
    article = extract(case["input"]["text"], published=case["input"]["published"])
    assert article.error is None
    text_of = {figure.id: figure.text for figure in article.figures}
    found = [[check.kind, check.status, [text_of[i] for i in check.figures]] for check in article.checks]
    assert found == case["expected"]


def test_checks_explain_in_both_languages() -> None:
    article = extract("全市共有重点项目120个，其中新建70个、续建50个。", published="2022-03-01")
    [check] = article.checks
    assert check.explanation == "70 + 50 = 120; stated 120: consistent"
    assert check.explanation_zh == "70 + 50 = 120；文中为120：一致"
    assert dict(check.roles) == {"whole": ("f1",), "parts": ("f2", "f3")}
    assert check.computed == Decimal(120)
