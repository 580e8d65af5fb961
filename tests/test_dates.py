"""Dates and periods resolved against the publication date, as a case table."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from extractor.dates import find_date_candidates, normalize_date
from extractor.rules import Rules

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("dates.jsonl"))
def test_dates_resolve(case: dict[str, Any], rules: Rules) -> None:
    text, published = case["input"]["text"], case["input"]["published"]
    anchor = date.fromisoformat(published) if published else None
    found, roles = [], []
    for candidate in find_date_candidates(text, rules):
        quantity = normalize_date(candidate, anchor, rules)
        found.append([text[quantity.start : quantity.end], quantity.kind, quantity.value, quantity.qualifier])
        roles.append(quantity.date_role)
    assert found == case["expected"]
    if "roles" in case:
        assert roles == case["roles"]


def test_dates_as_of_role(rules: Rules) -> None:
    [candidate] = find_date_candidates("截至5月20日,全市", rules)
    assert normalize_date(candidate, date(2021, 5, 28), rules).date_role == "as_of"
