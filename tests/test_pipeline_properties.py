"""Property tests over the whole pipeline: on any input — arbitrary text, news fragments,
numerals, noise — :func:`extractor.pipeline.extract` returns an article whose spans map into the
input, whose numbers are finite, whose ids are unique and referenced correctly, and whose JSONL
record is valid JSON on one line (see :func:`tests.fuzz_inputs.violations`).

The example budget is ``SUITE`` in ``tests/fuzz_inputs.py``; ``benchmarks/fuzz.py`` runs the same
strategies with a budget of 100,000.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.pipeline import EMPTY_META, extract
from extractor.records import Article, Check, Figure, Notice

from .fuzz_inputs import SUITE, mutated_sentences, news_texts, publication_dates, violations


@SUITE
@given(st.text(max_size=200))
def test_pipeline_arbitrary_text_keeps_every_property(text: str) -> None:
    assert violations(text, extract(text)) == []


@SUITE
@given(news_texts(), publication_dates())
def test_pipeline_news_like_text_keeps_every_property(text: str, published: str | None) -> None:
    assert violations(text, extract(text, published=published)) == []


@SUITE
@given(st.lists(news_texts(max_pieces=12), min_size=1, max_size=6))
def test_pipeline_paragraphs_keep_every_property(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    assert violations(text, extract(text)) == []


@SUITE
@given(mutated_sentences(), publication_dates())
def test_pipeline_mutated_corpus_sentences_keep_every_property(text: str, published: str | None) -> None:
    assert violations(text, extract(text, published=published)) == []


# The properties themselves must be able to fail: each row breaks one of them on purpose.
TEXT = "总投资387个"


def _figure(start: int = 3, end: int = 7, value: str = "387", **fields: Any) -> Figure:
    return Figure("f1", "count", Decimal(value), None, "个", "exact", start, end, "387个", None, **fields)


def _check(figures: tuple[str, ...] = ("f1",), stated: str = "387") -> Check:
    return Check("c1", "repeat", "consistent", figures, (("body", figures),), Decimal(stated), None, Decimal(0), "", "")


def _article(
    figures: tuple[Figure, ...] = (), checks: tuple[Check, ...] = (), warnings: tuple[Notice, ...] = ()
) -> Article:
    return Article("doc", EMPTY_META, figures=figures or (_figure(),), checks=checks, warnings=warnings)


BROKEN = [
    pytest.param(_article((_figure(3, 9),)), id="span past the end"),
    pytest.param(_article((_figure(2, 6),)), id="span off by one"),
    pytest.param(_article((_figure(sentence_start=4, sentence_end=7),)), id="sentence not holding its figure"),
    pytest.param(_article((_figure(), _figure())), id="duplicate figure id"),
    pytest.param(_article((_figure(parent="f9"),)), id="parent is no figure"),
    pytest.param(_article((_figure(value="Infinity"),)), id="infinite value"),
    pytest.param(_article((_figure(value="NaN"),)), id="NaN value"),
    pytest.param(_article(checks=(_check(stated="NaN"),)), id="NaN stated"),
    pytest.param(_article(checks=(_check(("f1", "f2")),)), id="check names a missing figure"),
    pytest.param(_article(warnings=(Notice("W400", "", 5, 99),)), id="warning span outside"),
]


@pytest.mark.parametrize("article", BROKEN)
def test_pipeline_properties_catch_broken_articles(article: Article) -> None:
    assert violations(TEXT, article) != []


def test_pipeline_properties_pass_a_sound_article() -> None:
    assert violations(TEXT, _article(checks=(_check(),))) == []
