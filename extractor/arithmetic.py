"""The stated-precision rule: does a recomputed value agree with the figure as stated?

>>> judge(Decimal("77.3"), Decimal("77.2609"), Decimal("0.1"), "exact").status
'consistent'
>>> v = judge(Decimal("47"), Decimal("47.78"), Decimal("1"), "exact")
>>> v.status, v.note
('inconsistent', 'truncation would match')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .records import CheckStatus

APPROX_BAND = Decimal("0.05")  # 约X: within 5% of X
NEAR_BAND = Decimal("0.9")  # 近X: 0.9X <= computed <= X


@dataclass(frozen=True, slots=True)
class Verdict:
    status: CheckStatus
    tolerance: Decimal
    note: str | None = None


def round_to(value: Decimal, precision: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``value`` to a multiple of ``precision`` (0.1, 1, 1e7 …).

    >>> round_to(Decimal("77.2609"), Decimal("0.1"))
    Decimal('77.3')
    """
    return (value / precision).quantize(Decimal(1), rounding=rounding) * precision


def judge(stated: Decimal, computed: Decimal, precision: Decimal | None, qualifier: str) -> Verdict:
    """Compare at the stated precision; qualified figures get the band their word allows, which
    needs no precision (超过七成: at least 70)."""
    banded = _judge_band(stated, computed, qualifier)
    if banded is not None:
        return banded
    if precision is None or precision <= 0:
        return Verdict("unverifiable", Decimal(0), "precision unknown")
    tolerance = precision / 2
    if round_to(computed, precision) == stated:
        return Verdict("consistent", tolerance)
    if round_to(computed, precision, ROUND_DOWN) == stated:
        return Verdict("inconsistent", tolerance, "truncation would match")
    return Verdict("inconsistent", tolerance)


def _judge_band(stated: Decimal, computed: Decimal, qualifier: str) -> Verdict | None:
    if qualifier == "approx":
        ok = abs(computed - stated) <= abs(stated) * APPROX_BAND
        return Verdict("consistent" if ok else "inconsistent", abs(stated) * APPROX_BAND)
    if qualifier == "less_than":
        ok = stated * NEAR_BAND <= computed <= stated
        return Verdict("consistent" if ok else "inconsistent", stated * (1 - NEAR_BAND))
    if qualifier in ("more_than", "at_least"):
        return Verdict("consistent" if computed >= stated else "inconsistent", Decimal(0))
    if qualifier == "at_most":
        return Verdict("consistent" if computed <= stated else "inconsistent", Decimal(0))
    return None
