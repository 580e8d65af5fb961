"""The readable report of ``newsfig check``: each article's checks with ✓ / ✗ / ?, the arithmetic
and the sentence they come from; ANSI colour only when asked (on a terminal, by the CLI).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

STATUSES = ("consistent", "inconsistent", "unverifiable")
_MARK = {"consistent": "✓", "inconsistent": "✗", "unverifiable": "?"}
_COLOUR = {"consistent": "\033[32m", "inconsistent": "\033[31;1m", "unverifiable": "\033[33m"}
_DIM, _RESET = "\033[2m", "\033[0m"
_CONTEXT_WIDTH = 120  # characters of the sentence shown


def render_checks(record: Mapping[str, Any], colour: bool = False) -> str:
    """One article's checks as text.

    >>> record = {"id": "d1", "meta": {"title": "标题"}, "error": None, "checks": [
    ...     {"kind": "sum", "status": "consistent", "explanation": "70 + 50 = 120; stated 120: consistent",
    ...      "context": "全市共有重点项目120个，其中新建70个、续建50个。"}]}
    >>> print(render_checks(record))
    == d1  标题
       ✓ sum         70 + 50 = 120; stated 120: consistent
                     全市共有重点项目120个，其中新建70个、续建50个。
    <BLANKLINE>
    """
    title = (record.get("meta") or {}).get("title") or ""
    lines = [f"== {record['id']}  {title}".rstrip()]
    if record.get("error"):
        lines.append(f"   ERROR {record['error']}")
    elif not record["checks"]:
        lines.append("   (nothing the text lets a reader recompute)")
    figures = {figure["id"]: figure for figure in record.get("figures", [])}
    for check in record["checks"]:
        mark = _paint(f"{_MARK[check['status']]} {check['kind']:<10}", _COLOUR[check["status"]], colour)
        lines.append(f"   {mark}  {check['explanation']}")
        if sentence := _stated_sentence(check, figures):
            lines.append("   " + " " * 14 + _paint(_shorten(sentence), _DIM, colour))
    return "\n".join([*lines, ""])


def _stated_sentence(check: Mapping[str, Any], figures: Mapping[str, Mapping[str, Any]]) -> str:
    """The sentence of the figure a check states (a sum's whole, a ratio's result …), cut from
    the check's context; the whole context when the figure's sentence is not known."""
    context, start = check.get("context") or "", check.get("start")
    roles = check.get("roles") or {}
    stated = (roles.get("result") or roles.get("whole") or roles.get("title") or [None])[0]
    figure = figures.get(stated) if stated else None
    if figure is None or start is None or figure.get("sentence_start") is None:
        return context
    sentence = context[max(0, figure["sentence_start"] - start) : figure["sentence_end"] - start]
    return sentence.strip() or context


def count_statuses(records: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """How many checks of each status the records carry."""
    return Counter(check["status"] for record in records for check in record["checks"])


def summary_line(counts: Mapping[str, int]) -> str:
    """``12 checks: 10 consistent, 1 inconsistent, 1 unverifiable``.

    >>> summary_line({"consistent": 2, "inconsistent": 1})
    '3 checks: 2 consistent, 1 inconsistent, 0 unverifiable'
    """
    total = sum(counts.get(status, 0) for status in STATUSES)
    return f"{total} checks: " + ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _CONTEXT_WIDTH else flat[: _CONTEXT_WIDTH - 1] + "…"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text
