"""Score predicted documents against gold articles (FORMAT.md, "How the evaluation matches").

The module reads the pipeline's output contract as plain mappings and imports nothing else from
the pipeline. A predicted document is ``{"id", "figures": [...], "checks": [...]}``; see
``parse_predicted_figure`` and ``parse_predicted_check`` for the fields that are read.

Matching rules, with the choices FORMAT.md leaves open:

* A predicted figure can match a gold one when their kind families agree (count and quantity are
  one family, every other kind is its own) and their values are equal: numbers within a relative
  ``1e-6`` (``|a - b| <= 1e-6 * max(|a|, |b|)``, so 0 matches only 0), date and period strings
  exactly. A number-kind value that is not a finite number, or a date value that is not a string,
  never matches.
* Matching is one-to-one and greedy over all candidate pairs of a document, best first: pairs whose
  spans overlap before pairs that do not, then larger overlap, then smaller distance between the
  starts. A pair without overlap is therefore taken only when neither side has an overlapping
  candidate left; it is counted in ``matched_without_overlap`` (a symptom of offset bugs).
* Metric labels agree when one contains the other, or when, after dropping 的/数/额/量, one
  contains the other or ``|shared bigrams| / max(|bigrams a|, |bigrams b|) >= 1/3`` (bigram sets).
  A missing or blank predicted metric disagrees. Only matched pairs with a gold metric are compared.
* A gold relation is found when all its figures are matched and some predicted check of the same
  kind and status involves exactly the matched predicted figures (as a set). It is "matchable"
  when all its figures are matched (an upper bound on recall).
* A false alarm is a predicted check with status inconsistent whose figure set is not the matched
  figure set of any gold relation marked inconsistent (relation kind is not compared).
* Precision, recall and F1 are 0.0 when undefined; metric agreement, relation recall and the
  false-alarm rate are ``None`` when there is nothing to measure. Predictions for documents that
  are not in the gold set are not scored; their ids are listed in ``unscored_prediction_ids``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TypeAlias, TypeVar

FigureValue: TypeAlias = Decimal | str
Record: TypeAlias = Mapping[str, object]
_T = TypeVar("_T")

RELATIVE_TOLERANCE = Decimal("1e-6")
STRING_VALUED_KINDS = frozenset({"date", "period"})
KIND_FAMILY = {"count": "count/quantity", "quantity": "count/quantity"}
FAMILY_ORDER = (
    "count/quantity",
    "money",
    "percent",
    "percentage_point",
    "multiple",
    "date",
    "period",
)
RELATION_KIND_ORDER = ("sum", "ratio", "growth", "difference")
RELATION_ROLES = (
    "whole",
    "parts",
    "numerator",
    "denominator",
    "result",
    "current",
    "previous",
    "increment",
    "delta",
    "a",
    "b",
)
METRIC_FILLER_CHARACTERS = "的数额量"
MIN_SHARED_BIGRAM_FRACTION = Fraction(1, 3)
INCONSISTENT = "inconsistent"
DECIMALS = 4


# ---------------------------------------------------------------- input records


@dataclass(frozen=True)
class GoldFigure:
    index: int
    start: int
    end: int
    surface: str
    kind: str
    value: FigureValue | None
    high: FigureValue | None
    unit: str
    qualifier: str
    metric: str | None
    role: str | None = None  # optional in corpus gold: part, change, ... (structure.py)
    parent: int | None = None  # optional: the index of a part's whole


@dataclass(frozen=True)
class GoldRelation:
    kind: str
    status: str
    figure_indices: frozenset[int]
    arith: str
    roles: tuple[tuple[str, tuple[int, ...]], ...] = ()  # relation role -> figure indices


@dataclass(frozen=True)
class GoldArticle:
    id: str
    published: str
    title: str
    text: str
    figures: tuple[GoldFigure, ...]
    relations: tuple[GoldRelation, ...]


@dataclass(frozen=True)
class PredictedFigure:
    id: str
    kind: str
    value: FigureValue | None
    start: int
    end: int
    text: str
    metric: str | None
    role: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class PredictedCheck:
    kind: str
    status: str
    figure_ids: frozenset[str]


@dataclass(frozen=True)
class FigureMatch:
    gold: GoldFigure
    predicted: PredictedFigure
    overlap: int


# ---------------------------------------------------------------- field access


def _field(record: Record, key: str, expected: type[_T], where: str) -> _T:
    value = record.get(key)
    if not isinstance(value, expected):
        raise ValueError(f"{where}: field {key!r} must be {expected.__name__}, got {value!r}")
    return value


def _optional_str(record: Record, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def _records(record: Record, key: str, where: str) -> list[Record]:
    items = record.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise ValueError(f"{where}: field {key!r} must be a list of objects")
    return items


def parse_value(kind: str, raw: object) -> FigureValue | None:
    """Return a date/period string or a finite Decimal; None when the value cannot match."""
    if kind in STRING_VALUED_KINDS:
        return raw if isinstance(raw, str) else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        return None
    try:
        number = raw if isinstance(raw, Decimal) else Decimal(str(raw))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# ---------------------------------------------------------------- gold loading


def _parse_gold_figure(index: int, record: Record, where: str) -> GoldFigure:
    kind = _field(record, "kind", str, where)
    return GoldFigure(
        index=index,
        start=_field(record, "start", int, where),
        end=_field(record, "end", int, where),
        surface=_field(record, "surface", str, where),
        kind=kind,
        value=parse_value(kind, record.get("value")),
        high=parse_value(kind, record["high"]) if "high" in record else None,
        unit=_optional_str(record, "unit") or "",
        qualifier=_optional_str(record, "qualifier") or "",
        metric=_optional_str(record, "metric"),
        role=_optional_str(record, "role"),
        parent=_optional_index(record, "parent", where),
    )


def _optional_index(record: Record, key: str, where: str) -> int | None:
    value = record.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError(f"{where}: field {key!r} must be a figure index, got {value!r}")
    return value


def _relation_roles(record: Record) -> tuple[tuple[str, tuple[int, ...]], ...]:
    found = []
    for role in RELATION_ROLES:
        value = record.get(role)
        if value is not None:
            items = value if isinstance(value, list) else [value]
            found.append((role, tuple(item for item in items if isinstance(item, int))))
    return tuple(found)


def _relation_indices(record: Record, figure_count: int, where: str) -> frozenset[int]:
    referenced: list[object] = []
    for role in RELATION_ROLES:
        value = record.get(role)
        if value is not None:
            referenced.extend(value if isinstance(value, list) else [value])
    indices = [index for index in referenced if isinstance(index, int) and not isinstance(index, bool)]
    if not indices or len(indices) != len(referenced):
        raise ValueError(f"{where}: relation roles must name figure indices, got {record!r}")
    if any(not 0 <= index < figure_count for index in indices):
        raise ValueError(f"{where}: relation refers to a figure out of range: {record!r}")
    return frozenset(indices)


def _parse_gold_relation(record: Record, figure_count: int, where: str) -> GoldRelation:
    return GoldRelation(
        kind=_field(record, "kind", str, where),
        status=_field(record, "status", str, where),
        figure_indices=_relation_indices(record, figure_count, where),
        arith=_optional_str(record, "arith") or "",
        roles=_relation_roles(record),
    )


def parse_gold_article(data: Record, fallback_id: str = "") -> GoldArticle:
    """Build a GoldArticle from one FORMAT.md record; raise ValueError when it is malformed."""
    doc_id = _optional_str(data, "id") or fallback_id
    figures = tuple(
        _parse_gold_figure(index, record, f"{doc_id} figure {index}")
        for index, record in enumerate(_records(data, "figures", doc_id))
    )
    relations = tuple(
        _parse_gold_relation(record, len(figures), f"{doc_id} relation {index}")
        for index, record in enumerate(_records(data, "relations", doc_id))
    )
    return GoldArticle(
        id=doc_id,
        published=_optional_str(data, "published") or "",
        title=_optional_str(data, "title") or "",
        text=_field(data, "text", str, doc_id),
        figures=figures,
        relations=relations,
    )


def _json_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(path.glob("*.json"))
        else:
            yield path


def _is_gold_record(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("figures"), list) and "text" in data


def load_gold(paths: Iterable[str | Path]) -> list[GoldArticle]:
    """Load gold articles from files and directories (their ``*.json``, sorted by name).

    JSON files that are not gold articles (no ``figures`` list or no ``text``) are skipped;
    unreadable JSON, malformed gold and duplicate article ids raise ValueError.
    """
    articles: list[GoldArticle] = []
    for path in _json_files(paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not valid JSON: {error}") from error
        if _is_gold_record(data):
            articles.append(parse_gold_article(data, fallback_id=path.stem))
    duplicates = sorted(doc_id for doc_id, n in Counter(a.id for a in articles).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate gold article ids: {duplicates}")
    return articles


# ---------------------------------------------------------------- predictions


def parse_predicted_figure(record: Record, where: str) -> PredictedFigure:
    kind = _field(record, "kind", str, where)
    return PredictedFigure(
        id=_field(record, "id", str, where),
        kind=kind,
        value=parse_value(kind, record.get("value")),
        start=_field(record, "start", int, where),
        end=_field(record, "end", int, where),
        text=_optional_str(record, "text") or "",
        metric=_optional_str(record, "metric"),
        role=_optional_str(record, "role"),
        parent=_optional_str(record, "parent"),
    )


def parse_predicted_check(record: Record, where: str) -> PredictedCheck:
    figure_ids = _field(record, "figures", list, where)
    return PredictedCheck(
        kind=_field(record, "kind", str, where),
        status=_field(record, "status", str, where),
        figure_ids=frozenset(str(figure_id) for figure_id in figure_ids),
    )


def _predicted_figures(document: Record, doc_id: str) -> tuple[PredictedFigure, ...]:
    figures = tuple(
        parse_predicted_figure(record, f"{doc_id} predicted figure {index}")
        for index, record in enumerate(_records(document, "figures", doc_id))
    )
    duplicates = sorted(i for i, n in Counter(f.id for f in figures).items() if n > 1)
    if duplicates:
        raise ValueError(f"{doc_id}: duplicate predicted figure ids: {duplicates}")
    return figures


def _predicted_checks(document: Record, doc_id: str) -> tuple[PredictedCheck, ...]:
    return tuple(
        parse_predicted_check(record, f"{doc_id} predicted check {index}")
        for index, record in enumerate(_records(document, "checks", doc_id))
    )


# ---------------------------------------------------------------- figure matching


def kind_family(kind: str) -> str:
    return KIND_FAMILY.get(kind, kind)


def values_equal(a: FigureValue | None, b: FigureValue | None) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if a is None or b is None:
        return False
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def span_overlap(gold: GoldFigure, predicted: PredictedFigure) -> int:
    return max(0, min(gold.end, predicted.end) - max(gold.start, predicted.start))


def _candidate_rank(match: FigureMatch) -> tuple[int, int, int, int, str]:
    """Larger overlap first (so any overlap beats none), then nearer start; the rest fixes ties."""
    distance = abs(match.gold.start - match.predicted.start)
    return (-match.overlap, distance, match.gold.index, match.predicted.start, match.predicted.id)


def match_figures(gold: Sequence[GoldFigure], predicted: Sequence[PredictedFigure]) -> tuple[FigureMatch, ...]:
    """Match one-to-one, greedily: overlapping pairs first, larger overlap, then nearer start."""
    candidates = [
        FigureMatch(g, p, span_overlap(g, p))
        for g in gold
        for p in predicted
        if kind_family(g.kind) == kind_family(p.kind) and values_equal(g.value, p.value)
    ]
    used_gold: set[int] = set()
    used_predicted: set[str] = set()
    matches: list[FigureMatch] = []
    for candidate in sorted(candidates, key=_candidate_rank):
        if candidate.gold.index in used_gold or candidate.predicted.id in used_predicted:
            continue
        used_gold.add(candidate.gold.index)
        used_predicted.add(candidate.predicted.id)
        matches.append(candidate)
    return tuple(sorted(matches, key=lambda match: match.gold.index))


# ---------------------------------------------------------------- metric agreement


def _without_fillers(label: str) -> str:
    return "".join(ch for ch in label if ch not in METRIC_FILLER_CHARACTERS and not ch.isspace())


def _bigrams(label: str) -> frozenset[str]:
    return frozenset(label[i : i + 2] for i in range(len(label) - 1))


def _contains_either(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def metric_labels_agree(gold_metric: str, predicted_metric: str | None) -> bool:
    """Lenient label agreement (see module docstring); a blank predicted label disagrees."""
    gold_label = gold_metric.strip()
    predicted_label = (predicted_metric or "").strip()
    if not gold_label or not predicted_label:
        return False
    if _contains_either(gold_label, predicted_label):
        return True
    gold_core, predicted_core = _without_fillers(gold_label), _without_fillers(predicted_label)
    if _contains_either(gold_core, predicted_core):
        return True
    gold_bigrams, predicted_bigrams = _bigrams(gold_core), _bigrams(predicted_core)
    largest = max(len(gold_bigrams), len(predicted_bigrams))
    shared = len(gold_bigrams & predicted_bigrams)
    return largest > 0 and Fraction(shared, largest) >= MIN_SHARED_BIGRAM_FRACTION


# ---------------------------------------------------------------- per-document scoring


@dataclass(frozen=True)
class RelationOutcome:
    kind: str
    status: str
    matchable: bool
    found: bool
    found_ignoring_status: bool


@dataclass(frozen=True)
class DocumentScore:
    doc_id: str
    has_prediction: bool
    matches: tuple[FigureMatch, ...]
    missed: tuple[GoldFigure, ...]
    spurious: tuple[PredictedFigure, ...]
    relations: tuple[RelationOutcome, ...]
    false_alarms: tuple[PredictedCheck, ...]
    inconsistent_checks: int


def _matched_ids(relation: GoldRelation, predicted_for_gold: Mapping[int, str]) -> frozenset[str] | None:
    if not all(index in predicted_for_gold for index in relation.figure_indices):
        return None
    return frozenset(predicted_for_gold[index] for index in relation.figure_indices)


def _relation_outcome(
    relation: GoldRelation, matched_ids: frozenset[str] | None, checks: Sequence[PredictedCheck]
) -> RelationOutcome:
    same_figures = [
        check
        for check in checks
        if matched_ids is not None and check.kind == relation.kind and check.figure_ids == matched_ids
    ]
    return RelationOutcome(
        kind=relation.kind,
        status=relation.status,
        matchable=matched_ids is not None,
        found=any(check.status == relation.status for check in same_figures),
        found_ignoring_status=bool(same_figures),
    )


def _false_alarms(
    article: GoldArticle, predicted_for_gold: Mapping[int, str], checks: Sequence[PredictedCheck]
) -> tuple[PredictedCheck, ...]:
    inconsistent_sets = {
        _matched_ids(relation, predicted_for_gold) for relation in article.relations if relation.status == INCONSISTENT
    }
    return tuple(
        check for check in checks if check.status == INCONSISTENT and check.figure_ids not in inconsistent_sets
    )


def score_document(article: GoldArticle, document: Record | None) -> DocumentScore:
    """Score one gold article against its predicted document (None: nothing was predicted)."""
    figures = _predicted_figures(document, article.id) if document is not None else ()
    checks = _predicted_checks(document, article.id) if document is not None else ()
    matches = match_figures(article.figures, figures)
    predicted_for_gold = {match.gold.index: match.predicted.id for match in matches}
    matched_predicted = set(predicted_for_gold.values())
    return DocumentScore(
        doc_id=article.id,
        has_prediction=document is not None,
        matches=matches,
        missed=tuple(f for f in article.figures if f.index not in predicted_for_gold),
        spurious=tuple(f for f in figures if f.id not in matched_predicted),
        relations=tuple(
            _relation_outcome(relation, _matched_ids(relation, predicted_for_gold), checks)
            for relation in article.relations
        ),
        false_alarms=_false_alarms(article, predicted_for_gold, checks),
        inconsistent_checks=sum(check.status == INCONSISTENT for check in checks),
    )


# ---------------------------------------------------------------- report records


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


@dataclass(frozen=True)
class FigureCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _rate(self.tp, self.tp + self.fp) or 0.0

    @property
    def recall(self) -> float:
        return _rate(self.tp, self.tp + self.fn) or 0.0

    @property
    def f1(self) -> float:
        return _rate(2 * self.tp, 2 * self.tp + self.fp + self.fn) or 0.0

    def __add__(self, other: FigureCounts) -> FigureCounts:
        return FigureCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, object]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, DECIMALS),
            "recall": round(self.recall, DECIMALS),
            "f1": round(self.f1, DECIMALS),
        }


@dataclass(frozen=True)
class MetricAgreement:
    compared: int = 0
    agreed: int = 0

    @property
    def rate(self) -> float | None:
        return _rate(self.agreed, self.compared)

    def to_dict(self) -> dict[str, object]:
        return {"compared": self.compared, "agreed": self.agreed, "rate": _rounded(self.rate)}


@dataclass(frozen=True)
class RelationCounts:
    gold: int = 0
    matchable: int = 0
    found: int = 0
    found_ignoring_status: int = 0

    @property
    def recall(self) -> float | None:
        return _rate(self.found, self.gold)

    @property
    def upper_bound(self) -> float | None:
        return _rate(self.matchable, self.gold)

    def __add__(self, other: RelationCounts) -> RelationCounts:
        return RelationCounts(
            self.gold + other.gold,
            self.matchable + other.matchable,
            self.found + other.found,
            self.found_ignoring_status + other.found_ignoring_status,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "gold": self.gold,
            "matchable": self.matchable,
            "found": self.found,
            "found_ignoring_status": self.found_ignoring_status,
            "recall": _rounded(self.recall),
            "upper_bound": _rounded(self.upper_bound),
        }


@dataclass(frozen=True)
class FalseAlarms:
    count: int
    inconsistent_checks: int
    articles: int

    @property
    def per_article(self) -> float | None:
        return _rate(self.count, self.articles)

    def to_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "inconsistent_checks": self.inconsistent_checks,
            "articles": self.articles,
            "per_article": _rounded(self.per_article),
        }


@dataclass(frozen=True)
class FigureError:
    """A missed gold figure or a spurious prediction, for error analysis."""

    doc_id: str
    text: str
    kind: str
    value: str | None
    start: int
    end: int
    metric: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "metric": self.metric,
        }


@dataclass(frozen=True)
class MetricDisagreement:
    doc_id: str
    text: str
    gold_metric: str
    predicted_metric: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "gold_metric": self.gold_metric,
            "predicted_metric": self.predicted_metric,
        }


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    has_prediction: bool
    figures: FigureCounts
    relations: RelationCounts
    false_alarms: int

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.doc_id,
            "has_prediction": self.has_prediction,
            "tp": self.figures.tp,
            "fp": self.figures.fp,
            "fn": self.figures.fn,
            "relations_gold": self.relations.gold,
            "relations_found": self.relations.found,
            "false_alarms": self.false_alarms,
        }


# ---------------------------------------------------------------- the report


def _ordered(keys: Iterable[str], preferred: Sequence[str]) -> list[str]:
    def rank(key: str) -> tuple[int, str]:
        return (preferred.index(key) if key in preferred else len(preferred), key)

    return sorted(set(keys), key=rank)


def _or_na(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


@dataclass(frozen=True)
class EvalReport:
    articles: int
    figures_by_family: Mapping[str, FigureCounts]
    figures_overall: FigureCounts
    matched_without_overlap: int
    metric_agreement: MetricAgreement
    relations_by_kind: Mapping[str, RelationCounts]
    relations_overall: RelationCounts
    false_alarms: FalseAlarms
    per_document: tuple[DocumentSummary, ...]
    missed: tuple[FigureError, ...]
    spurious: tuple[FigureError, ...]
    metric_disagreements: tuple[MetricDisagreement, ...]
    unscored_prediction_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary with stable keys; rates rounded to 4 decimals, None when undefined."""
        return {
            "articles": self.articles,
            "figures": {
                "by_family": {k: v.to_dict() for k, v in self.figures_by_family.items()},
                "overall": self.figures_overall.to_dict(),
                "matched_without_overlap": self.matched_without_overlap,
            },
            "metric_agreement": self.metric_agreement.to_dict(),
            "relations": {
                "by_kind": {k: v.to_dict() for k, v in self.relations_by_kind.items()},
                "overall": self.relations_overall.to_dict(),
            },
            "false_alarms": self.false_alarms.to_dict(),
            "per_document": [summary.to_dict() for summary in self.per_document],
            "missed": [error.to_dict() for error in self.missed],
            "spurious": [error.to_dict() for error in self.spurious],
            "metric_disagreements": [item.to_dict() for item in self.metric_disagreements],
            "unscored_prediction_ids": list(self.unscored_prediction_ids),
        }

    def format_table(self) -> str:
        """Plain-text tables: figures per kind family, relations per kind, then a summary."""
        return "\n".join(
            [
                *_figure_table(self.figures_by_family, self.figures_overall),
                "",
                *_relation_table(self.relations_by_kind, self.relations_overall),
                "",
                *_summary_lines(self),
            ]
        )


def _figure_row(label: str, counts: FigureCounts) -> str:
    return (
        f"{label:<18} {counts.tp + counts.fn:>5} {counts.tp + counts.fp:>5} {counts.tp:>5}"
        f" {counts.fp:>5} {counts.fn:>5} {counts.precision:>9.4f} {counts.recall:>7.4f}"
        f" {counts.f1:>7.4f}"
    )


def _figure_table(by_family: Mapping[str, FigureCounts], overall: FigureCounts) -> list[str]:
    header = (
        f"{'figures':<18} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5}"
        f" {'precision':>9} {'recall':>7} {'f1':>7}"
    )
    rows = [_figure_row(family, counts) for family, counts in by_family.items()]
    return [
        header,
        "-" * len(header),
        *rows,
        "-" * len(header),
        _figure_row("overall (micro)", overall),
    ]


def _relation_row(label: str, counts: RelationCounts) -> str:
    return (
        f"{label:<18} {counts.gold:>5} {counts.matchable:>9} {counts.found:>5}"
        f" {counts.found_ignoring_status:>10} {_or_na(counts.recall):>7}"
        f" {_or_na(counts.upper_bound):>7}"
    )


def _relation_table(by_kind: Mapping[str, RelationCounts], overall: RelationCounts) -> list[str]:
    header = (
        f"{'relations':<18} {'gold':>5} {'matchable':>9} {'found':>5} {'any-status':>10} {'recall':>7} {'bound':>7}"
    )
    rows = [_relation_row(kind, counts) for kind, counts in by_kind.items()]
    return [header, "-" * len(header), *rows, "-" * len(header), _relation_row("overall", overall)]


def _summary_lines(report: EvalReport) -> list[str]:
    agreement = report.metric_agreement
    alarms = report.false_alarms
    return [
        f"articles: {report.articles}",
        f"figures matched without span overlap: {report.matched_without_overlap}",
        f"metric agreement: {_or_na(agreement.rate)}"
        f" ({agreement.agreed}/{agreement.compared} matched figures with a gold metric)",
        f"false alarms: {alarms.count} of {alarms.inconsistent_checks} inconsistent checks"
        f" ({_or_na(alarms.per_article)} per article)",
    ]


# ---------------------------------------------------------------- aggregation


def _value_text(value: FigureValue | None) -> str | None:
    return None if value is None else str(value)


def _missed_error(doc_id: str, figure: GoldFigure) -> FigureError:
    return FigureError(
        doc_id,
        figure.surface,
        figure.kind,
        _value_text(figure.value),
        figure.start,
        figure.end,
        figure.metric,
    )


def _spurious_error(doc_id: str, figure: PredictedFigure) -> FigureError:
    return FigureError(
        doc_id,
        figure.text,
        figure.kind,
        _value_text(figure.value),
        figure.start,
        figure.end,
        figure.metric,
    )


def _family_counts(scores: Sequence[DocumentScore]) -> dict[str, FigureCounts]:
    tp = Counter(kind_family(m.gold.kind) for s in scores for m in s.matches)
    fp = Counter(kind_family(f.kind) for s in scores for f in s.spurious)
    fn = Counter(kind_family(f.kind) for s in scores for f in s.missed)
    families = _ordered([*tp, *fp, *fn], FAMILY_ORDER)
    return {family: FigureCounts(tp[family], fp[family], fn[family]) for family in families}


def _relation_counts(outcomes: Sequence[RelationOutcome]) -> RelationCounts:
    return RelationCounts(
        gold=len(outcomes),
        matchable=sum(outcome.matchable for outcome in outcomes),
        found=sum(outcome.found for outcome in outcomes),
        found_ignoring_status=sum(outcome.found_ignoring_status for outcome in outcomes),
    )


def _relations_by_kind(scores: Sequence[DocumentScore]) -> dict[str, RelationCounts]:
    outcomes = [outcome for s in scores for outcome in s.relations]
    kinds = _ordered((outcome.kind for outcome in outcomes), RELATION_KIND_ORDER)
    return {kind: _relation_counts([o for o in outcomes if o.kind == kind]) for kind in kinds}


def _gold_metric(match: FigureMatch) -> str:
    return (match.gold.metric or "").strip()


def _metric_disagreements(
    scores: Sequence[DocumentScore],
) -> tuple[int, tuple[MetricDisagreement, ...]]:
    compared = [(s.doc_id, m) for s in scores for m in s.matches if _gold_metric(m)]
    disagreements = tuple(
        MetricDisagreement(doc_id, m.gold.surface, _gold_metric(m), m.predicted.metric)
        for doc_id, m in compared
        if not metric_labels_agree(_gold_metric(m), m.predicted.metric)
    )
    return len(compared), disagreements


def _document_summary(document: DocumentScore) -> DocumentSummary:
    return DocumentSummary(
        doc_id=document.doc_id,
        has_prediction=document.has_prediction,
        figures=FigureCounts(len(document.matches), len(document.spurious), len(document.missed)),
        relations=_relation_counts(document.relations),
        false_alarms=len(document.false_alarms),
    )


def build_report(scores: Sequence[DocumentScore], unscored_prediction_ids: Iterable[str] = ()) -> EvalReport:
    """Aggregate per-document scores into one report (micro-averaged)."""
    by_family = _family_counts(scores)
    compared, disagreements = _metric_disagreements(scores)
    return EvalReport(
        articles=len(scores),
        figures_by_family=by_family,
        figures_overall=sum(by_family.values(), FigureCounts()),
        matched_without_overlap=sum(m.overlap == 0 for s in scores for m in s.matches),
        metric_agreement=MetricAgreement(compared, compared - len(disagreements)),
        relations_by_kind=_relations_by_kind(scores),
        relations_overall=_relation_counts([o for s in scores for o in s.relations]),
        false_alarms=FalseAlarms(
            count=sum(len(s.false_alarms) for s in scores),
            inconsistent_checks=sum(s.inconsistent_checks for s in scores),
            articles=len(scores),
        ),
        per_document=tuple(_document_summary(s) for s in scores),
        missed=tuple(_missed_error(s.doc_id, f) for s in scores for f in s.missed),
        spurious=tuple(_spurious_error(s.doc_id, f) for s in scores for f in s.spurious),
        metric_disagreements=disagreements,
        unscored_prediction_ids=tuple(sorted(unscored_prediction_ids)),
    )


def score(gold: Sequence[GoldArticle], predicted: Mapping[str, Record]) -> EvalReport:
    """Score predicted documents (keyed by article id) against gold articles.

    A gold article without a prediction counts all its figures as missed and its relations as
    not found; predictions for ids outside the gold set are listed, not scored.
    """
    gold_ids = [article.id for article in gold]
    duplicates = sorted(doc_id for doc_id, n in Counter(gold_ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate gold article ids: {duplicates}")
    scores = [score_document(article, predicted.get(article.id)) for article in gold]
    return build_report(scores, set(predicted) - set(gold_ids))
