"""Comparisons with a base: "增速比全国高2.8个百分点", "高于全省9.0%的平均水平0.2个百分点".

Two labels come from such a phrase: the difference is named by what is compared, 高于/低于 and
the base (地区生产总值增速高于全国); a figure written inside the phrase is the base's value of
the compared metric (全省地区生产总值增速, 去年同期开复工率). Patterns are in attribution.yaml.
"""

from __future__ import annotations

from .labels import strip_label
from .rules import Rules, compile_pattern

_DIRECTION_WORDS = {"higher": "高于", "lower": "低于"}


def is_comparison(label: str, rules: Rules) -> bool:
    """Whether ``label`` ends in a comparison with a base ("比全省高", "高于全区9.3%的平均增速")."""
    patterns = rules.table("attribution", "comparison_patterns")
    return any(compile_pattern(rules.expand(pattern)).search(label) for pattern in patterns)


def comparison_metric(label: str, compared: str | None, rules: Rules) -> str | None:
    """The metric of a difference from a base, or None when ``label`` is no comparison.

    >>> from extractor.rules import load_rules
    >>> comparison_metric("增速比全国高", "地区生产总值增速", load_rules())
    '地区生产总值增速高于全国'
    >>> comparison_metric("高于全区9.3%的平均增速", "外贸进出口增速", load_rules())
    '外贸进出口增速高于全区'
    """
    for pattern in rules.table("attribution", "comparison_patterns"):
        match = compile_pattern(rules.expand(pattern)).search(label)
        if match is None:
            continue
        what = strip_label(label[: match.start()], rules)
        if compared and (not what or compared.endswith(what)):
            what = compared
        direction = rules.table("attribution", "comparison_words")[match["word"]]
        return f"{what}{_DIRECTION_WORDS[direction]}{match['base']}" if what else None
    return None


def base_metric(label: str, compared: str | None, rules: Rules) -> str | None:
    """The metric of a figure that is the base of a comparison ("比去年同期的52.3%").

    >>> from extractor.rules import load_rules
    >>> base_metric("比去年同期的", "开复工率", load_rules())
    '去年同期开复工率'
    """
    if not compared:
        return None
    match = rules.pattern("attribution", "comparison_base").search(label)
    return None if match is None else match["base"] + compared
