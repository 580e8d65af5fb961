"""Normalization: a number candidate becomes a :class:`Quantity` with kind, exact value, unit,
qualifier and stated precision — or a notice saying why it is not a figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache

from .errors import Code, message
from .numerals import ParsedNumber, parse_numeral, parse_scale, plain
from .records import Candidate, Notice, Qualifier, Quantity
from .rules import Rules
from .units import Unit, unit_table

MAX_MAGNITUDE = Decimal("1e30")  # beyond any quantity a news article reports
_LIST_JOINERS = ("、", "和", "及", "与", ",", "，")


@cache
def _prefix_words(rules: Rules) -> tuple[tuple[str, Qualifier], ...]:
    words = rules.data["qualifiers"]["prefix"].items()
    return tuple(sorted(words, key=lambda item: -len(item[0])))


def prefix_qualifier(text: str, start: int, rules: Rules) -> Qualifier | None:
    """The qualifier of a word right before ``start`` (约, 近, 超过 …), if any."""
    before = text[max(0, start - 4) : start]
    for word, qualifier in _prefix_words(rules):
        if before.endswith(word):
            return qualifier
    return None


def normalize_numbers(text: str, candidates: Sequence[Candidate], rules: Rules) -> tuple[list[Quantity], list[Notice]]:
    """Normalize every number candidate; unitless numbers become notices, except a scaled
    number in a list whose last member names the unit (369.5亿、252.6亿、193.6亿元)."""
    quantities: list[Quantity] = []
    notices: list[Notice] = []
    pending: list[tuple[Candidate, ParsedNumber]] = []
    for candidate in candidates:
        parts = dict(candidate.parts)
        parsed = _parse(parts, rules)
        if parsed is None or abs(parsed.value) > MAX_MAGNITUDE:
            notices.append(_notice(Code.W_VALUE_OVERFLOW if parsed else Code.W_UNPARSED_NUMBER, text, candidate))
            continue
        unit = _unit_of(parts, rules)
        if unit is None:
            pending.append((candidate, parsed))
            continue
        quantity = _quantity(text, candidate, parsed, unit, rules)
        members = _inherit_unit(text, pending, quantity, rules)
        unexplained = pending[: len(pending) - len(members)]
        notices.extend(_notice(Code.W_UNPARSED_NUMBER, text, candidate) for candidate, _ in unexplained)
        quantities.extend(members)
        quantities.append(quantity)
        pending = []
    notices.extend(_notice(Code.W_UNPARSED_NUMBER, text, candidate) for candidate, _ in pending)
    return quantities, notices


def _inherit_unit(
    text: str, pending: list[tuple[Candidate, ParsedNumber]], owner: Quantity, rules: Rules
) -> list[Quantity]:
    """Members of a list written without the unit take the unit of the list's last member."""
    members: list[Quantity] = []
    next_start = owner.start
    for candidate, parsed in reversed(pending):
        between = text[candidate.end : next_start]
        if between not in _LIST_JOINERS or owner.kind not in ("money", "quantity", "count"):
            break
        unit = _unit_of({**dict(candidate.parts), "unit": _surface_of(owner, rules)}, rules)
        if unit is None:
            break
        members.append(_quantity(text, candidate, parsed, unit, rules))
        next_start = candidate.start
    return list(reversed(members))


def _surface_of(quantity: Quantity, rules: Rules) -> str:
    for surface, unit in unit_table(rules).items():
        if unit.unit == quantity.unit and unit.kind == quantity.kind:
            return surface
    return ""


def _parse(parts: dict[str, str], rules: Rules) -> ParsedNumber | None:
    numeral = parts.get("percent_of") or parts.get("num")
    return parse_numeral(numeral, rules) if numeral else None


def _unit_of(parts: dict[str, str], rules: Rules) -> Unit | None:
    if "percent_of" in parts:
        return unit_table(rules)["%"]
    surface = parts.get("unit")
    return unit_table(rules).get(surface) if surface else None


def _quantity(text: str, candidate: Candidate, parsed: ParsedNumber, unit: Unit, rules: Rules) -> Quantity:
    parts = dict(candidate.parts)
    scale = parse_scale(parts.get("scale"), rules)
    factor = scale * unit.factor
    value = parsed.value * factor
    high = None
    low_scale = parse_scale(parts.get("lo_scale") or parts.get("scale"), rules) * unit.factor
    if "hi" in parts and (hi := parse_numeral(parts["hi"], rules)) is not None:
        value, high = parsed.value * low_scale, hi.value * factor
    quantity = Quantity(
        start=candidate.start,
        end=candidate.end,
        kind=unit.kind,
        value=plain(value),
        high=plain(high) if high is not None else None,
        unit=unit.unit,
        qualifier=_qualifier(text, candidate, parts, rules),
        stated_decimals=parsed.decimals,
        precision=plain(factor.scaleb(-parsed.decimals)),
    )
    if unit.canonical is not None:
        quantity = replace(
            quantity, canonical_value=plain(value * unit.canonical_factor), canonical_unit=unit.canonical
        )
    return quantity


def _qualifier(text: str, candidate: Candidate, parts: dict[str, str], rules: Rules) -> Qualifier:
    qualifiers = rules.data["qualifiers"]
    if "hi" in parts:
        return "range"
    for key in ("suffix", "infix", "infix2"):
        if key in parts:
            qualifier: Qualifier = qualifiers["suffix" if key == "suffix" else "infix"][parts[key]]
            return qualifier
    return prefix_qualifier(text, candidate.start, rules) or "exact"


def _notice(code: Code, text: str, candidate: Candidate) -> Notice:
    surface = text[candidate.start : candidate.end]
    return Notice(code.value, message(code, surface), candidate.start, candidate.end)
