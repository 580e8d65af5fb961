"""Attribution: metric, role and parent of each figure, from case tables."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.pipeline import extract

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("attribution.jsonl"))
def test_attribute_metric_role_parent(case: dict[str, Any]) -> None:
    article = extract(case["input"], "2021-05-28")
    by_id = {figure.id: figure.text for figure in article.figures}
    found = [[f.text, f.metric, f.role, by_id.get(f.parent) if f.parent else None] for f in article.figures]
    assert found == case["expected"]
