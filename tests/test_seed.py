"""The founding article (大庆日报, 2021-05-28), raw as scraped, read from ../shared/seed.

Every expectation here is from the foundation issue: metadata, every figure normalized, no
figure from the page furniture, and the four checks with their arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.output import article_to_dict
from extractor.pipeline import extract
from extractor.records import Article

from .conftest import SEED, need_shared


@pytest.fixture(scope="module")
def raw() -> str:
    return need_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(raw: str) -> Article:
    return extract(raw, id="daqing-2021-05-28")


def test_seed_metadata(article: Article) -> None:
    meta = article.meta
    assert meta.title == "大庆市推进项目建设提速增效 299个重点项目开复工"
    assert meta.source == "大庆日报"
    assert meta.published == "2021-05-28T08:28"
    assert meta.authors == ("赵龙",)
    assert meta.editors == ("王思迪", "王艳")


def test_seed_offsets_point_into_raw_text(raw: str, article: Article) -> None:
    for figure in article.figures:
        assert raw[figure.start : figure.end] == figure.text


# (text as it stands in the raw page, kind, value, unit, qualifier, role)
EXPECTED = [
    ("299個", "count", Decimal(299), "个", "exact", "value"),
    ("4月21日", "date", "2021-04-21", "date", "exact", "date"),
    ("2021年", "date", "2021", "date", "exact", "date"),
    ("5月20日", "date", "2021-05-20", "date", "exact", "date"),
    ("500萬元以上", "money", Decimal(5000000), "CNY", "at_least", "threshold"),
    ("387個", "count", Decimal(387), "个", "exact", "total"),
    ("210個", "count", Decimal(210), "个", "exact", "part"),
    ("177個", "count", Decimal(177), "个", "exact", "part"),
    ("1528.2億元", "money", Decimal(152820000000), "CNY", "exact", "value"),
    ("577.5億元", "money", Decimal(57750000000), "CNY", "exact", "target"),
    ("387個", "count", Decimal(387), "个", "exact", "value"),  # 这387个重点项目: restated
    ("299個", "count", Decimal(299), "个", "exact", "total"),
    ("126個", "count", Decimal(126), "个", "exact", "part"),
    ("173個", "count", Decimal(173), "个", "exact", "part"),
    ("77.3%", "percent", Decimal("77.3"), "%", "exact", "rate"),
    ("94.5億元", "money", Decimal(9450000000), "CNY", "exact", "value"),
    ("16.4%", "percent", Decimal("16.4"), "%", "exact", "rate"),
    ("100億元", "money", Decimal(10000000000), "CNY", "exact", "change"),
    ("2個", "count", Decimal(2), "个", "exact", "change"),
    ("40個", "count", Decimal(40), "个", "exact", "change"),
    ("236億元", "money", Decimal(23600000000), "CNY", "exact", "change"),
    ("27個", "count", Decimal(27), "个", "exact", "change"),
    ("300多名", "count", Decimal(300), "名", "more_than", "value"),
    ("24臺", "count", Decimal(24), "台", "exact", "value"),
    ("今年9月底", "date", "2021-09", "date", "end", "date"),
    ("3億元", "money", Decimal(300000000), "CNY", "exact", "value"),
    ("200萬件", "count", Decimal(2000000), "件", "exact", "value"),
    ("1臺", "count", Decimal(1), "台", "exact", "value"),
    ("2臺套", "count", Decimal(2), "台套", "exact", "value"),
    ("16個", "count", Decimal(16), "个", "exact", "value"),
    ("640立方米", "quantity", Decimal(640), "立方米", "exact", "value"),
    ("500萬元以上", "money", Decimal(5000000), "CNY", "at_least", "threshold"),
]


def test_seed_every_figure_normalized(article: Article) -> None:
    found = [(f.text, f.kind, f.value, f.unit, f.qualifier, f.role) for f in article.figures]
    assert found == [*EXPECTED[:17], ("今年", "date", "2021", "date", "exact", "date"), *EXPECTED[17:]]


def test_seed_figures_have_sensible_metrics(article: Article) -> None:
    metrics = {(f.text, f.metric) for f in article.figures}
    for expected in [
        ("387個", "重点项目"),
        ("210個", "新建重点项目"),
        ("1528.2億元", "总投资"),
        ("577.5億元", "年度计划投资"),
        ("77.3%", "开复工率"),
        ("94.5億元", "完成投资"),
        ("16.4%", "投资完成率"),
        ("300多名", "施工人员"),
        ("24臺", "压桩机"),
        ("5月20日", "统计截止时间"),
    ]:
        assert expected in metrics
    assert all(f.metric for f in article.figures)


def test_seed_changes_are_marked_as_changes(article: Article) -> None:
    changes = [f for f in article.figures if f.role == "change"]
    assert [f.text for f in changes] == ["100億元", "2個", "40個", "236億元", "27個"]
    assert {f.direction for f in changes} == {"increase"}
    assert {f.basis for f in changes} == {"同比"}


def test_seed_furniture_yields_no_figures(raw: str, article: Article) -> None:
    byline = raw.index("(記者 趙龍)")
    assert all(f.end <= byline for f in article.figures)
    assert not any("十堰" in f.text or "一期" in f.text or "100周年" in f.text for f in article.figures)
    assert not any("(" in f.text for f in article.figures)


def test_seed_four_checks_all_consistent(article: Article) -> None:
    by_id = {f.id: f for f in article.figures}
    checks = [(c.kind, c.status, [by_id[i].text for i in c.figures]) for c in article.checks]
    assert checks == [
        ("sum", "consistent", ["387個", "210個", "177個"]),
        ("sum", "consistent", ["299個", "126個", "173個"]),
        ("ratio", "consistent", ["299個", "387個", "77.3%"]),
        ("ratio", "consistent", ["94.5億元", "577.5億元", "16.4%"]),
    ]
    assert [c.explanation.split(";")[0] for c in article.checks] == [
        "210 + 177 = 387",
        "126 + 173 = 299",
        "299 / 387 = 77.2610%",
        "94.5 / 577.5 = 16.3636%",
    ]


def test_seed_json_record_follows_the_contract(article: Article) -> None:
    record = article_to_dict(article)
    assert set(record) >= {"id", "meta", "figures", "checks", "warnings", "error"}
    assert set(record["meta"]) >= {"title", "published", "source", "authors", "editors"}
    money = next(f for f in record["figures"] if f["text"] == "1528.2億元")
    assert money["value"] == 152820000000
    assert money["unit"] == "CNY"
    assert record["error"] is None
    assert len({f["id"] for f in record["figures"]}) == len(record["figures"])
