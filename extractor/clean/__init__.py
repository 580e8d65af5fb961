"""Cleaning: raw text -> clean text for analysis, with an offset map back to the raw input."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Fix
from ..rules import Rules, load_rules
from .fixers import DEFAULT_FIXERS, Fixer
from .offsets import Edit, OffsetMap

__all__ = ["CleanText", "Edit", "OffsetMap", "clean"]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text every later stage reads, and how to get back to the raw input."""

    raw: str
    text: str
    offsets: OffsetMap
    fixes: tuple[Fix, ...]

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
    return CleanText(raw, text, offsets, tuple(applied))
