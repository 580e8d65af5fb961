"""The Python API: extract, extract_many (streamed, in order, on processes), to_frames and
extract_frame (pandas in, pandas out), and the Dask engine against a LocalCluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import extractor
from extractor.output import article_to_dict
from extractor.records import SourceDocument
from extractor.tables import SCHEMAS

TEXTS = [
    "截至5月20日，全市已落实投资500万元以上重点项目387个，其中新建210个、续建177个。",
    "全年新建项目210个，同比增长12.5%。",
    "",
    "总投资1528.2亿元，年度计划投资577.5亿元，占比37.8%。",
]


def test_api_extract_one_article() -> None:
    article = extractor.extract(TEXTS[0], published="2021-05-28")
    assert [f.text for f in article.figures][:2] == ["5月20日", "500万元以上"]
    assert article.figures[0].value == "2021-05-20"
    assert article.text == TEXTS[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_api_extract_many_streams_in_order(workers: int) -> None:
    items = [*TEXTS * 3, {"id": "r", "text": TEXTS[1]}, SourceDocument(id="s", text=TEXTS[3])]
    articles = list(extractor.extract_many(iter(items), workers=workers))
    assert [a.id for a in articles] == [*map(str, range(12)), "r", "s"]
    single = [article_to_dict(extractor.extract(t)) for t in TEXTS]
    for index, article in enumerate(articles[:12]):
        expected = {**single[index % 4], "id": str(index)}
        assert article_to_dict(article) == expected


def test_api_extract_many_is_lazy() -> None:
    pulled: list[int] = []

    def texts() -> Iterator[str]:
        for number in range(1000):
            pulled.append(number)
            yield TEXTS[1]

    stream = extractor.extract_many(texts(), workers=1)
    next(stream)
    assert len(pulled) < 10


def test_api_frames_of_articles() -> None:
    articles = [extractor.extract(t) for t in TEXTS]
    frames = extractor.to_frames(articles)
    assert list(frames.documents["doc_id"]) == ["doc"] * 4
    assert len(frames.figures) == sum(len(a.figures) for a in articles)
    assert list(frames.errors["code"]) == ["E201"]
    one = articles[0].to_frames()
    assert list(one.figures["text"]) == [f.text for f in articles[0].figures]
    assert list(one.figures.columns) == [column for column, _ in SCHEMAS["figures"]]
    assert one.figures["value"].dtype == "float64"
    assert one.figures.loc[one.figures["text"] == "387个", "value_text"].item() == "387"


def test_api_extract_frame_keeps_rows_and_index() -> None:
    data = pd.DataFrame(
        {"body": TEXTS, "day": ["2021-05-28", None, None, "2021-06-01"], "n": range(4)}, index=[10, 11, 12, 13]
    )
    result = extractor.extract_frame(data, text_col="body", published_col="day")
    assert list(result.index) == [10, 11, 12, 13]
    assert list(result["doc_id"]) == ["10", "11", "12", "13"]
    assert list(result["error_code"].fillna("")) == ["", "", "E201", ""]
    records = [json.loads(r) for r in result["record"]]
    assert records[0]["meta"]["published"] == "2021-05-28"
    assert records[0]["figures"][0]["value"] == "2021-05-20"
    figures = extractor.extract_frame(data, text_col="body", table="figures")
    assert set(figures["doc_id"]) == {"10", "11", "13"}
    assert len(figures) == sum(len(r["figures"]) for r in records)


def test_api_extract_frame_of_an_empty_frame_has_the_schema() -> None:
    result = extractor.extract_frame(pd.DataFrame({"text": pd.Series([], dtype="string")}))
    assert result.empty
    assert list(result.columns) == [*(column for column, _ in SCHEMAS["documents"]), "record"]


# --- Dask -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_api_dask_dataframe_equals_extract_frame(dask_client: object) -> None:
    import dask.dataframe as dd

    from extractor.dask import extract_dataframe

    data = pd.DataFrame({"text": TEXTS * 3, "id": [f"d{n}" for n in range(12)]})
    ddf = dd.from_pandas(data, npartitions=3)
    result = extract_dataframe(ddf, id_col="id").compute()
    expected = extractor.extract_frame(data, id_col="id")
    pd.testing.assert_frame_equal(result, expected)
    figures = extract_dataframe(ddf, id_col="id", table="figures").compute()
    assert len(figures) == len(extractor.extract_frame(data, id_col="id", table="figures"))


def test_api_dask_stream_in_order(dask_client: object) -> None:
    from extractor.dask import process_distributed

    sources = [SourceDocument(id=f"d{n}", text=TEXTS[n % 4]) for n in range(150)]
    pairs = list(process_distributed(sources, client=dask_client))
    assert [a.id for _, a in pairs] == [s.id for s in sources]
    assert [len(a.figures) for _, a in pairs[:4]] == [len(extractor.extract(t).figures) for t in TEXTS]


def test_api_dask_engine_on_the_command_line(
    dask_client: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extractor.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"d{n}", "text": t}) + "\n" for n, t in enumerate(TEXTS)), "utf-8")
    address = dask_client.scheduler.address  # type: ignore[attr-defined]
    assert main(["extract", str(source), "--engine", "dask", "--scheduler", address]) == 0
    distributed_out, err = capsys.readouterr()
    assert main(["extract", str(source), "--workers", "1"]) == 0
    local_out, _ = capsys.readouterr()
    assert distributed_out == local_out
    assert "newsfig: 4 documents in, 3 ok, 1 with errors" in err
