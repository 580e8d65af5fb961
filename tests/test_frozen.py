"""extractor.frozen.fast_init must build the same records as the dataclass ``__init__`` it replaces."""

from __future__ import annotations

import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
from decimal import Decimal

import pytest

from extractor.frozen import fast_init
from extractor.pipeline import extract
from extractor.records import Article, Check, Figure


def _sample_class(faster: bool) -> type:
    @dataclass(frozen=True, slots=True)
    class Sample:
        name: str
        value: Decimal | None
        role: str = "value"
        parent: int | None = None

    return fast_init(Sample) if faster else Sample


def test_fast_init_keeps_the_signature_the_values_and_the_freezing() -> None:
    plain, fast = _sample_class(False), _sample_class(True)
    assert inspect.signature(fast) == inspect.signature(plain)
    for args, kwargs in [
        (("a", Decimal("1.5")), {}),
        (("b", None, "share"), {"parent": 3}),
        ((), {"name": "c", "value": None}),
    ]:
        built, expected = fast(*args, **kwargs), plain(*args, **kwargs)
        assert [getattr(built, f.name) for f in fields(fast)] == [getattr(expected, f.name) for f in fields(plain)]
    built = fast("a", None)
    with pytest.raises(FrozenInstanceError):
        built.name = "b"  # type: ignore[misc]
    assert replace(built, role="rate").role == "rate"
    assert hash(built) == hash(fast("a", None))
    with pytest.raises(TypeError):
        fast("a")


def test_fast_init_refuses_what_it_cannot_build() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclass(slots=True)
    class NotFrozen:
        x: int

    @dataclass(frozen=True, slots=True)
    class Factory:
        x: list[int] = field(default_factory=list)

    for kind in (NoSlots, NotFrozen, Factory):
        with pytest.raises(TypeError):
            fast_init(kind)


def test_records_built_by_the_pipeline_survive_the_pipes_of_the_workers() -> None:
    """Workers send records as their class and fields (extractor.parallel): rebuilt by fast_init."""
    from multiprocessing.reduction import ForkingPickler

    import extractor.parallel  # noqa: F401 (registers the records with ForkingPickler)

    text = "全市共有重点项目387个，其中新建项目210个，续建项目177个，总投资1528.2亿元。"
    article = extract(text, "2021-05-28")
    assert len(article.figures) == 4
    assert article.checks
    rebuilt = pickle.loads(ForkingPickler.dumps(article))
    assert rebuilt == article
    assert type(rebuilt.figures[0]) is Figure
    assert type(rebuilt.checks[0]) is Check
    assert type(rebuilt) is Article
