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
    for check in record["checks"]:
        mark = _paint(f"{_MARK[check['status']]} {check['kind']:<10}", _COLOUR[check["status"]], colour)
        lines.append(f"   {mark}  {check['explanation']}")
        if check.get("context"):
            lines.append("   " + " " * 14 + _paint(_shorten(check["context"]), _DIM, colour))
    return "\n".join([*lines, ""])


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
