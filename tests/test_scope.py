"""Scope (the place or entity a figure is about) and the sentence span of each figure."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from extractor.labels import strip_label
from extractor.pipeline import extract
from extractor.rules import Rules
from extractor.scope import find_mentions, without_scope

from .conftest import SHARED, case_and_gold_texts, load_cases

# Names of unknown words before a company suffix: the HMM's words are the name's words.
_COMPANY_NAMES = [
    "大庆智陶瓷业有限公司年产瓷砖3000万平方米",
    "黑龙江鑫达昌盛建材有限公司投资5亿元，宁波鹏翔伟业科技集团投资3亿元",
    "由嘉兴禾晟骏达新材料股份有限公司承建的项目，总投资12亿元",
]


def _posseg_words(block: str, needed: object) -> list[tuple[str, str]]:
    import jieba.posseg

    return [(pair.word, pair.flag) for pair in jieba.posseg.cut(block)]


def test_scope_mentions_same_as_with_every_run_tagged(rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of unknown characters left uncut (extractor.tagging) change no mention: every block
    of every case and gold text, read with jieba.posseg.cut's own words."""
    texts = [*case_and_gold_texts(), *_COMPANY_NAMES]
    found = [find_mentions(text, rules) for text in texts]
    monkeypatch.setattr("extractor.scope.tagged_words", _posseg_words)
    assert [find_mentions(text, rules) for text in texts] == found


def _without_scope_reading_every_block(label: str, rules: Rules) -> str:
    """without_scope as it read the label before: every mention of the label found first."""
    mentions = find_mentions(label, rules)
    if not mentions or mentions[0].start != 0 or mentions[0].kind not in ("collective", "place"):
        return label
    rest = strip_label(label[mentions[0].end :], rules)
    return rest if len(rest) >= 2 else label


def test_scope_without_scope_reads_only_the_opening_block(rules: Rules) -> None:
    """Every clause of every case and gold text, and each of its tails, read both ways."""
    clauses = {part for text in case_and_gold_texts() for part in re.split(r"[，。；、：,;:\n]", text) if part}
    labels = sorted({clause[start:] for clause in clauses for start in range(min(len(clause), 12))})
    assert [without_scope(label, rules) for label in labels] == [
        _without_scope_reading_every_block(label, rules) for label in labels
    ]


@pytest.mark.parametrize("case", load_cases("scope.jsonl"))
def test_scope_of_figures(case: dict[str, Any]) -> None:
    article = extract(case["input"], "2021-05-28")
    assert [[f.text, f.scope] for f in article.figures] == case["expected"]


@pytest.mark.parametrize("case", load_cases("sentence_spans.jsonl"))
def test_scope_sentence_spans(case: dict[str, Any]) -> None:
    text = case["input"]
    article = extract(text, "2021-05-28")
    assert [[f.text, text[f.sentence_start : f.sentence_end]] for f in article.figures] == case["expected"]


def test_scope_mentions_skip_excluded_spans(rules: Rules) -> None:
    text = "大庆市重点项目。全省项目。"
    assert [m.text for m in find_mentions(text, rules, excluded=[(0, 8)])] == ["全省"]


def _gold_articles() -> list[Path]:
    return sorted((SHARED / "devset").glob("*.json")) + sorted((Path(__file__).parents[1] / "corpus").glob("*.json"))


@pytest.mark.parametrize("path", _gold_articles(), ids=lambda p: p.stem)
def test_scope_sentence_span_holds_its_figure(path: Path) -> None:
    """On every gold article: the sentence span contains the figure and is one of the split's sentences."""
    data = json.loads(path.read_text(encoding="utf-8"))
    article = extract(data["text"], data.get("published"), data.get("title"))
    assert article.figures
    for figure in article.figures:
        assert figure.sentence_start is not None
        assert figure.sentence_end is not None
        assert figure.sentence_start <= figure.start < figure.end <= figure.sentence_end
    spans = sorted({(f.sentence, f.sentence_start, f.sentence_end) for f in article.figures})
    assert all(a[2] <= b[1] for a, b in itertools.pairwise(spans))
