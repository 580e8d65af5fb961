"""Article metadata from the text itself: title, source, dateline, reporters, editors, and the
spans of page furniture (header lines, bylines, link lists) that must yield no figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import regex

from .records import ArticleMeta
from .rules import Rules

HEADER_LINES = 6  # title, source and dateline stand within the first lines of a scraped page
_SENTENCE_END = regex.compile(r"[。！？!?]")
_NAME_SPLIT = regex.compile(r"[\s、,，]+")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str


def iter_lines(text: str) -> Iterator[Line]:
    """Lines of ``text`` with their offsets (newline excluded)."""
    start = 0
    for piece in text.split("\n"):
        yield Line(start, start + len(piece), piece)
        start += len(piece) + 1


def read_metadata(text: str, rules: Rules, title: str | None = None, published: str | None = None) -> ArticleMeta:
    """Read the metadata of the clean ``text``; ``title``/``published`` from the input win."""
    lines = [line for line in iter_lines(text) if line.text.strip()]
    if len(lines) < 2:  # a single line is all body: no header, no title above it
        lines = []
    header = lines[:HEADER_LINES]
    excluded: list[tuple[int, int]] = []
    source = _find_source(header, rules, excluded)
    dateline = _find_dateline(header, rules, excluded)
    title_span = None
    if title is None and lines and _looks_like_title(lines[0], excluded):
        title, title_span = lines[0].text.strip(), (lines[0].start, lines[0].end)
    authors, correspondents = _find_reporters(text, rules, excluded)
    editors = _find_names(text, rules.pattern("metadata", "editors"), excluded)
    _exclude_furniture(text, rules, excluded)
    _exclude_repeated_headers(lines, excluded)
    if source is None and (match := rules.pattern("metadata", "source_inline").search(text)):
        source = match.group("source")
    return ArticleMeta(
        title=title,
        published=published or dateline,
        source=source,
        authors=authors,
        correspondents=correspondents,
        editors=editors,
        excluded=tuple(sorted(excluded)),
        title_span=title_span,
    )


def _find_source(header: list[Line], rules: Rules, excluded: list[tuple[int, int]]) -> str | None:
    pattern = rules.pattern("metadata", "source")
    for line in header:
        if match := pattern.search(line.text):
            excluded.append((line.start, line.end))
            return match.group("source")
    return None


def _find_dateline(header: list[Line], rules: Rules, excluded: list[tuple[int, int]]) -> str | None:
    """A line that starts with a full date (and perhaps a time) and has no sentence after it."""
    pattern = rules.pattern("metadata", "dateline")
    for line in header:
        match = pattern.match(line.text)
        if not match or "，" in line.text[match.end() :] or _SENTENCE_END.search(line.text):
            continue
        try:
            year = int(match["year"])
            day = date(year + 2000 if year < 100 else year, int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        excluded.append((line.start, line.end))
        if match["hour"] is None:
            return day.isoformat()
        return f"{day.isoformat()}T{int(match['hour']):02d}:{match['minute']}"
    return None


def _looks_like_title(line: Line, excluded: list[tuple[int, int]]) -> bool:
    is_header = any(start <= line.start < end for start, end in excluded)
    return not is_header and len(line.text.strip()) <= 60 and not _SENTENCE_END.search(line.text)


def _find_reporters(
    text: str, rules: Rules, excluded: list[tuple[int, int]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    authors: list[str] = []
    correspondents: list[str] = []
    for match in rules.pattern("metadata", "reporter").finditer(text):
        excluded.append(match.span())
        authors.extend(_split_names(match.group("names")))
        if match.group("correspondents"):
            correspondents.extend(_split_names(match.group("correspondents")))
    for match in rules.pattern("metadata", "correspondent").finditer(text):
        if not any(start <= match.start() < end for start, end in excluded):
            excluded.append(match.span())
            correspondents.extend(_split_names(match.group("names")))
    return _unique(authors), _unique(correspondents)


def _find_names(text: str, pattern: regex.Pattern[str], excluded: list[tuple[int, int]]) -> tuple[str, ...]:
    names: list[str] = []
    for match in pattern.finditer(text):
        excluded.append(match.span())
        names.extend(_split_names(match.group("names")))
    return _unique(names)


def _exclude_furniture(text: str, rules: Rules, excluded: list[tuple[int, int]]) -> None:
    link_list = rules.pattern("metadata", "link_list")
    for line in iter_lines(text):
        if link_list.match(line.text):
            excluded.append((line.start, line.end))
    excluded.extend(m.span() for m in rules.pattern("metadata", "furniture").finditer(text))


def _exclude_repeated_headers(lines: list[Line], excluded: list[tuple[int, int]]) -> None:
    r"""A header line (title, source, dateline) printed again further down the page, and any
    short line that the page repeats three times or more (a running
    header, a navigation bar), yields no figures. A line with a sentence end is body text.

    >>> kept: list[tuple[int, int]] = []
    >>> text = "大庆5个项目开工\n正文3个。\n大庆5个项目开工"
    >>> _exclude_repeated_headers([line for line in iter_lines(text)], kept)
    >>> [text[start:end] for start, end in kept]
    ['大庆5个项目开工']
    """
    header = {line.text.strip() for line in lines[:HEADER_LINES]}
    seen: dict[str, int] = {}
    for line in lines:
        key = line.text.strip()
        seen[key] = seen.get(key, 0) + 1
    first_seen: set[str] = set()
    for line in lines:
        key = line.text.strip()
        repeated = key in first_seen and key in header
        furniture = seen[key] >= _FURNITURE_REPEATS and len(key) <= _FURNITURE_LENGTH
        if (repeated or furniture) and not _SENTENCE_END.search(key):
            excluded.append((line.start, line.end))
        first_seen.add(key)


_FURNITURE_REPEATS = 3
_FURNITURE_LENGTH = 60


def _split_names(names: str) -> list[str]:
    return [name for name in _NAME_SPLIT.split(names.strip()) if name]


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
