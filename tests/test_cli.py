"""The ``newsfig extract`` command: formats, inputs, bad input, exit codes and the offset contract.

Every expectation is from the CLI contract in the foundation issue. Most tests call
:func:`extractor.cli.main` in-process; two run the installed console script.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main

from .conftest import SEED, load_cases, need_shared

Record = dict[str, Any]

SIMPLIFIED = (
    "截至5月20日，全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个，"
    "总投资1528.2亿元，年度计划投资577.5亿元。"
)
TRADITIONAL = (
    "截至5月20日，全市已落實投資500萬元以上重點項目387個，其中新建210個、續建177個，"
    "總投資1528.2億元，年度計劃投資577.5億元。"
)
RECORD_KEYS = {"id", "meta", "figures", "checks", "warnings", "error"}
META_KEYS = {"title", "published", "source", "authors", "editors"}
FIGURE_KEYS = {"id", "kind", "value", "high", "unit", "qualifier", "start", "end", "text", "metric"}
FIGURE_KINDS = {"count", "money", "percent", "percentage_point", "quantity", "multiple", "date", "period"}
CHECK_KEYS = {"kind", "status", "figures", "stated", "computed", "explanation"}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` byte for byte (no newline translation), creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_jsonl(path: Path, records: list[Record]) -> Path:
    return write(path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def extract_jsonl(capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[Record]:
    code, out, _ = run(capsys, "extract", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def summary(err: str) -> str:
    """The summary line on stderr (other libraries may log there too)."""
    lines = [line for line in err.splitlines() if line.startswith("newsfig:")]
    assert len(lines) == 1, err
    return lines[0]


def code_of(record: Record) -> str | None:
    return None if record["error"] is None else record["error"][1:5]


def assert_contract(record: Record, text: str | None = None) -> None:
    """The contract keys of a record; with ``text``, every figure's span maps back into it."""
    assert set(record) >= RECORD_KEYS
    assert set(record["meta"]) >= META_KEYS
    ids = [figure["id"] for figure in record["figures"]]
    assert len(set(ids)) == len(ids)
    for figure in record["figures"]:
        assert set(figure) >= FIGURE_KEYS
        assert figure["kind"] in FIGURE_KINDS
        assert 0 <= figure["start"] < figure["end"]
        if text is not None:
            assert text[figure["start"] : figure["end"]] == figure["text"]
    for check in record["checks"]:
        assert set(check) >= CHECK_KEYS
        assert check["kind"] in {"sum", "ratio", "growth", "difference"}
        assert check["status"] in {"consistent", "inconsistent", "unverifiable"}
        assert set(check["figures"]) <= set(ids)


# --- formats -------------------------------------------------------------------------------------


@pytest.fixture
def two_files(tmp_path: Path) -> list[Path]:
    return [write(tmp_path / "a.txt", SIMPLIFIED), write(tmp_path / "b.txt", TRADITIONAL)]


def test_cli_jsonl_is_one_contract_record_per_line(capsys: pytest.CaptureFixture[str], two_files: list[Path]) -> None:
    code, out, err = run(capsys, "extract", *two_files, "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [str(path) for path in two_files]
    for record, text in zip(records, [SIMPLIFIED, TRADITIONAL], strict=True):
        assert_contract(record, text)
        assert record["error"] is None
    assert "387个" in [f["text"] for f in records[0]["figures"]]
    assert summary(err) == "newsfig: 2 documents in, 2 ok, 0 with errors"


def test_cli_jsonl_is_the_default_format(capsys: pytest.CaptureFixture[str], two_files: list[Path]) -> None:
    _, default, _ = run(capsys, "extract", *two_files)
    _, explicit, _ = run(capsys, "extract", *two_files, "--format", "jsonl")
    assert default == explicit


def test_cli_json_is_a_list_of_records(capsys: pytest.CaptureFixture[str], two_files: list[Path]) -> None:
    code, out, _ = run(capsys, "extract", *two_files, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list)
    assert [r["id"] for r in records] == [str(path) for path in two_files]
    for record in records:
        assert_contract(record)
    _, jsonl, _ = run(capsys, "extract", *two_files)
    assert records == [json.loads(line) for line in jsonl.splitlines()]


def test_cli_csv_has_a_header_and_one_row_per_figure(capsys: pytest.CaptureFixture[str], two_files: list[Path]) -> None:
    records = extract_jsonl(capsys, *two_files)
    code, out, _ = run(capsys, "extract", *two_files, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0].startswith("doc_id,")
    assert set(rows[0]) >= {"doc_id", *FIGURE_KEYS}
    expected = [(r["id"], f["id"], f["text"], str(f["start"])) for r in records for f in r["figures"]]
    assert [(row["doc_id"], row["id"], row["text"], row["start"]) for row in rows] == expected


def test_cli_table_is_readable_and_lists_the_figures(capsys: pytest.CaptureFixture[str], two_files: list[Path]) -> None:
    records = extract_jsonl(capsys, *two_files)
    code, out, _ = run(capsys, "extract", *two_files, "--format", "table")
    assert code == 0
    for record, path in zip(records, two_files, strict=True):
        assert f"== {path}" in out
        for figure in record["figures"]:
            assert figure["text"] in out
    assert "✓ sum" in out  # 210 + 177 = 387, marked consistent


def test_cli_table_shows_a_document_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "extract", write(tmp_path / "empty.txt", ""), "--format", "table")
    assert code == 0
    assert "ERROR [E201]" in out


@pytest.mark.parametrize("fmt", ["jsonl", "json", "table", "csv"])
def test_cli_output_file_gets_what_stdout_would(
    capsys: pytest.CaptureFixture[str], two_files: list[Path], tmp_path: Path, fmt: str
) -> None:
    _, expected, _ = run(capsys, "extract", *two_files, "--format", fmt)
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "extract", *two_files, "--format", fmt, "-o", target)
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == expected
    assert summary(err) == "newsfig: 2 documents in, 2 ok, 0 with errors"


# --- inputs --------------------------------------------------------------------------------------


def test_cli_published_resolves_dates_of_a_file_without_dateline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "plain.txt", SIMPLIFIED)
    (unresolved,) = extract_jsonl(capsys, path)
    (resolved,) = extract_jsonl(capsys, path, "--published", "2020-05-28")
    assert next(f["value"] for f in unresolved["figures"] if f["text"] == "5月20日") is None
    assert "W300" in [w["code"] for w in unresolved["warnings"]]
    assert resolved["meta"]["published"] == "2020-05-28"
    assert next(f["value"] for f in resolved["figures"] if f["text"] == "5月20日") == "2020-05-20"
    assert "W300" not in [w["code"] for w in resolved["warnings"]]


def test_cli_published_never_overrides_a_dateline(capsys: pytest.CaptureFixture[str]) -> None:
    (record,) = extract_jsonl(capsys, need_shared(SEED), "--published", "2019-01-01")
    assert record["meta"]["published"] == "2021-05-28T08:28"
    assert next(f["value"] for f in record["figures"] if f["text"] == "5月20日") == "2021-05-20"


def test_cli_published_that_is_not_a_date_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (record,) = extract_jsonl(capsys, write(tmp_path / "plain.txt", SIMPLIFIED), "--published", "yesterday")
    assert record["error"] is None
    assert "W301" in [w["code"] for w in record["warnings"]]


def test_cli_directory_is_read_recursively_in_sorted_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ["z.txt", "b/d/e.txt", "a.txt", "b/c.txt"]:
        write(tmp_path / "in" / name, SIMPLIFIED)
    write(tmp_path / "in" / "notes.md", SIMPLIFIED)
    write(tmp_path / "in" / "b" / "data.jsonl", json.dumps({"id": "x", "text": SIMPLIFIED}))
    records = extract_jsonl(capsys, tmp_path / "in")
    expected = ["a.txt", "b/c.txt", "b/d/e.txt", "z.txt"]
    assert [r["id"] for r in records] == [str(tmp_path / "in" / name) for name in expected]
    assert all(r["error"] is None for r in records)


def test_cli_jsonl_input_keeps_ids_published_and_title(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "articles.jsonl",
        [
            {
                "id": "daqing-1",
                "text": SIMPLIFIED,
                "published": "2021-05-28",
                "title": "重点项目开复工",
                "url": "http://x/1",
            },
            {"id": "daqing-2", "text": TRADITIONAL},
        ],
    )
    first, second = extract_jsonl(capsys, path, "--published", "2019-01-01")
    assert first["id"] == "daqing-1"
    assert first["meta"]["title"] == "重点项目开复工"
    assert first["meta"]["published"] == "2021-05-28"  # the record's date wins over --published
    assert next(f["value"] for f in first["figures"] if f["text"] == "5月20日") == "2021-05-20"
    assert second["id"] == "daqing-2"
    assert second["meta"]["published"] == "2019-01-01"
    assert_contract(first, SIMPLIFIED)
    assert_contract(second, TRADITIONAL)


def test_cli_jsonl_input_skips_blank_lines_and_names_records_by_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "a.jsonl", "\n" + json.dumps({"text": SIMPLIFIED}) + "\n\n" + "{oops\n")
    records = extract_jsonl(capsys, path)
    assert [r["id"] for r in records] == [f"{path}:2", f"{path}:4"]
    assert [code_of(r) for r in records] == [None, "E203"]


def _stdin(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data))


@pytest.mark.parametrize(
    ("encoding", "warning"),
    [pytest.param("utf-8", None, id="utf-8"), pytest.param("gb18030", "gb18030", id="gb18030")],
)
def test_cli_stdin_is_one_document(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, encoding: str, warning: str | None
) -> None:
    monkeypatch.setattr(sys, "stdin", _stdin(SIMPLIFIED.encode(encoding)))
    (record,) = extract_jsonl(capsys, "-")
    assert record["id"] == "stdin"
    assert record["error"] is None
    assert_contract(record, SIMPLIFIED)
    notes = [w["message"] for w in record["warnings"] if w["code"] == "W200"]
    assert notes == ([] if warning is None else [f"[W200] input was not UTF-8; decoded as {warning}"])


def test_cli_output_order_is_input_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", _stdin(SIMPLIFIED.encode()))
    late = write(tmp_path / "z.txt", SIMPLIFIED)
    early = write(tmp_path / "a.txt", SIMPLIFIED)
    folder = tmp_path / "dir"
    write(folder / "m.txt", SIMPLIFIED)
    records = write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "text": SIMPLIFIED}, {"id": "r2", "text": "1个"}])
    out = extract_jsonl(capsys, late, records, "-", folder, tmp_path / "gone.txt", early)
    assert [r["id"] for r in out] == [
        str(late),
        "r1",
        "r2",
        "stdin",
        str(folder / "m.txt"),
        str(tmp_path / "gone.txt"),
        str(early),
    ]


# --- bad input -----------------------------------------------------------------------------------


def make_input(tmp_path: Path, spec: Record) -> Path:
    """The file a case describes: ``text`` in an ``encoding``, raw ``hex`` bytes, or nothing (missing)."""
    path: Path = tmp_path / spec["name"]
    if "hex" in spec:
        path.write_bytes(bytes.fromhex(spec["hex"]))
    elif "text" in spec:
        write(path, spec["text"], spec.get("encoding", "utf-8"))
    return path


@pytest.mark.parametrize("case", load_cases("cli/bad_inputs.jsonl"))
def test_cli_bad_input_yields_a_document(capsys: pytest.CaptureFixture[str], tmp_path: Path, case: Record) -> None:
    good = write(tmp_path / "good.txt", SIMPLIFIED)
    bad = make_input(tmp_path, case["input"])
    code, out, err = run(capsys, "extract", good, bad, good)
    records = [json.loads(line) for line in out.splitlines()]
    expected = case["expected"]
    assert code == 0
    assert len(records) == 3  # the batch goes on past the bad document
    assert [code_of(r) for r in (records[0], records[2])] == [None, None]
    record = records[1]
    assert code_of(record) == expected["error"]
    assert record["id"] == expected.get("id", "{dir}/" + case["input"]["name"]).format(dir=tmp_path)
    assert_contract(record)
    failed = expected["error"] is not None
    assert summary(err) == f"newsfig: 3 documents in, {3 - failed} ok, {int(failed)} with errors"
    if failed:
        assert record["figures"] == []
        return
    assert record["meta"]["encoding"] == expected["encoding"]
    notes = [w["message"] for w in record["warnings"] if w["code"] == expected["warning"]]
    assert notes == [f"[W200] input was not UTF-8; decoded as {expected['encoding']}"]
    text = case["input"]["text"]
    assert_contract(record, text)  # decoded correctly: every span reads back from the original text
    assert set(expected["figures"]) <= {f["text"] for f in record["figures"]}


def test_cli_mixed_batch_loses_no_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inputs = [
        write(tmp_path / "good.txt", SIMPLIFIED),
        write(tmp_path / "empty.txt", ""),
        tmp_path / "missing.txt",
        write(tmp_path / "gb.txt", SIMPLIFIED, "gb18030"),
        write(tmp_path / "big5.txt", TRADITIONAL, "big5"),
        make_input(tmp_path, {"name": "blob.bin", "hex": "00ff" * 64}),
        write(
            tmp_path / "r.jsonl",
            json.dumps({"id": "ok", "text": SIMPLIFIED}) + "\n{bad json\n" + json.dumps({"id": "no-text"}) + "\n",
        ),
    ]
    code, out, err = run(capsys, "extract", *inputs)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [code_of(r) for r in records] == [None, "E201", "E204", None, None, "E202", None, "E203", "E203"]
    assert summary(err) == "newsfig: 9 documents in, 4 ok, 5 with errors"
    for record in records:
        assert_contract(record)


# --- exit codes ----------------------------------------------------------------------------------


def test_cli_exit_is_nonzero_when_every_path_is_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "extract", tmp_path / "a.txt", tmp_path / "b.jsonl", tmp_path / "no-dir")
    assert code not in (0, 2)
    assert [code_of(json.loads(line)) for line in out.splitlines()] == ["E204"] * 3
    assert summary(err) == "newsfig: 3 documents in, 0 ok, 3 with errors"


def test_cli_exit_is_nonzero_when_a_directory_holds_no_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "extract", tmp_path / "empty")
    assert code not in (0, 2)
    assert out == ""
    assert summary(err) == "newsfig: 0 documents in, 0 ok, 0 with errors"


def test_cli_exit_is_zero_when_every_readable_document_failed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "extract", write(tmp_path / "empty.txt", ""), tmp_path / "missing.txt")
    assert code == 0


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no command"),
        pytest.param(["extract"], id="no input"),
        pytest.param(["extract", "a.txt", "--format", "xml"], id="unknown format"),
        pytest.param(["extract", "a.txt", "--bogus"], id="unknown option"),
        pytest.param(["frobnicate", "a.txt"], id="unknown command"),
    ],
)
def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage: newsfig" in capsys.readouterr().err


# --- offsets and checks --------------------------------------------------------------------------


def test_cli_seed_offsets_and_check_ids(capsys: pytest.CaptureFixture[str]) -> None:
    seed = need_shared(SEED)
    raw = seed.read_bytes().decode("utf-8")
    (record,) = extract_jsonl(capsys, seed)
    assert record["error"] is None
    assert len(record["figures"]) > 20
    assert len(record["checks"]) >= 4
    assert_contract(record, raw)


@pytest.mark.parametrize("case", load_cases("cli/dirty_offsets.jsonl"))
def test_cli_dirty_text_offsets_index_the_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: Record
) -> None:
    text = case["input"]
    as_file = write(tmp_path / "dirty.txt", text)
    as_record = write_jsonl(tmp_path / "dirty.jsonl", [{"id": "dirty", "text": text}])
    for record in extract_jsonl(capsys, as_file, as_record, "--published", "2021-05-28"):
        assert record["error"] is None
        assert_contract(record, text)
        assert set(case["expected"]) <= {f["text"] for f in record["figures"]}


# --- the installed console script ----------------------------------------------------------------


def newsfig() -> str:
    found = shutil.which("newsfig") or shutil.which("newsfig", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the newsfig console script is not installed")
    return found


def test_cli_script_reads_stdin_and_prints_a_summary(tmp_path: Path) -> None:
    done = subprocess.run(
        [newsfig(), "extract", "-", tmp_path / "missing.txt", "--published", "2021-05-28"],
        input=SIMPLIFIED.encode("gb18030"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["stdin", str(tmp_path / "missing.txt")]
    assert_contract(records[0], SIMPLIFIED)
    assert next(f["value"] for f in records[0]["figures"] if f["text"] == "5月20日") == "2021-05-20"
    assert summary(done.stderr.decode("utf-8")) == "newsfig: 2 documents in, 1 ok, 1 with errors"


@pytest.mark.parametrize(
    ("args", "usage"),
    [pytest.param(["missing.txt"], False, id="all missing"), pytest.param(["--format", "xml"], True, id="usage")],
)
def test_cli_script_exit_codes(tmp_path: Path, args: list[str], usage: bool) -> None:
    done = subprocess.run([newsfig(), "extract", *args], cwd=tmp_path, capture_output=True, text=True, check=False)
    if usage:
        assert done.returncode == 2
    else:
        assert done.returncode not in (0, 2)


def test_cli_unwritable_output_is_a_clean_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "extract", write(tmp_path / "a.txt", SIMPLIFIED), "-o", tmp_path / "no" / "out.jsonl")
    assert code == 2
    assert out == ""
    assert "cannot write" in err


def test_cli_reads_gold_articles_as_json_records(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    files = sorted(corpus.glob("*.json"))[:2]
    code, out, _ = run(capsys, "extract", *files, "--format", "table")
    assert code == 0
    assert all(f"== {path.stem}" in out for path in files)
