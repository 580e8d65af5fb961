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
_UNBOUNDED = Decimal("Infinity")


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


def value_range(value: Decimal, qualifier: str) -> tuple[Decimal, Decimal] | None:
    """The values a figure so qualified stands for: itself when exact, within ``APPROX_BAND`` of
    it when approximate (约3900), [0.9X, X] when nearly (近五成); None when unbounded (超过, 以上),
    as no arithmetic can be done with it.

    >>> value_range(Decimal("3900"), "approx")
    (Decimal('3705.00'), Decimal('4095.00'))
    >>> value_range(Decimal("3000"), "more_than") is None
    True
    """
    if qualifier == "exact":
        return value, value
    if qualifier == "approx":
        return value * (1 - APPROX_BAND), value * (1 + APPROX_BAND)
    if qualifier == "less_than":
        return value * NEAR_BAND, value
    return None


def judge_range(stated: Decimal, low: Decimal, high: Decimal, precision: Decimal | None, qualifier: str) -> Verdict:
    """``judge`` for a value recomputed from approximate figures, known only to lie in [low, high]:
    consistent when some value of the range agrees with the stated figure, inconsistent when none
    does (约3900 / 8574.6 is 43.2%–47.8%: 近五成 agrees, 三成 does not).

    >>> judge_range(Decimal("50"), Decimal("43.2"), Decimal("47.8"), Decimal("10"), "less_than").status
    'consistent'
    >>> judge_range(Decimal("30"), Decimal("43.2"), Decimal("47.8"), Decimal("10"), "exact").status
    'inconsistent'
    """
    admitted = _admitted(stated, precision, qualifier)
    if admitted is None:
        return Verdict("unverifiable", Decimal(0), "precision unknown")
    tolerance = (admitted[1] - admitted[0]) / 2 if admitted[1].is_finite() and admitted[0].is_finite() else Decimal(0)
    agrees = low <= admitted[1] and admitted[0] <= high
    return Verdict("consistent" if agrees else "inconsistent", tolerance, "recomputed from approximate figures")


def _admitted(stated: Decimal, precision: Decimal | None, qualifier: str) -> tuple[Decimal, Decimal] | None:
    """The recomputed values a stated figure agrees with (``judge``'s rule as a range)."""
    bands = {
        "approx": (stated * (1 - APPROX_BAND), stated * (1 + APPROX_BAND)),
        "less_than": (stated * NEAR_BAND, stated),
        "more_than": (stated, _UNBOUNDED),
        "at_least": (stated, _UNBOUNDED),
        "at_most": (-_UNBOUNDED, stated),
    }
    if qualifier in bands:
        return bands[qualifier]
    if precision is None or precision <= 0:
        return None
    return stated - precision / 2, stated + precision / 2
