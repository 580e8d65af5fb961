"""The noise generator (extractor/noise.py, `newsfig noise`): seed-style dirt that the cleaner
takes away again, never inside a protected span, deterministic by seed; and noise parity on a
few devset articles (benchmarks/noise_parity.py runs the whole set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.clean import clean
from extractor.cli import main
from extractor.noise import add_noise, drop_high_bit, noisy_gold
from extractor.rules import Rules

from .conftest import SHARED, load_benchmark, load_cases, need_shared
from .fuzz_inputs import NEWS_FRAGMENTS, SUITE, UNITS

DEVSET = SHARED / "devset"
PARITY_ARTICLES = ("a-001.json", "b-002.json", "b-011.json")


noise_parity = load_benchmark("noise_parity")


def _protected(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for surface in surfaces:
        start = text.index(surface, cursor)
        spans.append((start, start + len(surface)))
        cursor = start + len(surface)
    return spans


@pytest.mark.parametrize("case", load_cases("noise.jsonl"))
def test_noise_protected_spans_stay_whole(case: dict[str, Any], rules: Rules) -> None:
    text, seed = case["input"]["text"], case["input"]["seed"]
    noisy = add_noise(text, seed, protected=_protected(text, case["input"]["figures"]), rules=rules)
    assert [noisy.text[slice(*noisy.span(s, e))] for s, e in _protected(text, case["input"]["figures"])] == case[
        "expected"
    ]


@pytest.mark.parametrize("case", load_cases("noise.jsonl"))
def test_noise_cleaning_gives_the_text_back(case: dict[str, Any], rules: Rules) -> None:
    text = case["input"]["text"]
    noisy = add_noise(text, case["input"]["seed"], rules=rules)
    assert noisy.text != text
    assert text in clean(noisy.text, rules).text


# Texts of news fragments and figures, and spans in them to protect.
plain_texts = st.lists(st.sampled_from(NEWS_FRAGMENTS[:40] + UNITS + ("387", "1528.2", "，", "。")), max_size=30).map(
    "".join
)


@SUITE
@given(plain_texts, st.lists(st.tuples(st.integers(0, 200), st.integers(1, 8)), max_size=4), st.integers(0, 99))
def test_noise_never_lands_inside_a_protected_span(text: str, spans: list[tuple[int, int]], seed: int) -> None:
    protected = sorted({(start, min(start + length, len(text))) for start, length in spans if start < len(text)})
    noisy = add_noise(text, seed, protected=protected, published="2021-05-28")
    for start, end in protected:
        dirty = noisy.text[slice(*noisy.span(start, end))]
        assert len(dirty) == end - start
        assert clean(dirty).text == clean(text[start:end]).text


def test_noise_same_seed_same_text_other_seed_other_text() -> None:
    text = "全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个，总投资1528.2亿元。"
    assert add_noise(text, 1).text == add_noise(text, 1).text
    assert add_noise(text, 1).text != add_noise(text, 2).text


def test_noise_adds_the_seed_articles_furniture() -> None:
    noisy = add_noise("开复工率77.3%，完成投资94.5亿元。", 0, published="2021-05-28")
    meta_lines = noisy.text.splitlines()
    assert meta_lines[0].startswith("來源:")
    assert meta_lines[2].startswith("2021年05月28日")
    assert "(記者 " in noisy.text
    assert "(責編:" in noisy.text
    assert any(line.count("|") >= 10 for line in meta_lines)
    assert {fix.name for fix in noisy.noise if fix.count} >= {"traditional", "pinyin_gloss"}


@pytest.mark.parametrize(
    ("text", "garbled"),
    [("”市發", "!笔邪l"), ("€", None), ("ab", None)],
    ids=["the seed's quote", "no GBK code", "ASCII has no high bit to lose"],
)
def test_noise_drop_high_bit_is_the_seed_mojibake(text: str, garbled: str | None) -> None:
    assert drop_high_bit(text) == garbled


def test_noise_gold_moves_with_the_text() -> None:
    record = json.loads(need_shared(DEVSET / "a-004.json").read_text(encoding="utf-8"))
    dirty = noisy_gold(record, 0)
    assert noise_parity.gold_problems(record, dirty) == []
    assert dirty["text"] != record["text"]
    assert [f["value"] for f in dirty["figures"]] == [f["value"] for f in record["figures"]]


def test_noise_command_writes_gold_that_eval_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = need_shared(DEVSET / "b-002.json")
    assert main(["noise", str(source), "--seed", "4", "-o", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "b-002.json").read_text(encoding="utf-8"))
    assert noise_parity.gold_problems(json.loads(source.read_text(encoding="utf-8")), written) == []
    assert main(["noise", str(source), "--seed", "4"]) == 0
    assert json.loads(capsys.readouterr().out) == written
    assert main(["eval", str(tmp_path), "--json"]) == 0


def test_noise_command_refuses_many_articles_in_one_json_file(tmp_path: Path) -> None:
    need_shared(DEVSET)
    assert main(["noise", str(DEVSET / "a-001.json"), str(DEVSET / "a-004.json"), "-o", str(tmp_path / "x.json")]) == 2


def test_noise_parity_on_devset_articles() -> None:
    records = [json.loads(need_shared(DEVSET / name).read_text(encoding="utf-8")) for name in PARITY_ARTICLES]
    result = noise_parity.parity(records, seeds=[0])
    assert result.invalid_gold == []
    assert result.worst_recall_gap <= noise_parity.MAX_GAP_POINTS
