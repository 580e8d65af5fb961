"""The structure the checks found, written back into the figures of the output.

The attribution places parts by their words (其中, 分别为); the checks find more (a breakdown after
分项看 that adds up, the numerator a share or rate is computed from). A verified whole replaces
the parent the attribution guessed; a figure with another role (a change, a share) keeps it.

Each stage reads and gives a :class:`Placement` per figure, in figure order: the figures of the
output are built once, from the last ones (not copied for every change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .attribute import Attributed
from .breakdowns import Breakdown
from .proportions import Proportion
from .ranks import Rank
from .records import Check, Role

_PLACEABLE = ("value", "part")


class Placement(NamedTuple):
    """What the structure decides of a figure: its role, its whole (an index into the figures),
    its metric, and its rank (居全省第4位: the position and the field ranked in)."""

    role: Role
    parent: int | None
    metric: str | None
    rank: int | None = None
    rank_among: str | None = None


def placements(attributed: Sequence[Attributed]) -> list[Placement]:
    """Each figure as the attribution placed it."""
    return [Placement(item.role, item.parent, item.metric) for item in attributed]


def with_breakdown_parts(placed: Sequence[Placement], breakdowns: Sequence[Breakdown]) -> list[Placement]:
    """A breakdown's parts name its whole, which becomes a total (unless it is a part itself).
    A breakdown that adds up within its near miss beats the attribution's parent (其中…4月份…，
    1-4月累计…: each part to the whole of its own period); one that does not only places figures
    nothing placed yet."""
    done = list(placed)
    for breakdown in breakdowns:
        whole = done[breakdown.whole]
        placeable = _PLACEABLE if breakdown.adds_up else ("value",)
        for part in breakdown.parts:
            if done[part].role in placeable:
                done[part] = done[part]._replace(role="part", parent=breakdown.whole)
        if whole.role == "value":
            done[breakdown.whole] = whole._replace(role="total")
    return done


def with_share_parts(
    placed: Sequence[Placement], checks: Sequence[Check], index_of: Mapping[str, int]
) -> list[Placement]:
    """The numerator of a share or rate is a part of its denominator, which becomes a total (567个项目中已开复工541个，
    开复工率95.4%: 541 is a part of 567) when nothing placed it yet — not of a plan or target
    (完成投资94.5亿元 against 年度计划投资577.5亿元 is progress, not a part). ``index_of``: the
    index of each figure id the checks name."""
    done = list(placed)
    for check in checks:
        roles = dict(check.roles)
        if check.kind != "ratio":
            continue
        numerator, denominator = index_of[roles["numerator"][0]], index_of[roles["denominator"][0]]
        if done[numerator].role == "value" and done[denominator].role != "target":
            done[numerator] = done[numerator]._replace(role="part", parent=denominator)
            if done[denominator].role == "value":
                done[denominator] = done[denominator]._replace(role="total")
    return done


def with_proportion_terms(placed: Sequence[Placement], proportions: Sequence[Proportion]) -> list[Placement]:
    """Each term of a ratio list is the share of its part (三次产业之比为7.7:57.5:34.8: 7.7 is
    第一产业增加值占比), named after the part."""
    done = list(placed)
    for proportion in proportions:
        for term, part in zip(proportion.terms, proportion.parts, strict=True):
            metric = f"{done[part].metric}占比" if done[part].metric else done[term].metric
            done[term] = done[term]._replace(role="share", metric=metric)
    return done


def with_ranks(placed: Sequence[Placement], ranks: Sequence[Rank]) -> list[Placement]:
    """Each ranked figure with its position and the field it ranks in (居全省第4位)."""
    done = list(placed)
    for rank in ranks:
        done[rank.figure] = done[rank.figure]._replace(rank=rank.position, rank_among=rank.among or None)
    return done
