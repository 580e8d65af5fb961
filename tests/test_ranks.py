"""Ranks (居全省第4位) attached to the figure they rank, as a case table."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.pipeline import extract

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("ranks.jsonl"))
def test_ranks_attach_to_the_figure_they_rank(case: dict[str, Any]) -> None:
    article = extract(case["input"], published="2021-05-20")
    ranked = [[f.text, f.rank, f.rank_among] for f in article.figures if f.rank is not None]
    assert ranked == case["expected"]
