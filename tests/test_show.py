"""``newsfig show --html``: every figure highlighted by kind, with its metric in the label."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import regex

from extractor.cli import main
from extractor.pipeline import extract
from extractor.show import KIND_COLOURS, displacy_doc, render_html

from .conftest import SEED, need_shared

_MARK = regex.compile(r'<mark class="entity" style="background: (#\w+);[^>]*>\s*(.*?)\s*<span[^>]*>([^<]*)</span>')
TEXT = "截至5月20日，全市重点项目387个，其中新建210个、续建177个，总投资1528.2亿元，开复工率77.3%。"


def marks(page: str) -> list[tuple[str, str, str]]:
    return [(colour, html.unescape(text), html.unescape(label)) for colour, text, label in _MARK.findall(page)]


def test_show_marks_every_figure_with_kind_colour_and_metric() -> None:
    article = extract(TEXT, "2021-05-28")
    found = marks(render_html([(TEXT, article)]))
    expected = [
        (KIND_COLOURS[f.kind], f.text, f"{f.kind} · {f.metric}" if f.metric else f.kind) for f in article.figures
    ]
    assert found == expected
    assert ("#a6cee3", "387个", "count · 重点项目") in found


def test_show_displacy_offsets_index_the_text() -> None:
    article = extract(TEXT, "2021-05-28")
    doc = displacy_doc(TEXT, article)
    assert [TEXT[ent["start"] : ent["end"]] for ent in doc["ents"]] == [f.text for f in article.figures]


def test_show_cli_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = need_shared(SEED)
    out = tmp_path / "seed.html"
    assert main(["show", str(seed), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    texts = [text for _, text, _ in marks(page)]
    assert "1528.2億元" in texts
    assert len(texts) > 20
    assert "rendered" in capsys.readouterr().err


def test_show_cli_no_readable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(tmp_path / "missing.txt"), "--html", str(tmp_path / "x.html")]) == 3
    assert not (tmp_path / "x.html").exists()
