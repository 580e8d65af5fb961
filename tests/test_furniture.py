"""Page furniture (link lists, SEO tails, share/print bars, repeated headers) yields no figures."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.pipeline import extract

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("furniture.jsonl"))
def test_metadata_furniture_yields_no_figures(case: dict[str, Any]) -> None:
    article = extract(case["input"], published="2021-05-28")
    assert article.error is None
    assert [figure.text for figure in article.figures if figure.zone == "body"] == case["expected"]
