"""A faster ``__init__`` for the frozen, slotted dataclasses built for every figure.

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` (its own
``__setattr__`` refuses), which costs about as much per field as the rest of building the
record: a :class:`~extractor.records.Figure` of 28 fields took ~7 µs. :func:`fast_init` gives the
class an ``__init__`` of the same signature that sets each field through its slot's descriptor
(half the time), so every record — built by a stage, by :func:`dataclasses.replace`, or
rebuilt from a worker's pipe — is built faster, and stays as frozen as before.

>>> from dataclasses import dataclass, replace
>>> @fast_init
... @dataclass(frozen=True, slots=True)
... class Point:
...     x: int
...     y: int = 0
>>> point = Point(1)
>>> point, replace(point, y=2)
(Point(x=1, y=0), Point(x=1, y=2))
>>> point.x = 3
Traceback (most recent call last):
dataclasses.FrozenInstanceError: cannot assign to field 'x'
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def fast_init(cls: T) -> T:
    """Replace the ``__init__`` of a frozen, slotted dataclass (fields with plain defaults only;
    a ``__post_init__`` is still called)."""
    params = _params(cls)
    lines = [f"    _set_{item.name}(self, {item.name})" for item in fields(cls)]
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    namespace: dict[str, Any] = {f"_set_{item.name}": getattr(cls, item.name).__set__ for item in fields(cls)}
    namespace |= {f"_default_{item.name}": item.default for item in fields(cls) if item.default is not MISSING}
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines) + "\n", namespace)
    init = namespace["__init__"]
    init.__qualname__, init.__module__ = f"{cls.__qualname__}.__init__", cls.__module__
    init.__annotations__ = dict(getattr(cls, "__init__").__annotations__)  # noqa: B009 (the same signature, types and all)
    setattr(cls, "__init__", init)  # noqa: B010 (mypy refuses an assignment to __init__)
    return cls


def _params(cls: type) -> list[str]:
    if not getattr(cls, "__dataclass_params__", None) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: fast_init is for frozen dataclasses")
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: fast_init sets fields through their slots")
    params = []
    for item in fields(cls):
        if not item.init or item.kw_only or item.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: fast_init takes plain positional fields only")
        params.append(item.name if item.default is MISSING else f"{item.name}=_default_{item.name}")
    return params
