"""The Python API: one article, a stream of them on all cores, and pandas in / pandas out.

>>> article = extract("全市已落实重点项目387个，其中新建210个、续建177个。")
>>> [figure.text for figure in article.figures], article.checks[0].status
(['387个', '210个', '177个'], 'consistent')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from .output import article_to_dict
from .parallel import process_parallel
from .pipeline import extract as _extract_one
from .records import Article, SourceDocument
from .sources import Columns, from_record
from .tables import SCHEMAS, Frames, document_row, frame, rows_of
from .tables import to_frames as _to_frames

if TYPE_CHECKING:
    import pandas as pd

Item = str | Mapping[str, Any] | SourceDocument
TableName = Literal["documents", "figures", "checks", "errors", "warnings"]
RECORD_COLUMN = "record"


def extract(text: str, published: str | None = None, title: str | None = None) -> Article:
    """Extract and check the figures of one article given as text."""
    return _extract_one(text, published, title)


def extract_many(
    items: Iterable[Item],
    workers: int | None = 1,
    *,
    published: str | None = None,
    doc_timeout: float | None = None,
    columns: Columns | None = None,
) -> Iterator[Article]:
    """Articles for ``items`` — texts, records (``{"id", "text", "published"?, "title"?}``, or
    named by ``columns``) or :class:`SourceDocument` — streamed in input order, on ``workers``
    processes (``None``: all cores). ``published`` is the date of documents that have none."""
    sources = (_source(number, item, columns or Columns()) for number, item in enumerate(items))
    for _, article in process_parallel(sources, workers=workers, doc_timeout=doc_timeout, default_published=published):
        yield article


def to_frames(articles: Iterable[Article], *, with_text: bool = False) -> Frames:
    """The ``documents``, ``figures``, ``checks``, ``errors`` and ``warnings`` tables of ``articles``."""
    return _to_frames(articles, with_text=with_text)


def extract_frame(
    data: pd.DataFrame,
    text_col: str = "text",
    *,
    id_col: str | None = None,
    published_col: str | None = None,
    title_col: str | None = None,
    table: TableName = "documents",
    workers: int | None = 1,
    with_text: bool = False,
) -> pd.DataFrame:
    """pandas in, pandas out: the unit an engine maps over partitions (Dask ``map_partitions``,
    Spark ``mapInPandas``).

    With ``table="documents"`` (the default) the result has one row per input row, on the same
    index: the ``documents`` columns and ``record``, the JSONL contract record as a string.
    Other tables give their rows for every document (``doc_id`` says whose). A row's id is its
    ``id_col`` value, else its index label.
    """
    columns = Columns(text=text_col, id=id_col or "\0id", published=published_col or "\0p", title=title_col or "\0t")
    sources = [_row_source(label, row, columns) for label, row in zip(data.index, _records(data), strict=True)]
    articles = list(extract_many(sources, workers=workers))
    if table != "documents":
        return frame(table, rows_of(articles, with_text=with_text).table(table))
    rows = [
        {
            **document_row(article, with_text=with_text),
            RECORD_COLUMN: json.dumps(article_to_dict(article), ensure_ascii=False),
        }
        for article in articles
    ]
    result = frame("documents", rows).assign(**{RECORD_COLUMN: [row[RECORD_COLUMN] for row in rows]})
    result[RECORD_COLUMN] = result[RECORD_COLUMN].astype("string")
    result.index = data.index
    return result


def frame_schema(table: TableName = "documents") -> pd.DataFrame:
    """An empty frame with :func:`extract_frame`'s columns and dtypes (an engine's ``meta``)."""
    empty = frame(table, [])
    if table == "documents":
        empty[RECORD_COLUMN] = empty["doc_id"].astype("string")
    return empty


def _records(data: pd.DataFrame) -> Iterator[dict[str, Any]]:
    wanted = [column for column in data.columns if isinstance(column, str)]
    for values in data[wanted].itertuples(index=False, name=None):
        yield {column: (None if _missing(value) else value) for column, value in zip(wanted, values, strict=True)}


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))  # None, NaN, NaT, pd.NA
    except (TypeError, ValueError):  # an array-like value is not missing
        return False


def _row_source(label: Any, row: Mapping[str, Any], columns: Columns) -> SourceDocument:
    return from_record(row, str(label), columns)


def _source(number: int, item: Item, columns: Columns) -> SourceDocument:
    if isinstance(item, SourceDocument):
        return item
    if isinstance(item, str):
        return SourceDocument(id=str(number), text=item)
    return from_record(item, str(number), columns)


__all__ = ["SCHEMAS", "Frames", "extract", "extract_frame", "extract_many", "frame_schema", "to_frames"]
