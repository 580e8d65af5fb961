"""Scoring the structure of figures: parts of the right whole, changes as changes."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.evaluate import parse_gold_article
from extractor.structure_eval import gold_structure, score_structure

TEXT = "重点项目387个，其中新建210个、续建177个，同比增长12%。"
GOLD: dict[str, Any] = {
    "id": "g",
    "text": TEXT,
    "figures": [
        {"start": 4, "end": 8, "surface": "387个", "kind": "count", "value": 387, "metric": "重点项目"},
        {"start": 13, "end": 17, "surface": "210个", "kind": "count", "value": 210, "metric": "新建"},
        {"start": 20, "end": 24, "surface": "177个", "kind": "count", "value": 177, "metric": "续建"},
        {"start": 29, "end": 32, "surface": "12%", "kind": "percent", "value": 12, "metric": "增速", "role": "change"},
    ],
    "relations": [{"kind": "sum", "whole": 0, "parts": [1, 2], "status": "consistent"}],
}


def predicted(parent_of_second: str | None, last_role: str) -> dict[str, Any]:
    figures = [
        {"id": "f1", "kind": "count", "value": 387, "start": 4, "end": 8, "role": "total", "parent": None},
        {"id": "f2", "kind": "count", "value": 210, "start": 13, "end": 17, "role": "part", "parent": "f1"},
        {"id": "f3", "kind": "count", "value": 177, "start": 20, "end": 24, "role": "part", "parent": parent_of_second},
        {"id": "f4", "kind": "percent", "value": 12, "start": 29, "end": 32, "role": last_role, "parent": None},
    ]
    return {"g": {"id": "g", "figures": figures, "checks": []}}


def test_structure_eval_gold_from_relations_and_fields() -> None:
    article = parse_gold_article(GOLD)
    assert gold_structure(article) == {1: ("part", 0), 2: ("part", 0), 3: ("change", None)}


@pytest.mark.parametrize(
    ("parent", "last_role", "rate", "errors"),
    [("f1", "change", 1.0, 0), (None, "change", 0.6667, 1), ("f2", "value", 0.3333, 2)],
)
def test_structure_eval_scores_parts_and_changes(parent: str | None, last_role: str, rate: float, errors: int) -> None:
    score = score_structure([parse_gold_article(GOLD)], predicted(parent, last_role))
    assert score.rate() == rate
    assert len(score.errors) == errors
    assert score.to_dict()["by_role"]["part"]["compared"] == 2  # type: ignore[index]


def test_structure_eval_missing_prediction_counts_as_wrong() -> None:
    score = score_structure([parse_gold_article(GOLD)], {})
    assert score.rate() == 0.0
    assert "part 0/2, change 0/1" in score.format_line()
