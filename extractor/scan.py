"""Scanning a text for a big pattern only where one of its matches can begin.

A long alternation (the date grammar) costs the regex engine about the same at every position
of a text, and most positions cannot begin a match. :func:`find_matches`
yields exactly what ``pattern.finditer(text)`` yields — the leftmost match, then the next one
from its end — but tries the pattern only at the characters a match can begin with. (Measure
before using it: the number grammar, whose alternatives begin alike, is scanned faster by
``finditer`` itself.)

Those characters are read off the pattern itself (:func:`start_class`), so a rule or grammar
change needs no second list to keep in step: the pattern is parsed with the standard library's
regular-expression parser, its possible first characters collected, and the scan falls back to
``finditer`` wherever that is not certain (a pattern that can begin with any character, match
the empty string, ignore case, or use syntax the standard parser reads differently).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

import regex

from .rules import compile_pattern

try:  # private, but stable since Python 3.11; without it every scan is a plain finditer
    _PARSER: Any = importlib.import_module("re._parser")
    _OP: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover
    _PARSER = _OP = None

_NAMED_GROUP = regex.compile(r"\(\?P<\w+>")  # the standard parser rejects a name used twice
_GROUP_REFERENCE = regex.compile(r"\(\?P=\w+\)")  # what it refers to may begin with anything
_PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}")  # \p{Han}: unknown to the standard parser
_FUZZY = regex.compile(r"\{[^{}\d]*[eisd]")  # (?:abc){e<=1}: a literal to the standard parser


@dataclass(frozen=True, slots=True)
class PartReader:
    """Reads the named groups ``names`` of a pattern's matches, in that order."""

    names: tuple[str, ...]
    pick: Callable[[tuple[str | None, ...]], tuple[str | None, ...]]  # their values from groups()


def part_reader(pattern: regex.Pattern[str], names: tuple[str, ...]) -> PartReader:
    """A reader of ``names`` (a name used twice in the pattern has one group).

    >>> reader = part_reader(regex.compile(r"(?P<a>x)|(?P<b>y)(?P<a>z)"), ("b", "a"))
    >>> reader.pick(("x", None))
    (None, 'x')
    """
    indexes = [pattern.groupindex[name] - 1 for name in names]
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda groups: tuple(groups[i] for i in indexes)
    return PartReader(names, pick)


def named_parts(match: regex.Match[str], reader: PartReader) -> tuple[tuple[str, str], ...]:
    """The named groups of ``match`` that took part, in the reader's order (one ``groups()``
    call: ``groupdict()`` costs several times more).

    >>> grammar = regex.compile(r"(?P<num>\\d+)(?P<unit>元)?(?P<scale>万)?")
    >>> named_parts(grammar.match("5万"), part_reader(grammar, ("num", "scale", "unit")))
    (('num', '5'), ('scale', '万'))
    """
    values = reader.pick(match.groups())
    return tuple([(name, value) for name, value in zip(reader.names, values, strict=True) if value is not None])


class _UncertainStartError(Exception):
    """The first characters of a pattern cannot be told for certain."""


def find_matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)``, tried only where a match can begin.

    >>> grammar = regex.compile(r"(?<!\\d)\\d+年|今年")
    >>> [m.group() for m in find_matches(grammar, "今年和2021年，12月")]
    ['今年', '2021年']
    """
    starts = start_class(pattern)
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for start in starts.finditer(text):
        position = start.start()
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is not None:
            end = match.end()
            yield match


@cache
def start_class(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """One character class of every character a match of ``pattern`` can begin with, or
    ``None`` where that is not certain. A character that may begin a match only where a
    one-character lookbehind lets it (``(?<![\\d.])2``) is a start only where that lookbehind
    holds: the digits inside 2021 begin no year.

    >>> start_class(regex.compile(r"(?<![\\d.])(?:19|20)\\d\\d年|[上下]半年|第?[一二]季度")).pattern
    '[一上下二第]|(?<![\\\\.\\\\d])[12]'
    >>> start_class(regex.compile(r"\\s*年")) is None  # \\s: not read; the empty string: not allowed
    True
    """
    if _PARSER is None or pattern.flags & regex.IGNORECASE:
        return None
    try:
        parsed = _parse(pattern.pattern)
        items, nullable = _first_items(parsed)
    except _UncertainStartError:
        return None
    if nullable:
        return None
    if (pattern.flags & regex.ASCII) or (parsed.state.flags & _OP.SRE_FLAG_ASCII):
        items = {(op, value, _NO_GUARD) for op, value, _ in items}  # \\d in a guard would read otherwise
    return compile_pattern(_start_alternation(items, _rare_checks(pattern, items)))


_Guard = frozenset[str]  # one-character lookbehinds (as regex source) a match's start must pass
_Item = tuple[Any, Any, _Guard]  # a first-character item and its guard
_NO_GUARD: _Guard = frozenset()


def _start_alternation(items: set[_Item], checks: dict[str, str]) -> str:
    """``[unguarded]|(?<![guard])[chars]|…``, in a stable order; a guard in ``checks`` is
    followed by its lookahead."""
    by_guard: dict[str, set[str]] = {}
    for op, value, guard in items:
        by_guard.setdefault(_key(guard), set()).add(_class_item(op, value))
    free = by_guard.pop("", set())
    alternatives = ["[" + "".join(sorted(free)) + "]"] if free else []
    for key in sorted(by_guard):
        if chars := by_guard[key] - free:
            char_class = "[" + "".join(sorted(chars)) + "]"
            check = f"(?={char_class}){checks[key]}" if key in checks else ""  # the character first: cheap
            alternatives.append(key + check + char_class)
    return "|".join(alternatives)


def _key(guard: _Guard) -> str:
    return "".join(sorted(guard))


_RARE = 4  # a guard is rare if at most a quarter of the top-level alternatives begin under it


def _rare_checks(pattern: regex.Pattern[str], items: set[_Item]) -> dict[str, str]:
    """For a guard under which only a few of the pattern's top-level alternatives can begin
    (the century of 21世纪, whose digit may follow a point), a lookahead of those alternatives:
    where none of them matches, the position is no start (and the pattern, with all its
    groups, is not tried there). Empty where the alternatives cannot be told for certain, or
    the pattern was not compiled as the project compiles.

    >>> grammar = compile_pattern(r"(?<![\\d.])\\d+年|(?<![\\d.])\\d+月|(?<!\\d)\\d\\d世纪|今年|去年")
    >>> start_class(grammar).pattern
    '[今去]|(?<![\\\\.\\\\d])[\\\\d]|(?<![\\\\d])(?=[\\\\d])(?=(?<!\\\\d)\\\\d\\\\d世纪)[\\\\d]'
    """
    alternatives = top_level_alternatives(pattern.pattern)
    if alternatives is None or pattern.flags != compile_pattern(pattern.pattern).flags:
        return {}
    found: set[_Item] = set()
    under: dict[str, list[str]] = {}
    for alternative in alternatives:
        try:
            first, _ = _first_items(_parse(alternative))
        except _UncertainStartError:
            return {}
        found |= first
        for key in sorted({_key(guard) for _, _, guard in first if guard}):
            under.setdefault(key, []).append(alternative)
    if found != items:  # the alternatives must tell the same starts as the whole pattern
        return {}
    return {
        key: "(?=" + "|".join(chosen) + ")" for key, chosen in under.items() if len(chosen) * _RARE <= len(alternatives)
    }


# numbered references and calls, comments, conditionals, branch resets, inline flags, quoting,
# and sets that begin with a ]
_UNSPLITTABLE = regex.compile(r"\\[1-9Q]|\(\?[#(|]|\(\?[a-zA-Z0-9]*+\)|\(\?[a-zA-Z]*+-|\[\^?\]")


def top_level_alternatives(source: str) -> list[str] | None:
    """The top-level alternatives of a pattern's source, or ``None`` where a construct could
    make the split uncertain.

    >>> top_level_alternatives(r"(?<![\\d.])\\d+年|[|)]月|(?:上|下)半年")
    ['(?<![\\\\d.])\\\\d+年', '[|)]月', '(?:上|下)半年']
    >>> top_level_alternatives(r"[a[|]]|b") is None  # a nested set
    True
    """
    if _UNSPLITTABLE.search(source):
        return None
    pieces: list[str] = []
    depth, begin, index, in_set = 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_set and char == "[":
            return None
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            pieces.append(source[begin:index])
            begin = index + 1
        index += 1
    pieces.append(source[begin:])
    return pieces if depth == 0 and not in_set else None


def _parse(source: str) -> Any:
    if _FUZZY.search(source):
        raise _UncertainStartError("fuzzy matching")
    source = _GROUP_REFERENCE.sub("(?:.)", _NAMED_GROUP.sub("(?:", source))
    source = _PROPERTY.sub(r"\\W", source)  # read as a category this module does not accept
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "possible nested set": the regex module reads it otherwise
        try:
            parsed = _PARSER.parse(source)
        except (Warning, _PARSER.error) as exc:
            raise _UncertainStartError(str(exc)) from exc
    if parsed.state.flags & _OP.SRE_FLAG_IGNORECASE:
        raise _UncertainStartError("case ignored")
    return parsed


def _first_items(items: Any, guard: _Guard = _NO_GUARD) -> tuple[set[_Item], bool]:
    """The first-character items of a parsed sequence, and whether it can match nothing."""
    found: set[_Item] = set()
    for op, value in items:
        if op in (_OP.ASSERT, _OP.ASSERT_NOT) and value[0] == -1:  # a lookbehind guards what follows
            guard = guard | _lookbehind(op is _OP.ASSERT_NOT, value[1])
            continue
        first, nullable = _first_of(op, value, guard)
        found |= first
        if not nullable:
            return found, False
    return found, True


def _first_of(op: Any, value: Any, guard: _Guard) -> tuple[set[_Item], bool]:
    if op is _OP.LITERAL:
        return {(op, value, guard)}, False
    if op is _OP.IN:
        return {(*_set_item(kind, item), guard) for kind, item in value}, False
    if op is _OP.BRANCH:
        branches = [_first_items(branch, guard) for branch in value[1]]
        return set().union(*(first for first, _ in branches)), any(nullable for _, nullable in branches)
    if op is _OP.SUBPATTERN:
        if value[1] or value[2]:  # flags switched on or off inside the group
            raise _UncertainStartError("scoped flags")
        return _first_items(value[3], guard)
    if op is _OP.ATOMIC_GROUP:
        return _first_items(value, guard)
    if op in (_OP.MAX_REPEAT, _OP.MIN_REPEAT, _OP.POSSESSIVE_REPEAT):
        first, nullable = _first_items(value[2], guard)
        return first, nullable or value[0] == 0
    if op in (_OP.AT, _OP.ASSERT, _OP.ASSERT_NOT):
        return set(), True  # zero width: what follows begins the match
    raise _UncertainStartError(f"a match can begin with {op}")


def _lookbehind(negative: bool, items: Any) -> _Guard:
    """A lookbehind of one character or class (``(?<![\\d.])``, ``(?<=从)``) as a guard;
    none for any other lookbehind (which the scan then leaves to the pattern itself)."""
    if len(items) != 1:
        return _NO_GUARD
    op, value = items[0]
    try:
        if op is _OP.LITERAL:
            chars = {_class_item(op, value)}
        elif op is _OP.IN:
            chars = {_class_item(*_set_item(kind, item)) for kind, item in value}
        else:
            return _NO_GUARD
    except _UncertainStartError:
        return _NO_GUARD
    return frozenset({("(?<![" if negative else "(?<=[") + "".join(sorted(chars)) + "])"})


def _set_item(kind: Any, item: Any) -> tuple[Any, Any]:
    if kind is _OP.LITERAL or kind is _OP.RANGE or (kind is _OP.CATEGORY and item is _OP.CATEGORY_DIGIT):
        return kind, item
    raise _UncertainStartError(f"a set with {kind} {item}")


def _class_item(op: Any, value: Any) -> str:
    if op is _OP.RANGE:
        return regex.escape(chr(value[0])) + "-" + regex.escape(chr(value[1]))
    if op is _OP.CATEGORY:
        return r"\d"  # the regex module's \d: what the pattern itself matches with
    return regex.escape(chr(value))
