"""Beyond one machine: the same pipeline on a Dask cluster.

:func:`extract_dataframe` maps :func:`extractor.extract_frame` over the partitions of a Dask
DataFrame; :func:`process_distributed` sends a stream of documents to a scheduler in batches and
gives the articles back in input order (``newsfig extract --engine dask --scheduler ADDRESS``).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .api import TableName, extract_frame, frame_schema
from .parallel import died_article
from .pipeline import process_many
from .records import Article, SourceDocument

if TYPE_CHECKING:
    import dask.dataframe as dd

DOCS_PER_TASK = 64
TASKS_IN_FLIGHT_PER_WORKER = 4


def extract_dataframe(
    ddf: dd.DataFrame,
    text_col: str = "text",
    *,
    id_col: str | None = None,
    published_col: str | None = None,
    title_col: str | None = None,
    table: TableName = "documents",
    with_text: bool = False,
) -> dd.DataFrame:
    """A lazy Dask DataFrame of results: :func:`extractor.extract_frame` on every partition
    (one row per input row for ``table="documents"``)."""
    options: dict[str, Any] = {
        "id_col": id_col,
        "published_col": published_col,
        "title_col": title_col,
        "table": table,
        "with_text": with_text,
    }
    mapped: dd.DataFrame = ddf.map_partitions(  # type: ignore[no-untyped-call]
        extract_frame, text_col, meta=frame_schema(table), **options
    )
    return mapped


def process_distributed(
    sources: Iterable[SourceDocument],
    scheduler: str | None = None,
    *,
    default_published: str | None = None,
    client: Any = None,
) -> Iterator[tuple[SourceDocument, Article]]:
    """Each source with its article, in input order, computed on the cluster at ``scheduler``
    (``None``: a local cluster on this machine). A bounded number of batches is in flight."""
    from distributed import Client

    own = client is None
    client = client or (Client(scheduler) if scheduler else Client(processes=True))  # type: ignore[no-untyped-call]
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight: deque[tuple[list[SourceDocument], Any]] = deque()
        iterator = iter(sources)
        while batch := list(itertools.islice(iterator, DOCS_PER_TASK)):
            in_flight.append((batch, client.submit(_process_batch, batch, default_published, pure=False)))
            if len(in_flight) >= workers * TASKS_IN_FLIGHT_PER_WORKER:
                yield from _ready(in_flight.popleft())
        while in_flight:
            yield from _ready(in_flight.popleft())
    finally:
        if own:
            client.close()


def _ready(task: tuple[list[SourceDocument], Any]) -> Iterator[tuple[SourceDocument, Article]]:
    """A batch's articles; a batch whose task failed (its worker died) gives error articles."""
    batch, future = task
    try:
        articles: list[Article] = future.result()
    except Exception as exc:  # e.g. distributed.KilledWorker: the batch is lost, the run goes on
        articles = [died_article(source, None, f"{type(exc).__name__}: {exc}") for source in batch]
    yield from zip(batch, articles, strict=True)


def _process_batch(batch: list[SourceDocument], default_published: str | None) -> list[Article]:
    return list(process_many(batch, default_published=default_published))
