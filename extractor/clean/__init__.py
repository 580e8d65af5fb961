"""Cleaning: raw text -> clean text for analysis, with an offset map back to the raw input."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Code, message
from ..records import Fix, Notice
from ..rules import Rules, load_rules
from .fixers import DEFAULT_FIXERS, Fixer
from .mojibake import find_mojibake
from .offsets import Edit, OffsetMap

__all__ = ["CleanText", "Edit", "OffsetMap", "clean"]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text every later stage reads, and how to get back to the raw input."""

    raw: str
    text: str
    offsets: OffsetMap
    fixes: tuple[Fix, ...]
    warnings: tuple[Notice, ...] = ()  # offsets index the raw input

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_raw(start, end)


def clean(raw: str, rules: Rules | None = None, fixers: tuple[Fixer, ...] = DEFAULT_FIXERS) -> CleanText:
    """Run ``fixers`` in order; record which ones changed something.

    >>> c = clean("設(shè)1528.2億元")
    >>> c.text, c.raw[slice(*c.raw_span(1, 9))]
    ('设1528.2亿元', '1528.2億元')
    """
    rules = rules or load_rules()
    text, offsets = raw, OffsetMap.identity(len(raw))
    applied: list[Fix] = []
    for fixer in fixers:
        edits = fixer(text, rules)
        if edits:
            text, offsets = offsets.then(edits, text)
            applied.append(Fix(fixer.__name__, len(edits)))
    return CleanText(raw, text, offsets, tuple(applied), _mojibake_warnings(raw, text, offsets, rules))


def _mojibake_warnings(raw: str, text: str, offsets: OffsetMap, rules: Rules) -> tuple[Notice, ...]:
    """W500 for each span that still looks mis-decoded, with its raw offsets."""
    notices = []
    for start, end in find_mojibake(text, rules):
        raw_start, raw_end = offsets.to_raw(start, end)
        notices.append(
            Notice(Code.W_MOJIBAKE.value, message(Code.W_MOJIBAKE, raw[raw_start:raw_end]), raw_start, raw_end)
        )
    return tuple(notices)
