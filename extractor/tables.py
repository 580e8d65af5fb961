"""The result tables — ``documents``, ``figures``, ``checks``, ``errors``, ``warnings`` — built
from articles.

One schema, declared once, serves pandas frames, Parquet/CSV files and the DuckDB store, so
every output has the same columns with the same types. Every field of the JSONL contract has a
column (a test holds it): a list of names is comma-separated text, a nested object (a check's
``roles``, the document's ``fixes``) is JSON text. Exact values stay exact: ``value_text``
holds a figure's value as written by the contract (a decimal or an ISO date), ``value`` the
same number as a float for arithmetic in SQL. Columns are only ever appended, never renamed or
removed, so a database written by an older version can be brought up to date by adding columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .records import Article, Check, Figure, Notice, SourceDocument
from .sources import content_hash

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

Row = dict[str, Any]
TABLES = ("documents", "figures", "checks", "errors", "warnings")

# column name -> type name ("string", "int64", "float64"); every column is nullable
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "string"),
        ("content_hash", "string"),
        ("title", "string"),
        ("published", "string"),
        ("source", "string"),
        ("url", "string"),
        ("encoding", "string"),
        ("n_figures", "int64"),
        ("n_checks", "int64"),
        ("n_inconsistent", "int64"),
        ("n_warnings", "int64"),
        ("error_code", "string"),
        ("error", "string"),
        ("text", "string"),
        ("authors", "string"),
        ("editors", "string"),
        ("correspondents", "string"),
        ("fixes", "string"),
    ),
    "figures": (
        ("doc_id", "string"),
        ("id", "string"),
        ("kind", "string"),
        ("value", "float64"),
        ("value_text", "string"),
        ("high", "float64"),
        ("unit", "string"),
        ("qualifier", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("text", "string"),
        ("metric", "string"),
        ("role", "string"),
        ("parent", "string"),
        ("direction", "string"),
        ("basis", "string"),
        ("stated_decimals", "int64"),
        ("canonical_value", "float64"),
        ("canonical_unit", "string"),
        ("zone", "string"),
        ("sentence", "int64"),
        ("bounds", "string"),
        ("period", "string"),
        ("basis_period", "string"),
        ("scope", "string"),
        ("sentence_start", "int64"),
        ("sentence_end", "int64"),
        ("rank", "int64"),
        ("rank_among", "string"),
    ),
    "checks": (
        ("doc_id", "string"),
        ("id", "string"),
        ("kind", "string"),
        ("status", "string"),
        ("figures", "string"),
        ("stated", "float64"),
        ("computed", "float64"),
        ("tolerance", "float64"),
        ("explanation", "string"),
        ("explanation_zh", "string"),
        ("roles", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("context", "string"),
    ),
    "errors": (
        ("doc_id", "string"),
        ("code", "string"),
        ("message", "string"),
    ),
    "warnings": (
        ("doc_id", "string"),
        ("code", "string"),
        ("message", "string"),
        ("start", "int64"),
        ("end", "int64"),
    ),
}


@dataclass(frozen=True, slots=True)
class TableRows:
    """The rows of the tables for some documents."""

    documents: list[Row]
    figures: list[Row]
    checks: list[Row]
    errors: list[Row]
    warnings: list[Row]

    def table(self, name: str) -> list[Row]:
        rows: list[Row] = getattr(self, name)
        return rows


def concat_rows(parts: Iterable[TableRows]) -> TableRows:
    """The rows of several documents' :class:`TableRows`, table by table, in order."""
    rows = TableRows([], [], [], [], [])
    for part in parts:
        for name in TABLES:
            rows.table(name).extend(part.table(name))
    return rows


@dataclass(frozen=True, slots=True)
class Frames:
    """The tables as pandas DataFrames."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    checks: pd.DataFrame
    errors: pd.DataFrame
    warnings: pd.DataFrame


def rows_of(
    articles: Iterable[Article], hashes: Iterable[str | None] | None = None, *, with_text: bool = False
) -> TableRows:
    """The table rows of ``articles``; ``hashes`` are their inputs' content hashes, when known
    (otherwise the hash of the article's text)."""
    rows = TableRows([], [], [], [], [])
    hash_list = list(hashes) if hashes is not None else None
    for index, article in enumerate(articles):
        digest = hash_list[index] if hash_list is not None else None
        rows.documents.append(document_row(article, digest, with_text=with_text))
        rows.figures.extend(figure_row(article.id, figure) for figure in article.figures)
        rows.checks.extend(check_row(article.id, check) for check in article.checks)
        if article.error is not None:
            rows.errors.append({"doc_id": article.id, "code": article.error.code, "message": article.error.message})
        rows.warnings.extend(warning_row(article.id, notice) for notice in article.warnings)
    return rows


def document_row(article: Article, digest: str | None = None, *, with_text: bool = False) -> Row:
    if digest is None:
        digest = content_hash(SourceDocument(id=article.id, text=article.text or ""))
    meta = article.meta
    return {
        "doc_id": article.id,
        "content_hash": digest,
        "title": meta.title,
        "published": meta.published,
        "source": meta.source,
        "url": article.url,
        "encoding": article.encoding,
        "n_figures": len(article.figures),
        "n_checks": len(article.checks),
        "n_inconsistent": sum(check.status == "inconsistent" for check in article.checks),
        "n_warnings": len(article.warnings),
        "error_code": article.error.code if article.error else None,
        "error": article.error.message if article.error else None,
        "text": article.text if with_text else None,
        "authors": ",".join(meta.authors),
        "editors": ",".join(meta.editors),
        "correspondents": ",".join(meta.correspondents),
        "fixes": json.dumps([{"name": fix.name, "count": fix.count} for fix in article.fixes], ensure_ascii=False),
    }


def figure_row(doc_id: str, figure: Figure) -> Row:
    value = figure.value
    return {
        "doc_id": doc_id,
        "id": figure.id,
        "kind": figure.kind,
        "value": _float(value),
        "value_text": None if value is None else str(value),
        "high": _float(figure.high),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "metric": figure.metric,
        "role": figure.role,
        "parent": figure.parent,
        "direction": figure.direction,
        "basis": figure.basis,
        "stated_decimals": figure.stated_decimals,
        "canonical_value": _float(figure.canonical_value),
        "canonical_unit": figure.canonical_unit,
        "zone": figure.zone,
        "sentence": figure.sentence,
        "bounds": figure.bounds,
        "period": figure.period,
        "basis_period": figure.basis_period,
        "scope": figure.scope,
        "sentence_start": figure.sentence_start,
        "sentence_end": figure.sentence_end,
        "rank": figure.rank,
        "rank_among": figure.rank_among,
    }


def check_row(doc_id: str, check: Check) -> Row:
    return {
        "doc_id": doc_id,
        "id": check.id,
        "kind": check.kind,
        "status": check.status,
        "figures": ",".join(check.figures),
        "stated": _float(check.stated),
        "computed": _float(check.computed),
        "tolerance": _float(check.tolerance),
        "explanation": check.explanation,
        "explanation_zh": check.explanation_zh,
        "roles": json.dumps({role: list(ids) for role, ids in check.roles}, ensure_ascii=False),
        "start": check.start,
        "end": check.end,
        "context": check.context,
    }


def warning_row(doc_id: str, notice: Notice) -> Row:
    return {"doc_id": doc_id, "code": notice.code, "message": notice.message, "start": notice.start, "end": notice.end}


def _float(value: Decimal | str | None) -> float | None:
    return float(value) if isinstance(value, Decimal) else None


def to_frames(articles: Iterable[Article], *, with_text: bool = False) -> Frames:
    """The tables of ``articles`` as pandas DataFrames, typed by :data:`SCHEMAS`."""
    rows = rows_of(articles, with_text=with_text)
    return Frames(*(frame(name, rows.table(name)) for name in TABLES))


_PANDAS_TYPES = {"string": "string", "int64": "Int64", "float64": "float64"}


def frame(name: str, rows: list[Row]) -> pd.DataFrame:
    """One table's rows as a DataFrame with the schema's columns and (nullable) dtypes."""
    import pandas as pd

    columns = SCHEMAS[name]
    data = pd.DataFrame.from_records(rows, columns=[column for column, _ in columns])
    return data.astype({column: _PANDAS_TYPES[kind] for column, kind in columns})


def arrow_schema(name: str) -> pa.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(column, types[kind]) for column, kind in SCHEMAS[name]])


def arrow_table(name: str, rows: list[Row]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


SQL_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE"}


def create_table_sql(name: str) -> str:
    """The DuckDB ``CREATE TABLE`` statement of one table.

    >>> create_table_sql("errors")
    'CREATE TABLE IF NOT EXISTS errors ("doc_id" VARCHAR, "code" VARCHAR, "message" VARCHAR)'
    """
    columns = ", ".join(f'"{column}" {SQL_TYPES[kind]}' for column, kind in SCHEMAS[name])
    return f"CREATE TABLE IF NOT EXISTS {name} ({columns})"
