"""Metric labels: the words around a number that say what it measures.

Pure string functions over clean text, driven by attribution.yaml; the attribution stage
decides which of them to use for a figure.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .rules import Rules
from .tagging import phrase_tags

# Phrases whose tags are kept: labels repeat across articles, but a batch of millions must not grow.
PHRASE_CACHE_SIZE = 1 << 16
_NOMINAL_TAGS = ("n", "vn", "b", "nz", "ng", "j", "l")
_LEADING_TAGS = ("n", "b", "nz", "ng", "j", "l", "a")  # a noun phrase after a count: no verbs
_MIN_NOUN = 2
_MAX_RIGHT = 10
_HAN = regex.compile(r"\p{Han}")


Bucketed = dict[str, tuple[str, ...]]


@cache
def _strip_words(rules: Rules) -> tuple[Bucketed, Bucketed]:
    """Prefixes by their first character and suffixes by their last, longest first in each
    bucket: a label is compared only with the words that can match it."""
    table = rules.data["attribution"]
    return _bucket(table["label_strip_prefix"], 0), _bucket(table["label_strip_suffix"], -1)


def _bucket(words: list[str], index: int) -> Bucketed:
    buckets: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        buckets.setdefault(word[index], []).append(word)
    return {char: tuple(group) for char, group in buckets.items()}


def strip_label(label: str, rules: Rules) -> str:
    """Drop linking words from both ends of a label.

    >>> from extractor.rules import load_rules
    >>> strip_label("其中已完成投资达到", load_rules())
    '完成投资'
    """
    prefixes, suffixes = _strip_words(rules)
    changed = True
    while changed and label:
        changed = False
        for word in prefixes.get(label[:1], ()):
            if label.startswith(word) and len(label) > len(word):
                label, changed = label[len(word) :], True
                break
        for word in suffixes.get(label[-1:], ()):
            if label.endswith(word):
                label, changed = label[: -len(word)], True
                break
    return label


def clause_start(text: str, start: int, floor: int, rules: Rules) -> int:
    """The offset after the last clause boundary before ``start`` (not before ``floor``).

    >>> from extractor.rules import load_rules
    >>> clause_start("总投资，新建项目210个", 10, 0, load_rules())
    4
    """
    return clause_bounds(text, rules).start_before(start, floor)


@dataclass(frozen=True, slots=True)
class ClauseBounds:
    """The offsets just after each clause boundary of a text, found in one pass, so that
    looking a clause start up costs a bisection, not a walk back (linear, never quadratic)."""

    after: tuple[int, ...]

    def start_before(self, start: int, floor: int) -> int:
        index = bisect_right(self.after, start) - 1
        return max(floor, self.after[index]) if index >= 0 else floor


@lru_cache(maxsize=4)
def clause_bounds(text: str, rules: Rules) -> ClauseBounds:
    boundaries = rules.pattern("attribution", "label_boundaries")
    return ClauseBounds(tuple(match.start() + 1 for match in boundaries.finditer(text)))


def right_noun_phrase(text: str, end: int, rules: Rules) -> str:
    """The noun phrase right after a count ("300多名施工人员" -> 施工人员), or ''."""
    boundaries = rules.pattern("attribution", "label_boundaries")
    stop = end
    while stop < len(text) and stop - end < _MAX_RIGHT and not boundaries.match(text, stop):
        stop += 1
    phrase = leading_nominal(text[end:stop])
    return phrase if len(phrase) >= _MIN_NOUN else ""


def leading_nominal(phrase: str) -> str:
    """The run of nominal words at the start of ``phrase`` (jieba POS tags).

    >>> leading_nominal("重点项目开复工")
    '重点项目'
    """
    if not phrase or not _HAN.match(phrase):
        return ""
    tags = _pos_tags(phrase)
    words: list[str] = []
    for position, (word, tag) in enumerate(tags):
        modifier = position == 0 and tag == "v" and len(word) <= 2 and _is_noun_next(tags)  # 在建项目
        if not modifier and (not tag.startswith(_LEADING_TAGS) or tag.startswith("vn")):
            break
        words.append(word)
    return "".join(words)


def _is_noun_next(tags: tuple[tuple[str, str], ...]) -> bool:
    return len(tags) > 1 and tags[1][1].startswith("n")


def trailing_nominal(phrase: str) -> str:
    """The run of nominal words at the end of ``phrase``.

    >>> trailing_nominal("安装球磨机")
    '球磨机'
    """
    words: list[str] = []
    for word, tag in reversed(_pos_tags(phrase)):
        if not tag.startswith(_NOMINAL_TAGS):
            break
        words.append(word)
    return "".join(reversed(words))


def pos_tags(phrase: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and POS tags for ``phrase`` (cached).

    >>> pos_tags("出口增势")
    (('出口', 'vn'), ('增势', 'n'))
    """
    return _pos_tags(phrase)


@lru_cache(maxsize=PHRASE_CACHE_SIZE)  # bounded: a batch of millions of documents keeps its memory
def _pos_tags(phrase: str) -> tuple[tuple[str, str], ...]:
    return tuple(phrase_tags(phrase))


def names_balance(words: str, rules: Rules) -> bool:
    """Whether words name a balance, the difference of two flows (贸易顺差, 逆差, 差额:
    ``balance_words``): no whole of parts, and no part of a list."""
    return any(word in words for word in rules.table("attribution", "balance_words"))
