"""The pipeline: decode -> clean -> metadata -> candidates -> normalize -> attribute -> check.

:func:`process` never raises for a bad document: it returns an :class:`Article` whose
``error`` says what went wrong, so a batch never loses a document.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from .attribute import Attributed, attribute
from .candidates import find_number_candidates
from .checks import find_checks
from .clean import CleanText, clean
from .dates import find_date_candidates, normalize_date
from .decode import DecodeError, decode, refuse_too_large
from .errors import Code, message
from .html import main_text
from .metadata import read_metadata
from .normalize import normalize_numbers
from .ranks import find_ranks
from .records import Article, ArticleMeta, Check, DecodedDocument, Figure, Notice, Quantity, SourceDocument
from .relations import find_relations
from .rules import Rules, load_rules
from .scope import FigureScope, figure_scopes
from .sentences import Sentences, split_sentences
from .spans import SpanIndex
from .structure import (
    Placement,
    placements,
    with_breakdown_parts,
    with_proportion_terms,
    with_ranks,
    with_share_parts,
)
from .timeframe import FigureTime, figure_times, find_time_marks

log = logging.getLogger(__name__)

EMPTY_META = ArticleMeta(None, None, None, (), (), (), (), None)


def extract(
    text: str, published: str | None = None, title: str | None = None, *, id: str = "doc", rules: Rules | None = None
) -> Article:
    """Extract and check the figures of one article given as text."""
    return process(SourceDocument(id=id, text=text, published=published, title=title), rules)


def process(source: SourceDocument, rules: Rules | None = None, *, default_published: str | None = None) -> Article:
    """One document through every stage; errors become the article's ``error``.

    ``default_published`` is the publication date for a document that neither carries one nor
    has a dateline in its text; it never overrides either. Broken rules raise
    :class:`~extractor.errors.RulesError`: they would fail every document alike.
    """
    rules = rules or load_rules()
    try:
        document = decode(source, max_document_chars(rules))
    except DecodeError as exc:
        return Article(id=source.id, meta=replace(EMPTY_META, title=source.title), error=exc.notice, url=source.url)
    try:
        if source.media_type == "html":
            document = main_text(document, rules)
        return analyse(document, rules, default_published)
    except Exception as exc:  # a bug must not stop a batch: report it on the document
        log.exception("document %s failed", source.id)
        notice = Notice(Code.E_INTERNAL.value, message(Code.E_INTERNAL, f"{type(exc).__name__}: {exc}"))
        return Article(id=source.id, meta=EMPTY_META, error=notice, encoding=document.encoding, url=source.url)


def process_many(
    sources: Iterable[SourceDocument], rules: Rules | None = None, *, default_published: str | None = None
) -> Iterator[Article]:
    """Process documents in input order, one out for each one in."""
    rules = rules or load_rules()
    for source in sources:
        yield process(source, rules, default_published=default_published)


def analyse(document: DecodedDocument, rules: Rules, default_published: str | None = None) -> Article:
    """The stages after decoding, on a document with text (of at most the size limit: the
    main text of an HTML page is checked again)."""
    try:
        refuse_too_large(len(document.text), max_document_chars(rules))
    except DecodeError as exc:
        return _refused(document, exc.notice)
    if not document.text.strip():
        return _refused(document, Notice(Code.E_EMPTY.value, message(Code.E_EMPTY)))
    cleaned = clean(document.text, rules)
    meta = read_metadata(cleaned.text, rules, title=document.title, published=document.published)
    if meta.published is None and default_published:
        meta = replace(meta, published=default_published)
    published, date_warnings = _publication_date(meta.published)
    quantities, notices = _quantities(cleaned.text, meta, published, rules)
    sentences = split_sentences(cleaned.text)
    attributed = attribute(cleaned.text, quantities, sentences, rules)
    marks = find_time_marks(cleaned.text, quantities, published, rules)
    times = figure_times(cleaned.text, attributed, sentences, marks, rules)
    starts = [item.quantity.start for item in attributed]
    wheres = figure_scopes(starts, cleaned, sentences, meta.excluded, rules)
    title_end = meta.title_span[1] if meta.title_span else None
    relations = find_relations(cleaned.text, attributed, sentences, [w.scope for w in wheres], title_end, rules)
    placed = with_breakdown_parts(placements(attributed), relations.breakdowns)
    placed = with_proportion_terms(placed, relations.proportions)
    position = {figure_id(index): index for index in range(len(attributed))}
    checks = tuple(
        _with_context(check, [attributed[position[i]] for i in check.figures], sentences, cleaned)
        for check in find_checks(attributed, figure_id, rules, relations)
    )
    placed = with_share_parts(placed, checks, position)
    placed = with_ranks(placed, find_ranks(cleaned.text, attributed, sentences, rules))
    figures = tuple(
        _figure(index, item, cleaned, meta, time, where, place)
        for index, (item, time, where, place) in enumerate(zip(attributed, times, wheres, placed, strict=True))
    )
    warnings = (*document.warnings, *cleaned.warnings, *date_warnings, *(_to_raw(n, cleaned) for n in notices))
    return Article(
        id=document.id,
        meta=meta,
        figures=figures,
        checks=checks,
        warnings=warnings,
        fixes=cleaned.fixes,
        encoding=document.encoding,
        url=document.url,
        text=document.text,
    )


def max_document_chars(rules: Rules) -> int:
    """The size limit of a document, in characters (``cleaning.yaml: max_document_chars``)."""
    limit: int = rules.table("cleaning", "max_document_chars")
    return limit


def _refused(document: DecodedDocument, notice: Notice) -> Article:
    return Article(id=document.id, meta=EMPTY_META, error=notice, encoding=document.encoding, url=document.url)


def figure_id(index: int) -> str:
    return f"f{index + 1}"


def _quantities(
    text: str, meta: ArticleMeta, published: date | None, rules: Rules
) -> tuple[list[Quantity], list[Notice]]:
    excluded = list(meta.excluded)
    furniture = SpanIndex(excluded)
    dates = [c for c in find_date_candidates(text, rules) if not furniture.overlaps(c.start, c.end)]
    date_spans = [(c.start, c.end) for c in dates]
    numbers = find_number_candidates(text, rules, blocked=[*excluded, *date_spans])
    quantities, notices = normalize_numbers(text, numbers, rules)
    quantities += [normalize_date(candidate, published, rules) for candidate in dates]
    notices += [_unresolved(q) for q in quantities if q.kind in ("date", "period") and q.value is None]
    return sorted(quantities, key=lambda q: (q.start, q.end)), notices


def _unresolved(quantity: Quantity) -> Notice:
    return Notice(Code.W_NO_PUBLISHED.value, message(Code.W_NO_PUBLISHED), quantity.start, quantity.end)


def _publication_date(published: str | None) -> tuple[date | None, tuple[Notice, ...]]:
    if not published:
        return None, ()
    try:
        return date.fromisoformat(published[:10]), ()
    except ValueError:
        return None, (Notice(Code.W_BAD_PUBLISHED.value, message(Code.W_BAD_PUBLISHED, published)),)


def _figure(
    index: int,
    item: Attributed,
    cleaned: CleanText,
    meta: ArticleMeta,
    time: FigureTime,
    where: FigureScope,
    place: Placement,
) -> Figure:
    quantity = item.quantity
    start, end = cleaned.raw_span(quantity.start, quantity.end)
    in_title = meta.title_span is not None and quantity.start < meta.title_span[1]
    return Figure(
        id=figure_id(index),
        kind=quantity.kind,
        value=quantity.value,
        high=quantity.high,
        unit=quantity.unit,
        qualifier=quantity.qualifier,
        start=start,
        end=end,
        text=cleaned.raw[start:end],
        metric=place.metric,
        role=place.role,
        parent=figure_id(place.parent) if place.parent is not None else None,
        direction=item.direction,
        basis=item.basis,
        stated_decimals=quantity.stated_decimals,
        canonical_value=quantity.canonical_value,
        canonical_unit=quantity.canonical_unit,
        zone="title" if in_title else "body",
        sentence=item.sentence,
        precision=quantity.precision,
        bounds=quantity.bounds,
        period=time.period,
        basis_period=time.basis_period,
        scope=where.scope,
        sentence_start=where.sentence_start,
        sentence_end=where.sentence_end,
        rank=place.rank,
        rank_among=place.rank_among,
    )


def _with_context(check: Check, involved: list[Attributed], sentences: Sentences, cleaned: CleanText) -> Check:
    """The check with the sentence(s) of its figures, as offsets into the input and as text."""
    spans = [sentences.span_of(item.quantity.start) for item in involved]
    start, end = cleaned.raw_span(min(s for s, _ in spans), max(e for _, e in spans))
    text = cleaned.raw[start:end]
    start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
    return replace(check, start=start, end=end, context=cleaned.raw[start:end])


def _to_raw(notice: Notice, cleaned: CleanText) -> Notice:
    if notice.start is None or notice.end is None:
        return notice
    start, end = cleaned.raw_span(notice.start, notice.end)
    return replace(notice, start=start, end=end)
