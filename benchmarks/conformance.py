"""Conformance benchmark: newsfig against the Chinese test specs of Microsoft Recognizers-Text.

The suites live in ``../shared/conformance/recognizers-zh`` (one JSONL case per line; see the
README there). Each suite is compared the way benchmarks/README.md describes; deliberate
deviations and out-of-scope cases are data in ``known_deviations.yaml``, our unit surfaces are
mapped to the peer's unit names by ``unit_names.yaml``.

Run by hand::

    python benchmarks/conformance.py [--shared DIR] [--suite NAME ...] [--failures N] [--json]

``tests/test_conformance.py`` imports this module and holds each suite's pass rate at or above
``conformance_floors.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml

from extractor.candidates import find_numerals
from extractor.clean import clean
from extractor.pipeline import extract
from extractor.records import Figure
from extractor.rules import Rules, load_rules

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
SUITE_DIR = Path("conformance") / "recognizers-zh"
DEVIATIONS_FILE = HERE / "known_deviations.yaml"
UNIT_NAMES_FILE = HERE / "unit_names.yaml"
TOLERANCE = Decimal("1e-9")  # relative


# --- intervals (numberrange) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """A numeric interval; ``None`` is an unbounded end."""

    low: Decimal | None
    high: Decimal | None
    low_closed: bool
    high_closed: bool

    def __str__(self) -> str:
        left, right = "[" if self.low_closed else "(", "]" if self.high_closed else ")"
        return f"{left}{_plain(self.low)},{_plain(self.high)}{right}"


_INTERVAL = re.compile(r"([\[(])\s*([^,\s]*)\s*,\s*([^\])\s]*)\s*([\])])")

# How a figure's qualifier reads as an interval (our contract, README: `qualifier`, `bounds`).
QUALIFIER_INTERVALS = {
    "exact": "[{v},{v}]",
    "range": "{left}{v},{h}{right}",
    "more_than": "({v},)",
    "at_least": "[{v},)",
    "less_than": "(,{v})",
    "at_most": "(,{v}]",
}


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def parse_interval(text: str) -> Interval:
    """An interval string as the peer writes it; an empty end is unbounded.

    >>> str(parse_interval("(20,35]")), parse_interval("[1e3,)").low
    ('(20,35]', Decimal('1E+3'))
    """
    match = _INTERVAL.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an interval: {text!r}")
    left, low, high, right = match.groups()
    return Interval(Decimal(low) if low else None, Decimal(high) if high else None, left == "[", right == "]")


def figure_interval(qualifier: str, value: Decimal, high: Decimal | None, bounds: str | None = None) -> str | None:
    """Our figure as an interval string; ``None`` for qualifiers with no interval (approx).
    A range's ``bounds`` say which ends it includes (both when absent).

    >>> figure_interval("range", Decimal(20), Decimal(100)), figure_interval("at_least", Decimal("1E+3"), None)
    ('[20,100]', '[1000,)')
    >>> figure_interval("range", Decimal(10), Decimal(20), "(]")
    '(10,20]'
    """
    template = QUALIFIER_INTERVALS.get(qualifier)
    if template is None or (qualifier == "range" and high is None):
        return None
    left, right = bounds or "[]"
    return template.format(v=_plain(value), h=_plain(high), left=left, right=right)


# --- TIMEX (datetime suites) ---------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_PART = re.compile(r"(\d{4})-([QH])([1-4])")  # quarter, half year


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def unit_bounds(value: str) -> tuple[date, date]:
    """The first day of one of our ISO dates (day, month, year, quarter, half) and the first day
    after it; ``ValueError`` for anything else, including impossible dates (2019-02-29)."""
    if _DAY.fullmatch(value):
        day = date.fromisoformat(value)
        return day, day + timedelta(days=1)
    if match := _MONTH.fullmatch(value):
        start = date(int(match[1]), int(match[2]), 1)
        return start, _add_months(start, 1)
    if _YEAR.fullmatch(value):
        return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
    if match := _PART.fullmatch(value):
        length = 3 if match[2] == "Q" else 6
        start = date(int(match[1]), 1 + (int(match[3]) - 1) * length, 1)
        if match[2] == "H" and int(match[3]) > 2:
            raise ValueError(f"no such half year: {value!r}")
        return start, _add_months(start, length)
    raise ValueError(f"not one of our ISO dates: {value!r}")


def _duration(start: date, end: date) -> str:
    if start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        return f"P{months // 12}Y" if start.month == end.month == 1 else f"P{months}M"
    return f"P{(end - start).days}D"


def _range_timex(start: date, end: date) -> str:
    return f"({start.isoformat()},{end.isoformat()},{_duration(start, end)})"


def to_timex(value: str, *, exclusive_end: bool = False) -> str | None:
    """Our date or period value as the peer's TIMEX; ``None`` if it is not a valid one.

    Periods end inclusively in our contract and exclusively in the peer's resolution, so the
    end is the first day after our last unit. With ``exclusive_end`` it is the first day *of*
    our last unit instead: the peer reads 从2016到2018 as ending when 2018 begins.

    >>> to_timex("2021-05-20"), to_timex("2016/2020"), to_timex("2021-Q1")
    ('2021-05-20', '(2016-01-01,2021-01-01,P5Y)', '(2021-01-01,2021-04-01,P3M)')
    >>> to_timex("2016/2018", exclusive_end=True), to_timex("2019-02-29"), to_timex("2018-08/2018-02")
    ('(2016-01-01,2018-01-01,P2Y)', None, None)
    """
    try:
        if "T" in value:
            datetime.fromisoformat(value)
            return value
        if "/" in value:
            first, last = value.split("/", 1)
            start, end = unit_bounds(first)[0], unit_bounds(last)[0 if exclusive_end else 1]
        else:
            start, end = unit_bounds(value)
    except ValueError:
        return None
    if end <= start:  # a period that ends before it begins (8月至2月 read within one year)
        return None
    return _range_timex(start, end) if "/" in value or _PART.fullmatch(value) else value


def timex_matches(expected: str, ours: str) -> bool:
    """Character by character; an ``X`` of the peer's (a year it left open) matches any digit.

    >>> timex_matches("XXXX-01-19", "2017-01-19"), timex_matches("XXXX-01-19", "2017-01-20")
    (True, False)
    """
    return len(expected) == len(ours) and all(e in (o, "X") for e, o in zip(expected, ours, strict=True))


# --- cases, items, comparison policies -----------------------------------------------------

Value = Decimal | Interval | str | None


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    suite: str
    input: str
    expected: tuple[dict[str, Any], ...]
    reference_date: str | None


@dataclass(frozen=True, slots=True)
class Item:
    """One compared element: a span of the case input, a value and (for some suites) a unit."""

    start: int
    end: int
    value: Value
    unit: str | None = None


@dataclass(frozen=True)
class Policy:
    """How a comparison is relaxed for a known deviation (``accept`` in known_deviations.yaml).
    The default policy is the strict comparison."""

    also_kinds: frozenset[str] = frozenset()  # more of our figure kinds count as the suite's
    span_contained: bool = False  # our span may lie inside the peer's (qualifier words outside ours)
    span_overlap: bool = False  # our span need only overlap the peer's (ours has the unit, theirs the verb)
    inclusive_bounds: bool = False  # the peer's open bound next to 以上/以下 is closed in ours
    inclusive_range_end: bool = False  # the peer's [a,b) is our [a,b]
    vague_range: bool = False  # the peer's (v,) for 十几万 is our range [a,b] with a > v
    drop_null: bool = False  # the peer's items without a value (a bare currency name) are no figures
    unit_alias: Mapping[str, str] = field(default_factory=dict)  # the peer's unit -> ours
    timex_exclusive_end: bool = False  # convert our periods with the peer's exclusive "to X"
    ignore_ours: str | None = None  # a regex: our items whose text matches it are not compared


STRICT = Policy()


def policy_from(accept: Mapping[str, Any], where: str) -> Policy:
    """A policy from an ``accept`` mapping; unknown keys or wrong types are an error."""
    known = {f.name for f in fields(Policy)}
    if unknown := set(accept) - known:
        raise ValueError(f"{where}: unknown accept keys {sorted(unknown)}")
    values: dict[str, Any] = {}
    for key, value in accept.items():
        if key == "also_kinds":
            values[key] = frozenset(_str_list(value, f"{where}.also_kinds"))
        elif key == "unit_alias":
            values[key] = _str_mapping(value, f"{where}.unit_alias")
        elif key == "ignore_ours":
            values[key] = _regex(value, f"{where}.ignore_ours").pattern
        elif isinstance(value, bool):
            values[key] = value
        else:
            raise ValueError(f"{where}.{key}: expected true or false")
    return Policy(**values)


def merge_policies(policies: Iterable[Policy]) -> Policy:
    """Every relaxation of every policy."""
    merged: dict[str, Any] = {"also_kinds": frozenset(), "unit_alias": {}}
    for policy in policies:
        for f in fields(Policy):
            value = getattr(policy, f.name)
            if f.name == "also_kinds":
                merged[f.name] = merged[f.name] | value
            elif f.name == "unit_alias":
                merged[f.name] = {**merged[f.name], **value}
            elif f.name == "ignore_ours":
                merged[f.name] = "|".join(p for p in (merged.get(f.name), value) if p) or None
            else:
                merged[f.name] = merged.get(f.name, False) or value
    return Policy(**merged)


def _numbers_equal(a: Decimal, b: Decimal) -> bool:
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def _bounds_equal(a: Decimal | None, b: Decimal | None) -> bool:
    return a is b is None or (a is not None and b is not None and _numbers_equal(a, b))


def intervals_equal(ours: Interval, expected: Interval, policy: Policy = STRICT) -> bool:
    if policy.vague_range and _vague_reading(ours, expected):
        return True
    return (
        _bounds_equal(ours.low, expected.low)
        and _bounds_equal(ours.high, expected.high)
        and (ours.low is None or ours.low_closed == expected.low_closed)
        and (ours.high is None or ours.high_closed == expected.high_closed)
    )


def _vague_reading(ours: Interval, expected: Interval) -> bool:
    """Our bounded range above the peer's open-ended lower bound (十几万: [110000,190000] vs (100000,))."""
    if expected.low is None or expected.high is not None or ours.low is None or ours.high is None:
        return False
    return ours.low > expected.low


def values_equal(ours: Value, expected: Value, policy: Policy = STRICT) -> bool:
    if isinstance(ours, Decimal) and isinstance(expected, Decimal):
        return _numbers_equal(ours, expected)
    if isinstance(ours, Interval) and isinstance(expected, Interval):
        return intervals_equal(ours, expected, policy)
    if isinstance(ours, str) and isinstance(expected, str):
        return timex_matches(expected, ours)
    return ours is None and expected is None


def same_item(ours: Item, expected: Item, policy: Policy = STRICT) -> bool:
    return (
        _spans_agree(ours, expected, policy)
        and ours.unit == expected.unit
        and values_equal(ours.value, expected.value, policy)
    )


def _spans_agree(ours: Item, expected: Item, policy: Policy) -> bool:
    if (ours.start, ours.end) == (expected.start, expected.end):
        return True
    if policy.span_overlap and ours.start < expected.end and expected.start < ours.end:
        return True
    return policy.span_contained and expected.start <= ours.start and ours.end <= expected.end


def items_match(ours: Sequence[Item], expected: Sequence[Item], policy: Policy = STRICT) -> bool:
    """Equal as multisets: each expected item pairs with one of ours, none left over."""
    if len(ours) != len(expected):
        return False
    remaining = list(ours)
    for item in expected:
        hit = next((candidate for candidate in remaining if same_item(candidate, item, policy)), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


# --- known deviations and exclusions ------------------------------------------------------

EntryKind = Literal["deviation", "exclude"]
_ENTRY_KEYS = {"suite", "id", "pattern", "expected", "reason", "accept"}


@dataclass(frozen=True)
class Entry:
    """A row of known_deviations.yaml: which cases it covers (ids, an input pattern, a pattern on
    the expected items' fields) and why; a deviation also says how the comparison is relaxed."""

    kind: EntryKind
    suites: tuple[str, ...]
    reason: str
    ids: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None
    expected: tuple[tuple[str, re.Pattern[str]], ...] = ()
    policy: Policy = STRICT

    def covers(self, case: Case) -> bool:
        if case.suite not in self.suites or (self.ids and case.id not in self.ids):
            return False
        if self.pattern is not None and self.pattern.search(case.input) is None:
            return False
        return not self.expected or any(self._covers_item(item) for item in case.expected)

    def _covers_item(self, item: Mapping[str, Any]) -> bool:
        return all(pattern.search(_field_text(item.get(name))) for name, pattern in self.expected)

    def label(self) -> str:
        selector = sorted(self.ids) if self.ids else (self.pattern.pattern if self.pattern else "")
        return f"{self.kind} {'/'.join(self.suites)} {selector or dict(self.expected)}: {self.reason}"


def _field_text(value: Any) -> str:
    return str(value[0]) if isinstance(value, list) and value else "" if value is None else str(value)


def _str_list(value: Any, where: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ValueError(f"{where}: expected a string or a list of strings")
    return items


def _regex(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a regex")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern: {exc}") from exc


def _str_mapping(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"{where}: expected a mapping of strings")
    return dict(value)


def parse_entry(row: Any, kind: EntryKind, where: str, suites: Iterable[str]) -> Entry:
    """One validated entry; ``ValueError`` naming ``where`` for anything malformed."""
    if not isinstance(row, dict) or (unknown := set(row) - _ENTRY_KEYS):
        raise ValueError(f"{where}: expected a mapping with keys from {sorted(_ENTRY_KEYS)}")
    if not isinstance(row.get("reason"), str) or not row["reason"].strip():
        raise ValueError(f"{where}: every entry needs a reason")
    if not {"id", "pattern", "expected"} & set(row):
        raise ValueError(f"{where}: give an id, a pattern or an expected selector")
    if (kind == "deviation") != ("accept" in row):
        raise ValueError(f"{where}: a deviation says what it accepts; an exclusion does not")
    entry_suites = tuple(_str_list(row.get("suite"), f"{where}.suite"))
    if unknown := set(entry_suites) - set(suites):
        raise ValueError(f"{where}: unknown suites {sorted(unknown)}")
    pattern = _regex(row["pattern"], f"{where}.pattern") if "pattern" in row else None
    selectors = tuple(
        (k, _regex(v, f"{where}.expected")) for k, v in _str_mapping(row.get("expected", {}), where).items()
    )
    return Entry(
        kind=kind,
        suites=entry_suites,
        reason=row["reason"].strip(),
        ids=frozenset(_str_list(row["id"], f"{where}.id")) if "id" in row else frozenset(),
        pattern=pattern,
        expected=selectors,
        policy=policy_from(row.get("accept") or {}, f"{where}.accept"),
    )


def load_entries(path: Path = DEVIATIONS_FILE) -> list[Entry]:
    """known_deviations.yaml: ``deviations`` (verified: the case passes under ``accept``) and
    ``exclude`` (out of scope, not scored)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or set(data) - {"deviations", "exclude"}:
        raise ValueError(f"{path.name}: top level keys are deviations and exclude")
    entries: list[Entry] = []
    sections: tuple[tuple[str, EntryKind], ...] = (("deviations", "deviation"), ("exclude", "exclude"))
    for key, kind in sections:
        rows = data.get(key) or []
        entries += [parse_entry(row, kind, f"{path.name}:{key}[{i}]", SUITES) for i, row in enumerate(rows)]
    return entries


def load_unit_names(path: Path = UNIT_NAMES_FILE) -> dict[str, str]:
    """unit_names.yaml: our unit surface -> the peer's English unit name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _str_mapping(data.get("units"), f"{path.name}:units")


# --- our side: what newsfig finds in a case --------------------------------------------------


@dataclass(frozen=True)
class Context:
    rules: Rules
    unit_names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Observation:
    """newsfig's output for one case input: figures (pipeline) or numerals (numeral layer)."""

    figures: tuple[Figure, ...] = ()
    numerals: tuple[Item, ...] = ()
    error: str | None = None
    input: str = ""


def observe_figures(case: Case, ctx: Context) -> Observation:
    article = extract(case.input, published=case.reference_date, rules=ctx.rules)
    error = f"{article.error.code} {article.error.message}" if article.error else None
    return Observation(figures=article.figures, error=error, input=case.input)


def observe_numerals(case: Case, ctx: Context) -> Observation:
    """The numeral layer as the pipeline runs it: on the cleaned text (full-width digits,
    traditional characters), spans mapped back to the input."""
    cleaned = clean(case.input, ctx.rules)
    found = find_numerals(cleaned.text, ctx.rules)
    return Observation(numerals=tuple(Item(*cleaned.raw_span(n.start, n.end), n.value) for n in found))


def _of_kinds(obs: Observation, kinds: Iterable[str], policy: Policy) -> list[Figure]:
    wanted = set(kinds) | policy.also_kinds
    return [f for f in obs.figures if f.kind in wanted]


def ours_numerals(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    return list(obs.numerals)


def ours_percent(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    return [Item(f.start, f.end, _decimal(f.value)) for f in _of_kinds(obs, ["percent"], policy)]


def ours_currency(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    return [Item(f.start, f.end, _decimal(f.value), f.unit) for f in _of_kinds(obs, ["money"], policy)]


def ours_dimension(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    """Quantities, units named as the peer names them. No case of the suite expects a count-like
    unit (its only one, 一位 as a bit, is excluded), so counts are not compared."""
    figures = _of_kinds(obs, ["quantity"], policy)
    return [Item(f.start, f.end, _decimal(f.value), ctx.unit_names.get(f.unit or "", f.unit)) for f in figures]


NUMERIC_KINDS = ("count", "money", "percent", "percentage_point", "quantity", "multiple")


EQUALS = re.compile(r"等于\s*$")  # the peer's one-point range (等于1535 -> [1535,1535])


def ours_intervals(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    """Figures that carry a bound or a range; an exact figure only after 等于, as the peer reads
    it (the peer's number-range model reports no plain number)."""
    items = []
    for f in _of_kinds(obs, NUMERIC_KINDS, policy):
        if f.qualifier == "exact" and not EQUALS.search(obs.input[: f.start]):
            continue
        text = figure_interval(f.qualifier, f.value, f.high, f.bounds) if isinstance(f.value, Decimal) else None
        if text is not None:
            items.append(Item(f.start, f.end, parse_interval(text)))
    return items


def ours_dates(obs: Observation, policy: Policy, ctx: Context) -> list[Item]:
    figures = _of_kinds(obs, ["date", "period"], policy)
    exclusive = policy.timex_exclusive_end
    return [Item(f.start, f.end, _timex_of(f.value, exclusive)) for f in figures]


def _timex_of(value: Any, exclusive_end: bool) -> str | None:
    return to_timex(value, exclusive_end=exclusive_end) if isinstance(value, str) else None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


# --- the peer's side: expected items --------------------------------------------------------


def _kept(case: Case, policy: Policy) -> list[dict[str, Any]]:
    return [e for e in case.expected if not (policy.drop_null and e.get("value") is None)]


def expected_numbers(case: Case, policy: Policy) -> list[Item]:
    return [Item(e["start"], e["end"], _decimal(e["value"])) for e in _kept(case, policy)]


def expected_with_units(case: Case, policy: Policy) -> list[Item]:
    alias = policy.unit_alias
    return [
        Item(e["start"], e["end"], _decimal(e["value"]), alias.get(e["unit"], e["unit"])) for e in _kept(case, policy)
    ]


def expected_intervals(case: Case, policy: Policy) -> list[Item]:
    return [Item(e["start"], e["end"], _relaxed(_peer_interval(e), policy)) for e in _kept(case, policy)]


def _peer_interval(item: Mapping[str, Any]) -> Interval:
    return parse_interval(str(item["resolution"]["value"]))


def _relaxed(interval: Interval, policy: Policy) -> Interval:
    low_closed, high_closed = interval.low_closed, interval.high_closed
    if policy.inclusive_bounds:
        low_closed, high_closed = interval.low is not None or low_closed, interval.high is not None or high_closed
    if policy.inclusive_range_end and interval.low is not None and interval.high is not None:
        high_closed = True
    return Interval(interval.low, interval.high, low_closed, high_closed)


def expected_timex(case: Case, policy: Policy) -> list[Item]:
    """The TIMEX of each expected item; its first reading where the peer gives several."""
    return [Item(e["start"], e["end"], _field_text(e.get("timex")) or None) for e in _kept(case, policy)]


# --- suites ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuiteSpec:
    observe: Callable[[Case, Context], Observation]
    ours: Callable[[Observation, Policy, Context], list[Item]]
    expected: Callable[[Case, Policy], list[Item]]


_DATES = SuiteSpec(observe_figures, ours_dates, expected_timex)
SUITES: dict[str, SuiteSpec] = {
    "number": SuiteSpec(observe_numerals, ours_numerals, expected_numbers),
    "percent": SuiteSpec(observe_figures, ours_percent, expected_numbers),
    "currency": SuiteSpec(observe_figures, ours_currency, expected_with_units),
    "dimension": SuiteSpec(observe_figures, ours_dimension, expected_with_units),
    "numberrange": SuiteSpec(observe_figures, ours_intervals, expected_intervals),
    "datetime-date-parser": _DATES,
    "datetime-date-period-parser": _DATES,
    "datetime": _DATES,
}


def load_suite(shared: Path, name: str) -> list[Case]:
    path = shared / SUITE_DIR / f"{name}.jsonl"
    cases = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line, parse_float=Decimal)
                reference = (row.get("context") or {}).get("reference_datetime")
                cases.append(Case(row["id"], row["suite"], row["input"], tuple(row["expected"]), _day(reference)))
    return cases


def _day(reference: str | None) -> str | None:
    return reference[:10] if reference else None


# --- running -----------------------------------------------------------------------------------

Status = Literal["passed", "failed", "deviation", "excluded"]


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: Status
    ours: tuple[Item, ...] = ()
    expected: tuple[Item, ...] = ()
    entries: tuple[Entry, ...] = ()  # the entries that covered the case
    error: str | None = None


def evaluate(case: Case, spec: SuiteSpec, ctx: Context, entries: Sequence[Entry]) -> Outcome:
    """Excluded, passed, a known deviation (fails strictly, passes under the deviations'
    relaxations), or failed."""
    covering = tuple(e for e in entries if e.covers(case))
    if excluding := tuple(e for e in covering if e.kind == "exclude"):
        return Outcome(case, "excluded", entries=excluding)
    observation = _observe(case, spec, ctx)
    ours, expected = _sides(case, spec, observation, STRICT, ctx)
    if items_match(ours, expected):
        return Outcome(case, "passed", ours, expected, covering)
    if covering:
        policy = merge_policies(e.policy for e in covering)
        relaxed_ours, relaxed_expected = _sides(case, spec, observation, policy, ctx)
        if items_match(relaxed_ours, relaxed_expected, policy):
            return Outcome(case, "deviation", relaxed_ours, relaxed_expected, covering)
    return Outcome(case, "failed", ours, expected, covering, observation.error)


def _sides(
    case: Case, spec: SuiteSpec, observation: Observation, policy: Policy, ctx: Context
) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """Our items and the peer's under ``policy``."""
    ours = spec.ours(observation, policy, ctx)
    if policy.ignore_ours:
        ignored = re.compile(policy.ignore_ours)
        ours = [item for item in ours if not ignored.search(case.input[item.start : item.end])]
    return tuple(ours), tuple(spec.expected(case, policy))


def _observe(case: Case, spec: SuiteSpec, ctx: Context) -> Observation:
    try:
        return spec.observe(case, ctx)
    except Exception as exc:  # a crash on one case is a failure of that case, not of the run
        return Observation(error=f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class SuiteReport:
    suite: str
    outcomes: tuple[Outcome, ...]

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def pass_rate(self) -> float:
        """Passed / (passed + failed): known deviations and exclusions are not scored."""
        scored = self.count("passed") + self.count("failed")
        return self.count("passed") / scored if scored else 1.0

    def of(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]


def run_suite(name: str, shared: Path, ctx: Context, entries: Sequence[Entry]) -> SuiteReport:
    spec = SUITES[name]
    return SuiteReport(name, tuple(evaluate(case, spec, ctx, entries) for case in load_suite(shared, name)))


def run(
    shared: Path = DEFAULT_SHARED, suites: Sequence[str] = tuple(SUITES), entries: Sequence[Entry] | None = None
) -> list[SuiteReport]:
    """Every named suite, against the current rules and known_deviations.yaml (or ``entries``)."""
    ctx = Context(load_rules(), load_unit_names())
    entries = load_entries() if entries is None else entries
    return [run_suite(name, shared, ctx, entries) for name in suites]


@dataclass(frozen=True)
class Usage:
    entry: Entry
    covered: int  # cases the entry's selectors match
    decided: int  # cases it turned into a known deviation or an exclusion


def entry_usage(reports: Sequence[SuiteReport], entries: Sequence[Entry]) -> list[Usage]:
    """How much each entry of the suites run is used: one covering no case is mistyped or stale;
    one deciding no case covers cases that pass, or that fail for another reason too."""
    ran = {r.suite for r in reports}
    outcomes = [o for r in reports for o in r.outcomes]
    usage = []
    for entry in (e for e in entries if set(e.suites) & ran):
        covering = [o for o in outcomes if any(e is entry for e in o.entries)]
        decided = sum(o.status in ("deviation", "excluded") for o in covering)
        usage.append(Usage(entry, len(covering), decided))
    return usage


def usage_notes(reports: Sequence[SuiteReport], entries: Sequence[Entry]) -> list[str]:
    notes = []
    for use in entry_usage(reports, entries):
        if use.covered == 0:
            notes.append(f"entry covers no case: {use.entry.label()}")
        elif use.decided == 0:
            notes.append(f"entry covers {use.covered} case(s) but decides none: {use.entry.label()}")
    return notes


# --- reporting -----------------------------------------------------------------------------------


def format_item(item: Item, text: str) -> str:
    unit = f" {item.unit}" if item.unit else ""
    value = "∅" if item.value is None else _plain(item.value) if isinstance(item.value, Decimal) else item.value
    return f"[{item.start},{item.end}) {text[item.start : item.end]!r} = {value}{unit}"


def _items(items: Sequence[Item], text: str) -> str:
    return "; ".join(format_item(item, text) for item in items) or "(nothing)"


def format_outcome(outcome: Outcome) -> list[str]:
    text = outcome.case.input
    lines = [f"  {outcome.case.id}  {text!r}", f"      expected: {_items(outcome.expected, text)}"]
    lines.append(f"      got:      {_items(outcome.ours, text)}")
    if outcome.error:
        lines.append(f"      error:    {outcome.error}")
    lines += [f"      {e.kind}: {e.reason}" for e in outcome.entries]
    return lines


def format_table(reports: Sequence[SuiteReport]) -> list[str]:
    head = f"{'suite':<30}{'cases':>7}{'passed':>8}{'failed':>8}{'known dev':>11}{'excluded':>10}{'pass rate':>11}"
    lines = [head, "-" * len(head)]
    for r in reports:
        counts = (len(r.outcomes), r.count("passed"), r.count("failed"), r.count("deviation"), r.count("excluded"))
        lines.append(f"{r.suite:<30}{counts[0]:>7}{counts[1]:>8}{counts[2]:>8}{counts[3]:>11}{counts[4]:>10}")
        lines[-1] += f"{r.pass_rate:>11.3f}"
    return lines


def text_report(reports: Sequence[SuiteReport], entries: Sequence[Entry], failures: int, deviations: int) -> str:
    lines = format_table(reports)
    lines += usage_notes(reports, entries)
    shows: tuple[tuple[Status, int], ...] = (("failed", failures), ("deviation", deviations))
    for r in reports:
        for status, limit in shows:
            shown = r.of(status)[:limit]
            if shown:
                lines += ["", f"{r.suite}: first {len(shown)} of {r.count(status)} {status}"]
                lines += [line for o in shown for line in format_outcome(o)]
    return "\n".join(lines)


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _item_json(item: Item, text: str) -> dict[str, Any]:
    value = item.value
    shown = _json_number(value) if isinstance(value, Decimal) else str(value) if isinstance(value, Interval) else value
    return {
        "start": item.start,
        "end": item.end,
        "text": text[item.start : item.end],
        "value": shown,
        "unit": item.unit,
    }


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {
        "id": o.case.id,
        "input": o.case.input,
        "expected": [_item_json(i, o.case.input) for i in o.expected],
        "got": [_item_json(i, o.case.input) for i in o.ours],
        "error": o.error,
        "entries": [e.reason for e in o.entries],
    }


def json_report(reports: Sequence[SuiteReport], entries: Sequence[Entry], failures: int) -> dict[str, Any]:
    suites = {
        r.suite: {
            "cases": len(r.outcomes),
            "passed": r.count("passed"),
            "failed": r.count("failed"),
            "known_deviations": r.count("deviation"),
            "excluded": r.count("excluded"),
            "pass_rate": round(r.pass_rate, 4),
            "failures": [_outcome_json(o) for o in r.of("failed")[:failures]],
        }
        for r in reports
    }
    return {"suites": suites, "entry_notes": usage_notes(reports, entries)}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared directory (default: %(default)s)"
    )
    parser.add_argument("--suite", action="append", choices=sorted(SUITES), help="a suite to run (repeatable)")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="print the first N failures per suite")
    parser.add_argument("--deviations", type=int, default=0, metavar="N", help="print the first N known deviations")
    parser.add_argument("--json", action="store_true", help="a JSON report on stdout")
    return parser.parse_args(argv)


def _quiet_logs() -> None:
    """jieba announces its dictionary on stderr, and the pipeline logs a document it could not
    process; the report shows that error on the case instead."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("extractor").addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.shared / SUITE_DIR).is_dir():
        print(f"conformance: no suites in {args.shared / SUITE_DIR}", file=sys.stderr)
        return 2
    _quiet_logs()
    entries = load_entries()
    reports = run(args.shared, args.suite or tuple(SUITES), entries)
    if args.json:
        print(json.dumps(json_report(reports, entries, args.failures), ensure_ascii=False, indent=2))
    else:
        print(text_report(reports, entries, args.failures, args.deviations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
