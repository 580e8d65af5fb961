"""The structure the checks found, written back into the figures of the output.

The attribution places parts by their words (其中, 分别为); the checks find more (a breakdown after
分项看 that adds up, the numerator a share or rate is computed from). A verified whole replaces
the parent the attribution guessed; a figure with another role (a change, a share) keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .breakdowns import Breakdown
from .proportions import Proportion
from .ranks import Rank
from .records import Check, Figure

_PLACEABLE = ("value", "part")


def with_breakdown_parts(figures: Sequence[Figure], breakdowns: Sequence[Breakdown]) -> tuple[Figure, ...]:
    """A breakdown's parts name its whole, which becomes a total (unless it is a part itself).
    A breakdown that adds up within its near miss beats the attribution's parent (其中…4月份…，
    1-4月累计…: each part to the whole of its own period); one that does not only places figures
    nothing placed yet."""
    done = list(figures)
    for breakdown in breakdowns:
        whole = done[breakdown.whole]
        placeable = _PLACEABLE if breakdown.adds_up else ("value",)
        for part in breakdown.parts:
            if done[part].role in placeable:
                done[part] = replace(done[part], role="part", parent=whole.id)
        if whole.role == "value":
            done[breakdown.whole] = replace(whole, role="total")
    return tuple(done)


def with_share_parts(figures: Sequence[Figure], checks: Sequence[Check]) -> tuple[Figure, ...]:
    """The numerator of a share or rate is a part of its denominator, which becomes a total (567个项目中已开复工541个，
    开复工率95.4%: 541 is a part of 567) when nothing placed it yet — not of a plan or target
    (完成投资94.5亿元 against 年度计划投资577.5亿元 is progress, not a part)."""
    done = list(figures)
    index_of = {figure.id: index for index, figure in enumerate(done)}
    for check in checks:
        roles = dict(check.roles)
        if check.kind != "ratio":
            continue
        numerator, denominator = index_of[roles["numerator"][0]], index_of[roles["denominator"][0]]
        if done[numerator].role == "value" and done[denominator].role != "target":
            done[numerator] = replace(done[numerator], role="part", parent=done[denominator].id)
            if done[denominator].role == "value":
                done[denominator] = replace(done[denominator], role="total")
    return tuple(done)


def with_proportion_terms(figures: Sequence[Figure], proportions: Sequence[Proportion]) -> tuple[Figure, ...]:
    """Each term of a ratio list is the share of its part (三次产业之比为7.7:57.5:34.8: 7.7 is
    第一产业增加值占比), named after the part."""
    done = list(figures)
    for proportion in proportions:
        for term, part in zip(proportion.terms, proportion.parts, strict=True):
            metric = f"{done[part].metric}占比" if done[part].metric else done[term].metric
            done[term] = replace(done[term], role="share", metric=metric)
    return tuple(done)


def with_ranks(figures: Sequence[Figure], ranks: Sequence[Rank]) -> tuple[Figure, ...]:
    """Each ranked figure with its position and the field it ranks in (居全省第4位)."""
    done = list(figures)
    for rank in ranks:
        done[rank.figure] = replace(done[rank.figure], rank=rank.position, rank_among=rank.among or None)
    return tuple(done)
