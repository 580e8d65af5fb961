"""Batch inputs: globs, directories with HTML, JSONL/CSV/Parquet with configurable columns; HTML
main text; encodings recorded. One document out for every document in, a bad one with an error."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from extractor.counting import count_documents
from extractor.pipeline import process
from extractor.records import SourceDocument
from extractor.sources import DEFAULT_COLUMNS, Columns, content_hash, from_record, read_sources

from .conftest import load_cases

SIMPLIFIED = (
    "截至5月20日，全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个，"
    "总投资1528.2亿元，年度计划投资577.5亿元。"
)
PAGE = (
    "<html><head><meta charset='{charset}'><title>{title}</title>"
    "<meta name='date' content='2021-05-28'></head><body><nav>首頁 | 新聞 | 圖片</nav>"
    "<article><h1>{title}</h1><p>{text}</p><p>開復工率達到77.3%，進度好於往年同期水平。</p></article>"
    "<footer>版權所有 聯繫我們</footer></body></html>"
)
RECORDS = [
    {"doc": "a", "body": SIMPLIFIED, "date": "2021-05-28", "headline": "甲"},
    {"doc": "b", "body": "全年新建项目210个。", "date": None, "headline": None},
]
NAMED = Columns(text="body", id="doc", published="date", title="headline")


TITLE = "大慶市重點項目開復工"
TRADITIONAL = (
    "截至5月20日，全市已落實投資500萬元以上重點項目387個，其中新建210個、續建177個，"
    "總投資1528.2億元，年度計劃投資577.5億元。"
)


def page(text: str = SIMPLIFIED, charset: str = "utf-8") -> bytes:
    return PAGE.format(text=text, charset=charset, title=TITLE).encode(charset)


def read(*names: str | Path, columns: Columns = DEFAULT_COLUMNS) -> list[SourceDocument]:
    return list(read_sources([str(name) for name in names], columns))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("case", load_cases("batch_records.jsonl"))
def test_sources_record_columns(case: dict[str, Any]) -> None:
    columns = Columns(**case["input"]["columns"])
    document = from_record(case["input"]["record"], "f.csv:2", columns)
    expected = case["expected"]
    assert (document.id, document.published, document.title) == tuple(expected[k] for k in ("id", "published", "title"))
    assert (document.error.code if document.error else None) == expected["error"]


def test_sources_glob_is_sorted_and_mixes_kinds(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", SIMPLIFIED)
    write(tmp_path / "a.html", page())
    write(tmp_path / "c.md", SIMPLIFIED)
    documents = read(tmp_path / "*.*t*")
    assert [Path(d.id).name for d in documents] == ["a.html", "b.txt"]
    assert [d.media_type for d in documents] == ["html", "text"]


def test_sources_glob_matching_nothing_yields_nothing(tmp_path: Path) -> None:
    assert read(tmp_path / "*.txt") == []


def test_sources_directory_reads_txt_html_and_htm(tmp_path: Path) -> None:
    for name in ["z.txt", "a/b.htm", "a/c.HTML", "skip.md", "skip.jsonl"]:
        write(tmp_path / name, SIMPLIFIED)
    assert [Path(d.id).relative_to(tmp_path).as_posix() for d in read(tmp_path)] == ["a/b.htm", "a/c.HTML", "z.txt"]


def test_sources_jsonl_csv_and_parquet_with_named_columns_agree(tmp_path: Path) -> None:
    frame = pd.DataFrame(RECORDS)
    frame.to_parquet(tmp_path / "in.parquet")
    frame.to_csv(tmp_path / "in.csv", index=False)
    write(tmp_path / "in.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS))
    for name in ["in.parquet", "in.csv", "in.jsonl"]:
        documents = read(tmp_path / name, columns=NAMED)
        assert [(d.id, d.text, d.published, d.title) for d in documents] == [
            ("a", SIMPLIFIED, "2021-05-28", "甲"),
            ("b", "全年新建项目210个。", None, None),
        ], name


def test_sources_parquet_timestamp_is_an_iso_date(tmp_path: Path) -> None:
    pd.DataFrame({"text": [SIMPLIFIED], "published": [datetime(2021, 5, 28, 8, 28)]}).to_parquet(tmp_path / "t.parquet")
    (document,) = read(tmp_path / "t.parquet")
    assert document.published == "2021-05-28T08:28:00"
    assert document.id == f"{tmp_path / 't.parquet'}:1"


def test_sources_csv_quoted_line_breaks_and_row_ids(tmp_path: Path) -> None:
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "title"])
        writer.writerow(["第一段387个\n第二段210个", "x"])
        writer.writerow(["", "y"])
    documents = read(tmp_path / "in.csv")
    assert [d.id for d in documents] == [f"{tmp_path / 'in.csv'}:2", f"{tmp_path / 'in.csv'}:3"]
    assert documents[0].text == "第一段387个\n第二段210个"


@pytest.mark.parametrize("name", ["missing.csv", "missing.parquet", "missing.jsonl", "missing.html"])
def test_sources_missing_path_is_an_error_document(tmp_path: Path, name: str) -> None:
    (document,) = read(tmp_path / name)
    assert document.error is not None
    assert document.error.code == "E204"


def test_sources_broken_parquet_is_an_error_document(tmp_path: Path) -> None:
    (document,) = read(write(tmp_path / "bad.parquet", b"not parquet at all"))
    assert document.error is not None
    assert document.error.code == "E203"


@pytest.mark.parametrize("charset", ["utf-8", "gb18030", "big5"])
def test_sources_html_main_text_title_date_and_encoding(tmp_path: Path, charset: str) -> None:
    text = TRADITIONAL
    (source,) = read(write(tmp_path / "page.html", page(text, charset)))
    article = process(source)
    assert article.error is None
    assert article.text is not None
    assert text in article.text
    assert "首頁" not in article.text
    assert "版權所有" not in article.text
    assert (article.meta.title, article.meta.published) == (TITLE, "2021-05-28")
    assert article.encoding == charset
    for figure in article.figures:  # offsets index the extracted text
        assert article.text[figure.start : figure.end] == figure.text
    assert "387個" in [f.text for f in article.figures]


def test_sources_html_without_main_text_is_an_empty_document(tmp_path: Path) -> None:
    (source,) = read(write(tmp_path / "empty.html", "<html><head><title>空</title></head><body></body></html>"))
    article = process(source)
    assert article.error is not None
    assert article.error.code == "E201"


def test_sources_content_hash_depends_on_content_only() -> None:
    assert content_hash(SourceDocument(id="a", text="387个")) == content_hash(SourceDocument(id="b", text="387个"))
    assert content_hash(SourceDocument(id="a", text="387个")) != content_hash(SourceDocument(id="a", text="388个"))


def test_sources_count_for_progress(tmp_path: Path) -> None:
    write(tmp_path / "in.jsonl", "{}\n{}\n{}")
    pd.DataFrame(RECORDS).to_parquet(tmp_path / "in.parquet")
    write(tmp_path / "d" / "a.txt", "x")
    write(tmp_path / "d" / "b.html", "x")
    names = [str(tmp_path / "in.jsonl"), str(tmp_path / "in.parquet"), str(tmp_path / "d")]
    assert count_documents(names, Columns()) == 3 + 2 + 2
    assert count_documents([*names, "-"], Columns()) is None
