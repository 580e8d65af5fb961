"""The relations between attributed figures that the checks recompute: breakdowns, comparisons in
points, title figures restated in the body and ratio lists, found once, in one record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .attribute import Attributed
from .breakdowns import Breakdown, find_breakdowns
from .comparisons import Comparison, find_comparisons
from .proportions import Proportion, find_proportions
from .repeats import Repeat, find_repeats
from .rules import Rules
from .sentences import Sentences


@dataclass(frozen=True, slots=True)
class Relations:
    """What the structure stage found (indices into the attributed figures), and each figure's
    scope, which the checks read to tell one place's figures from another's."""

    breakdowns: tuple[Breakdown, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    repeats: tuple[Repeat, ...] = ()
    proportions: tuple[Proportion, ...] = ()
    scopes: tuple[str | None, ...] = ()


def find_relations(
    text: str,
    figures: Sequence[Attributed],
    sentences: Sentences,
    scopes: Sequence[str | None],
    title_end: int | None,
    rules: Rules,
) -> Relations:
    breakdowns = find_breakdowns(text, figures, sentences, rules)
    return Relations(
        breakdowns=tuple(breakdowns),
        comparisons=tuple(find_comparisons(text, figures, rules, scopes)),
        repeats=tuple(find_repeats(figures, title_end, rules)),
        proportions=tuple(find_proportions(text, figures, breakdowns, rules)),
        scopes=tuple(scopes),
    )
