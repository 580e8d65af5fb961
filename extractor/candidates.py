"""Candidates: spans of clean text that the number grammar recognises as possible figures.

The grammar is composed from the rule files: numerals and scale words (numbers.yaml), units
(units.yaml), qualifier words (qualifiers.yaml). Vetoes (vetoes.yaml) remove candidates that
overlap a context in which a numeral is not a figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .numerals import ParsedNumber, parse_numeral, parse_scale, plain
from .qualifiers import prefix_qualifier
from .records import Candidate
from .rules import Rules, compile_pattern
from .scan import PartReader, named_parts, part_reader
from .spans import SpanIndex
from .units import unit_table

Span = tuple[int, int]


def _alternation(words: Iterable[str]) -> str:
    """A group of the words, longest first, so that 台套 wins over 台 and 个百分点 over 个."""
    return "(?:" + "|".join(regex.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


@cache
def number_grammar(rules: Rules) -> regex.Pattern[str]:
    """The compiled grammar of a number with its scale, unit and qualifier words.

    Alternatives, tried in order at each position: a fixed word figure (翻一番, 一半); a fraction
    (百分之五, 三分之一); a number — vague (十几) or written (387, 三百八十七), perhaps a range —
    with an optional currency sign before it and scale, unit and qualifier words after it.
    """
    numbers, qualifiers, units = rules.data["numbers"], rules.data["qualifiers"], rules.data["units"]
    scale = _alternation(numbers["scales"])
    unit = _unit_alternation(rules)
    infix = _alternation(qualifiers["infix"])
    suffix = _alternation(qualifiers["suffix"])
    separator = _alternation(qualifiers["range_separators"])
    signs = _alternation(row["surface"] for row in units["currency_signs"])
    words = _alternation(row["surface"] for row in numbers["word_figures"])
    vague = _alternation(row["surface"] for row in numbers["vague_numbers"])
    denominators = _alternation(numbers["fraction_denominators"])
    subunits = _alternation(name for names in units["subunits"].values() for name in names)
    between_end = r"[^，。；,;]{1,14}?之间"  # 10000与20000之间, 介于5%和6%之间: a range
    ahead = _range_ahead(rules)
    number = "(?:{SIGN})?(?:{MIXED}|{ARABIC}|{HAN})"
    grammar = (
        rf"(?P<word>{words})"
        rf"|(?P<den>{denominators}|{{ARABIC}}|{{HAN}})分之(?P<frac>{number})(?P<frac_suffix>{suffix})?"
        rf"|(?:(?P<sign>{signs})[ ]{{0,2}})?(?:(?P<vague>{vague})|(?P<num>{number})"
        rf"(?:{ahead}(?P<lo_scale>{scale})?(?P<lo_unit>{unit})?[ ]?(?P<sep>{separator}|[{_JOINERS}](?={between_end}))"
        rf"[ ]?(?P<hi>{number}))?)"
        rf"(?P<infix>{infix})?(?P<scale>(?!{unit}){scale})?(?P<infix2>{infix})?[ ]?(?P<unit>{unit})?"
        rf"(?:(?<!个)(?P<half>半)(?![月年天日]))?"
        rf"(?:又?(?P<sub1>{number})(?P<sub1_unit>{subunits})(?:(?P<sub2>{number})(?P<sub2_unit>{subunits}))?)?"
        rf"(?P<suffix>{suffix})?"
    )
    return compile_pattern(rules.expand(grammar))


_JOINERS = "与和"  # 10000与20000之间: a range only before 之间


def _range_ahead(rules: Rules) -> str:
    """A lookahead that holds wherever a range separator can follow a number: within the
    longest scale word, unit and a space. It changes no match (the range part fails without a
    separator) but spares trying that part's scale and unit words after every number."""
    reach = max(map(len, rules.data["numbers"]["scales"])) + max(map(len, unit_table(rules))) + 1
    firsts = sorted({word[0] for word in rules.data["qualifiers"]["range_separators"]} | set(_JOINERS))
    return rf"(?=[\s\S]{{0,{reach}}}?[{''.join(regex.escape(char) for char in firsts)}])"


def _unit_alternation(rules: Rules) -> str:
    """Unit surfaces, longest first, each with its not-followed-by guard (方 but not 方面)."""
    guards = rules.data["units"]["not_followed_by"]
    surfaces = sorted(unit_table(rules), key=lambda w: (-len(w), w))
    alternatives = (
        regex.escape(surface) + (f"(?!{guards[surface]})" if surface in guards else "") for surface in surfaces
    )
    return "(?:" + "|".join(alternatives) + ")"


_PARTS = (
    "word",
    "den",
    "frac",
    "frac_suffix",
    "sign",
    "vague",
    "num",
    "lo_scale",
    "lo_unit",
    "sep",
    "hi",
    "infix",
    "scale",
    "infix2",
    "unit",
    "half",
    "sub1",
    "sub1_unit",
    "sub2",
    "sub2_unit",
    "suffix",
)


def find_number_candidates(text: str, rules: Rules, blocked: Iterable[Span] = ()) -> list[Candidate]:
    """Every number in ``text`` with its unit words, minus vetoed ones and those in ``blocked``
    spans (dates, page furniture)."""
    blocked_spans = SpanIndex([*blocked, *veto_spans(text, rules)])
    reader = _part_reader(rules)
    found: list[Candidate] = []
    for match in number_grammar(rules).finditer(text):
        start = match.start()
        end = start + len(match.group().rstrip())
        if blocked_spans.overlaps(start, end):
            continue
        parts = named_parts(match, reader)
        if not _is_bare_han(text, start, dict(parts), rules):
            found.append(Candidate(start, end, "number", parts))
    return found


@cache
def _part_reader(rules: Rules) -> PartReader:
    return part_reader(number_grammar(rules), _PARTS)


_MARKS = ("unit", "scale", "sign", "suffix", "hi")  # what makes a Chinese numeral a figure


def _is_bare_han(text: str, start: int, parts: dict[str, str], rules: Rules) -> bool:
    """Chinese numerals count only with a unit, a scale (五千万), a currency sign or a bound
    (五百以上, 超过了一千): 三 alone is a word."""
    numeral = parts.get("num") or parts.get("vague")
    if (
        numeral is None
        or numeral[-1:].isdigit()
        or any(unit in numeral for unit in rules.data["numbers"]["han_sections"])
    ):
        return False
    marked = any(parts.get(name) for name in _MARKS)
    return not marked and prefix_qualifier(text, start, rules) is None


@cache
def _veto_patterns(rules: Rules, figures: bool) -> tuple[regex.Pattern[str], ...]:
    rows = rules.table("vetoes", "vetoes")
    chosen = [row for row in rows if figures or row.get("scope", "all") == "all"]
    return tuple(compile_pattern(rules.expand(row["pattern"])) for row in chosen)


def veto_spans(text: str, rules: Rules, figures: bool = True) -> list[Span]:
    """Spans of ``text`` in which a numeral is not a figure (vetoes.yaml); with ``figures``
    false, only the vetoes that also say it is no numeral (一切, but not the 一 of 一批)."""
    return [m.span() for pattern in _veto_patterns(rules, figures) for m in pattern.finditer(text)]


# --- the numeral layer: every numeral, figure or not ------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A numeral found in running text, with its scale word applied; offsets index that text."""

    start: int
    end: int
    value: Decimal
    decimals: int


@cache
def _numeral_scanner(rules: Rules) -> regex.Pattern[str]:
    scales = _alternation(rules.data["numbers"]["scales"])
    infix = _alternation(rules.data["qualifiers"]["infix"])
    whole = r"(?:(?P<whole>(?:{SIGN})?(?:{ARABIC}|{HAN}))又)?"
    fraction = (
        whole + r"(?:(?P<den>{ARABIC}|{HAN})分之(?P<frac>{ARABIC}|{HAN})|(?P<slash>(?:{SIGN})?\d++/\d++)(?![\d/]))"
    )
    number = rf"(?P<num>(?:{{SIGN}})?(?:{{MIXED}}|{{ARABIC}}|{{HAN}}))(?:{infix}(?={scales}))?(?P<scale>{scales})?"
    return compile_pattern(rules.expand(f"{fraction}|{number}"))


def find_numerals(text: str, rules: Rules) -> list[FoundNumber]:
    """Every numeral in ``text`` — Arabic, Chinese, mixed with a scale word, fractions — whether or
    not it is a figure (the numeral layer under the figure grammar).

    >>> from extractor.rules import load_rules
    >>> [(n.value, n.decimals) for n in find_numerals("4.78万亿和三分之一，一千两百三十四万", load_rules())]
    [(Decimal('4780000000000'), 2), (Decimal('0.3333333333333333333333333333'), 28), (Decimal('12340000'), 0)]
    """
    found: list[FoundNumber] = []
    vetoed = SpanIndex(veto_spans(text, rules, figures=False))
    for match in _numeral_scanner(rules).finditer(text):
        if vetoed.overlaps(*match.span()) or not _stands_alone(text, match, rules):
            continue
        value = _fraction(match, rules) if match["den"] or match["slash"] else _scaled(match, rules)
        if value is not None:
            found.append(FoundNumber(match.start(), match.end(), value.value, value.decimals))
    return found


def _stands_alone(text: str, match: regex.Match[str], rules: Rules) -> bool:
    """A one-character Chinese numeral is a number only where the segmenter does not make it
    part of a word (四川, 陆地), unless what follows it in that word is a unit (一只, 三天)."""
    numeral = match.group()
    digit_string = len(numeral) == 2 and all(char in rules.data["numbers"]["han_digits"] for char in numeral)
    if (len(numeral) != 1 and not digit_string) or numeral.isdigit():
        return True
    start = max(0, match.start() - 6)
    for word, word_start, _ in _tokens(text[start : match.end() + 6]):
        if word_start + start == match.start():
            rest = word[len(numeral) :]
            markers = (*unit_table(rules), *rules.data["numbers"]["classifiers"])
            return rest.startswith(markers) if rest or digit_string else True
    return False


def _tokens(window: str) -> list[tuple[str, int, int]]:
    import jieba

    return list(jieba.tokenize(window))


def _scaled(match: regex.Match[str], rules: Rules) -> ParsedNumber | None:
    parsed = parse_numeral(match["num"], rules)
    if parsed is None:
        return None
    return ParsedNumber(plain(parsed.value * parse_scale(match["scale"], rules)), parsed.decimals)


def _fraction(match: regex.Match[str], rules: Rules) -> ParsedNumber | None:
    """三分之一 = 1/3 (the denominator is written first); 1/3 with a slash."""
    if match["slash"]:
        top, _, bottom = match["slash"].partition("/")
        numerator, denominator = parse_numeral(top, rules), parse_numeral(bottom, rules)
    else:
        denominator, numerator = parse_numeral(match["den"], rules), parse_numeral(match["frac"], rules)
    if denominator is None or numerator is None or denominator.value == 0:
        return None
    if match["whole"] and (whole := parse_numeral(match["whole"], rules)) is not None:
        fraction = numerator.value / denominator.value
        value = whole.value + (fraction if whole.value >= 0 else -fraction)  # 负一又二分之一 = -1.5
        return ParsedNumber(value, max(0, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
    value = numerator.value / denominator.value
    return ParsedNumber(value, max(0, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
