"""The corpus quality gate: figure F1 per kind, metric agreement, relation recall and false
alarms on the project's corpus and the shared devset may not drop below tests/quality_floors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate import load_gold, score
from extractor.output import article_to_dict
from extractor.pipeline import extract

from .conftest import REPO, SHARED, load_benchmark

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))
SETS = {"corpus": REPO / "corpus", "devset": SHARED / "devset"}


@pytest.fixture(scope="module", params=sorted(SETS))
def report(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    name: str = request.param
    if not SETS[name].exists():
        pytest.skip(f"{SETS[name]} is not available")
    gold = load_gold([SETS[name]])
    predicted = {a.id: article_to_dict(extract(a.text, a.published, a.title, id=a.id)) for a in gold}
    return name, score(gold, predicted).to_dict()


def test_quality_gate_figure_f1(report: tuple[str, dict[str, Any]]) -> None:
    name, result = report
    floors = FLOORS[name]["figure_f1"]
    scores = {"overall": result["figures"]["overall"]["f1"]}
    scores |= {family: counts["f1"] for family, counts in result["figures"]["by_family"].items()}
    below = {family: (scores.get(family), floor) for family, floor in floors.items() if scores.get(family, 0) < floor}
    assert below == {}


def test_quality_gate_metric_agreement(report: tuple[str, dict[str, Any]]) -> None:
    name, result = report
    assert result["metric_agreement"]["rate"] >= FLOORS[name]["metric_agreement"]


def test_quality_gate_relations(report: tuple[str, dict[str, Any]]) -> None:
    name, result = report
    assert result["relations"]["overall"]["recall"] >= FLOORS[name]["relation_recall"]
    assert result["false_alarms"]["per_article"] <= FLOORS[name]["false_alarms_per_article"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_gate_structure(name: str) -> None:
    """Role and parent of parts and changes (structure_eval.py) may not drop below the floor."""
    from extractor.structure_eval import score_structure

    if not SETS[name].exists():
        pytest.skip(f"{SETS[name]} is not available")
    gold = load_gold([SETS[name]])
    predicted = {a.id: article_to_dict(extract(a.text, a.published, a.title, id=a.id)) for a in gold}
    rate = score_structure(gold, predicted).rate()
    assert rate is not None
    assert rate >= FLOORS[name]["structure"]


@pytest.mark.parametrize("digit", ["last", "first"])
@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_gate_injected_errors(name: str, digit: str) -> None:
    """Injected errors (benchmarks/checks.py: one digit of a figure of a consistent gold relation
    changed) detected, of those that make the relation inconsistent at its stated precision."""
    if not SETS[name].exists():
        pytest.skip(f"{SETS[name]} is not available")
    result = load_benchmark("checks").measure(SETS[name], which=digit)
    rate = result.to_dict()["detectable_detection_rate"]
    assert rate is not None
    assert rate >= FLOORS[name]["injected_detected_of_detectable"][digit]
    assert result.false_alarms == 0


def test_quality_gate_false_alarms_on_consistent_articles() -> None:
    """Articles consistent by construction (benchmarks/consistent): every inconsistent check is a
    false alarm; the issue's bound is one per 20 articles."""
    result = load_benchmark("false_alarms").measure()
    assert result.articles >= 16
    assert result.per_20 <= FLOORS["consistent_by_construction"]["false_alarms_per_20_articles_max"], result.alarms
