"""Qualifier words written before a number (约, 近, 超过, 不低于 …), from qualifiers.yaml."""

from __future__ import annotations

from functools import cache

from .records import Qualifier
from .rules import Rules

_LOOKBACK = 8  # the longest prefix word (大于或者等于) and a linking character after it
_SPACES = frozenset(" \t\u3000")  # may stand inside or after a prefix word; a line break may not


@cache
def _prefix_words(rules: Rules) -> dict[str, tuple[tuple[str, Qualifier], ...]]:
    """The prefix words by their last character, longest first: text is compared only with
    the words that can end where it ends."""
    words = sorted(rules.data["qualifiers"]["prefix"].items(), key=lambda item: -len(item[0]))
    buckets: dict[str, list[tuple[str, Qualifier]]] = {}
    for word, qualifier in words:
        buckets.setdefault(word[-1], []).append((word, qualifier))
    return {char: tuple(group) for char, group in buckets.items()}


def prefix_qualifier(text: str, start: int, rules: Rules) -> Qualifier | None:
    """The qualifier of a word right before ``start`` (约, 近, 超过 …), if any — not when the
    word is the end of another one (节约, 最近). A linking character may stand between the word
    and the number (超过了80, 至少有10个).

    >>> from extractor.rules import load_rules
    >>> rules = load_rules()
    >>> [prefix_qualifier(t, len(t), rules) for t in ("投资约", "节约", "超过了", "不低于", "小于 或 等于 ")]
    ['approx', None, 'more_than', 'at_least', 'at_most']
    """
    found = _prefix_match(text, start, rules)
    return None if found is None else found[1]


def prefix_qualifier_start(text: str, start: int, rules: Rules) -> int | None:
    """Where the qualifier word before ``start`` begins, if there is one."""
    found = _prefix_match(text, start, rules)
    return None if found is None else found[0]


@cache
def _possible_last_chars(rules: Rules) -> frozenset[str]:
    """The characters a prefix word can end with, and the linking ones that may follow it:
    before any other character, no prefix word stands."""
    return frozenset((*_prefix_words(rules), *rules.data["qualifiers"]["prefix_gaps"]))


def _prefix_match(text: str, start: int, rules: Rules) -> tuple[int, Qualifier] | None:
    possible = _possible_last_chars(rules)
    if start and (before := text[start - 1]) not in _SPACES and before not in possible:
        return None  # the common case, told by the one character before
    if _last_char_before(text, start) not in possible:
        return None
    table = rules.data["qualifiers"]
    positions = _positions_before(text, start)
    before = "".join(text[i] for i in positions)
    stripped = before[:-1] if before[-1:] in table["prefix_gaps"] else before
    for word, qualifier in _prefix_words(rules).get(stripped[-1:], ()):
        if stripped.endswith(word):
            preceding = stripped[: -len(word)][-1:]
            if preceding and preceding in table["prefix_cancelled_after"].get(word, ()):
                return None
            return positions[len(stripped) - len(word)], qualifier
    return None


def _last_char_before(text: str, start: int) -> str:
    """The last character before ``start`` that :func:`_positions_before` reads, or ``""``."""
    index = start - 1
    while index >= 0 and start - index <= 2 * _LOOKBACK:
        if text[index] not in _SPACES:
            return text[index]
        index -= 1
    return ""


def _positions_before(text: str, start: int) -> list[int]:
    """Offsets of the last ``_LOOKBACK`` characters before ``start``, spaces and tabs skipped
    (小于 或 等于100, < = 100), in text order."""
    positions: list[int] = []
    index = start - 1
    while index >= 0 and len(positions) < _LOOKBACK and start - index <= 2 * _LOOKBACK:
        if text[index] not in _SPACES:
            positions.append(index)
        index -= 1
    return positions[::-1]
