"""Outputs: the JSON contract, and flat tables (CSV, a readable text table) built from it.

The JSONL record of a document is the contract other tools rely on: fields are only ever
added, never renamed or removed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .records import Article, Check, Figure, Notice

JsonDict = dict[str, Any]

FIGURE_COLUMNS = (
    "id",
    "kind",
    "value",
    "high",
    "unit",
    "qualifier",
    "start",
    "end",
    "text",
    "metric",
    "role",
    "parent",
    "direction",
    "basis",
    "stated_decimals",
    "canonical_value",
    "canonical_unit",
    "zone",
    "sentence",
    "bounds",
    "period",
    "basis_period",
    "scope",
    "sentence_start",
    "sentence_end",
    "rank",
    "rank_among",
)
CHECK_COLUMNS = ("id", "kind", "status", "figures", "stated", "computed", "explanation")


def json_number(value: Decimal | str | None) -> int | float | str | None:
    """Decimals as JSON numbers: integers exactly, others by their shortest repr.

    >>> json_number(Decimal("152820000000")), json_number(Decimal("77.3")), json_number("2021-05")
    (152820000000, 77.3, '2021-05')
    """
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def figure_to_dict(figure: Figure) -> JsonDict:
    record = {column: getattr(figure, column) for column in FIGURE_COLUMNS}
    for column in ("value", "high", "canonical_value"):
        record[column] = json_number(record[column])
    return record


def check_to_dict(check: Check) -> JsonDict:
    return {
        "id": check.id,
        "kind": check.kind,
        "status": check.status,
        "figures": list(check.figures),
        "roles": {role: list(ids) for role, ids in check.roles},
        "stated": json_number(check.stated),
        "computed": json_number(check.computed.quantize(Decimal("0.000001"))) if check.computed is not None else None,
        "tolerance": json_number(check.tolerance),
        "explanation": check.explanation,
        "explanation_zh": check.explanation_zh,
        "start": check.start,
        "end": check.end,
        "context": check.context,
    }


def notice_to_dict(notice: Notice) -> JsonDict:
    return {"code": notice.code, "message": notice.message, "start": notice.start, "end": notice.end}


def article_to_dict(article: Article) -> JsonDict:
    """The contract record of one document."""
    meta = article.meta
    return {
        "id": article.id,
        "meta": {
            "title": meta.title,
            "published": meta.published,
            "source": meta.source,
            "authors": list(meta.authors),
            "editors": list(meta.editors),
            "correspondents": list(meta.correspondents),
            "url": article.url,
            "encoding": article.encoding,
            "fixes": [{"name": fix.name, "count": fix.count} for fix in article.fixes],
        },
        "figures": [figure_to_dict(figure) for figure in article.figures],
        "checks": [check_to_dict(check) for check in article.checks],
        "warnings": [notice_to_dict(notice) for notice in article.warnings],
        "error": article.error.message if article.error else None,
    }


def to_jsonl_line(article: Article) -> str:
    return json.dumps(article_to_dict(article), ensure_ascii=False)


def figure_rows(records: Iterable[Mapping[str, Any]]) -> Iterable[JsonDict]:
    """One row per figure, with its document id, for CSV and tables."""
    for record in records:
        for figure in record["figures"]:
            yield {"doc_id": record["id"], **figure}


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=("doc_id", *FIGURE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in figure_rows(records):
        writer.writerow(row)
    return buffer.getvalue()


_STATUS_MARK = {"consistent": "✓", "inconsistent": "✗", "unverifiable": "?"}


def to_table(record: Mapping[str, Any]) -> str:
    """A readable plain-text report of one document's figures and checks."""
    meta = record["meta"]
    lines = [f"== {record['id']}  {meta.get('title') or ''}".rstrip()]
    lines.append(f"   published {meta.get('published') or '?'}  source {meta.get('source') or '?'}")
    if record["error"]:
        return "\n".join([*lines, f"   ERROR {record['error']}", ""])
    header = f"   {'id':<5}{'text':<16}{'kind':<18}{'value':>16} {'unit':<6}{'qualifier':<10}{'role':<10}"
    lines.append(header + "metric  @scope")
    for figure in record["figures"]:
        value = "" if figure["value"] is None else str(figure["value"])
        if figure["high"] is not None:
            value += f"–{figure['high']}"
        if figure.get("bounds") not in (None, "[]"):  # an open end: (10–20), [1000–1500)
            value = f"{figure['bounds'][0]}{value}{figure['bounds'][1]}"
        lines.append(
            f"   {figure['id']:<5}{_fit(figure['text'], 16)}{figure['kind']:<18}{value:>16} "
            f"{figure['unit'] or '':<6}{figure['qualifier']:<10}{figure['role']:<10}{figure['metric'] or ''}"
            f"{_scope_note(figure)}"
        )
    for check in record["checks"]:
        lines.append(f"   {_STATUS_MARK[check['status']]} {check['kind']:<7}{check['explanation']}")
    lines.extend(f"   ! {warning['message']}" for warning in record["warnings"])
    return "\n".join([*lines, ""])


def _scope_note(figure: Mapping[str, Any]) -> str:
    """ "  @全市" after the metric, when the figure has a scope."""
    return f"  @{figure['scope']}" if figure.get("scope") else ""


def _fit(text: str, width: int) -> str:
    """Pad a string to a display width, counting CJK characters as two columns."""
    shown = text.replace("\n", " ")
    used = sum(2 if ord(char) > 0x2E80 else 1 for char in shown)
    return shown + " " * max(1, width - used)
