"""A batch run: sources -> (skip what the database holds) -> an engine -> records and tables.

The command line drives it; it streams from end to end, so memory stays bounded whatever the
input's size: rows go to the table outputs a batch at a time, records to the caller one by one.
Each document's outputs — its JSON line or record, its table rows — are made by the worker that
processed it (an :class:`OutputPlan`): the parent only passes them on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from .output import article_to_dict
from .parallel import run_parallel
from .records import Article, SourceDocument
from .sources import DEFAULT_COLUMNS, Columns, content_hash, read_sources
from .store import CsvTables, DuckDBStore, ParquetTables, Skipped, TableSink, not_done
from .tables import TableRows, concat_rows, rows_of

TABLE_FORMATS = ("parquet", "csv-tables")
ROWS_PER_WRITE = 256
Engine = Literal["local", "dask"]
Form = Literal["line", "record", "none"]  # what a document's record is made into: a JSON line, a dict, nothing
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs: input columns, workers, limits, extra outputs."""

    columns: Columns = DEFAULT_COLUMNS
    workers: int | None = None  # None: all cores
    doc_timeout: float | None = None
    with_text: bool = False
    db: str | None = None
    engine: Engine = "local"
    scheduler: str | None = None
    progress: bool | None = None  # None: on a terminal only


def record_of(article: Article, with_text: bool = False) -> dict[str, Any]:
    """The contract record, with ``meta.text`` (the text the offsets index) on request."""
    record = article_to_dict(article)
    if with_text:
        record["meta"]["text"] = article.text
    return record


@dataclass(frozen=True)  # not slotted: pickled by its __dict__ in C, with no Python __setstate__
class DocumentOutput:
    """One document's outputs, as a worker sends them back: its error (for the summary), its
    record as a JSON line or as a dict, its table rows — each when the run asked for it."""

    error: str | None
    line: str | None = None
    record: dict[str, Any] | None = None
    rows: TableRows | None = None


@dataclass(frozen=True, slots=True)
class OutputPlan:
    """What a worker makes of each article: ``form`` of its record, and table rows if ``rows``."""

    form: Form = "line"
    rows: bool = False
    with_text: bool = False

    def __call__(self, source: SourceDocument, article: Article) -> DocumentOutput:
        record = record_of(article, self.with_text) if self.form != "none" else None
        return DocumentOutput(
            error=article.error.message if article.error else None,
            line=json.dumps(record, ensure_ascii=False) if self.form == "line" else None,
            record=record if self.form == "record" else None,
            rows=rows_of([article], [content_hash(source)], with_text=self.with_text) if self.rows else None,
        )


def lines_of(outputs: Iterable[DocumentOutput]) -> Iterator[str]:
    """The JSON lines of outputs made with ``form="line"``."""
    for output in outputs:
        if output.line is None:
            raise ValueError("an output without its JSON line: the plan's form is not 'line'")
        yield output.line


def records_of(outputs: Iterable[DocumentOutput]) -> Iterator[dict[str, Any]]:
    """The records of outputs made with ``form="record"``."""
    for output in outputs:
        if output.record is None:
            raise ValueError("an output without its record: the plan's form is not 'record'")
        yield output.record


class BatchError(Exception):
    """A batch cannot start: its database or table directory cannot be opened."""


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """The batch options of ``newsfig extract``."""
    parser.add_argument("--text-col", default="text", help="JSONL/CSV/Parquet field holding the text (text)")
    parser.add_argument("--id-col", default="id", help="field holding the document id (id)")
    parser.add_argument("--published-col", default="published", help="field holding the publication date")
    parser.add_argument("--title-col", default="title", help="field holding the title (title)")
    parser.add_argument("--with-text", action="store_true", help="add meta.text: the text the offsets index")
    parser.add_argument("--db", metavar="FILE", help="store the tables in this DuckDB database; resume by id + hash")
    parser.add_argument("--workers", type=_positive_int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--doc-timeout", type=_positive_float, metavar="SECONDS", help="time limit per document")
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="local processes, or Dask")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster)")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help="progress bar even when not a terminal")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")


def batch_options(args: argparse.Namespace) -> BatchOptions:
    columns = Columns(text=args.text_col, id=args.id_col, published=args.published_col, title=args.title_col)
    return BatchOptions(
        columns=columns,
        workers=args.workers,
        doc_timeout=args.doc_timeout,
        with_text=args.with_text,
        db=args.db,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=args.progress,
    )


def drains(fmt: str, output: str | None, batch: Batch) -> bool:
    """Whether records only feed tables: a table format, or ``--db`` without ``-o``."""
    return fmt in TABLE_FORMATS or (batch.store is not None and output is None)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


class Batch:
    """One run over ``inputs``: iterate :meth:`records`, then :meth:`close`."""

    def __init__(
        self,
        inputs: list[str],
        published: str | None,
        options: BatchOptions,
        tables: tuple[str, str] | None = None,
    ) -> None:
        self.inputs, self.published, self.options = inputs, published, options
        self.skipped = Skipped()
        self.store: DuckDBStore | None = None
        self.sinks: list[TableSink] = []
        try:
            if options.db:
                self.store = DuckDBStore(options.db)
                self.sinks.append(self.store)
            if tables is not None:
                fmt, directory = tables
                self.sinks.append(ParquetTables(directory) if fmt == "parquet" else CsvTables(directory))
        except Exception as exc:  # duckdb and pyarrow raise their own kinds for a path they cannot use
            self.close()
            raise BatchError(f"cannot open {exc}") from exc

    def outputs(self, form: Form) -> Iterator[DocumentOutput]:
        """Every processed document's outputs, in input order, its record made into ``form``;
        its table rows go to the table outputs and the database."""
        plan = OutputPlan(form, rows=bool(self.sinks), with_text=self.options.with_text)
        pending: list[TableRows] = []
        try:
            for _, output in self._progress(self._outputs(plan)):
                if output.rows is not None:
                    pending.append(output.rows)
                if len(pending) >= ROWS_PER_WRITE:
                    self._write(pending)
                    pending = []
                yield output
        finally:  # an interrupted run keeps what it finished
            self._write(pending)

    def note(self) -> str:
        if self.store is None:
            return ""
        return f"; {self.skipped.count} already in {self.store.path}, skipped"

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()

    def _outputs(self, plan: OutputPlan) -> Iterator[tuple[SourceDocument, DocumentOutput]]:
        sources: Iterable[SourceDocument] = read_sources(self.inputs, self.options.columns)
        if self.store is not None:
            sources = not_done(sources, self.store, self.skipped)
        if self.options.engine == "dask":
            from .dask import process_distributed

            done = process_distributed(sources, self.options.scheduler, default_published=self.published)
            return ((source, plan(source, article)) for source, article in done)
        return run_parallel(
            sources,
            plan,
            workers=self.options.workers,
            doc_timeout=self.options.doc_timeout,
            default_published=self.published,
        )

    def _write(self, parts: list[TableRows]) -> None:
        if not parts or not self.sinks:
            return
        rows = concat_rows(parts)
        for sink in self.sinks:
            sink.write(rows)

    def _progress(self, items: Iterator[T]) -> Iterator[T]:
        """A progress bar (documents/s, and an ETA when the inputs can be counted) on a terminal."""
        shown = sys.stderr.isatty() if self.options.progress is None else self.options.progress
        if not shown:
            return items
        from tqdm import tqdm

        from .counting import count_documents

        total = count_documents(self.inputs, self.options.columns)
        return iter(tqdm(items, total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1))
