"""The time of every figure (period, basis_period), as a case table over the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.attribute import Attributed
from extractor.pipeline import extract
from extractor.records import Quantity
from extractor.rules import Rules
from extractor.sentences import split_sentences
from extractor.timeframe import TimeMark, figure_times

from .conftest import load_cases


@pytest.mark.parametrize("case", load_cases("timeframes.jsonl"))
def test_timeframe_periods(case: dict[str, Any], rules: Rules) -> None:
    article = extract(case["input"]["text"], published=case["input"]["published"], rules=rules)
    found = [[f.text, f.period, f.basis_period] for f in article.figures if f.kind not in ("date", "period")]
    assert found == case["expected"]


def test_timeframe_every_comparison_base_has_a_shift(rules: Rules) -> None:
    shifts = rules.table("dates", "comparison_shifts")
    assert set(rules.table("attribution", "comparison_bases")) <= set(shifts)


def test_timeframe_dates_have_no_time_of_their_own(rules: Rules) -> None:
    date = Quantity(0, 2, "date", "2021", None, "date", "exact", None)
    item = Attributed(date, None, "date", 0)
    mark = TimeMark(0, 2, "2021", "time")
    [time] = figure_times("今年", [item], split_sentences("今年"), [mark], rules)
    assert (time.period, time.basis_period) == (None, None)
