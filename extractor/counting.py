"""How many documents the inputs hold, for a progress bar's ETA — counted cheaply, or not at all.

Files and Parquet row counts come from the file system and Parquet metadata; JSONL lines are
counted by scanning bytes (no parsing). CSV (quoted line breaks) and stdin are not counted: the
bar then shows the rate without an ETA.
"""

from __future__ import annotations

import glob
from pathlib import Path

from .inputs import STDIN
from .sources import GLOB_CHARS, HTML_SUFFIXES, TEXT_SUFFIXES, Columns

CHUNK = 1 << 20


def count_documents(inputs: list[str], columns: Columns) -> int | None:
    """The number of documents ``inputs`` name, or ``None`` when that is not cheap to know.

    >>> count_documents([], Columns())
    0
    """
    total = 0
    for name in inputs:
        count = _count_one(name)
        if count is None:
            return None
        total += count
    return total


def _count_one(name: str) -> int | None:
    if name == STDIN:
        return None
    if GLOB_CHARS & set(name) and not Path(name).exists():
        counts = [_count_path(Path(match)) for match in glob.glob(name, recursive=True)]
        return None if None in counts else sum(c for c in counts if c is not None)
    return _count_path(Path(name))


def _count_path(path: Path) -> int | None:
    suffix = path.suffix.lower()
    try:
        if path.is_dir():
            return sum(1 for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES)
        if suffix == ".jsonl":
            return _count_lines(path)
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if suffix in (".csv", ".json"):
            return None
    except (OSError, ValueError):
        return 1
    return 1


def _count_lines(path: Path) -> int:
    """Lines (blank ones too: an estimate), scanning a megabyte at a time."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
