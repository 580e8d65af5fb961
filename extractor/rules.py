"""Load, validate and compile the rule files in ``rules/``.

Rules are data: YAML files that users can extend. The loader rejects unknown keys, duplicate
keys and duplicate surfaces, resolves ``{FRAGMENT}`` references, compiles every pattern once,
and raises :class:`~extractor.errors.RulesError` naming the file and key that is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import RulesError

RULE_FILES = (
    "cleaning",
    "numbers",
    "qualifiers",
    "units",
    "vetoes",
    "dates",
    "metadata",
    "attribution",
    "scope",
    "noise",
)

_FRAGMENT_REF = regex.compile(r"\{([A-Z_]+)\}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping with the same key twice."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def default_rules_dir() -> Path:
    """The rules directory: $NEWSFIG_RULES, else the copy inside an installed wheel,
    else ``rules/`` beside the package in a source checkout."""
    env = os.environ.get("NEWSFIG_RULES")
    if env:
        return Path(env)
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def read_rule_file(path: Path) -> dict[str, Any]:
    """Parse one YAML rule file, rejecting duplicate keys."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path.name}: top level must be a mapping")
    return data


# --- schema: which keys each file may have, and what each value must be -----------------------

Validator = Callable[[str, Any], None]


def _is_str(where: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise RulesError(f"{where}: expected a non-empty string, got {value!r}")


def _is_pattern(where: str, value: Any) -> None:
    _is_str(where, value)


def _is_str_list(where: str, value: Any) -> None:
    if not isinstance(value, list):
        raise RulesError(f"{where}: expected a list of strings")
    for item in value:
        _is_str(where, item)
    _no_duplicates(where, value)


def _no_duplicates(where: str, items: Iterable[str]) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise RulesError(f"{where}: duplicate entry {item!r}")
        seen.add(item)


def _mapping_of(check_value: Validator) -> Validator:
    def validate(where: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise RulesError(f"{where}: expected a mapping")
        for key, item in value.items():
            _is_str(f"{where}", str(key))
            check_value(f"{where}.{key}", item)

    return validate


def _is_int(where: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RulesError(f"{where}: expected an integer, got {value!r}")


def _is_positive_int(where: str, value: Any) -> None:
    _is_int(where, value)
    if value < 1:
        raise RulesError(f"{where}: expected a positive integer, got {value!r}")


def _is_bool(where: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise RulesError(f"{where}: expected true or false, got {value!r}")


def _is_decimal_str(where: str, value: Any) -> None:
    _is_str(where, value)
    try:
        Decimal(value)
    except InvalidOperation as exc:
        raise RulesError(f"{where}: {value!r} is not a decimal number") from exc


def _one_of(*allowed: str) -> Validator:
    def validate(where: str, value: Any) -> None:
        if value not in allowed:
            raise RulesError(f"{where}: {value!r} is not one of {', '.join(allowed)}")

    return validate


def _records(fields: Mapping[str, Validator], key: str, optional: Iterable[str] = ()) -> Validator:
    """A list of mappings with exactly ``fields`` (minus optional ones), unique by ``key``."""
    optional_fields = set(optional)

    def validate(where: str, value: Any) -> None:
        if not isinstance(value, list):
            raise RulesError(f"{where}: expected a list of records")
        for index, record in enumerate(value):
            here = f"{where}[{index}]"
            if not isinstance(record, dict):
                raise RulesError(f"{here}: expected a mapping")
            _known_keys(here, record, fields)
            missing = set(fields) - set(record) - optional_fields
            if missing:
                raise RulesError(f"{here}: missing {', '.join(sorted(missing))}")
            for name, item in record.items():
                fields[name](f"{here}.{name}", item)
        _no_duplicates(where, (str(record[key]) for record in value))

    return validate


def _known_keys(where: str, data: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
    unknown = set(data) - set(schema)
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")


def _is_char(where: str, value: Any) -> None:
    if not isinstance(value, str) or len(value) != 1:
        raise RulesError(f"{where}: expected a single character, got {value!r}")


def _is_fullwidth_table(where: str, value: Any) -> None:
    """``ranges`` of {from, to, target} characters and ``chars``: character -> character."""
    if not isinstance(value, dict):
        raise RulesError(f"{where}: expected a mapping")
    _known_keys(where, value, {"ranges": None, "chars": None})
    _records({"from": _is_char, "to": _is_char, "target": _is_char}, key="from")(
        f"{where}.ranges", value.get("ranges", [])
    )
    _mapping_of(_is_char)(f"{where}.chars", value.get("chars", {}))
    for key in value.get("chars", {}):
        _is_char(f"{where}.chars", key)


def _is_char_table(where: str, value: Any) -> None:
    """A mapping from single characters to non-empty strings (the noise pinyin table)."""
    _mapping_of(_is_str)(where, value)
    for key in value:
        _is_char(where, key)


QUALIFIERS = _one_of("approx", "more_than", "at_least", "less_than", "at_most")

SCHEMA: dict[str, dict[str, Validator]] = {
    "cleaning": {
        "pinyin_gloss": _is_pattern,
        "invisible": _is_pattern,
        "fullwidth": _is_fullwidth_table,
        "digit_group_space": _is_pattern,
        "number_line_break": _is_pattern,
        "html_entity": _is_pattern,
        "html_tag": _is_pattern,
        "gbk_byte_drop": _is_pattern,
        "replacement_chars": _is_pattern,
        "max_document_chars": _is_positive_int,
    },
    "numbers": {
        "han_digits": _mapping_of(_is_int),
        "han_multipliers": _mapping_of(_is_int),
        "han_tens": _mapping_of(_is_int),
        "han_sections": _mapping_of(_is_int),
        "han_point": _is_str,
        "scales": _mapping_of(_is_decimal_str),
        "vague_numbers": _records(
            {"surface": _is_str, "low": _is_decimal_str, "high": _is_decimal_str, "qualifier": QUALIFIERS},
            key="surface",
            optional=("high", "qualifier"),
        ),
        "fraction_denominators": _mapping_of(_is_int),
        "classifiers": _is_str_list,
        "word_figures": _records(
            {
                "surface": _is_str,
                "kind": _one_of("percent", "multiple"),
                "value": _is_decimal_str,
                "qualifier": QUALIFIERS,
                "precision": _is_decimal_str,
            },
            key="surface",
            optional=("qualifier", "precision"),
        ),
        "fragments": _mapping_of(_is_pattern),
    },
    "qualifiers": {
        "prefix": _mapping_of(QUALIFIERS),
        "infix": _mapping_of(QUALIFIERS),
        "suffix": _mapping_of(QUALIFIERS),
        "range_separators": _is_str_list,
        "prefix_cancelled_after": _mapping_of(_is_str_list),
        "prefix_gaps": _is_str_list,
        "bound_pair_links": _is_str_list,
    },
    "units": {
        "money": _records({"surface": _is_str, "code": _is_str}, key="surface"),
        "count": _is_str_list,
        "quantity": _records({"surface": _is_str, "canonical": _is_str, "factor": _is_decimal_str}, key="surface"),
        "multiple": _is_str_list,
        "percent": _records(
            {"surface": _is_str, "factor": _is_decimal_str, "two_digit_factor": _is_decimal_str},
            key="surface",
            optional=("two_digit_factor",),
        ),
        "percentage_point": _records({"surface": _is_str, "factor": _is_decimal_str}, key="surface"),
        "currency_signs": _records({"surface": _is_str, "code": _is_str}, key="surface"),
        "not_followed_by": _mapping_of(_is_pattern),
        "subunits": _mapping_of(_mapping_of(_is_decimal_str)),
    },
    "vetoes": {
        "vetoes": _records(
            {"name": _is_str, "pattern": _is_pattern, "example": _is_str, "scope": _one_of("figures", "all")},
            key="name",
            optional=("scope",),
        ),
    },
    "dates": {
        "relative_years": _mapping_of(_is_int),
        "halves": _mapping_of(_one_of("H1", "H2")),
        "quarters": _mapping_of(_is_int),
        "month_parts": _mapping_of(_one_of("start", "mid", "end")),
        "as_of_markers": _is_str_list,
        "as_of_closers": _is_str_list,
        "year_parts": _mapping_of(_one_of("start", "mid", "end")),
        "month_halves": _mapping_of(_is_int),
        "year_pattern": _is_pattern,
        "short_year_pattern": _is_pattern,
        "relative_days": _mapping_of(_is_int),
        "relative_months": _mapping_of(_is_int),
        "relative_weeks": _mapping_of(_is_int),
        "week_words": _is_str_list,
        "weekdays": _mapping_of(_is_int),
        "relative_centuries": _mapping_of(_is_int),
        "date_vetoes": _is_str_list,
        "range_frames": _records(
            {"connector": _is_pattern, "suffix": _is_pattern}, key="connector", optional=("suffix",)
        ),
        "day_hao_not_before": _is_pattern,
        "day_only_not_after": _is_pattern,
        "day_only_not_before": _is_pattern,
        "old_year_pattern": _is_pattern,
        "since_words": _is_str_list,
        "since_openers": _is_str_list,
        "year_start_since": _is_str_list,
        "bare_year_parts": _mapping_of(_one_of("start", "mid", "end")),
        "five_year_plans": _mapping_of(_is_int),
        "plan_period_words": _is_str_list,
        "as_of_now": _is_str_list,
        "basis_words": _is_str_list,
        "same_period_words": _is_str_list,
        "comparison_shifts": _mapping_of(_one_of("year", "previous", "year_end", "year_start")),
    },
    "metadata": dict.fromkeys(
        ("source", "source_inline", "dateline", "reporter", "correspondent", "editors", "link_list", "furniture"),
        _is_pattern,
    ),
    "attribution": {
        "change_verbs": _mapping_of(_one_of("increase", "decrease")),
        "change_labels": _mapping_of(_one_of("increase", "decrease")),
        "comparison_bases": _is_str_list,
        "part_markers": _is_str_list,
        "distributive_markers": _is_str_list,
        "breakdown_lead": _is_pattern,
        "named_lead": _is_pattern,
        "breakdown_marker": _is_pattern,
        "breakdown_near_miss": _is_decimal_str,
        "distributive_excess": _is_decimal_str,
        "partitions": _records(
            {"name": _is_str, "members": _is_str_list, "complete": _is_bool}, key="name", optional=("complete",)
        ),
        "rest_words": _is_str_list,
        "proportion_lead": _is_pattern,
        "non_additive_words": _is_str_list,
        "partial_list_words": _is_str_list,
        "comparison_pattern": _is_pattern,
        "comparison_directions": _mapping_of(_one_of("increase", "decrease")),
        "comparison_gap": _is_int,
        "comparison_near_miss": _is_decimal_str,
        "comparison_collective_words": _is_str_list,
        "share_total_near_miss": _is_decimal_str,
        "share_name_near_miss": _is_decimal_str,
        "increment_words": _is_str_list,
        "balance_words": _is_str_list,
        "combined_words": _is_str_list,
        "repeat_near_miss": _is_decimal_str,
        "totality_markers": _is_str_list,
        "metric_synonyms": _mapping_of(_is_str),
        "whole_strip_prefix": _is_str_list,
        "whole_strip_suffix": _is_str_list,
        "whole_all_words": _is_str_list,
        "counterpart_wholes": _mapping_of(_is_str),
        "scope_levels": _mapping_of(_is_str),
        "rank_pattern": _is_pattern,
        "trailing_total": _is_pattern,
        "target_markers": _is_str_list,
        "label_strip_suffix": _is_str_list,
        "label_strip_prefix": _is_str_list,
        "label_boundaries": _is_pattern,
        "share_patterns": _is_str_list,
        "rates": _records({"name": _is_str, "numerator": _is_str_list, "denominator": _is_str_list}, key="name"),
        "date_metrics": _mapping_of(_is_str),
        "plan_words": _is_str_list,
        "comparison_patterns": _is_str_list,
        "comparison_words": _mapping_of(_one_of("higher", "lower")),
        "comparison_base": _is_pattern,
        "list_markers": _is_str_list,
        "list_run_separators": _is_str_list,
        "list_item_separators": _is_str_list,
        "list_last_connectors": _is_str_list,
        "list_clause_boundaries": _is_pattern,
        "multiple_of_base": _is_pattern,
        "multiple_after": _is_pattern,
        "parenthetical_breakdown": _is_pattern,
    },
    "scope": {
        "collective": _is_pattern,
        "place_suffixes": _is_str_list,
        "place_tags": _is_str_list,
        "not_places": _is_str_list,
        "organisation_suffixes": _is_str_list,
        "name_tags": _is_str_list,
        "max_name_words": _is_int,
        "anaphors": _is_str_list,
        "comparison_words": _is_str_list,
        "list_separators": _is_str_list,
    },
    "noise": {
        "pinyin": _is_char_table,
        "gloss_rate": _is_decimal_str,
        "mojibake_starts": _is_str_list,
        "sources": _is_str_list,
        "reporters": _is_str_list,
        "editors": _is_str_list,
        "places": _is_str_list,
        "seo_tail_length": _is_int,
        "furniture": _is_str_list,
    },
}


#: Named groups the code reads from a pattern: a pattern without them is a rules error.
REQUIRED_GROUPS: dict[tuple[str, str], frozenset[str]] = {
    ("metadata", "source"): frozenset({"source"}),
    ("attribution", "proportion_lead"): frozenset({"name"}),
    ("metadata", "source_inline"): frozenset({"source"}),
    ("metadata", "dateline"): frozenset({"year", "month", "day", "hour", "minute"}),
    ("metadata", "reporter"): frozenset({"names", "correspondents"}),
    ("metadata", "correspondent"): frozenset({"names"}),
    ("metadata", "editors"): frozenset({"names"}),
    ("attribution", "comparison_base"): frozenset({"base"}),
    ("attribution", "multiple_of_base"): frozenset({"base"}),
}


@dataclass(frozen=True, eq=False)  # hashed by identity: one loaded rule set, many caches
class Rules:
    """All rule files of one rules directory, validated; patterns compile on demand, once."""

    directory: Path
    data: Mapping[str, Mapping[str, Any]]
    fragments: Mapping[str, str]

    def table(self, file: str, key: str) -> Any:
        """The raw validated value of ``key`` in ``file`` (a list or mapping)."""
        return self.data[file][key]

    def expand(self, pattern: str) -> str:
        """Replace ``{NAME}`` fragment references, recursively (once per pattern: stages expand
        their patterns for every figure, and the same string object then hits
        :func:`compile_pattern`'s cache by its stored hash)."""
        return _expanded(self, pattern)

    def pattern(self, file: str, key: str) -> regex.Pattern[str]:
        """The compiled pattern stored under ``key`` in ``file`` (expanded once)."""
        return _stored_pattern(self, file, key)


@cache
def _expanded(rules: Rules, pattern: str) -> str:
    return expand_fragments(pattern, rules.fragments)


@cache
def _stored_pattern(rules: Rules, file: str, key: str) -> regex.Pattern[str]:
    return compile_pattern(rules.expand(rules.data[file][key]))


@cache
def compile_pattern(pattern: str, flags: int = regex.MULTILINE) -> regex.Pattern[str]:
    """Compile once; every pattern in the project goes through here."""
    return regex.compile(pattern, flags | regex.VERSION1)


def expand_fragments(pattern: str, fragments: Mapping[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise RulesError(f"fragment references nest too deeply in {pattern!r}")

    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise RulesError(f"unknown fragment {{{name}}} in {pattern!r}")
        return "(?:" + expand_fragments(fragments[name], fragments, depth + 1) + ")"

    return _FRAGMENT_REF.sub(substitute, pattern)


def validate_rules(data: Mapping[str, Mapping[str, Any]]) -> None:
    """Check every file against :data:`SCHEMA`; raise :class:`RulesError` on the first fault."""
    for file, schema in SCHEMA.items():
        content = data.get(file)
        if content is None:
            raise RulesError(f"{file}.yaml is missing")
        _known_keys(f"{file}.yaml", content, schema)
        for key, validator in schema.items():
            if key not in content:
                raise RulesError(f"{file}.yaml: missing key {key!r}")
            validator(f"{file}.yaml:{key}", content[key])


def _compile_all(rules: Rules) -> None:
    """Compile every pattern so that a broken one fails at load time, not mid-batch."""
    for file, schema in SCHEMA.items():
        for key, validator in schema.items():
            if validator is _is_pattern:
                _compile_checked(rules, f"{file}.yaml:{key}", rules.data[file][key])
    for unit, pattern in rules.table("units", "not_followed_by").items():
        _compile_checked(rules, f"units.yaml:not_followed_by.{unit}", pattern)
    for name, fragment in rules.fragments.items():
        _compile_checked(rules, f"numbers.yaml:fragments.{name}", fragment)
    for index, veto in enumerate(rules.table("vetoes", "vetoes")):
        _compile_checked(rules, f"vetoes.yaml:vetoes[{index}]", veto["pattern"])
    for index, frame in enumerate(rules.table("dates", "range_frames")):
        _compile_checked(rules, f"dates.yaml:range_frames[{index}]", frame["connector"])
        _compile_checked(rules, f"dates.yaml:range_frames[{index}].suffix", frame.get("suffix", ""))
    for index, pattern in enumerate(rules.table("attribution", "share_patterns")):
        _compile_checked(rules, f"attribution.yaml:share_patterns[{index}]", pattern, frozenset({"whole"}))
    for index, pattern in enumerate(rules.table("attribution", "comparison_patterns")):
        where = f"attribution.yaml:comparison_patterns[{index}]"
        _compile_checked(rules, where, pattern, frozenset({"base", "word"}))
    for (file, key), groups in REQUIRED_GROUPS.items():
        _compile_checked(rules, f"{file}.yaml:{key}", rules.data[file][key], groups)


def _compile_checked(rules: Rules, where: str, pattern: str, groups: frozenset[str] = frozenset()) -> None:
    try:
        compiled = compile_pattern(rules.expand(pattern))
    except regex.error as exc:
        raise RulesError(f"{where}: {exc}") from exc
    missing = groups - set(compiled.groupindex)
    if missing:
        raise RulesError(f"{where}: the pattern lacks the named group(s) {', '.join(sorted(missing))}")


def load_rules(directory: Path | str | None = None) -> Rules:
    """Load and validate the rules in ``directory`` (default: :func:`default_rules_dir`)."""
    return _load_rules_cached(Path(directory) if directory else default_rules_dir())


@cache
def _load_rules_cached(directory: Path) -> Rules:
    if not directory.is_dir():
        raise RulesError(f"rules directory {directory} does not exist")
    data = {name: read_rule_file(directory / f"{name}.yaml") for name in RULE_FILES}
    validate_rules(data)
    rules = Rules(directory=directory, data=data, fragments=data["numbers"]["fragments"])
    _compile_all(rules)
    return rules
