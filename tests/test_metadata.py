"""Article metadata read from the text (title, dateline, source, bylines, editors), and the
header, byline and footer spans that yield no figures, as a case table."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.pipeline import extract
from extractor.rules import Rules

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("metadata.jsonl"))
def test_metadata_from_text(case: dict[str, Any], rules: Rules) -> None:
    article = extract(case["input"], rules=rules)
    meta = article.meta
    found = {
        "title": meta.title,
        "published": meta.published,
        "source": meta.source,
        "authors": list(meta.authors),
        "correspondents": list(meta.correspondents),
        "editors": list(meta.editors),
        "figures": [figure.text for figure in article.figures],
    }
    assert found == case["expected"]


def test_metadata_input_published_wins_over_dateline(rules: Rules) -> None:
    article = extract("标题\n2021-05-28 08:28 来源：新华网\n全市共有企业500家。", published="2021-06-01", rules=rules)
    assert article.meta.published == "2021-06-01"
