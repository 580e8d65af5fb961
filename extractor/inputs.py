"""Inputs: files, directories, JSONL records and stdin -> :class:`SourceDocument`, in order.

A path that cannot be read or a record that cannot be parsed still yields a document (with an
``error``), so that documents in = documents out.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Code, message
from .records import Notice, SourceDocument

STDIN = "-"


def read_inputs(inputs: list[str]) -> Iterator[SourceDocument]:
    """Every document named by ``inputs``, in order (a default publication date is the pipeline's:
    only the text's dateline can tell whether a document needs it)."""
    for name in inputs:
        yield from _read_one(name)


def _read_one(name: str) -> Iterator[SourceDocument]:
    if name == STDIN:
        yield SourceDocument(id="stdin", data=sys.stdin.buffer.read())
        return
    path = Path(name)
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            yield _read_file(file)
    elif path.suffix == ".jsonl":
        yield from _read_jsonl(path)
    elif path.suffix == ".json":
        yield from _read_json(path)
    else:
        yield _read_file(path)


def _read_file(path: Path) -> SourceDocument:
    try:
        return SourceDocument(id=str(path), data=path.read_bytes())
    except OSError as exc:
        return SourceDocument(id=str(path), error=_unreadable(path, exc))


def _read_json(path: Path) -> Iterator[SourceDocument]:
    """A ``.json`` file holding one record, or a list of records, of the JSONL form
    (a gold article of ../shared/devset/FORMAT.md is such a record)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceDocument(id=str(path), error=_unreadable(path, exc))
        return
    try:
        parsed: Any = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield SourceDocument(id=str(path), error=_input_error(f"{path}: invalid JSON ({exc})"))
        return
    if isinstance(parsed, list):
        for number, item in enumerate(parsed, start=1):
            yield _from_object(item, f"{path}[{number}]")
    else:
        yield _from_object(parsed, path.stem)


def _read_jsonl(path: Path) -> Iterator[SourceDocument]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield SourceDocument(id=str(path), error=_unreadable(path, exc))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _record(line, f"{path}:{number}")


def _record(line: bytes, where: str) -> SourceDocument:
    try:
        data: Any = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return SourceDocument(id=where, error=_input_error(f"{where}: invalid JSON ({exc})"))
    return _from_object(data, where)


def _from_object(data: Any, where: str) -> SourceDocument:
    """A record ``{"id", "text", "published"?, "title"?, "url"?}``; ``where`` names it otherwise."""
    if not isinstance(data, dict):
        return SourceDocument(id=where, error=_input_error(f"{where}: a record must be a JSON object"))
    doc_id = where if data.get("id") is None else str(data["id"])
    text = data.get("text")
    if not isinstance(text, str):
        return SourceDocument(id=doc_id, error=_input_error(f"{where}: no string field 'text'"))
    return SourceDocument(
        id=doc_id,
        text=text,
        published=_optional(data, "published"),
        title=_optional(data, "title"),
        url=_optional(data, "url"),
    )


def _optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _unreadable(path: Path, exc: OSError) -> Notice:
    return Notice(Code.E_UNREADABLE.value, message(Code.E_UNREADABLE, f"{path}: {exc.strerror or exc}"))


def _input_error(detail: str) -> Notice:
    return Notice(Code.E_INPUT_RECORD.value, message(Code.E_INPUT_RECORD, detail))
