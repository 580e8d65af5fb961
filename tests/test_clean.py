"""Cleaning: fixers change the text for analysis, and the offset map always leads back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.clean import clean

from .conftest import SEED, load_cases, need_shared


@pytest.mark.parametrize("case", load_cases("clean.jsonl"))
def test_clean_fixes(case: dict[str, Any]) -> None:
    assert clean(case["input"]).text == case["expected"]


def _assert_maps_back(raw: str) -> None:
    """Every clean character comes from a non-empty raw span, in reading order."""
    cleaned = clean(raw)
    last = 0
    for index in range(len(cleaned.text)):
        start, end = cleaned.raw_span(index, index + 1)
        assert last <= start < end <= len(raw)
        last = start


def test_clean_seed_offsets_map_every_character() -> None:
    raw = need_shared(SEED).read_text(encoding="utf-8")
    cleaned = clean(raw)
    _assert_maps_back(raw)
    number = cleaned.text.index("1528.2亿元")
    start, end = cleaned.raw_span(number, number + len("1528.2亿元"))
    assert raw[start:end] == "1528.2億元"
    assert [fix.name for fix in cleaned.fixes] == [
        "repair_gbk_byte_drop",
        "remove_pinyin_gloss",
        "to_halfwidth",
        "to_simplified",
    ]
    assert "27个”市发改委工作人员" in cleaned.text
    assert not cleaned.warnings


def test_clean_span_covers_removed_gloss() -> None:
    raw = "設(shè)387個"
    cleaned = clean(raw)
    assert cleaned.text == "设387个"
    assert cleaned.raw_span(0, 2) == (0, 7)


@given(st.text(alphabet=st.sampled_from("設(shè)１２３．４％億元個 \u200b,，。(大慶)abc"), max_size=60))
def test_clean_offsets_are_monotonic_and_in_range(raw: str) -> None:
    _assert_maps_back(raw)
