"""Table outputs: CSV or Parquet files in a directory, and the DuckDB results database.

Rows are written a batch at a time, so memory does not grow with the input. The database keeps
each document's id and content hash: a run over the same input skips the documents already
stored, so an interrupted batch resumes where it stopped. A batch's rows are committed together,
``documents`` last, so a document counts as done only once all its rows are in.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import Code, NewsfigError
from .records import SourceDocument
from .sources import content_hash
from .tables import SCHEMAS, SQL_TYPES, TABLES, TableRows, arrow_schema, arrow_table, create_table_sql

LOOKUP_BATCH = 512


class TableSink(Protocol):
    """Somewhere the tables go, a batch of rows at a time."""

    def write(self, rows: TableRows) -> None: ...

    def close(self) -> None: ...


class CsvTables:
    """``documents.csv``, ``figures.csv``, ``checks.csv``, ``errors.csv`` in ``directory``."""

    def __init__(self, directory: str | Path) -> None:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        for name in TABLES:
            handle = (path / f"{name}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.DictWriter(handle, fieldnames=[column for column, _ in SCHEMAS[name]], lineterminator="\n")
            writer.writeheader()
            self._files[name], self._writers[name] = handle, writer

    def write(self, rows: TableRows) -> None:
        for name in TABLES:
            self._writers[name].writerows(rows.table(name))

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


class ParquetTables:
    """``documents.parquet`` … in ``directory``, one row group per batch."""

    def __init__(self, directory: str | Path) -> None:
        import pyarrow.parquet as pq

        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self._writers = {name: pq.ParquetWriter(path / f"{name}.parquet", arrow_schema(name)) for name in TABLES}

    def write(self, rows: TableRows) -> None:
        for name in TABLES:
            if rows.table(name):
                self._writers[name].write_table(arrow_table(name, rows.table(name)))

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()


class DuckDBStore:
    """The results database: the tables, appended to and resumed from.

    A database written by an older version gets the tables and columns added since (columns
    are only ever appended to :data:`~extractor.tables.SCHEMAS`); its rows hold NULL there. A
    column whose type differs from the schema's raises :class:`DatabaseSchemaError`.
    """

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.path = str(path)
        self._db = duckdb.connect(self.path)
        try:
            for name in TABLES:
                self._db.execute(create_table_sql(name))
                self._add_missing_columns(name)
        except BaseException:
            self._db.close()
            raise

    def _add_missing_columns(self, name: str) -> None:
        """ALTER TABLE ... ADD COLUMN for each schema column the stored table lacks."""
        stored = {str(row[1]): str(row[2]) for row in self._db.execute(f"PRAGMA table_info('{name}')").fetchall()}
        for column, kind in SCHEMAS[name]:
            wanted = SQL_TYPES[kind]
            if column not in stored:
                self._db.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {wanted}')
            elif stored[column] != wanted:
                raise DatabaseSchemaError(f"{self.path}: {name}.{column} is {stored[column]}, newsfig writes {wanted}")

    def write(self, rows: TableRows) -> None:
        """Replace the rows of these documents (a document seen again with new content)."""
        ids = [row["doc_id"] for row in rows.documents]
        self._db.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                self._db.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT unnest(?))", [ids])
            for name in (*TABLES[1:], TABLES[0]):
                if rows.table(name):
                    batch = arrow_table(name, rows.table(name))  # noqa: F841 (read by name in SQL)
                    columns = ", ".join(f'"{column}"' for column, _ in SCHEMAS[name])
                    self._db.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM batch")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def done(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (id, content hash) pairs are stored already."""
        if not keys:
            return set()
        found = self._db.execute(
            "SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT unnest(?))",
            [[doc_id for doc_id, _ in keys]],
        ).fetchall()
        return {(str(doc_id), str(digest)) for doc_id, digest in found} & set(keys)

    def close(self) -> None:
        self._db.close()


class DatabaseSchemaError(NewsfigError):
    """A results database whose tables this version cannot write to."""

    def __init__(self, detail: object) -> None:
        super().__init__(Code.E_DATABASE, detail)


class Skipped:
    """Counts the documents a resumed run left out."""

    def __init__(self) -> None:
        self.count = 0


def not_done(sources: Iterable[SourceDocument], store: DuckDBStore, skipped: Skipped) -> Iterator[SourceDocument]:
    """The sources not yet in ``store`` (by id and content hash), looked up a batch at a time."""
    batch: list[tuple[SourceDocument, str]] = []
    for source in sources:
        batch.append((source, content_hash(source)))
        if len(batch) >= LOOKUP_BATCH:
            yield from _unstored(batch, store, skipped)
            batch = []
    yield from _unstored(batch, store, skipped)


def _unstored(
    batch: list[tuple[SourceDocument, str]], store: DuckDBStore, skipped: Skipped
) -> Iterator[SourceDocument]:
    done = store.done([(source.id, digest) for source, digest in batch if source.error is None])
    for source, digest in batch:
        if (source.id, digest) in done:
            skipped.count += 1
        else:
            yield source
