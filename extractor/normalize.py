"""Normalization: a number candidate becomes a :class:`Quantity` with kind, exact value, unit,
qualifier and stated precision.

A number written without a unit takes the unit of the list it stands in (369.5亿、252.6亿、
193.6亿元); a scaled amount in a sentence about money is read as yuan, with a warning saying so;
any other is a count with no unit. Numbers too large to be figures become notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache

from .bounds import join_bound_pairs
from .errors import Code, message
from .numerals import ParsedNumber, parse_numeral, parse_scale, plain
from .qualifiers import prefix_qualifier
from .records import Candidate, FigureKind, Notice, Qualifier, Quantity
from .rules import Rules
from .sentences import split_sentences
from .units import Unit, unit_table

MAX_MAGNITUDE = Decimal("1e30")  # beyond any quantity a news article reports
INFERRED_SCALE = Decimal(10000)  # 五千万: a bare amount of at least 万 may be money
_LIST_JOINERS = ("、", "和", "及", "与", ",", "，")
_LIST_KINDS = ("money", "quantity", "count", "percent", "percentage_point")


@dataclass(frozen=True, slots=True)
class _Unitless:
    """A number read without a unit; its unit is settled from its neighbours."""

    candidate: Candidate
    parsed: ParsedNumber
    scaled: bool


def normalize_numbers(text: str, candidates: Sequence[Candidate], rules: Rules) -> tuple[list[Quantity], list[Notice]]:
    """Normalize every number candidate, in order."""
    items: list[Quantity | _Unitless] = []
    notices: list[Notice] = []
    pending: list[_Unitless] = []
    for candidate in candidates:
        read = _read(text, candidate, rules)
        if isinstance(read, Notice):
            notices.append(read)
        elif isinstance(read, _Unitless):
            pending.append(read)
        elif not pending:
            items.append(read)
        else:
            members = _inherit_unit(text, pending, read, rules)
            items.extend([*pending[: len(pending) - len(members)], *members, read])
            pending = []
    items.extend(pending)
    known = [item for item in items if isinstance(item, Quantity)]
    money_sentences = _money_sentences(text, known)
    quantities = [
        item if isinstance(item, Quantity) else _without_unit(text, item, money_sentences, rules, notices)
        for item in items
    ]
    return join_bound_pairs(text, _shares_of_hundred(text, quantities), rules), notices


def _shares_of_hundred(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """三次产业之比为7.7:57.5:34.8 — unitless numbers joined by colons that add up to 100 are
    the shares of a whole, in percent."""
    result = list(quantities)
    run: list[int] = []
    for index, quantity in enumerate([*quantities, None]):
        if quantity is not None and quantity.kind == "count" and quantity.unit is None:
            if run and text[quantities[run[-1]].end : quantity.start] in _RATIO_COLONS:
                run.append(index)
                continue
            _mark_percent_run(run, result)
            run = [index]
            continue
        _mark_percent_run(run, result)
        run = []
    return result


_RATIO_COLONS = (":", "：")


def _mark_percent_run(run: list[int], quantities: list[Quantity]) -> None:
    if len(run) < 2:
        return
    values = [quantities[i].value for i in run]
    if not all(isinstance(v, Decimal) for v in values):
        return
    total = sum((v for v in values if isinstance(v, Decimal)), Decimal(0))
    if abs(total - 100) <= Decimal("0.5"):
        for i in run:
            quantities[i] = replace(quantities[i], kind="percent", unit="%")


def _read(text: str, candidate: Candidate, rules: Rules) -> Quantity | _Unitless | Notice:
    reading = _reading(candidate.parts, rules)
    if isinstance(reading, Code):
        return _notice(reading, text, candidate)
    if isinstance(reading, _Bare):
        return _Unitless(candidate, reading.parsed, reading.scaled)
    return _placed(reading, text, candidate, rules)


@dataclass(frozen=True, slots=True)
class _Bare:
    """What the parts of a number written without a unit say."""

    parsed: ParsedNumber
    scaled: bool  # 五千万: at least 万, so perhaps money


@dataclass(frozen=True, slots=True)
class _Template:
    """What the parts of a figure with a unit (or a word figure, or a fraction) say, wherever it
    stands: its quantity at offset 0, and whether its qualifier is its own (十几, 5%以上) or the
    word before it (约, 近)."""

    quantity: Quantity
    own_qualifier: bool


_READINGS = 8192  # distinct numbers remembered: a number and its words are a short phrase


@lru_cache(maxsize=_READINGS)
def _reading(parts: tuple[tuple[str, str], ...], rules: Rules) -> _Template | _Bare | Code:
    """A number's reading from its parts alone (the text around it is read in :func:`_placed`)."""
    named = dict(parts)
    if "word" in named:
        return _Template(_word_figure(named["word"], rules), own_qualifier=True)
    if "den" in named:
        return _fraction(named, rules) or Code.W_UNPARSED_NUMBER
    parsed = _vague(named, rules) if "vague" in named else _parse(named.get("num"), rules)
    if parsed is None:
        return Code.W_UNPARSED_NUMBER
    if abs(parsed.value) > MAX_MAGNITUDE:
        return Code.W_VALUE_OVERFLOW
    unit = _unit_of(named, rules)
    if unit is None:
        scaled = parse_scale(named.get("scale"), rules) * abs(parsed.value) >= INFERRED_SCALE
        return _Bare(parsed, scaled and ("scale" in named or not named.get("num", "")[-1:].isdigit()))
    return _template(parts, unit, rules)


def _parse(numeral: str | None, rules: Rules) -> ParsedNumber | None:
    return parse_numeral(numeral, rules) if numeral else None


def _vague(parts: dict[str, str], rules: Rules) -> ParsedNumber | None:
    """十几 -> 11 (with its high end read again in :func:`_high`)."""
    row = _vague_rows(rules)[parts["vague"]]
    return ParsedNumber(Decimal(row["low"]), 0)


@cache
def _vague_rows(rules: Rules) -> dict[str, dict[str, str]]:
    return {row["surface"]: row for row in rules.data["numbers"]["vague_numbers"]}


def _unit_of(parts: dict[str, str], rules: Rules) -> Unit | None:
    table = unit_table(rules)
    if "unit" in parts:
        return table[parts["unit"]]
    if "sign" in parts:
        code = next(row["code"] for row in rules.data["units"]["currency_signs"] if row["surface"] == parts["sign"])
        return Unit(parts["sign"], "money", code)
    return None


@lru_cache(maxsize=_READINGS)
def _template(parts: tuple[tuple[str, str], ...], unit: Unit, rules: Rules) -> _Template:
    """The quantity of a number read with ``unit`` (its own, the list's, or yuan)."""
    named = dict(parts)
    parsed = _parse_own(named, rules)
    factor = parse_scale(named.get("scale"), rules) * _unit_factor(unit, parsed)
    high = _high(named, factor, rules)
    qualifier = _own_qualifier(named, rules)
    value = _amount(named, parsed, unit, factor, high is not None, rules)
    quantity = Quantity(
        start=0,
        end=0,
        kind=unit.kind,
        value=value,
        high=high,
        unit=unit.unit,
        qualifier=qualifier or "exact",
        stated_decimals=parsed.decimals,
        canonical_value=None if unit.canonical is None else plain(value * unit.canonical_factor),
        canonical_unit=unit.canonical,
        precision=None if "vague" in named else plain(factor.scaleb(-parsed.decimals)),
        bounds="[]" if qualifier == "range" else None,
    )
    return _Template(quantity, qualifier is not None)


def _parse_own(named: dict[str, str], rules: Rules) -> ParsedNumber:
    parsed = _vague(named, rules) if "vague" in named else _parse(named.get("num"), rules)
    assert parsed is not None  # a template is made only for a number that parsed
    return parsed


def _placed(template: _Template, text: str, candidate: Candidate, rules: Rules, unit: str | None = "") -> Quantity:
    """The template's quantity at the candidate's offsets, with the qualifier written before
    it where it has none of its own; ``unit`` replaces the template's unit unless empty."""
    q = template.quantity
    qualifier = q.qualifier if template.own_qualifier else prefix_qualifier(text, candidate.start, rules) or "exact"
    return Quantity(
        start=candidate.start,
        end=candidate.end,
        kind=q.kind,
        value=q.value,
        high=q.high,
        unit=q.unit if unit == "" else unit,
        qualifier=qualifier,
        stated_decimals=q.stated_decimals,
        canonical_value=q.canonical_value,
        canonical_unit=q.canonical_unit,
        precision=q.precision,
        bounds=q.bounds,
    )


def _amount(
    parts: dict[str, str], parsed: ParsedNumber, unit: Unit, factor: Decimal, has_high: bool, rules: Rules
) -> Decimal:
    """The value: of the low end, with its own scale, for a range (3-5万: 3万); else the
    numeral scaled, with a half (一倍半 = 1.5, 三成半 = 35%) and sub-units (五元三毛 = 5.3元)."""
    if "hi" in parts and has_high:
        return plain(parsed.value * (parse_scale(parts.get("lo_scale") or parts.get("scale"), rules) * unit.factor))
    value = parsed.value * factor + (factor / 2 if "half" in parts else 0)
    value += _small_change(parts, rules)
    return plain(value)


def _small_change(parts: dict[str, str], rules: Rules) -> Decimal:
    """Sub-units after an amount (五元三毛, 两美元又三美分), in the main unit; only those that
    belong to the unit written (分 after 元, 美分 after 美元)."""
    total = Decimal(0)
    if "sub1_unit" not in parts:
        return total
    shares = rules.data["units"]["subunits"].get(parts.get("unit", ""), {})
    for key in ("sub1", "sub2"):
        unit = parts.get(f"{key}_unit")
        if unit in shares and (parsed := parse_numeral(parts[key], rules)) is not None:
            total += parsed.value * Decimal(shares[unit])
    return total


def _unit_factor(unit: Unit, parsed: ParsedNumber) -> Decimal:
    two_digit = parsed.decimals == 0 and 10 < parsed.value < 100
    return unit.two_digit_factor if two_digit and unit.two_digit_factor is not None else unit.factor


def _high(parts: dict[str, str], factor: Decimal, rules: Rules) -> Decimal | None:
    if "vague" in parts:
        high = _vague_rows(rules)[parts["vague"]].get("high")
        return plain(Decimal(high) * factor) if high else None
    if "hi" in parts and (hi := parse_numeral(parts["hi"], rules)) is not None:
        return plain(hi.value * factor)
    return None


def _own_qualifier(parts: dict[str, str], rules: Rules) -> Qualifier | None:
    """The qualifier the number's own words give it (十几, 3至5, 5%以上), if any."""
    qualifiers = rules.data["qualifiers"]
    if "vague" in parts:
        return _vague_qualifier(_vague_rows(rules)[parts["vague"]].get("qualifier"))
    if "hi" in parts:
        return "range"
    for key in ("suffix", "infix", "infix2", "frac_suffix"):
        if key in parts:
            qualifier: Qualifier = qualifiers["infix" if key.startswith("infix") else "suffix"][parts[key]]
            return qualifier
    return None


def _vague_qualifier(name: str | None) -> Qualifier:
    for qualifier in ("approx", "more_than", "at_least", "less_than", "at_most"):
        if name == qualifier:
            return qualifier
    return "range"


def _word_figure(word: str, rules: Rules) -> Quantity:
    """翻一番 (x2), 一半 (50%): fixed expressions, with the precision the table gives them (一半 is
    read like 五成, to one 成), else none to check against."""
    row = next(row for row in rules.data["numbers"]["word_figures"] if row["surface"] == word)
    kind: FigureKind = row["kind"]
    qualifier: Qualifier = row.get("qualifier", "exact")
    precision = Decimal(row["precision"]) if "precision" in row else None
    return Quantity(
        start=0,
        end=0,
        kind=kind,
        value=Decimal(row["value"]),
        high=None,
        unit="%" if kind == "percent" else "x",
        qualifier=qualifier,
        stated_decimals=None,
        precision=precision,
    )


def _fraction(parts: dict[str, str], rules: Rules) -> _Template | None:
    """百分之五 = 5%, 千分之五 = 0.5%, 三分之一 = 33.33…% (the denominator is written first)."""
    words = rules.data["numbers"]["fraction_denominators"]
    denominator = Decimal(words[parts["den"]]) if parts["den"] in words else _value(parts["den"], rules)
    numerator = parse_numeral(parts["frac"], rules)
    if denominator is None or denominator == 0 or numerator is None:
        return None
    factor = Decimal(100) / denominator
    exact = factor == factor.to_integral_value() or denominator in (1000, 10000)
    qualifier = _own_qualifier(parts, rules)
    quantity = Quantity(
        start=0,
        end=0,
        kind="percent",
        value=plain(numerator.value * factor),
        high=None,
        unit="%",
        qualifier=qualifier or "exact",
        stated_decimals=numerator.decimals if exact else None,
        precision=plain(factor.scaleb(-numerator.decimals)) if exact else None,
    )
    return _Template(quantity, qualifier is not None)


def _value(numeral: str, rules: Rules) -> Decimal | None:
    parsed = parse_numeral(numeral, rules)
    return parsed.value if parsed else None


def _inherit_unit(text: str, pending: list[_Unitless], owner: Quantity, rules: Rules) -> list[Quantity]:
    """Members of a list written without the unit take the unit of the list's last member."""
    members: list[Quantity] = []
    if not pending:
        return members
    next_start = owner.start
    surface = _surface_of(owner, rules)
    for item in reversed(pending):
        between = text[item.candidate.end : next_start]
        if between not in _LIST_JOINERS or owner.kind not in _LIST_KINDS or surface is None:
            break
        members.append(
            _placed(_template(item.candidate.parts, unit_table(rules)[surface], rules), text, item.candidate, rules)
        )
        next_start = item.candidate.start
    return list(reversed(members))


def _surface_of(quantity: Quantity, rules: Rules) -> str | None:
    return _surfaces(rules).get((quantity.unit, quantity.kind))


@cache
def _surfaces(rules: Rules) -> dict[tuple[str | None, str], str]:
    """The first surface in the unit table of each (unit, kind)."""
    surfaces: dict[tuple[str | None, str], str] = {}
    for surface, unit in unit_table(rules).items():
        surfaces.setdefault((unit.unit, unit.kind), surface)
    return surfaces


def _without_unit(
    text: str, item: _Unitless, money_sentences: frozenset[int], rules: Rules, notices: list[Notice]
) -> Quantity:
    """五千万以上的大项目, in a sentence about money: yuan, said in a warning. Otherwise a count
    with no unit (kind count, unit null), never a guessed unit."""
    if item.scaled and split_sentences(text).index_of(item.candidate.start) in money_sentences:
        notices.append(_notice(Code.W_UNIT_INFERRED, text, item.candidate))
        return _placed(_template(item.candidate.parts, unit_table(rules)["元"], rules), text, item.candidate, rules)
    return _placed(_template(item.candidate.parts, _COUNT, rules), text, item.candidate, rules, unit=None)


_COUNT = Unit("", "count", "")  # a number without a unit is a count with no unit (reported as null)


def _money_sentences(text: str, known: list[Quantity]) -> frozenset[int]:
    """The sentences that hold a money figure (computed once: linear in the figures)."""
    sentences = split_sentences(text)
    return frozenset(sentences.index_of(q.start) for q in known if q.kind == "money")


def _notice(code: Code, text: str, candidate: Candidate) -> Notice:
    surface = text[candidate.start : candidate.end]
    return Notice(code.value, message(code, surface), candidate.start, candidate.end)
