"""The unit table: every unit surface, the kind of figure it makes, and how to report it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from .errors import RulesError
from .records import FigureKind
from .rules import Rules


@dataclass(frozen=True, slots=True)
class Unit:
    """``surface`` as written; ``unit`` as reported (ISO code, %, pp, x, or the surface)."""

    surface: str
    kind: FigureKind
    unit: str
    factor: Decimal = Decimal(1)  # value = numeral x scale x factor (三成 = 30%)
    canonical: str | None = None
    canonical_factor: Decimal = Decimal(1)  # canonical_value = value x canonical_factor
    two_digit_factor: Decimal | None = None  # for a two-digit whole numeral: 75折 = 75%, not 750%


def _optional_decimal(row: dict[str, str], key: str) -> Decimal | None:
    return Decimal(row[key]) if key in row else None


@cache
def unit_table(rules: Rules) -> dict[str, Unit]:
    """All unit surfaces; a surface listed under two kinds is a rules error."""
    units: list[Unit] = []
    table = rules.data["units"]
    units += [Unit(row["surface"], "money", row["code"]) for row in table["money"]]
    units += [Unit(surface, "count", surface) for surface in table["count"]]
    units += [
        Unit(row["surface"], "quantity", row["surface"], Decimal(1), row["canonical"], Decimal(row["factor"]))
        for row in table["quantity"]
    ]
    units += [Unit(surface, "multiple", "x") for surface in table["multiple"]]
    units += [
        Unit(
            row["surface"],
            "percent",
            "%",
            Decimal(row["factor"]),
            two_digit_factor=_optional_decimal(row, "two_digit_factor"),
        )
        for row in table["percent"]
    ]
    units += [
        Unit(row["surface"], "percentage_point", "pp", Decimal(row["factor"])) for row in table["percentage_point"]
    ]
    by_surface: dict[str, Unit] = {}
    for unit in units:
        if unit.surface in by_surface:
            raise RulesError(f"units.yaml: {unit.surface!r} is listed twice")
        by_surface[unit.surface] = unit
    return by_surface
