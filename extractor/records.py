"""Typed records passed between the pipeline stages.

raw input -> :class:`SourceDocument` -> decode -> clean (:class:`CleanText`) -> metadata
(:class:`ArticleMeta`) -> candidates (:class:`Candidate`) -> normalize (:class:`Figure`) ->
attribute (:class:`Figure` with metric/role) -> check (:class:`Check`) -> :class:`Article`.

All records are frozen. Numbers are :class:`decimal.Decimal`; absence is ``None``.
Offsets are end-exclusive character offsets; a record says which text they index.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .frozen import fast_init

if TYPE_CHECKING:
    from .tables import Frames

FigureKind = Literal["count", "money", "percent", "percentage_point", "quantity", "multiple", "date", "period"]
Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "start", "mid", "end"]
CheckKind = Literal["sum", "ratio", "growth", "difference", "repeat"]
CheckStatus = Literal["consistent", "inconsistent", "unverifiable"]
Role = Literal["value", "total", "part", "change", "share", "rate", "target", "threshold", "date"]
Direction = Literal["increase", "decrease"]


@fast_init
@dataclass(frozen=True, slots=True)
class Notice:
    """A warning or error message attached to a document; offsets index the raw input."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One input document as read, before decoding. Exactly one of ``text``/``data`` is set,
    unless ``error`` says why neither could be read."""

    id: str
    text: str | None = None
    data: bytes | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    error: Notice | None = None
    encoding: str | None = None  # the encoding ``text`` was decoded from, when a reader decoded it
    media_type: Literal["text", "html"] = "text"  # html: the main text is extracted before the stages


@fast_init
@dataclass(frozen=True, slots=True)
class DecodedDocument:
    """A document whose text is known; ``text`` is the input as given to every offset."""

    id: str
    text: str
    published: str | None
    title: str | None
    url: str | None
    encoding: str
    warnings: tuple[Notice, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Fix:
    """One fixer applied during cleaning and how many spans it changed."""

    name: str
    count: int


@fast_init
@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Metadata read from the text and the input record.

    ``excluded`` lists clean-text spans (header, byline, editors, link lists) that yield no
    figures; ``title_span`` is the clean-text span of a title line inside the text, if any.
    """

    title: str | None
    published: str | None
    source: str | None
    authors: tuple[str, ...]
    correspondents: tuple[str, ...]
    editors: tuple[str, ...]
    excluded: tuple[tuple[int, int], ...]
    title_span: tuple[int, int] | None


@fast_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """A span of clean text that a pattern recognised as a possible figure.

    ``parts`` holds the named pieces the pattern found (numeral, scale, unit, qualifier words).
    """

    start: int
    end: int
    pattern: str
    parts: tuple[tuple[str, str], ...]

    def part(self, name: str) -> str | None:
        for key, value in self.parts:
            if key == name:
                return value
        return None


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A normalized figure before attribution; offsets index the clean text."""

    start: int
    end: int
    kind: FigureKind
    value: Decimal | str | None
    high: Decimal | None
    unit: str | None
    qualifier: Qualifier
    stated_decimals: int | None
    canonical_value: Decimal | None = None
    canonical_unit: str | None = None
    date_role: str | None = None
    precision: Decimal | None = None  # the value of one unit in the last written digit
    bounds: str | None = None  # a range's ends: "[]" both included, "()" neither, "[)", "(]"


@fast_init
@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as reported: offsets and ``text`` index the raw input."""

    id: str
    kind: FigureKind
    value: Decimal | str | None
    high: Decimal | None
    unit: str | None
    qualifier: Qualifier
    start: int
    end: int
    text: str
    metric: str | None
    role: Role = "value"
    parent: str | None = None
    direction: Direction | None = None
    basis: str | None = None
    stated_decimals: int | None = None
    canonical_value: Decimal | None = None
    canonical_unit: str | None = None
    zone: Literal["title", "body"] = "body"
    sentence: int = 0
    precision: Decimal | None = None
    bounds: str | None = None
    period: str | None = None  # the time the figure refers to (extractor/timeframe.py)
    basis_period: str | None = None  # for a change: the time it is compared with
    scope: str | None = None  # the place or entity the figure is about (全市, 大庆智陶瓷业有限公司)
    sentence_start: int | None = None  # the figure's sentence, as raw-input offsets
    sentence_end: int | None = None
    rank: int | None = None  # 居全省第4位: its position ...
    rank_among: str | None = None  # ... and the field ranked in (全省)


@fast_init
@dataclass(frozen=True, slots=True)
class Check:
    """A recomputation of one stated figure from others."""

    id: str
    kind: CheckKind
    status: CheckStatus
    figures: tuple[str, ...]
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    stated: Decimal
    computed: Decimal | None
    tolerance: Decimal
    explanation: str
    explanation_zh: str
    start: int | None = None  # the sentence(s) of the figures checked, in the input as given
    end: int | None = None
    context: str | None = None  # that text


@fast_init
@dataclass(frozen=True, slots=True)
class Article:
    """The result for one document."""

    id: str
    meta: ArticleMeta
    figures: tuple[Figure, ...] = ()
    checks: tuple[Check, ...] = ()
    warnings: tuple[Notice, ...] = ()
    error: Notice | None = None
    fixes: tuple[Fix, ...] = ()
    encoding: str | None = None
    url: str | None = None
    text: str | None = None  # the text every offset indexes (decoded, HTML main text extracted)

    def to_frames(self) -> Frames:
        """This article as the ``documents``, ``figures``, ``checks``, ``errors`` and ``warnings`` tables."""
        from .tables import to_frames

        return to_frames([self])
