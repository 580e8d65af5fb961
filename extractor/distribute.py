"""Distributive lists: figures named one by one by a list of members.

"对中国台湾地区、中国香港地区和日本分别进出口369.5亿、252.6亿、193.6亿元，分别增长42.3%、1.2倍和11.8%":
the first run takes the members' names (对中国台湾地区进出口 …); the second run has no names of its
own and follows the first (对中国台湾地区进出口增速 …). Match (:func:`find_runs`), then annotate
(:func:`distribute`). The words are in attribution.yaml (``list_*``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .comparison import comparison_metric, is_comparison
from .labels import leading_nominal, pos_tags, strip_label
from .rules import Rules

if TYPE_CHECKING:
    from .attribute import Attributed

_SHORT_MEMBER = 2  # 新建、续建项目: members this short share the noun the last one carries
NameChange = Callable[["Attributed", str], str | None]


def find_runs(text: str, done: Sequence[Attributed], rules: Rules) -> list[list[int]]:
    """Runs of two or more non-date figures of one sentence joined only by list separators."""
    separators = set(rules.table("attribution", "list_run_separators"))
    runs: list[list[int]] = []
    current: list[int] = []
    for index, item in enumerate(done):
        previous = done[current[-1]] if current else None
        joined = (
            previous is not None
            and item.role != "date"
            and previous.sentence == item.sentence
            and text[previous.quantity.end : item.quantity.start] in separators
        )
        if joined:
            current.append(index)
            continue
        if len(current) > 1:
            runs.append(current)
        current = [] if item.role == "date" else [index]
    if len(current) > 1:
        runs.append(current)
    return runs


def distribute(
    text: str, done: list[Attributed], sentence_starts: Sequence[int], rules: Rules, name_change: NameChange
) -> list[Attributed]:
    """Name the figures of each distributive run after its members, or after the run before it."""
    result = list(done)
    previous_run: list[int] = []
    runs = find_runs(text, done, rules)
    listed = {index for run in runs for index in run}
    for run in runs:
        marker = _marker(text, run, result, sentence_starts, rules)
        if marker is None:
            continue
        members = _members(text, marker, run, result, sentence_starts, rules)
        follows = previous_run if _same_sentence(result, previous_run, run) else []
        if members is not None:
            _name_after_members(text, marker, run, result, members, rules, name_change)
        elif len(follows) == len(run):
            _name_after_run(text, run, follows, result, sentence_starts, rules, name_change)
        _unlink_parts_of_members(run, result, listed)
        previous_run = run
    return result


def _same_sentence(done: Sequence[Attributed], a: list[int], b: list[int]) -> bool:
    return bool(a) and bool(b) and done[a[0]].sentence == done[b[0]].sentence


def _segment_start(run: list[int], done: Sequence[Attributed], sentence_starts: Sequence[int]) -> int:
    first = done[run[0]]
    start = sentence_starts[first.sentence]
    if run[0] > 0 and done[run[0] - 1].sentence == first.sentence:
        start = max(start, done[run[0] - 1].quantity.end)
    return start


def _marker(
    text: str, run: list[int], done: Sequence[Attributed], sentence_starts: Sequence[int], rules: Rules
) -> tuple[int, int] | None:
    """The span of the last list marker before the run (after the previous figure), if any."""
    start = _segment_start(run, done, sentence_starts)
    segment = text[start : done[run[0]].quantity.start]
    found = [(segment.rfind(m), m) for m in rules.table("attribution", "list_markers") if m in segment]
    if not found:
        return None
    position, word = max(found)
    return start + position, start + position + len(word)


def _members(
    text: str,
    marker: tuple[int, int],
    run: list[int],
    done: Sequence[Attributed],
    sentence_starts: Sequence[int],
    rules: Rules,
) -> list[str] | None:
    """The names of the run's members, from the last clause before the marker, if it lists them all."""
    start = _segment_start(run, done, sentence_starts)
    for clause in reversed(rules.pattern("attribution", "list_clause_boundaries").split(text[start : marker[0]])):
        items = _split_items(clause, rules)
        if len(items) > 1:
            return items if len(items) == len(run) and all(items) else None
    return None


def _split_items(clause: str, rules: Rules) -> list[str]:
    items = [clause]
    for separator in rules.table("attribution", "list_item_separators"):
        items = [piece for item in items for piece in item.split(separator)]
    last = items[-1]
    connectors = [(last.find(c), c) for c in rules.table("attribution", "list_last_connectors") if c in last]
    if connectors:
        position, word = min(connectors, key=lambda pair: (pair[0], -len(pair[1])))
        items[-1:] = [last[:position], last[position + len(word) :]]
    return [item.strip() for item in items]


def _name_after_members(
    text: str,
    marker: tuple[int, int],
    run: list[int],
    done: list[Attributed],
    members: list[str],
    rules: Rules,
    name_change: NameChange,
) -> None:
    last, noun = _last_member(members, rules)
    names = [*members[:-1], last]
    first = done[run[0]]
    tail = strip_label(text[marker[1] : first.quantity.start], rules)
    noun = noun or ("" if first.role == "change" else tail)
    for index, name in zip(run, names, strict=True):
        item = _as_first(done[index], first)
        label = strip_label(name + noun, rules)
        metric = name_change(item, label) if item.role == "change" else label
        done[index] = replace(item, metric=metric or item.metric)


def _last_member(members: list[str], rules: Rules) -> tuple[str, str]:
    """Split the last list item into its member and the noun all members share:
    医药材及药品的进口额 -> (医药材及药品, 进口额); 续建项目 after 新建 -> (续建, 项目);
    香港出口增势强劲 -> (香港, 出口)."""
    last, _, noun = members[-1].partition("的")
    if noun:
        return last, noun
    lengths = {len(member) for member in members[:-1]}
    if len(lengths) == 1 and (size := lengths.pop()) <= _SHORT_MEMBER < len(last):
        return last[:size], last[size:]
    member = leading_nominal(last) or last
    rest = pos_tags(last[len(member) :]) if len(member) < len(last) else ()
    shared = rest[0][0] if rest and rest[0][1].startswith(("n", "vn")) else ""
    return member, shared


def _name_after_run(
    text: str,
    run: list[int],
    follows: list[int],
    done: list[Attributed],
    sentence_starts: Sequence[int],
    rules: Rules,
    name_change: NameChange,
) -> None:
    first = done[run[0]]
    segment = text[_segment_start(run, done, sentence_starts) : first.quantity.start]
    label = rules.pattern("attribution", "list_clause_boundaries").split(segment)[-1]
    for index, followed in zip(run, follows, strict=True):
        item = _as_first(done[index], first)
        compared = done[followed].metric or ""
        if item.role == "change":
            metric = name_change(item, compared)
        elif is_comparison(label, rules):
            metric = comparison_metric(label, compared, rules)
        else:
            continue
        done[index] = replace(item, metric=metric or item.metric)


def _as_first(item: Attributed, first: Attributed) -> Attributed:
    """A change run shares its first figure's role: 分别增长42.3%、1.2倍和11.8% are all changes."""
    if first.role == "change" and item.role in ("value", "part", "total"):
        return replace(item, role="change", parent=None, direction=first.direction, basis=first.basis)
    return item


def _unlink_parts_of_members(run: list[int], done: list[Attributed], listed: set[int]) -> None:
    """A figure of a list is no part of a figure of another sentence's list (193.6亿元, the last of
    one list, is no total of the next sentence's 29.8亿、16.2亿、12.9亿元)."""
    for index in run:
        item = done[index]
        parent = item.parent
        across = parent is not None and parent in listed and done[parent].sentence != item.sentence
        if item.role == "part" and across:
            done[index] = replace(item, role="value", parent=None)
