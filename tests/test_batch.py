"""``newsfig extract`` at scale: table formats, the DuckDB store and its resume, workers, time
limits, the summary line (in = ok + errors, always) and the progress bar."""

from __future__ import annotations

import json
import os
import pickle
import time
from collections.abc import Iterator
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from extractor import parallel
from extractor.batch import TABLE_FORMATS
from extractor.cli import main
from extractor.records import Article, SourceDocument
from extractor.tables import SCHEMAS, TABLES

SIMPLIFIED = (
    "截至5月20日，全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个，"
    "总投资1528.2亿元，年度计划投资577.5亿元。"
)
INCONSISTENT = "全市重点项目387个，其中新建210个、续建178个，分别为新建和续建。"


def records(count: int) -> list[dict[str, Any]]:
    texts = [SIMPLIFIED, INCONSISTENT, "全年新建项目210个，同比增长12.5%。"]
    return [{"id": f"d{n}", "text": texts[n % 3] + f"第{n}篇。", "published": "2021-05-28"} for n in range(count)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def summary(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("newsfig:")]
    assert len(lines) == 1, err
    return lines[0]


def jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


# --- tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("parquet", "parquet"), ("csv-tables", "csv")])
def test_batch_table_formats_match_the_jsonl(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, suffix: str
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [*records(6), {"id": "bad", "text": 5}])
    _, out, _ = run(capsys, "extract", source, "--workers", "1")
    expected = jsonl(out)
    code, out, err = run(capsys, "extract", source, "--format", fmt, "-o", tmp_path / "tables")
    assert (code, out) == (0, "")
    assert summary(err) == "newsfig: 7 documents in, 6 ok, 1 with errors"
    read = pd.read_parquet if suffix == "parquet" else pd.read_csv
    tables = {name: read(tmp_path / "tables" / f"{name}.{suffix}") for name in TABLES}
    for name in TABLES:
        assert list(tables[name].columns) == [column for column, _ in SCHEMAS[name]]
    assert list(tables["documents"]["doc_id"]) == [r["id"] for r in expected]
    assert len(tables["figures"]) == sum(len(r["figures"]) for r in expected)
    assert len(tables["checks"]) == sum(len(r["checks"]) for r in expected)
    assert list(tables["errors"]["doc_id"]) == ["bad"]
    assert list(tables["errors"]["code"]) == ["E203"]
    first = tables["figures"][tables["figures"]["doc_id"] == "d0"]
    assert list(first["text"]) == [f["text"] for f in expected[0]["figures"]]


def test_batch_table_format_needs_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", write_jsonl(tmp_path / "in.jsonl", records(1)), "--format", "parquet")
    assert code == 2
    assert "-o DIR" in err


def test_batch_with_text_keeps_the_text_the_offsets_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "extract", write_jsonl(tmp_path / "in.jsonl", records(2)), "--with-text")
    assert code == 0
    for record in jsonl(out):
        text = record["meta"]["text"]
        assert all(text[f["start"] : f["end"]] == f["text"] for f in record["figures"])
    _, out, _ = run(capsys, "extract", tmp_path / "in.jsonl")
    assert all("text" not in record["meta"] for record in jsonl(out))


# --- the database ---------------------------------------------------------------------------------


def db_counts(path: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(path)) as db:
        row = db.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT doc_id) FROM documents), "
            "(SELECT count(*) FROM figures)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def test_batch_db_resumes_by_id_and_content_hash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = records(9)
    source = write_jsonl(tmp_path / "in.jsonl", rows[:4])
    db = tmp_path / "results.duckdb"
    code, out, err = run(capsys, "extract", source, "--db", db)
    assert (code, out) == (0, "")
    assert summary(err) == f"newsfig: 4 documents in, 4 ok, 0 with errors; 0 already in {db}, skipped"
    counts = db_counts(db)
    write_jsonl(source, rows)  # the same 4 documents, and 5 new ones: an interrupted batch
    code, _, err = run(capsys, "extract", source, "--db", db)
    assert code == 0
    assert summary(err) == f"newsfig: 5 documents in, 5 ok, 0 with errors; 4 already in {db}, skipped"
    code, _, err = run(capsys, "extract", source, "--db", db)
    assert (code, summary(err)) == (0, f"newsfig: 0 documents in, 0 ok, 0 with errors; 9 already in {db}, skipped")
    assert db_counts(db)[:2] == (9, 9)
    assert db_counts(db)[2] > counts[2]


def test_batch_db_replaces_a_document_whose_content_changed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "results.duckdb"
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": "新建项目210个。"}])
    run(capsys, "extract", source, "--db", db)
    write_jsonl(source, [{"id": "x", "text": "新建项目210个，续建项目177个。"}])
    _, _, err = run(capsys, "extract", source, "--db", db)
    assert summary(err).startswith("newsfig: 1 documents in, 1 ok")
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        assert sorted(con.execute("SELECT text FROM figures").fetchall()) == [("177个",), ("210个",)]


def test_batch_db_and_output_file_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records(2))
    code, out, _ = run(capsys, "extract", source, "--db", tmp_path / "r.duckdb", "-o", tmp_path / "out.jsonl")
    assert (code, out) == (0, "")
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_batch_db_readme_queries_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "大庆市全年完成固定资产投资1528.2亿元。", "published": "2021-05-28", "title": "大庆市投资"},
        {"id": "b", "text": INCONSISTENT, "published": "2021-06-02", "title": "哈尔滨市项目"},
    ]
    db = tmp_path / "r.duckdb"
    run(capsys, "extract", write_jsonl(tmp_path / "in.jsonl", rows), "--db", db)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    queries = readme.split("<!-- queries -->")[1].split("```sql")[1:]
    assert len(queries) >= 2
    with duckdb.connect(str(db)) as con:
        inconsistent = con.execute(queries[0].split("```")[0]).fetchall()
        invested = con.execute(queries[1].split("```")[0]).fetchall()
    assert inconsistent == [(None, 1)]
    assert invested == [("大庆市", "2021-05", 152820000000.0)]


def test_batch_unusable_db_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "dir.duckdb").mkdir()
    source = write_jsonl(tmp_path / "in.jsonl", records(1))
    code, _, err = run(capsys, "extract", source, "--db", tmp_path / "dir.duckdb")
    assert code == 2
    assert "cannot open" in err


# --- workers, limits, the summary -----------------------------------------------------------------


def test_batch_workers_give_the_same_records_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records(12))
    _, one, _ = run(capsys, "extract", source, "--workers", "1")
    _, two, err = run(capsys, "extract", source, "--workers", "2")
    assert one == two
    assert summary(err) == "newsfig: 12 documents in, 12 ok, 0 with errors"


def written_outputs(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (a DuckDB database as its tables' rows), by relative path."""
    found: dict[str, bytes] = {}
    for path in sorted(directory.rglob("*")):
        if path.suffix == ".duckdb":
            with duckdb.connect(str(path)) as db:
                for name in TABLES:
                    found[f"{path.name}:{name}"] = repr(db.execute(f"SELECT * FROM {name}").fetchall()).encode()
        elif path.is_file() and path.suffix != ".parquet":
            found[str(path.relative_to(directory))] = path.read_bytes()
        elif path.is_file():  # a Parquet file carries no timestamp, but compare what it holds
            found[str(path.relative_to(directory))] = pd.read_parquet(path).to_csv().encode()
    return found


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "jsonl", "--with-text"),
        ("--format", "json"),
        ("--format", "csv"),
        ("--format", "table"),
        ("--format", "csv-tables"),
        ("--format", "parquet", "--with-text"),
        ("--db", "{out}/results.duckdb"),
        ("--db", "{out}/results.duckdb", "-o", "{out}/records.jsonl"),
    ],
)
def test_batch_workers_write_the_same_bytes_as_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, options: tuple[str, ...]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [*records(9), {"id": "bad", "text": 5}, *records(3)])
    written = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        out.mkdir()
        named = [option.format(out=out) for option in options]
        if "--db" not in options and options[1] in TABLE_FORMATS:
            named += ["-o", str(out / "tables")]
        elif "-o" not in options and "--db" not in options:
            named += ["-o", str(out / "records")]
        code, _, err = run(capsys, "extract", source, "--workers", workers, *named)
        assert code == 0
        assert summary(err).startswith("newsfig: 13 documents in, 12 ok, 1 with errors")
        written.append(written_outputs(out))
    assert written[0] == written[1]
    assert written[0]


def slow_on_marker(source: SourceDocument, *args: Any, **kwargs: Any) -> Article:
    if source.text and "SLOW" in source.text:
        time.sleep(30)
    if source.text and "CRASH" in source.text:
        os._exit(7)
    return original_process(source, *args, **kwargs)


original_process = parallel.process


def test_batch_doc_timeout_and_dead_worker_never_stop_the_batch(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "process", slow_on_marker)  # the forked workers inherit it
    rows = [*records(3), {"id": "slow", "text": "SLOW 387个"}, {"id": "crash", "text": "CRASH"}, *records(3)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    started = time.monotonic()
    code, out, err = run(capsys, "extract", source, "--workers", "2", "--doc-timeout", "1")
    assert time.monotonic() - started < 20
    assert code == 0
    found = jsonl(out)
    assert [r["id"] for r in found] == [r["id"] for r in rows]
    errors = {r["id"]: r["error"][1:5] for r in found if r["error"]}
    assert errors == {"slow": "E902", "crash": "E903"}
    assert summary(err) == "newsfig: 8 documents in, 6 ok, 2 with errors"


def test_batch_progress_bar_only_when_asked_or_on_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records(3))
    _, _, quiet = run(capsys, "extract", source)
    assert quiet.strip().splitlines() == [summary(quiet)]
    _, _, shown = run(capsys, "extract", source, "--progress")
    assert "3/3" in shown
    assert "doc/s" in shown


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_batch_workers_and_timeout_must_be_positive(capsys: pytest.CaptureFixture[str], value: str) -> None:
    for option in ("--workers", "--doc-timeout"):
        with pytest.raises(SystemExit) as stop:
            main(["extract", "-", option, value])
        assert stop.value.code == 2
    capsys.readouterr()


def test_batch_workers_read_a_bounded_window_ahead() -> None:
    pulled: list[int] = []

    def sources() -> Iterator[SourceDocument]:
        for number in range(10_000):
            pulled.append(number)
            yield SourceDocument(id=str(number), text="全年新建项目210个。")

    stream = parallel.process_parallel(sources(), workers=2)
    first = [next(stream)[1].id for _ in range(3)]
    assert first == ["0", "1", "2"]
    assert len(pulled) <= 2 * parallel.WINDOW_PER_WORKER + 3
    stream.close()  # ends the workers


@pytest.mark.parametrize("text", [SIMPLIFIED, INCONSISTENT, "全年新建项目２１０个，同比增长12.5%。", ""])
def test_batch_records_cross_the_pipes_unchanged(text: str) -> None:
    source = SourceDocument(id="a", text=text, published="2021-05-28", title="标题", url="http://x")
    article = parallel.process(source)
    for record in (source, article):
        copy = pickle.loads(ForkingPickler.dumps(record))
        assert copy == record
        assert type(copy) is type(record)


def test_batch_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    import psutil

    source = write_jsonl(tmp_path / "in.jsonl", records(20_000))
    command = [sys.executable, "-m", "extractor.cli", "extract", str(source), "--workers", "2", "-o", os.devnull]
    root = str(Path(__file__).resolve().parents[1])
    parent = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": root}, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(children := psutil.Process(parent.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(children) == 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
