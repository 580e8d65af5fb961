"""extractor.tagging redoes two of jieba's computations in fewer steps: both must give jieba's
answers exactly (the same words, the same tags, the same ties)."""

from __future__ import annotations

import re
from functools import cache

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.tagging import _hmm_words, _route, phrase_tags

from .conftest import case_and_gold_texts


@cache
def _blocks() -> list[str]:
    """Every block jieba segments on its own in the case and gold texts."""
    found = {m.group() for text in case_and_gold_texts() for m in jieba.posseg.re_han_internal.finditer(text)}
    return sorted(found)


def _jieba_ends(block: str) -> list[int]:
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(block, jieba.dt.get_DAG(block), route)
    return [route[position][1] + 1 for position in range(len(block))]


def _jieba_hmm_words(run: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in jieba.posseg.dt._POSTokenizer__cut_detail(run)]


def test_tagging_route_same_as_jieba_on_every_block() -> None:
    blocks = _blocks()
    assert [_route(block) for block in blocks] == [_jieba_ends(block) for block in blocks]


def test_tagging_hmm_same_as_jieba_on_every_clause_tail() -> None:
    """The HMM's words of the last characters of every block (names it does not know, single
    characters, digits and letters mixed in)."""
    runs = sorted({block[-size:] for block in _blocks() for size in (2, 5)})
    assert [list(_hmm_words(run)) for run in runs] == [_jieba_hmm_words(run) for run in runs]


@pytest.mark.parametrize(
    "run",
    ["综保区", "从市", "12月11日从市", "经开区", "嘉兴禾晟骏达", "鑫达昌盛", "abc12.5个Ｘ", "㐀㐁", "市", "x"],
)
def test_tagging_hmm_same_as_jieba(run: str) -> None:
    assert list(_hmm_words(run)) == _jieba_hmm_words(run)


def _jieba_phrase_tags(phrase: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(phrase)]


def test_phrase_tags_same_as_jieba_on_every_clause() -> None:
    """Every clause of the case and gold texts, punctuation, spaces, digits and letters included,
    and its first ten characters (what a label or a noun phrase after a figure is)."""
    clauses = sorted(
        {
            piece
            for text in case_and_gold_texts()
            for clause in re.split(r"[，。；\n]", text)
            for piece in (clause, clause[:10])
        }
    )
    assert [phrase_tags(clause) for clause in clauses] == [_jieba_phrase_tags(clause) for clause in clauses]


@pytest.mark.parametrize("phrase", ["", " ", "abc 12.5%", "Ｘ光机3台", "5G基站", "·", "１２万", "a-b", "一、二"])
def test_phrase_tags_same_as_jieba(phrase: str) -> None:
    assert phrase_tags(phrase) == _jieba_phrase_tags(phrase)


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5)
_TEXT_CHARS = st.sampled_from(sorted(set("".join(re.findall(r"[\u4e00-\u9fd5]", "".join(case_and_gold_texts()))))))


@settings(max_examples=150, deadline=None)
@given(st.text(st.one_of(_HAN, _TEXT_CHARS, st.sampled_from("0123456789.abcXY")), min_size=1, max_size=12))
def test_tagging_same_as_jieba_on_any_text(text: str) -> None:
    assert _route(text) == _jieba_ends(text)
    assert list(_hmm_words(text)) == _jieba_hmm_words(text)


@settings(max_examples=150, deadline=None)
@given(st.text(st.one_of(_HAN, _TEXT_CHARS, st.sampled_from("0123456789.abcXY ，、%-·Ｘ１")), max_size=14))
def test_phrase_tags_same_as_jieba_on_any_text(text: str) -> None:
    assert phrase_tags(text) == _jieba_phrase_tags(text)
