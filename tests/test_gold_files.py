"""Every gold file in corpus/ is valid: format, offsets, indices, and arithmetic recomputed.

The format is ../shared/devset/FORMAT.md. Statuses are recomputed with the project's own
stated-precision rule, so a gold file and the checker cannot silently disagree.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import regex

from extractor.arithmetic import judge

from .conftest import REPO, SHARED

CORPUS = REPO / "corpus"
KINDS = {"count", "money", "percent", "percentage_point", "quantity", "multiple", "date", "period"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "start", "mid", "end"}
RELATION_FIELDS = {
    "sum": {"whole", "parts"},
    "ratio": {"numerator", "denominator", "result"},
    "growth": {"current", "result"},
    "difference": {"a", "b", "result"},
}
_NUMERAL = regex.compile(r"\d[\d,，]*(?:[.．]\d+)?")


def _gold_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json"))


def test_gold_corpus_has_enough_articles() -> None:
    files = _gold_files()
    assert len(files) >= 10
    dirty = [f for f in files if "(zh" in (text := json.loads(f.read_text(encoding="utf-8"))["text"]) or "記者" in text]
    assert len(dirty) >= 2


@pytest.fixture(params=_gold_files(), ids=lambda path: path.stem)
def gold(request: pytest.FixtureRequest) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(request.param.read_text(encoding="utf-8"))
    assert data["id"] == request.param.stem
    return data


def test_gold_offsets_and_fields(gold: dict[str, Any]) -> None:
    text = gold["text"]
    for index, figure in enumerate(gold["figures"]):
        where = f"{gold['id']} figure {index}"
        assert text[figure["start"] : figure["end"]] == figure["surface"], where
        assert figure["kind"] in KINDS, where
        assert figure["qualifier"] in QUALIFIERS, where
        assert figure["metric"], where
        if figure["kind"] in ("date", "period"):
            assert isinstance(figure["value"], str), where
            assert figure["unit"] == "date", where
        else:
            assert isinstance(figure["value"], int | float), where
        if figure["qualifier"] == "range":
            assert figure["high"] >= figure["value"], where


def test_gold_relations_are_well_formed(gold: dict[str, Any]) -> None:
    count = len(gold["figures"])
    for relation in gold["relations"]:
        assert RELATION_FIELDS[relation["kind"]] <= set(relation), relation
        assert relation["status"] in ("consistent", "inconsistent"), relation
        for index in _indices(relation):
            assert 0 <= index < count, relation


def _indices(relation: dict[str, Any]) -> list[int]:
    found: list[int] = []
    for key in ("whole", "numerator", "denominator", "result", "current", "previous", "increment", "delta", "a", "b"):
        if key in relation:
            found.append(relation[key])
    return found + list(relation.get("parts", []))


def _stated(figure: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """The value and its precision in the same units, from the surface as written."""
    value = Decimal(str(figure["value"]))
    match = _NUMERAL.search(figure["surface"].translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if match is None:  # Chinese numerals: integers as written
        return value, Decimal(1)
    written = Decimal(match.group().replace(",", "").replace("，", "").replace("．", "."))
    decimals = -written.as_tuple().exponent if "." in match.group() or "．" in match.group() else 0
    scale = value / written if written else Decimal(1)
    return value, Decimal(1).scaleb(-int(decimals)) * scale


def _recompute(relation: dict[str, Any], figures: list[dict[str, Any]]) -> tuple[dict[str, Any], Decimal]:
    def value(key: str) -> Decimal:
        return _stated(figures[relation[key]])[0]

    kind = relation["kind"]
    if kind == "sum":
        return figures[relation["whole"]], sum((_stated(figures[i])[0] for i in relation["parts"]), Decimal(0))
    if kind == "ratio":
        return figures[relation["result"]], value("numerator") / value("denominator") * 100
    if kind == "difference":
        return figures[relation["result"]], value("a") - value("b")
    current = value("current")
    if "previous" in relation:
        previous = value("previous")
    else:
        change = value("increment" if "increment" in relation else "delta")
        previous = current + change if relation.get("direction") == "decrease" else current - change
    growth = (current - previous) / previous * 100
    return figures[relation["result"]], abs(growth)


def test_gold_relation_status_recomputes(gold: dict[str, Any]) -> None:
    for relation in gold["relations"]:
        stated_figure, computed = _recompute(relation, gold["figures"])
        stated, precision = _stated(stated_figure)
        if relation["kind"] == "difference":
            computed = abs(computed)
        verdict = judge(stated, computed, precision, stated_figure["qualifier"])
        assert verdict.status == relation["status"], (gold["id"], relation, str(computed))


def test_gold_devset_recomputes_too() -> None:
    """The same rule agrees with the shared devset's statuses (the format's own examples)."""
    devset = SHARED / "devset"
    if not devset.exists():
        pytest.skip("../shared/devset is not available")
    disagreements = []
    for path in sorted(devset.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for relation in data["relations"]:
            stated_figure, computed = _recompute(relation, data["figures"])
            stated, precision = _stated(stated_figure)
            computed = abs(computed) if relation["kind"] == "difference" else computed
            if judge(stated, computed, precision, stated_figure["qualifier"]).status != relation["status"]:
                disagreements.append((data["id"], relation.get("arith")))
    assert disagreements == []


GOLD_ROLES = {"value", "total", "part", "change", "share", "rate", "target", "threshold", "date"}


def test_gold_roles_and_parents(gold: dict[str, Any]) -> None:
    """The optional per-figure structure (role, parent) scored by `newsfig eval`: a known role, and a
    parent that is another figure of the article."""
    count = len(gold["figures"])
    for index, figure in enumerate(gold["figures"]):
        where = f"{gold['id']} figure {index}"
        if "role" in figure:
            assert figure["role"] in GOLD_ROLES, where
        parent = figure.get("parent")
        if parent is not None:
            assert isinstance(parent, int), where
            assert 0 <= parent < count, where
            assert parent != index, where
