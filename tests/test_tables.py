"""The result tables against the JSONL contract: every contract field has a column holding the
same value, and a results database written before a column existed is brought up to date."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from extractor.cli import main
from extractor.output import article_to_dict
from extractor.pipeline import extract
from extractor.tables import SCHEMAS, SQL_TYPES, TABLES, rows_of

# No publication date: 今年 stays unresolved and gives a warning; 387 = 210 + 177 gives a check;
# the full-width digits give a fix; 居全省第4位 a rank.
TEXT = "全市已落实重点项目387个，其中新建210个、续建１７７个，居全省第4位。今年计划投资12.5亿元，占比37.8%。"

# Where each part of a JSONL record goes: (record key, table, column or None for a table of rows).
# A record key missing here fails test_tables_place_every_record_key.
RECORD_PLACES = [
    ("id", "documents", "doc_id"),
    ("meta", "documents", None),
    ("figures", "figures", None),
    ("checks", "checks", None),
    ("warnings", "warnings", None),
    ("error", "documents", "error"),
]

# Columns of the tables as newsfig 0.1 wrote them, before the contract fields appended since.
OLDER_COLUMN_COUNTS = [{"documents": 14, "figures": 21, "checks": 10, "errors": 3}]


def record_and_rows() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    article = extract(TEXT, id="d")
    rows = rows_of([article])
    return article_to_dict(article), {name: rows.table(name) for name in TABLES}


def cell(value: Any) -> Any:
    """A contract value as its table cell: a list of names comma-separated, objects as JSON."""
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(item, dict) for item in value)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return ",".join(value)
    return value


def test_tables_place_every_record_key() -> None:
    record, _ = record_and_rows()
    assert sorted(record) == sorted(key for key, _, _ in RECORD_PLACES)


@pytest.mark.parametrize(("key", "table", "column"), [case for case in RECORD_PLACES if case[2] is None])
def test_tables_have_a_column_for_every_contract_field(key: str, table: str, column: None) -> None:
    record, rows = record_and_rows()
    items = [record[key]] if key == "meta" else record[key]
    assert items, f"the example text must give {key}"
    assert len(rows[table]) == len(items)
    columns = [name for name, _ in SCHEMAS[table]]
    for item, row in zip(items, rows[table], strict=True):
        missing = [field for field in item if field not in columns]
        assert not missing, f"contract fields of {key} without a column in table {table}: {missing}"
        for field, value in item.items():
            shown = row["value_text"] if field == "value" and isinstance(value, str) else row[field]
            assert shown == cell(value), f"{table}.{field}"


@pytest.mark.parametrize(("key", "table", "column"), [case for case in RECORD_PLACES if case[2] is not None])
def test_tables_hold_the_record_scalars(key: str, table: str, column: str) -> None:
    record, rows = record_and_rows()
    assert rows[table][0][column] == record[key]


def jsonl_input(path: Path, count: int) -> Path:
    lines = [json.dumps({"id": f"d{n}", "text": TEXT + f"第{n}篇。"}, ensure_ascii=False) for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def older_database(path: Path, counts: dict[str, int]) -> None:
    with duckdb.connect(str(path)) as db:
        for name, count in counts.items():
            columns = ", ".join(f'"{column}" {SQL_TYPES[kind]}' for column, kind in SCHEMAS[name][:count])
            db.execute(f"CREATE TABLE {name} ({columns})")


@pytest.mark.parametrize("counts", OLDER_COLUMN_COUNTS)
def test_tables_older_database_gets_the_new_columns_and_resumes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, counts: dict[str, int]
) -> None:
    db = tmp_path / "old.duckdb"
    older_database(db, counts)
    source = jsonl_input(tmp_path / "in.jsonl", 3)
    assert main(["extract", str(source), "--db", str(db), "--workers", "1"]) == 0
    jsonl_input(source, 5)
    assert main(["extract", str(source), "--db", str(db), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "newsfig: 2 documents in, 2 ok, 0 with errors; 3 already in" in err
    with duckdb.connect(str(db)) as con:
        for name in TABLES:
            stored = [row[1] for row in con.execute(f"PRAGMA table_info('{name}')").fetchall()]
            assert stored == [column for column, _ in SCHEMAS[name]]
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)
        ranked = con.execute("SELECT DISTINCT scope, rank, rank_among FROM figures WHERE rank IS NOT NULL").fetchall()
        assert ranked == [("全市", 4, "全省")]
        assert con.execute("SELECT count(DISTINCT doc_id) FROM warnings WHERE code = 'W300'").fetchone() == (5,)


@pytest.mark.parametrize(("table", "column", "stored_type"), [("figures", "sentence", "VARCHAR")])
def test_tables_database_with_a_column_of_another_type_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, table: str, column: str, stored_type: str
) -> None:
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(f'CREATE TABLE {table} ("doc_id" VARCHAR, "{column}" {stored_type})')
    assert main(["extract", str(jsonl_input(tmp_path / "in.jsonl", 1)), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "[E110]" in err
    assert f"{table}.{column} is {stored_type}" in err
