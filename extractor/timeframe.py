"""The time of every figure: the period or as-of date it refers to, and for a change the
period it is compared with.

Two steps, match then annotate. :func:`find_time_marks` collects the time expressions of a
clean text: the date and period figures, and phrases that give time without being figures
(今年以来, "十四五"期间, 年底, 截至目前, 去年同期, 同期). :func:`figure_times` gives each
non-date figure the last time mark before it in its sentence, else the lead mark of its
paragraph (截至5月20日，全市…), and for a change the basis: a basis mark of its sentence
(2017年同期), else its own period moved as its comparison word says (同比 → a year earlier,
环比 → the unit before).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal, NamedTuple

import regex

from .attribute import Attributed
from .isodates import first_day, previous, shift_years
from .records import Quantity
from .rules import Rules, compile_pattern
from .sentences import Sentences
from .spans import SpanIndex

MarkRole = Literal["time", "basis", "same"]
_BASIS_BEFORE = regex.compile(r"(?:比|较|与|同|是)$")


@dataclass(frozen=True, slots=True)
class TimeMark:
    """A time expression of the clean text; ``value`` is ``None`` when it is relative to a
    time not yet known (去年同期: a year before the figure's own period)."""

    start: int
    end: int
    value: str | None
    role: MarkRole


class FigureTime(NamedTuple):  # one per figure: a tuple is cheaper to build than a frozen dataclass
    period: str | None
    basis_period: str | None


def _words(words: object) -> str:
    items = sorted(map(str, words), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(regex.escape(item) for item in items)


@cache
def _phrase_pattern(rules: Rules) -> regex.Pattern[str]:
    dates = rules.data["dates"]
    return compile_pattern(
        rf"(?P<since>{_words(dates['year_start_since'])})"
        rf"|[\"“‘]?(?P<plan>{_words(dates['five_year_plans'])})[\"”’]?(?:{_words(dates['plan_period_words'])})"
        rf"|(?P<now>{_words(dates['as_of_now'])})"
        rf"|(?P<basis>{_words(dates['basis_words'])})"
        rf"|(?<![年月比较与])(?P<same>{_words(dates['same_period_words'])})"
        rf"|(?<![年上去本今明前当同])(?P<part>{_words(dates['bare_year_parts'])})"
    )


def find_time_marks(text: str, quantities: Sequence[Quantity], published: date | None, rules: Rules) -> list[TimeMark]:
    """Every time expression of ``text``, in reading order."""
    marks = [_date_mark(text, q, published, rules) for q in quantities if q.kind in ("date", "period")]
    taken = SpanIndex((m.start, m.end) for m in marks)
    for match in _phrase_pattern(rules).finditer(text):
        if not taken.overlaps(match.start(), match.end()):
            marks.append(_phrase_mark(match, published, rules))
    return sorted(marks, key=lambda m: (m.start, m.end))


def _date_mark(text: str, quantity: Quantity, published: date | None, rules: Rules) -> TimeMark:
    value = quantity.value if isinstance(quantity.value, str) else None
    end = quantity.end
    since = next((w for w in rules.table("dates", "since_words") if text.startswith(w, end)), None)
    if since is not None or _opens_since_clause(text, quantity, rules):
        start_day = first_day(value) if value else None
        value = f"{start_day.isoformat()}/{published.isoformat()}" if start_day and published else None
        end += len(since or "")
    is_basis = _BASIS_BEFORE.search(text[max(0, quantity.start - 1) : quantity.start]) is not None
    is_basis = is_basis or any(text.startswith(w, end) for w in rules.table("dates", "same_period_words"))
    return TimeMark(quantity.start, end, value, "basis" if is_basis else "time")


_CLAUSE_END = regex.compile(r"[，,。；;！？!?\n]")


def _opens_since_clause(text: str, quantity: Quantity, rules: Rules) -> bool:
    """自4月21日…以来: an opener right before the date and a since word ending its clause."""
    if not any(text.startswith(w, quantity.start - len(w)) for w in rules.table("dates", "since_openers")):
        return False
    clause_end = _CLAUSE_END.search(text, quantity.end)
    clause = text[quantity.end : clause_end.start() if clause_end else len(text)]
    return any(clause.endswith(w) for w in rules.table("dates", "since_words"))


def _phrase_mark(match: regex.Match[str], published: date | None, rules: Rules) -> TimeMark:
    start, end = match.span()
    if match["basis"]:
        return TimeMark(start, end, None, "basis")
    if match["same"]:
        return TimeMark(start, end, None, "same")
    if match["plan"]:
        first = int(rules.table("dates", "five_year_plans")[match["plan"]])
        return TimeMark(start, end, f"{first}/{first + 4}", "time")
    if published is None:
        return TimeMark(start, end, None, "time")
    if match["since"]:
        return TimeMark(start, end, f"{published.year}-01-01/{published.isoformat()}", "time")
    if match["now"]:
        return TimeMark(start, end, published.isoformat(), "time")
    return TimeMark(start, end, f"{published.year:04d}", "time")


def figure_times(
    text: str, attributed: Sequence[Attributed], sentences: Sentences, marks: Sequence[TimeMark], rules: Rules
) -> list[FigureTime]:
    """The time of each attributed figure (dates and periods have none of their own)."""
    times = []
    starts = [mark.start for mark in marks]  # marks are in start order: those before a figure are a prefix
    for item in attributed:
        quantity = item.quantity
        if quantity.kind in ("date", "period"):
            times.append(FigureTime(None, None))
            continue
        sentence_start = sentences.spans[item.sentence][0]
        count = bisect_right(starts, quantity.start)  # no later mark can end before the figure
        recent = marks[count - 1 :: -1] if count else ()  # newest first
        period = _own_period(text, quantity.start, sentence_start, sentences, recent)
        times.append(FigureTime(period, _basis_period(item, period, sentence_start, recent, rules)))
    return times


def _own_period(
    text: str, start: int, sentence_start: int, sentences: Sentences, recent: Sequence[TimeMark]
) -> str | None:
    """The latest time mark of the sentence before ``start``, else the lead of the paragraph
    (``recent``: the marks that may end before ``start``, newest first)."""
    before = [m for m in recent if m.end <= start and m.role != "basis"]
    if before and before[0].start >= sentence_start:
        latest = before[0]
        if latest.role == "time":
            return latest.value
        earlier = next((m for m in before if m.start < latest.start and m.role == "time" and m.value), None)
        return earlier.value if earlier else None  # 同期: the period named before
    lead = _paragraph_lead(text, start, before, sentences)
    return lead.value if lead is not None else None


_LEAD_END = regex.compile(r"(?<!\s)\s*+[，,：:]")  # a run of spaces is read once, from its start
_LEAD_ROOM = 3  # 截至, 在, an opening quote: what may stand before a sentence-opening mark


def _paragraph_lead(text: str, start: int, before: Sequence[TimeMark], sentences: Sentences) -> TimeMark | None:
    """The last time mark of the figure's paragraph that opens a clause (截至5月20日，全市… /
    1-10月，全省…) or its sentence (1-4月全区累计…): what the article leaves implicit after it.
    ``before`` is newest first."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    for mark in before:
        if mark.start < paragraph_start:
            return None  # every mark after it starts earlier still
        if mark.role == "time" and _opens(text, mark, sentences.span_of(mark.start)[0]):
            return mark
    return None


def _opens(text: str, mark: TimeMark, sentence_start: int) -> bool:
    return _LEAD_END.match(text, mark.end) is not None or len(text[sentence_start : mark.start].strip()) <= _LEAD_ROOM


def _basis_period(
    item: Attributed, period: str | None, sentence_start: int, recent: Sequence[TimeMark], rules: Rules
) -> str | None:
    """``recent``: the marks that may end before the figure, newest first."""
    start = item.quantity.start
    explicit = _latest_basis(recent, sentence_start, start)
    compared = (
        item.role == "change" or item.basis is not None or (item.quantity.kind == "multiple" and explicit is not None)
    )
    if not compared:
        return None
    if explicit is not None and explicit.value is not None:
        return explicit.value  # 比2019年, 是2017年同期的
    if period is None:
        return None
    shift = rules.table("dates", "comparison_shifts").get(item.basis or "", "year")
    if shift == "previous":
        return previous(period)
    if shift in ("year_end", "year_start"):  # 比上年末: the last day of the year before; 比年初: the first of this one
        year = int(period[:4])
        return f"{year - 1}-12-31" if shift == "year_end" else f"{year}-01-01"
    return shift_years(period, -1)


def _latest_basis(recent: Sequence[TimeMark], sentence_start: int, start: int) -> TimeMark | None:
    """The latest basis mark (比2019年) of the sentence that ends before ``start``."""
    for mark in recent:
        if mark.start < sentence_start:
            return None
        if mark.role == "basis" and mark.end <= start:
            return mark
    return None
