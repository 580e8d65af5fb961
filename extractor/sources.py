"""Batch inputs: globs, directories of .txt/.html/.htm, JSONL, CSV and Parquet with configurable
columns, stdin -> :class:`SourceDocument`, streamed in order.

Every reader streams (a line, a CSV row or a Parquet batch at a time), so memory does not grow
with the input. As in :mod:`extractor.inputs`, a path or record that cannot be read still yields
a document with an ``error``: documents in = documents out.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import Code, message
from .inputs import STDIN
from .inputs import read_inputs as read_plain
from .records import Notice, SourceDocument

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
PARQUET_BATCH_ROWS = 256
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which field of a JSONL/CSV/Parquet record holds what (``--text-col`` …)."""

    text: str = "text"
    id: str = "id"
    published: str = "published"
    title: str = "title"
    url: str = "url"


DEFAULT_COLUMNS = Columns()


def read_sources(inputs: list[str], columns: Columns = DEFAULT_COLUMNS) -> Iterator[SourceDocument]:
    """Every document named by ``inputs``, in the order named (a glob or directory sorted)."""
    for name in inputs:
        yield from _read_one(name, columns)


def content_hash(source: SourceDocument) -> str:
    """A digest of the content as given (bytes, or text as UTF-8): with the id, the key that
    lets a batch resume without redoing a document.

    >>> as_text, as_bytes = SourceDocument(id="a", text="387个"), SourceDocument(id="b", data="387个".encode())
    >>> content_hash(as_text) == content_hash(as_bytes)
    True
    """
    if source.data is not None:
        data = source.data
    elif source.text is not None:
        data = source.text.encode("utf-8", "surrogatepass")
    else:
        data = b""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def _read_one(name: str, columns: Columns) -> Iterator[SourceDocument]:
    if name != STDIN and GLOB_CHARS & set(name) and not Path(name).exists():
        for match in sorted(glob.glob(name, recursive=True)):
            yield from _read_path(Path(match), columns)
        return
    if name == STDIN:
        yield from read_plain([name])
        return
    yield from _read_path(Path(name), columns)


def _read_path(path: Path, columns: Columns) -> Iterator[SourceDocument]:
    suffix = path.suffix.lower()
    if path.is_dir():
        files = (p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES)
        for file in sorted(files):
            yield _read_file(file)
    elif not path.is_file() or suffix == ".json":
        yield from read_plain([str(path)])  # a missing path's E204; gold .json records
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, columns)
    elif suffix == ".csv":
        yield from _read_csv(path, columns)
    elif suffix == ".parquet":
        yield from _read_parquet(path, columns)
    else:
        yield _read_file(path)


def _read_file(path: Path) -> SourceDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SourceDocument(id=str(path), error=_unreadable(path, exc))
    return SourceDocument(id=str(path), data=data, media_type="html" if is_html(path) else "text")


def _read_jsonl(path: Path, columns: Columns) -> Iterator[SourceDocument]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield SourceDocument(id=str(path), error=_unreadable(path, exc))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _jsonl_record(line, f"{path}:{number}", columns)


def _jsonl_record(line: bytes, where: str, columns: Columns) -> SourceDocument:
    try:
        data: Any = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return SourceDocument(id=where, error=_input_error(f"{where}: invalid JSON ({exc})"))
    if not isinstance(data, dict):
        return SourceDocument(id=where, error=_input_error(f"{where}: a record must be a JSON object"))
    return from_record(data, where, columns)


def _read_csv(path: Path, columns: Columns) -> Iterator[SourceDocument]:
    csv.field_size_limit(sys.maxsize)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        yield SourceDocument(id=str(path), error=_unreadable(path, exc))
        return
    with handle:
        try:
            for number, row in enumerate(csv.DictReader(handle), start=2):  # line 1 is the header
                yield from_record(row, f"{path}:{number}", columns)
        except (csv.Error, UnicodeDecodeError) as exc:
            yield SourceDocument(id=str(path), error=_input_error(f"{path}: unreadable CSV ({exc})"))


def _read_parquet(path: Path, columns: Columns) -> Iterator[SourceDocument]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield SourceDocument(id=str(path), error=_input_error(f"{path}: unreadable Parquet ({exc})"))
        return
    wanted = [c for c in _column_names(columns) if c in parquet.schema_arrow.names]
    number = 0
    for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            yield from_record(row, f"{path}:{number}", columns)


def _column_names(columns: Columns) -> list[str]:
    return list(dict.fromkeys([columns.text, columns.id, columns.published, columns.title, columns.url]))


def from_record(data: Mapping[str, Any], where: str, columns: Columns = DEFAULT_COLUMNS) -> SourceDocument:
    """A record whose ``columns`` name its text, id, publication date, title and URL;
    ``where`` (file and line or row) names it when it has no id."""
    raw_id = data.get(columns.id)
    doc_id = where if raw_id is None or raw_id == "" else str(raw_id)
    text = data.get(columns.text)
    if not isinstance(text, str):
        return SourceDocument(id=doc_id, error=_input_error(f"{where}: no string field {columns.text!r}"))
    return SourceDocument(
        id=doc_id,
        text=text,
        published=_optional(data.get(columns.published)),
        title=_optional(data.get(columns.title)),
        url=_optional(data.get(columns.url)),
    )


def _optional(value: Any) -> str | None:
    """A metadata value as text: a timestamp column as its ISO form, empty as ``None``."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value if isinstance(value, str) and value else None


def _unreadable(path: Path, exc: OSError) -> Notice:
    return Notice(Code.E_UNREADABLE.value, message(Code.E_UNREADABLE, f"{path}: {exc.strerror or exc}"))


def _input_error(detail: str) -> Notice:
    return Notice(Code.E_INPUT_RECORD.value, message(Code.E_INPUT_RECORD, detail))
