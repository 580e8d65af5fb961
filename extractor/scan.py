"""Scanning a text for a big pattern only where one of its matches can begin.

A long alternation (the date grammar) costs the regex engine about the same at every position
of a text, and most positions cannot begin a match. :func:`matches_from` tries the pattern only
at the positions where ``starts`` — a character class of every character a match can begin
with — matches, and yields exactly what ``pattern.finditer(text)`` yields: the leftmost match,
then the next one from its end. Lookbehinds still see the text before a position.

The pattern must not match the empty string (an empty match could stand anywhere).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex


def matches_from(pattern: regex.Pattern[str], starts: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)``, tried only where ``starts`` matches.

    >>> grammar, starts = regex.compile(r"(?<!\\d)\\d+年|今年"), regex.compile(r"[\\d今]")
    >>> [m.group() for m in matches_from(grammar, starts, "今年和2021年，12月")]
    ['今年', '2021年']
    """
    end = 0
    for start in starts.finditer(text):
        position = start.start()
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is not None:
            if match.end() == position:
                raise ValueError(f"{pattern.pattern[:40]!r}… matched the empty string at {position}")
            end = match.end()
            yield match
