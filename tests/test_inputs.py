"""Reading inputs: files, directories, JSONL records and stdin -> source documents, in order, one
for every document named (a bad one carries an ``error``); and turning their bytes into text."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor.decode import DecodeError, decode
from extractor.inputs import read_inputs
from extractor.records import SourceDocument

from .conftest import load_cases

SIMPLIFIED = (
    "截至5月20日，全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个，"
    "总投资1528.2亿元，年度计划投资577.5亿元。"
)


def read(*names: str | Path) -> list[SourceDocument]:
    return list(read_inputs([str(name) for name in names]))


def error_code(document: SourceDocument) -> str | None:
    return None if document.error is None else document.error.code


def test_inputs_file_is_read_as_raw_bytes(tmp_path: Path) -> None:
    data = "大慶市推進項目建設(shè)\r\n重點項目３８７個".encode("gb18030")
    (tmp_path / "a.txt").write_bytes(data)
    (document,) = read(tmp_path / "a.txt")
    assert document == SourceDocument(id=str(tmp_path / "a.txt"), data=data)


def test_inputs_file_of_any_suffix_is_one_document(tmp_path: Path) -> None:
    (tmp_path / "article.html").write_text(SIMPLIFIED, encoding="utf-8")
    (document,) = read(tmp_path / "article.html")
    assert document.data == SIMPLIFIED.encode()


def test_inputs_directory_is_recursive_sorted_and_txt_only(tmp_path: Path) -> None:
    for name in ["z.txt", "b/d/e.txt", "a.txt", "b/c.txt", "b/skip.md", "b/skip.jsonl", "b/d/skip.txt.bak"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    documents = read(tmp_path)
    expected = ["a.txt", "b/c.txt", "b/d/e.txt", "z.txt"]
    assert [d.id for d in documents] == [str(tmp_path / name) for name in expected]
    assert [d.data for d in documents] == [name.encode() for name in expected]


def test_inputs_empty_directory_yields_nothing(tmp_path: Path) -> None:
    assert read(tmp_path) == []


@pytest.mark.parametrize("name", ["missing.txt", "missing.jsonl", "missing-dir/"])
def test_inputs_missing_path_yields_an_error_document(tmp_path: Path, name: str) -> None:
    (document,) = read(tmp_path / name)
    assert document.id == str(tmp_path / name)
    assert error_code(document) == "E204"
    assert document.error is not None
    assert str(tmp_path / name) in document.error.message
    assert (document.text, document.data) == (None, None)


def _jsonl_line(spec: dict[str, Any]) -> bytes:
    if "raw_hex" in spec:
        return bytes.fromhex(spec["raw_hex"])
    if "raw" in spec:
        return str(spec["raw"]).encode()
    return json.dumps(spec["line"], ensure_ascii=False).encode()


@pytest.mark.parametrize("case", load_cases("cli/jsonl_records.jsonl"))
def test_inputs_jsonl_record(tmp_path: Path, case: dict[str, Any]) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(_jsonl_line(case["input"]) + b"\n")
    (document,) = read(path)
    expected = dict(case["expected"])
    assert document.id == expected.pop("id").format(where=f"{path}:1")
    assert error_code(document) == expected.pop("error")
    for field, value in expected.items():
        assert getattr(document, field) == value, field
    assert document.data is None


def test_inputs_jsonl_lines_in_order_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = ["", json.dumps({"id": "a", "text": "1个"}), "  ", "{broken", json.dumps({"id": "b"}), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    documents = read(path)
    assert [(d.id, error_code(d)) for d in documents] == [("a", None), (f"{path}:4", "E203"), ("b", "E203")]


def test_inputs_jsonl_with_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    records = [json.dumps({"id": i, "text": SIMPLIFIED}, ensure_ascii=False) for i in ("a", "b")]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(records).encode() + b"\r\n")
    documents = read(path)
    assert [(d.id, d.text, error_code(d)) for d in documents] == [("a", SIMPLIFIED, None), ("b", SIMPLIFIED, None)]


def test_inputs_stdin_is_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SIMPLIFIED.encode("gb18030")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert read("-") == [SourceDocument(id="stdin", data=data)]


def test_inputs_order_is_the_order_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"387")))
    (tmp_path / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "m.txt").write_text("m", encoding="utf-8")
    (tmp_path / "r.jsonl").write_text('{"id": "r1", "text": "1"}\n{"id": "r2", "text": "2"}\n', encoding="utf-8")
    names: list[str | Path] = [
        tmp_path / "z.txt",
        tmp_path / "r.jsonl",
        "-",
        tmp_path / "gone.txt",
        tmp_path / "d",
        tmp_path / "z.txt",
    ]
    ids = [d.id for d in read(*names)]
    z = str(tmp_path / "z.txt")
    assert ids == [z, "r1", "r2", "stdin", str(tmp_path / "gone.txt"), str(tmp_path / "d" / "m.txt"), z]


# --- bytes -> text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(SIMPLIFIED.encode(), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + SIMPLIFIED.encode(), "utf-8", id="utf-8 with BOM"),
        pytest.param(SIMPLIFIED.encode("gb18030"), "gb18030", id="gb18030"),
        pytest.param(SIMPLIFIED.encode("utf-16"), "utf_16", id="utf-16 with BOM"),
    ],
)
def test_inputs_bytes_are_decoded_with_the_encoding_named(data: bytes, encoding: str) -> None:
    document = decode(SourceDocument(id="doc", data=data))
    assert document.text == SIMPLIFIED
    assert document.encoding == encoding
    expected = [] if encoding == "utf-8" else [f"[W200] input was not UTF-8; decoded as {encoding}"]
    assert [w.message for w in document.warnings] == expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00" * 64, id="NUL bytes (valid UTF-8)"),
        pytest.param(bytes(range(32)) * 4, id="control bytes (valid UTF-8)"),
        pytest.param(b"%PDF-1.4\n" + bytes(range(256)) * 2, id="PDF-like"),
        pytest.param("重点项目".encode() + b"\x00\x00\x00\x01", id="text with a NUL tail"),
    ],
)
def test_inputs_binary_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(DecodeError) as refused:
        decode(SourceDocument(id="doc", data=data))
    assert refused.value.notice.code == "E202"


def test_inputs_text_keeps_tabs_and_line_breaks() -> None:
    text = "\t重点项目387个\r\n\f总投资3亿元\x1b\n"
    assert decode(SourceDocument(id="doc", data=text.encode())).text == text


def test_inputs_json_file_holds_one_record(tmp_path: Path) -> None:
    path = tmp_path / "a-001.json"
    path.write_text(json.dumps({"text": "总投资3亿元", "published": "2020-09-25", "title": "标题"}), encoding="utf-8")
    (document,) = read(path)
    assert (document.id, document.text, document.published, document.title) == (
        "a-001",
        "总投资3亿元",
        "2020-09-25",
        "标题",
    )


def test_inputs_json_file_holds_a_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"id": "x", "text": "387个"}, {"id": "y"}, "not a record"]), encoding="utf-8")
    documents = read(path)
    assert [(d.id, error_code(d)) for d in documents] == [("x", None), ("y", "E203"), (f"{path}[3]", "E203")]


def test_inputs_json_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    (document,) = read(path)
    assert error_code(document) == "E203"


def test_inputs_null_id_falls_back_to_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": None, "text": "387个"}) + "\n", encoding="utf-8")
    (document,) = read(path)
    assert document.id == f"{path}:1"
