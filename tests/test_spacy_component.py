"""The spaCy component: doc.spans["figures"], span._.figure, alignment to jieba tokens, the entry point."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.errors import NewsfigError
from extractor.records import Figure
from extractor.spacy_component import FACTORY, figure_span, make_newsfig

from .conftest import REPO, load_cases

JIEBA_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("zh", config=JIEBA_CONFIG)
    pipeline.add_pipe(FACTORY, config={"published": "2021-05-28"})
    return pipeline


@pytest.mark.parametrize("case", load_cases("spacy_spans.jsonl"))
def test_spacy_component_spans(nlp: Language, case: dict[str, Any]) -> None:
    doc = nlp(case["input"])
    found = [{"figure": span._.figure.text, "span": span.text, "label": span.label_} for span in doc.spans["figures"]]
    assert found == case["expected"]


@pytest.mark.parametrize("case", load_cases("spacy_spans.jsonl"))
def test_spacy_component_keeps_every_figure_inside_its_span(nlp: Language, case: dict[str, Any]) -> None:
    doc = nlp(case["input"])
    figures = doc._.newsfig.figures
    assert len(doc.spans["figures"]) == len(figures)
    for span, figure in zip(doc.spans["figures"], figures, strict=True):
        assert span._.figure is figure
        assert span.start_char <= figure.start < figure.end <= span.end_char
        assert doc.text[figure.start : figure.end] == figure.text


def test_spacy_component_records_match_the_pipeline(nlp: Language) -> None:
    from extractor.pipeline import extract

    text = "截至5月20日，全市重点项目387个，其中新建210个、续建177个，总投资1528.2亿元。"
    doc = nlp(text)
    assert doc._.newsfig == extract(text, "2021-05-28")
    assert [span._.figure.metric for span in doc.spans["figures"]] == [f.metric for f in doc._.newsfig.figures]


def test_spacy_component_empty_doc(nlp: Language) -> None:
    doc = nlp("没有数字。")
    assert list(doc.spans["figures"]) == []


def test_spacy_component_unalignable_figure_raises() -> None:
    doc = Doc(spacy.blank("zh").vocab, words=["全市", "387个"], spaces=[False, False])
    outside = Figure("f1", "count", None, None, "个", "exact", 5, 9, "387个", None)
    with pytest.raises(NewsfigError, match="E901"):
        figure_span(doc, outside)


def test_spacy_component_entry_point_declared() -> None:
    """pyproject declares the factory under spaCy's entry-point group, pointing at the factory."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    target = project["entry-points"]["spacy_factories"][FACTORY]
    module, _, attribute = target.partition(":")
    assert getattr(__import__(module, fromlist=[attribute]), attribute) is make_newsfig


def _installed_entry_point() -> bool:
    return any(point.name == FACTORY for point in metadata.entry_points(group="spacy_factories"))


@pytest.mark.skipif(
    not _installed_entry_point(),
    reason="the installed newsfig predates its spacy_factories entry point; reinstall (pip install -e .)",
)
def test_spacy_component_found_through_entry_point() -> None:
    """In a fresh interpreter that never imports extractor, spaCy finds the factory by name."""
    program = (
        "import spacy, sys\n"
        f"nlp = spacy.blank('zh', config={JIEBA_CONFIG!r})\n"
        "nlp.add_pipe('newsfig')\n"
        "doc = nlp('全市共有174个省重点项目，总投资1528.2亿元。')\n"
        "print('|'.join(f'{s.label_}:{s._.figure.text}' for s in doc.spans['figures']))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd="/")
    assert done.stdout.strip() == "count:174个|money:1528.2亿元"
