"""benchmarks/instructions.py, without valgrind: each measured child runs its stage over the gold
articles, and the regex engine's share is read off a ``cg_annotate`` listing as documented."""

from __future__ import annotations

import doctest

import pytest

from .conftest import SHARED, load_benchmark, need_shared

instructions = load_benchmark("instructions")


def test_docstrings() -> None:
    assert doctest.testmod(instructions).failed == 0


LISTING = """
--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
1,608,459,612 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                    file:function
--------------------------------------------------------------------------------
312,267,471 (19.41%)  /tmp/python-build/Python-3.11.7/Python/ceval.c:_PyEval_EvalFrameDefault
112,566,380 ( 7.00%)  /project/src/_regex.c:basic_match
 98,337,218 ( 6.11%)  /project/src/_regex.c:matches_member
  5,773,140 ( 0.36%)  /project/src/_regex_unicode.c:re_get_general_category
"""

SHARES = [
    # (listing, marker, share) — the listing: valgrind 3.19's cg_annotate of a cg_diff, cut short
    (LISTING, "_regex", (112_566_380 + 98_337_218 + 5_773_140) / 1_608_459_612),
    (LISTING, "ceval.c", 312_267_471 / 1_608_459_612),
    (LISTING, "no such file", 0.0),
    ("no totals in this text\n  12 (1.0%)  _regex.c:f", "_regex", None),  # not a listing: no share
]


@pytest.mark.parametrize(("listing", "marker", "share"), SHARES)
def test_share_in_a_listing(listing: str, marker: str, share: float | None) -> None:
    assert instructions.share_in(listing, marker) == share


@pytest.mark.parametrize("mode", ["clean", "figures", "pipeline", "jieba"])
def test_each_child_runs_its_stage(mode: str) -> None:
    need_shared(SHARED / "devset")
    instructions.child(mode, 0)  # the warm-up round only: what valgrind measures, not measured
