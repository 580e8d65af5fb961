"""Tests for extractor.evaluate: matching, metric agreement, relations, false alarms, loading."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate import (
    GoldArticle,
    RelationCounts,
    load_gold,
    match_figures,
    metric_labels_agree,
    parse_gold_article,
    parse_predicted_figure,
    parse_value,
    score,
    values_equal,
)

CASES = Path(__file__).resolve().parent / "cases" / "evaluate"
DEVSET = Path(__file__).resolve().parents[1].parent / "shared" / "devset"
FILLER_TEXT = "文" * 200


def read_cases(name: str) -> list[Any]:
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(case["input"], case["expected"], id=f"{case['source']}: {case['note']}")
        for case in map(json.loads, filter(None, lines))
    ]


# ---------------------------------------------------------------- builders


def gold_figure(start: int, end: int, kind: str, value: object, metric: str | None = "指标") -> dict[str, object]:
    return {
        "start": start,
        "end": end,
        "surface": FILLER_TEXT[start:end],
        "kind": kind,
        "value": value,
        "unit": "",
        "qualifier": "exact",
        "metric": metric,
    }


def gold_article(
    figures: Sequence[dict[str, object]],
    relations: Sequence[dict[str, object]] = (),
    doc_id: str = "t-001",
) -> GoldArticle:
    return parse_gold_article(
        {
            "id": doc_id,
            "published": "2021-05-28",
            "title": "标题",
            "text": FILLER_TEXT,
            "figures": list(figures),
            "relations": list(relations),
        }
    )


def predicted_figure(
    figure_id: str, start: int, end: int, kind: str, value: object, metric: str | None = "指标"
) -> dict[str, object]:
    return {
        "id": figure_id,
        "kind": kind,
        "value": value,
        "high": None,
        "unit": "",
        "qualifier": "exact",
        "start": start,
        "end": end,
        "text": FILLER_TEXT[start:end],
        "metric": metric,
    }


def check(kind: str, status: str, figure_ids: Sequence[str]) -> dict[str, object]:
    return {"kind": kind, "status": status, "figures": list(figure_ids)}


def document(
    figures: Sequence[dict[str, object]],
    checks: Sequence[dict[str, object]] = (),
    doc_id: str = "t-001",
) -> dict[str, object]:
    return {"id": doc_id, "figures": list(figures), "checks": list(checks)}


def plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def prediction_from_gold(article: GoldArticle) -> dict[str, object]:
    """The gold article in the pipeline's output shape: figure ids, relations as checks."""
    figures = [
        predicted_figure(
            f"f{figure.index}",
            figure.start,
            figure.end,
            figure.kind,
            plain_number(figure.value) if isinstance(figure.value, Decimal) else figure.value,
            figure.metric,
        )
        for figure in article.figures
    ]
    checks = [
        check(relation.kind, relation.status, [f"f{i}" for i in sorted(relation.figure_indices)])
        for relation in article.relations
    ]
    return document(figures, checks, article.id)


# ---------------------------------------------------------------- figure matching

MATCHING_CASES = [
    pytest.param(
        [gold_figure(0, 4, "count", 250)],
        [predicted_figure("p1", 0, 4, "count", 250)],
        {(0, "p1")},
        id="exact match",
    ),
    pytest.param(
        [gold_figure(0, 6, "quantity", 640)],
        [predicted_figure("p1", 0, 6, "count", 640)],
        {(0, "p1")},
        id="count and quantity are one family",
    ),
    pytest.param(
        [gold_figure(0, 4, "count", 30)],
        [predicted_figure("p1", 0, 4, "money", 30)],
        set(),
        id="count and money are different families",
    ),
    pytest.param(
        [gold_figure(0, 4, "percent", 13.8)],
        [predicted_figure("p1", 0, 4, "percentage_point", 13.8)],
        set(),
        id="percent and percentage_point are different families",
    ),
    pytest.param(
        [gold_figure(0, 8, "money", 152820000000)],
        [predicted_figure("p1", 0, 8, "money", "152820000000.0")],
        {(0, "p1")},
        id="value tolerance across int and decimal string",
    ),
    pytest.param(
        [gold_figure(0, 5, "percent", 77.3)],
        [predicted_figure("p1", 0, 5, "percent", 77.26)],
        set(),
        id="different value does not match",
    ),
    pytest.param(
        [gold_figure(0, 9, "date", "2021-05-20")],
        [predicted_figure("p1", 0, 9, "date", "2021-05-20")],
        {(0, "p1")},
        id="date string exact",
    ),
    pytest.param(
        [gold_figure(0, 9, "date", "2021-05-20")],
        [predicted_figure("p1", 0, 9, "date", "2021-05")],
        set(),
        id="date at another granularity does not match",
    ),
    pytest.param(
        [gold_figure(10, 12, "percent", 5), gold_figure(30, 32, "percent", 5)],
        [predicted_figure("p1", 30, 32, "percent", 5)],
        {(1, "p1")},
        id="same value twice: the overlapping occurrence matches",
    ),
    pytest.param(
        [gold_figure(10, 13, "count", 5), gold_figure(20, 23, "count", 5)],
        [predicted_figure("p1", 12, 22, "count", 5)],
        {(1, "p1")},
        id="larger overlap beats nearer start",
    ),
    pytest.param(
        [gold_figure(0, 2, "count", 5), gold_figure(40, 42, "count", 5)],
        [predicted_figure("p1", 30, 32, "count", 5)],
        {(1, "p1")},
        id="without overlap the nearest start matches",
    ),
    pytest.param(
        [gold_figure(10, 12, "count", 5)],
        [predicted_figure("p1", 11, 12, "count", 5), predicted_figure("p2", 10, 12, "count", 5)],
        {(0, "p2")},
        id="one-to-one: two predictions for one gold figure",
    ),
    pytest.param(
        [gold_figure(10, 12, "count", 5), gold_figure(14, 16, "count", 5)],
        [predicted_figure("p1", 10, 16, "count", 5), predicted_figure("p2", 17, 19, "count", 5)],
        {(0, "p1"), (1, "p2")},
        id="one-to-one: a taken overlap leaves the non-overlapping candidate",
    ),
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), MATCHING_CASES)
def test_evaluate_figure_matching(
    gold: list[dict[str, object]],
    predicted: list[dict[str, object]],
    expected: set[tuple[int, str]],
) -> None:
    article = gold_article(gold)
    parsed = [parse_predicted_figure(record, "test") for record in predicted]
    matches = match_figures(article.figures, parsed)
    assert {(match.gold.index, match.predicted.id) for match in matches} == expected


@pytest.mark.parametrize(("case", "expected"), read_cases("value_equality.jsonl"))
def test_evaluate_value_equality(case: dict[str, Any], expected: bool) -> None:
    gold_value = parse_value(case["kind"], case["gold"])
    predicted_value = parse_value(case["kind"], case["predicted"])
    assert values_equal(gold_value, predicted_value) is expected


@pytest.mark.parametrize(
    ("gold_kind", "predicted_kind", "expected_fp_family"),
    [
        pytest.param("count", "money", "money", id="unmatched prediction counts under its kind"),
        pytest.param("quantity", "percent", "percent", id="quantity gold, percent prediction"),
    ],
)
def test_evaluate_per_kind_counts(gold_kind: str, predicted_kind: str, expected_fp_family: str) -> None:
    article = gold_article([gold_figure(0, 2, gold_kind, 5)])
    report = score([article], {"t-001": document([predicted_figure("p1", 0, 2, predicted_kind, 5)])})
    assert report.figures_by_family["count/quantity"].fn == 1
    assert report.figures_by_family[expected_fp_family].fp == 1
    assert report.figures_overall.precision == 0.0
    assert report.spurious[0].kind == predicted_kind
    assert report.missed[0].value == "5"


# ---------------------------------------------------------------- metric agreement


@pytest.mark.parametrize(("case", "expected"), read_cases("metric_agreement.jsonl"))
def test_evaluate_metric_agreement_rule(case: dict[str, Any], expected: bool) -> None:
    assert metric_labels_agree(case["gold"], case["predicted"]) is expected


@pytest.mark.parametrize(
    ("gold_metrics", "predicted_metrics", "expected"),
    [
        pytest.param(["总投资", "开复工率"], ["投资", "开复工率"], (2, 2), id="all agree"),
        pytest.param(["总投资", "开复工率"], ["投资", None], (2, 1), id="missing label disagrees"),
        pytest.param(["总投资", None], ["增速", "开复工率"], (1, 0), id="gold without metric ignored"),
    ],
)
def test_evaluate_metric_agreement_counts(
    gold_metrics: list[str | None], predicted_metrics: list[str | None], expected: tuple[int, int]
) -> None:
    article = gold_article(
        [gold_figure(i * 10, i * 10 + 3, "count", i, metric) for i, metric in enumerate(gold_metrics)]
    )
    predicted = [
        predicted_figure(f"p{i}", i * 10, i * 10 + 3, "count", i, metric) for i, metric in enumerate(predicted_metrics)
    ]
    report = score([article], {"t-001": document(predicted)})
    agreement = report.metric_agreement
    assert (agreement.compared, agreement.agreed) == expected
    assert len(report.metric_disagreements) == expected[0] - expected[1]


# ---------------------------------------------------------------- relations

RELATION_FIGURES = [
    gold_figure(0, 4, "count", 387),
    gold_figure(10, 14, "count", 210),
    gold_figure(20, 24, "count", 177),
    gold_figure(30, 32, "count", 5),
    gold_figure(40, 43, "percent", 54.3),
]
SUM_RELATION = {"kind": "sum", "whole": 0, "parts": [1, 2], "status": "consistent"}
ALL_PREDICTED = [
    predicted_figure(f"p{f.index}", f.start, f.end, f.kind, str(f.value))
    for f in gold_article(RELATION_FIGURES).figures
]


@pytest.mark.parametrize(
    ("predicted", "checks", "expected"),
    [
        pytest.param(
            ALL_PREDICTED,
            [check("sum", "consistent", ["p0", "p1", "p2"])],
            RelationCounts(1, 1, 1, 1),
            id="found",
        ),
        pytest.param(
            ALL_PREDICTED,
            [check("sum", "consistent", ["p2", "p0", "p1"])],
            RelationCounts(1, 1, 1, 1),
            id="found: figure order is irrelevant",
        ),
        pytest.param(
            ALL_PREDICTED,
            [check("sum", "inconsistent", ["p0", "p1", "p2"])],
            RelationCounts(1, 1, 0, 1),
            id="not found: wrong status",
        ),
        pytest.param(
            ALL_PREDICTED,
            [check("difference", "consistent", ["p0", "p1", "p2"])],
            RelationCounts(1, 1, 0, 0),
            id="not found: wrong kind",
        ),
        pytest.param(
            ALL_PREDICTED,
            [check("sum", "consistent", ["p0", "p1"])],
            RelationCounts(1, 1, 0, 0),
            id="not found: missing figure",
        ),
        pytest.param(
            ALL_PREDICTED,
            [check("sum", "consistent", ["p0", "p1", "p2", "p3"])],
            RelationCounts(1, 1, 0, 0),
            id="not found: extra figure",
        ),
        pytest.param(
            [*ALL_PREDICTED[:2], predicted_figure("p2", 20, 24, "count", 178)],
            [check("sum", "consistent", ["p0", "p1", "p2"])],
            RelationCounts(1, 0, 0, 0),
            id="not found: a gold figure is unmatched",
        ),
        pytest.param(ALL_PREDICTED, [], RelationCounts(1, 1, 0, 0), id="not found: no checks"),
    ],
)
def test_evaluate_relation_found(
    predicted: list[dict[str, object]], checks: list[dict[str, object]], expected: RelationCounts
) -> None:
    article = gold_article(RELATION_FIGURES, [SUM_RELATION])
    report = score([article], {"t-001": document(predicted, checks)})
    assert report.relations_overall == expected
    assert report.relations_by_kind == {"sum": expected}


# ---------------------------------------------------------------- false alarms

INCONSISTENT_SUM = {**SUM_RELATION, "status": "inconsistent"}
CONSISTENT_RATIO = {
    "kind": "ratio",
    "numerator": 1,
    "denominator": 0,
    "result": 4,
    "status": "consistent",
}


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        pytest.param(
            [check("sum", "inconsistent", ["p0", "p1", "p2"])],
            0,
            id="inconsistent check on the inconsistent relation",
        ),
        pytest.param(
            [check("ratio", "inconsistent", ["p1", "p0", "p4"])],
            1,
            id="inconsistent check on a consistent relation",
        ),
        pytest.param(
            [check("difference", "inconsistent", ["p0", "p3"])],
            1,
            id="inconsistent check on figures with no relation",
        ),
        pytest.param(
            [check("sum", "inconsistent", ["p0", "p1"])],
            1,
            id="inconsistent check on part of the inconsistent relation",
        ),
        pytest.param([check("sum", "inconsistent", ["x9"])], 1, id="inconsistent check on unknown figure ids"),
        pytest.param(
            [check("difference", "consistent", ["p0", "p3"])],
            0,
            id="a consistent check is never an alarm",
        ),
        pytest.param(
            [
                check("sum", "inconsistent", ["p0", "p1", "p2"]),
                check("ratio", "inconsistent", ["p0", "p1", "p4"]),
                check("difference", "unverifiable", ["p0", "p3"]),
            ],
            1,
            id="mixed checks",
        ),
    ],
)
def test_evaluate_false_alarms(checks: list[dict[str, object]], expected: int) -> None:
    article = gold_article(RELATION_FIGURES, [INCONSISTENT_SUM, CONSISTENT_RATIO])
    empty = gold_article([], doc_id="t-002")
    report = score([article, empty], {"t-001": document(ALL_PREDICTED, checks)})
    assert report.false_alarms.count == expected
    assert report.false_alarms.per_article == expected / 2
    assert report.per_document[0].false_alarms == expected


# ---------------------------------------------------------------- documents and report


def test_evaluate_gold_article_without_prediction() -> None:
    predicted = gold_article(RELATION_FIGURES, [SUM_RELATION], doc_id="t-002")
    missing = gold_article(RELATION_FIGURES, [SUM_RELATION], doc_id="t-001")
    report = score([missing, predicted], {"t-002": prediction_from_gold(predicted)})
    first = report.per_document[0]
    assert (first.doc_id, first.has_prediction) == ("t-001", False)
    assert (first.figures.tp, first.figures.fp, first.figures.fn) == (0, 0, 5)
    assert report.figures_overall.recall == 0.5
    assert report.relations_overall == RelationCounts(2, 1, 1, 1)
    assert {error.doc_id for error in report.missed} == {"t-001"}


def test_evaluate_report_serialisation() -> None:
    article = gold_article([gold_figure(i * 10, i * 10 + 2, "count", i + 1) for i in range(3)])
    predicted = document([predicted_figure("p1", 0, 2, "count", 1), predicted_figure("p9", 50, 52, "money", 9)])
    report = score([article], {"t-001": predicted, "extra": document([], doc_id="extra")})
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["figures"]["overall"] == {
        "tp": 1,
        "fp": 1,
        "fn": 2,
        "precision": 0.5,
        "recall": 0.3333,
        "f1": 0.4,
    }
    assert data["relations"]["overall"]["recall"] is None
    assert data["unscored_prediction_ids"] == ["extra"]
    assert [error["value"] for error in data["spurious"]] == ["9"]
    table = report.format_table()
    for label in (
        "overall (micro)",
        "count/quantity",
        "relations",
        "metric agreement",
        "false alarms",
    ):
        assert label in table


# ---------------------------------------------------------------- loading gold


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def raw_gold(doc_id: str) -> dict[str, object]:
    return {
        "id": doc_id,
        "published": "2021-05-28",
        "title": "标题",
        "text": FILLER_TEXT,
        "figures": [gold_figure(0, 2, "count", 5)],
        "relations": [],
    }


def load_gold_ids(paths: list[Path]) -> list[str]:
    return [article.id for article in load_gold(paths)]


def test_evaluate_load_gold_from_directory(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    write_json(gold_dir / "b.json", raw_gold("b"))
    write_json(gold_dir / "a.json", raw_gold("a"))
    write_json(gold_dir / "notes.json", {"comment": "not an article"})
    (gold_dir / "FORMAT.md").write_text("# format", encoding="utf-8")
    single_file = tmp_path / "z.json"
    write_json(single_file, raw_gold("z"))
    assert load_gold_ids([single_file, gold_dir]) == ["z", "a", "b"]
    loaded = load_gold([gold_dir])[0]
    assert (loaded.published, loaded.title, loaded.figures[0].value) == (
        "2021-05-28",
        "标题",
        Decimal(5),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="invalid JSON"),
        pytest.param(
            json.dumps({**raw_gold("a"), "relations": [{**SUM_RELATION, "parts": [7]}]}),
            "out of range",
            id="relation index out of range",
        ),
        pytest.param(
            json.dumps({**raw_gold("a"), "relations": [{**SUM_RELATION, "parts": ["1"]}]}),
            "figure indices",
            id="relation index not an integer",
        ),
    ],
)
def test_evaluate_load_gold_rejects_broken_files(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "a.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_gold_ids([tmp_path])


def test_evaluate_load_gold_rejects_duplicate_ids(tmp_path: Path) -> None:
    write_json(tmp_path / "a.json", raw_gold("same"))
    write_json(tmp_path / "b.json", raw_gold("same"))
    with pytest.raises(ValueError, match="duplicate gold article ids"):
        load_gold_ids([tmp_path])


@pytest.mark.skipif(not DEVSET.is_dir(), reason="shared devset not present")
def test_evaluate_devset_scored_against_itself() -> None:
    gold = load_gold([DEVSET])
    assert gold, "the devset holds gold articles"
    report = score(gold, {article.id: prediction_from_gold(article) for article in gold})
    overall = report.figures_overall
    assert (overall.precision, overall.recall, overall.f1) == (1.0, 1.0, 1.0)
    assert all(counts.f1 == 1.0 for counts in report.figures_by_family.values())
    assert report.metric_agreement.rate == 1.0
    assert report.relations_overall.recall == 1.0
    assert report.false_alarms.count == 0
    assert report.matched_without_overlap == 0
