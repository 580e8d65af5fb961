"""A batch run: sources -> (skip what the database holds) -> an engine -> records and tables.

The command line drives it; it streams from end to end, so memory stays bounded whatever the
input's size: rows go to the table outputs a batch at a time, records to the caller one by one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .output import article_to_dict
from .parallel import process_parallel
from .records import Article, SourceDocument
from .sources import DEFAULT_COLUMNS, Columns, content_hash, read_sources
from .store import CsvTables, DuckDBStore, ParquetTables, Skipped, TableSink, not_done
from .tables import rows_of

TABLE_FORMATS = ("parquet", "csv-tables")
ROWS_PER_WRITE = 256
Engine = Literal["local", "dask"]


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

    def records(self) -> Iterator[dict[str, Any]]:
        """Every processed document's record, in input order."""
        pending: list[tuple[SourceDocument, Article]] = []
        try:
            for source, article in self._progress(self._articles()):
                pending.append((source, article))
                if len(pending) >= ROWS_PER_WRITE:
                    self._write(pending)
                    pending = []
                yield record_of(article, self.options.with_text)
        finally:  # an interrupted run keeps what it finished
            self._write(pending)

    def note(self) -> str:
        if self.store is None:
            return ""
        return f"; {self.skipped.count} already in {self.store.path}, skipped"

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()

    def _articles(self) -> Iterator[tuple[SourceDocument, Article]]:
        sources: Iterable[SourceDocument] = read_sources(self.inputs, self.options.columns)
        if self.store is not None:
            sources = not_done(sources, self.store, self.skipped)
        if self.options.engine == "dask":
            from .dask import process_distributed

            return process_distributed(sources, self.options.scheduler, default_published=self.published)
        return process_parallel(
            sources,
            workers=self.options.workers,
            doc_timeout=self.options.doc_timeout,
            default_published=self.published,
        )

    def _write(self, done: list[tuple[SourceDocument, Article]]) -> None:
        if not done or not self.sinks:
            return
        hashes = [content_hash(source) for source, _ in done]
        rows = rows_of([article for _, article in done], hashes, with_text=self.options.with_text)
        for sink in self.sinks:
            sink.write(rows)

    def _progress(self, items: Iterator[tuple[SourceDocument, Article]]) -> Iterator[tuple[SourceDocument, Article]]:
        """A progress bar (documents/s, and an ETA when the inputs can be counted) on a terminal."""
        shown = sys.stderr.isatty() if self.options.progress is None else self.options.progress
        if not shown:
            return items
        from tqdm import tqdm

        from .counting import count_documents

        total = count_documents(self.inputs, self.options.columns)
        return iter(tqdm(items, total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1))
