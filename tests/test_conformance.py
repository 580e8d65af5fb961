"""The conformance gate: pass rates on the Recognizers-Text Chinese suites
(../shared/conformance/recognizers-zh) may not drop below benchmarks/conformance_floors.json;
and the benchmark's own pieces — TIMEX and interval converters, deviation matching — do what
benchmarks/README.md says."""

from __future__ import annotations

import doctest
import json
from decimal import Decimal
from typing import Any

import pytest

from .conftest import REPO, SHARED, load_benchmark, need_shared

BENCHMARKS = REPO / "benchmarks"


conformance = load_benchmark("conformance")
FLOORS: dict[str, float] = {
    suite: floor
    for suite, floor in json.loads((BENCHMARKS / "conformance_floors.json").read_text(encoding="utf-8")).items()
    if not suite.startswith("_")
}


@pytest.fixture(scope="module")
def entries() -> list[Any]:
    return list(conformance.load_entries())


@pytest.fixture(scope="module")
def reports(entries: list[Any]) -> dict[str, Any]:
    need_shared(SHARED / conformance.SUITE_DIR)
    return {report.suite: report for report in conformance.run(SHARED, tuple(FLOORS), entries)}


# --- the gate --------------------------------------------------------------------------------


@pytest.mark.parametrize("suite", sorted(FLOORS))
def test_conformance_pass_rate_at_floor(reports: dict[str, Any], suite: str) -> None:
    report = reports[suite]
    failed = [o.case.id for o in report.of("failed")]
    assert report.pass_rate >= FLOORS[suite], f"{suite}: {report.pass_rate:.3f} < {FLOORS[suite]}; failing {failed}"


def test_conformance_floors_cover_every_suite() -> None:
    assert set(FLOORS) == set(conformance.SUITES)


def test_conformance_every_entry_covers_a_case(reports: dict[str, Any], entries: list[Any]) -> None:
    """A known_deviations.yaml entry that covers no case is mistyped or stale."""
    usage = conformance.entry_usage(list(reports.values()), entries)
    assert [u.entry.label() for u in usage if u.covered == 0] == []


def test_conformance_unit_names_are_data() -> None:
    names = conformance.load_unit_names()
    assert names["亩"] == "Mu"
    assert names["公斤"] == names["千克"] == "Kilogram"


def test_conformance_doctests() -> None:
    assert doctest.testmod(conformance).failed == 0


# --- TIMEX --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "exclusive_end", "timex"),
    [
        pytest.param("2021-05-20", False, "2021-05-20", id="day"),
        pytest.param("2021-05", False, "2021-05", id="month"),
        pytest.param("2021", False, "2021", id="year"),
        pytest.param("2021-Q1", False, "(2021-01-01,2021-04-01,P3M)", id="quarter"),
        pytest.param("2021-H2", False, "(2021-07-01,2022-01-01,P6M)", id="half year"),
        pytest.param("2016/2020", False, "(2016-01-01,2021-01-01,P5Y)", id="years, inclusive end"),
        pytest.param("2021-01/2021-10", False, "(2021-01-01,2021-11-01,P10M)", id="months"),
        pytest.param("2021-Q1/2021-Q3", False, "(2021-01-01,2021-10-01,P9M)", id="quarters"),
        pytest.param("2016-01-10/2016-01-12", False, "(2016-01-10,2016-01-13,P3D)", id="days"),
        pytest.param("2016/2018", True, "(2016-01-01,2018-01-01,P2Y)", id="years, peer's exclusive end"),
        pytest.param("2016-06-01/2016-06-30", True, "(2016-06-01,2016-06-30,P29D)", id="days, peer's exclusive end"),
        pytest.param("1990/1999", False, "(1990-01-01,2000-01-01,P10Y)", id="decade"),
        pytest.param("2019-02-29", False, None, id="impossible day"),
        pytest.param("2021-13", False, None, id="impossible month"),
        pytest.param("2018-08/2018-02", False, None, id="period ending before it begins"),
        pytest.param("next week", False, None, id="not ours"),
    ],
)
def test_conformance_to_timex(ours: str, exclusive_end: bool, timex: str | None) -> None:
    assert conformance.to_timex(ours, exclusive_end=exclusive_end) == timex


@pytest.mark.parametrize(
    ("expected", "ours", "match"),
    [
        ("XXXX-01-19", "2017-01-19", True),
        ("XXXX-XX-29", "2018-01-29", True),
        ("(XX90-01-01,XX00-01-01,P10Y)", "(1990-01-01,2000-01-01,P10Y)", True),
        ("XXXX-01-19", "2017-01-20", False),
        ("2018", "2018-01", False),
        ("2017-01-19", "XXXX-01-19", False),  # only the peer's X is a wildcard
    ],
)
def test_conformance_timex_wildcard(expected: str, ours: str, match: bool) -> None:
    assert conformance.timex_matches(expected, ours) is match


# --- intervals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "value", "high", "interval"),
    [
        ("exact", "1535", None, "[1535,1535]"),
        ("range", "20", "100", "[20,100]"),
        ("more_than", "500", None, "(500,)"),
        ("at_least", "1E+3", None, "[1000,)"),
        ("less_than", "0.5", None, "(,0.5)"),
        ("at_most", "5", None, "(,5]"),
        ("approx", "30", None, None),
        ("range", "20", None, None),
    ],
)
def test_conformance_figure_interval(qualifier: str, value: str, high: str | None, interval: str | None) -> None:
    high_value = Decimal(high) if high is not None else None
    assert conformance.figure_interval(qualifier, Decimal(value), high_value) == interval


@pytest.mark.parametrize("text", ["(20,35]", "[20,30)", "(300,)", "[1535,1535]", "(,100]", "[-10000,20000)"])
def test_conformance_interval_round_trip(text: str) -> None:
    assert str(conformance.parse_interval(text)) == text


def test_conformance_intervals_compare_numerically() -> None:
    parse = conformance.parse_interval
    assert conformance.intervals_equal(parse("[1E+3,)"), parse("[1000.0,)"))
    assert not conformance.intervals_equal(parse("[1000,)"), parse("(1000,)"))


@pytest.mark.parametrize(
    ("accept", "ours", "peer", "equal"),
    [
        pytest.param({"inclusive_range_end": True}, "[20,100]", "[20,100)", True, id="range end"),
        pytest.param({"inclusive_range_end": True}, "[20,99]", "[20,100)", False, id="range end, other value"),
        pytest.param({"inclusive_bounds": True}, "[500,)", "(500,)", True, id="以上"),
        pytest.param({"inclusive_bounds": True}, "(,1500]", "(,1500)", True, id="以下"),
        pytest.param({"vague_range": True}, "[110000,190000]", "(100000,)", True, id="十几万"),
        pytest.param({"vague_range": True}, "[11,19]", "(34500000,)", False, id="vague range below the bound"),
        pytest.param({}, "[20,100]", "[20,100)", False, id="strict"),
    ],
)
def test_conformance_interval_relaxations(accept: dict[str, Any], ours: str, peer: str, equal: bool) -> None:
    policy = conformance.policy_from(accept, "test")
    relaxed = conformance._relaxed(conformance.parse_interval(peer), policy)
    assert conformance.intervals_equal(conformance.parse_interval(ours), relaxed, policy) is equal


# --- comparison and deviations ---------------------------------------------------------------------


def _case(text: str, expected: list[dict[str, Any]], suite: str = "number", case_id: str = "number-9999") -> Any:
    return conformance.Case(case_id, suite, text, tuple(expected), None)


def _item(start: int, end: int, value: str, unit: str | None = None) -> Any:
    return conformance.Item(start, end, Decimal(value), unit)


def test_conformance_items_match_as_multisets() -> None:
    ours = [_item(0, 2, "20"), _item(3, 5, "20")]
    assert conformance.items_match(ours, [_item(3, 5, "20"), _item(0, 2, "20.00000000001")])
    assert not conformance.items_match(ours, [_item(0, 2, "20"), _item(0, 2, "20")])
    assert not conformance.items_match(ours[:1], [_item(0, 2, "20.001")])


@pytest.mark.parametrize(
    ("row", "text", "covered"),
    [
        ({"pattern": "个百分点"}, "六个百分点", True),
        ({"pattern": "个百分点"}, "六成", False),
        ({"id": "number-9999"}, "六成", True),
        ({"id": ["number-0001", "number-0002"]}, "六成", False),
        ({"expected": {"text": "^人民币$"}}, "人民币", True),
        ({"expected": {"text": "^人民币$"}}, "美元", False),
        ({"pattern": "六", "expected": {"text": "^美元$"}}, "六成", False),  # every selector must match
    ],
)
def test_conformance_entry_covers(row: dict[str, Any], text: str, covered: bool) -> None:
    entry = conformance.parse_entry({"suite": "number", "reason": "test", **row}, "exclude", "test", ["number"])
    assert entry.covers(_case(text, [{"text": text, "start": 0, "end": len(text)}])) is covered


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        pytest.param({"suite": "number", "pattern": "x"}, "exclude", id="no reason"),
        pytest.param({"suite": "number", "reason": "r"}, "exclude", id="no selector"),
        pytest.param({"suite": "number", "reason": "r", "pattern": "x"}, "deviation", id="deviation accepting nothing"),
        pytest.param(
            {"suite": "number", "reason": "r", "pattern": "x", "accept": {}}, "exclude", id="exclusion accepts"
        ),
        pytest.param({"suite": "nope", "reason": "r", "pattern": "x"}, "exclude", id="unknown suite"),
        pytest.param({"suite": "number", "reason": "r", "pattern": "("}, "exclude", id="broken pattern"),
        pytest.param({"suite": "number", "reason": "r", "pattern": "x", "typo": 1}, "exclude", id="unknown key"),
        pytest.param(
            {"suite": "number", "reason": "r", "pattern": "x", "accept": {"fuzzy": 1}}, "deviation", id="bad accept"
        ),
    ],
)
def test_conformance_entry_rejects_malformed(row: dict[str, Any], kind: str) -> None:
    with pytest.raises(ValueError, match="test"):
        conformance.parse_entry(row, kind, "test", ["number"])


def _spec(found: list[Any]) -> Any:
    """A suite whose 'extractor' always finds ``found``."""
    return conformance.SuiteSpec(
        observe=lambda case, ctx: conformance.Observation(numerals=tuple(found)),
        ours=conformance.ours_numerals,
        expected=conformance.expected_numbers,
    )


@pytest.mark.parametrize(
    ("found", "status"),
    [
        pytest.param([_item(0, 4, "50")], "passed", id="strict pass"),
        pytest.param([_item(2, 4, "50")], "deviation", id="passes only with the span relaxed"),
        pytest.param([_item(2, 4, "60")], "failed", id="a wrong value is never a deviation"),
        pytest.param([], "failed", id="nothing found is never a deviation"),
    ],
)
def test_conformance_deviation_counts_only_when_the_relaxed_comparison_passes(found: list[Any], status: str) -> None:
    entry = conformance.parse_entry(
        {"suite": "number", "reason": "r", "pattern": "超过", "accept": {"span_contained": True}},
        "deviation",
        "test",
        ["number"],
    )
    case = _case("超过50", [{"text": "超过50", "start": 0, "end": 4, "value": 50}])
    outcome = conformance.evaluate(case, _spec(found), None, [entry])
    assert outcome.status == status


def test_conformance_excluded_cases_are_not_run() -> None:
    entry = conformance.parse_entry({"suite": "number", "reason": "r", "pattern": "2e5"}, "exclude", "t", ["number"])
    outcome = conformance.evaluate(_case("2e5", []), _spec([_item(0, 1, "2")]), None, [entry])
    assert outcome.status == "excluded"
    assert outcome.ours == ()


@pytest.mark.parametrize(
    ("found", "status"),
    [
        pytest.param([_item(0, 3, "15"), _item(4, 9, "16000000")], "deviation", id="inferred amount ignored"),
        pytest.param([_item(4, 9, "16000000")], "failed", id="the amount with its currency word is still required"),
    ],
)
def test_conformance_ignore_ours_drops_only_matching_items(found: list[Any], status: str) -> None:
    entry = conformance.parse_entry(
        {"suite": "number", "reason": "r", "pattern": "万", "accept": {"ignore_ours": r"^[\d.]+[万亿]$"}},
        "deviation",
        "test",
        ["number"],
    )
    case = _case("15元和1600万", [{"text": "15元", "start": 0, "end": 3, "value": 15}])
    assert conformance.evaluate(case, _spec(found), None, [entry]).status == status
