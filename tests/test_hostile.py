"""Hostile input (issue 8): every case of ``cases/hostile.jsonl`` returns a result or a clear coded
error, through the real entry points — :func:`extractor.pipeline.extract` for text, the
``newsfig extract`` batch (and its input reader and decoder) for bytes — and its output keeps the
invariants of the contract. Inputs are built from a short recipe (``repeat``, ``nested``, ``hex``)
so that the table stays readable. No test is timed: ``benchmarks/scaling.py`` shows that the work
grows linearly with the input.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.errors import RulesError
from extractor.pipeline import extract
from extractor.records import Article
from extractor.rules import Rules, validate_rules

from .conftest import load_cases

CASES = load_cases("hostile.jsonl")
GOOD_TEXT = "全市新建项目210个，总投资1528.2亿元。"
Record = dict[str, Any]


def build(recipe: dict[str, Any]) -> str | bytes:
    """The input a recipe describes: ``text``; ``repeat`` of a ``unit`` (or of bytes ``unit_hex``)
    between ``before`` and ``after``; ``nested`` ``open``/``close`` around ``inner``; ``hex`` bytes."""
    kind = recipe["build"]
    if kind == "text":
        return str(recipe["text"])
    if kind == "hex":
        return bytes.fromhex(recipe["hex"])
    if kind == "nested":
        depth = recipe["depth"]
        return recipe["open"] * depth + recipe["inner"] + recipe["close"] * depth
    if kind == "repeat" and "unit_hex" in recipe:
        return bytes.fromhex(recipe["unit_hex"]) * recipe["times"]
    if kind == "repeat":
        return recipe.get("before", "") + recipe["unit"] * recipe["times"] + recipe.get("after", "")
    raise ValueError(f"unknown recipe {kind!r}")


def cases_via(entry: str) -> list[Any]:
    return [case for case in CASES if case.values[0]["input"]["via"] == entry]


@pytest.mark.parametrize("case", cases_via("extract"))
def test_hostile_extract_returns_a_result_or_a_coded_error(case: dict[str, Any]) -> None:
    text = build(case["input"])
    assert isinstance(text, str)
    article = extract(text)
    expected = case["expected"]
    assert (article.error.code if article.error else None) == expected["error"], article.error
    assert_expected_figures([figure.text for figure in article.figures], expected)
    assert set(expected.get("warnings", [])) <= {notice.code for notice in article.warnings}
    assert_invariants(article, text)


@pytest.mark.parametrize("case", cases_via("batch"))
def test_hostile_batch_reports_the_document_and_goes_on(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hostile file (``suffix`` .txt unless the case says .html or .jsonl), then a good one,
    through ``newsfig extract HOSTILE GOOD``: two records in input order, the summary counts both,
    and the good one is processed."""
    built = build(case["input"])
    data = built if isinstance(built, bytes) else built.encode("utf-8")
    hostile_file = tmp_path / f"hostile{case['input'].get('suffix', '.txt')}"
    hostile_file.write_bytes(data)
    (tmp_path / "good.txt").write_bytes(GOOD_TEXT.encode("utf-8"))
    assert main(["extract", str(hostile_file), str(tmp_path / "good.txt"), "--workers", "1", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    hostile, good = (json.loads(line) for line in out.splitlines())
    failed = int(hostile["error"] is not None)
    assert f"newsfig: 2 documents in, {2 - failed} ok, {failed} with errors" in err
    expected = case["expected"]
    assert (hostile["error"][1:5] if hostile["error"] else None) == expected["error"], hostile["error"]
    assert set(expected.get("warnings", [])) <= {notice["code"] for notice in hostile["warnings"]}
    assert good["error"] is None
    assert [figure["text"] for figure in good["figures"]] == ["210个", "1528.2亿元"]
    assert_record_invariants(hostile)


def assert_expected_figures(texts: list[str], expected: dict[str, Any]) -> None:
    if "figures" in expected:
        assert texts == expected["figures"]
    if "figure_count" in expected:
        assert len(texts) == expected["figure_count"]


def assert_invariants(article: Article, text: str) -> None:
    """Spans inside the input and equal to the figure's text; values finite; ids unique; checks
    and parents name existing figures; notices inside the input."""
    ids = [figure.id for figure in article.figures]
    assert len(set(ids)) == len(ids)
    for figure in article.figures:
        assert 0 <= figure.start <= figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        for number in (figure.value, figure.high):
            assert not isinstance(number, Decimal) or (number.is_finite() and math.isfinite(float(number)))
        assert figure.parent is None or figure.parent in ids
    for check in article.checks:
        assert set(check.figures) <= set(ids)
        assert {i for members in check.roles.values() for i in members} <= set(ids)
    for notice in article.warnings:
        assert notice.start is None or 0 <= notice.start <= (notice.end or 0) <= len(text)


def assert_record_invariants(record: Record) -> None:
    """The contract record of a batch: ids unique, numbers finite, checks name existing figures."""
    ids = [figure["id"] for figure in record["figures"]]
    assert len(set(ids)) == len(ids)
    for figure in record["figures"]:
        assert figure["start"] <= figure["end"]
        for number in (figure["value"], figure["high"]):
            assert not isinstance(number, int | float) or math.isfinite(number)
    for check in record["checks"]:
        assert set(check["figures"]) <= set(ids)


def with_limit(rules: Rules, limit: int) -> Rules:
    cleaning = {**rules.data["cleaning"], "max_document_chars": limit}
    return replace(rules, data={**rules.data, "cleaning": cleaning})


@pytest.mark.parametrize(
    ("limit", "code"), [(len(GOOD_TEXT), None), (len(GOOD_TEXT) - 1, "E205")], ids=["at the limit", "one over"]
)
def test_hostile_size_limit_is_read_from_the_rules(rules: Rules, limit: int, code: str | None) -> None:
    article = extract(GOOD_TEXT, rules=with_limit(rules, limit))
    assert (article.error.code if article.error else None) == code
    assert bool(article.figures) == (code is None)


@pytest.mark.parametrize("limit", [0, -5, "2000000", 1.5])
def test_hostile_size_limit_must_be_a_positive_integer(rules: Rules, limit: object) -> None:
    data = {**rules.data, "cleaning": {**rules.data["cleaning"], "max_document_chars": limit}}
    with pytest.raises(RulesError, match="max_document_chars"):
        validate_rules(data)
