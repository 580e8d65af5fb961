"""Seed-style noise: turn a clean article into a dirty one like the scraped seed article, and
move its gold annotation along, so that clean and dirty variants are scored alike.

The noise, in the order it is added (the words and names come from ``rules/noise.yaml``):

1. traditional characters (OpenCC s2t, one character for one, only where t2s gives the
   character back, so that cleaning restores the text exactly);
2. pinyin glosses glued after some characters: 設(shè), 發(fā);
3. one GBK byte-drop quote (``”市發`` read as ``!笔邪l``), made only where
   :func:`extractor.clean.mojibake.repair_gbk_byte_drop` repairs it back;
4. a header (来源 line, dateline), a byline (记者 …) at the end of the last paragraph, an
   editors line (each unless the article has its own: a page has one), an SEO tail of
   ``|``-separated place names and page furniture (分享到 …).

Noise never goes inside a protected span (a gold figure): a gloss is glued only between
characters that no protected span spans, and the byte-drop span avoids them. Everything is drawn
from a :class:`random.Random` seeded by the caller: the same input and seed give the same output.

>>> noisy = add_noise("全市重点项目387个，总投资1528.2亿元。", seed=1, protected=[(6, 10)], published="2021-05-28")
>>> start, end = noisy.span(6, 10)
>>> noisy.text[start:end]
'387個'
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .clean import clean
from .clean.fixers import t2s
from .clean.mojibake import repair_gbk_byte_drop
from .metadata import read_metadata
from .records import ArticleMeta, Fix
from .rules import Rules, load_rules

_HAN = regex.compile(r"\p{Han}")
_REPAIR_WINDOW = 10  # characters after a byte-drop span that the repair check reads
_MAX_DROP = 12  # the longest run of characters a byte drop may garble


@dataclass(frozen=True, slots=True)
class _Piece:
    """Dirty text standing for the clean characters ``first..last`` (inclusive), or for none
    (``first`` is None: added noise)."""

    text: str
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True, slots=True)
class Noisy:
    """A dirty text and, for each clean character, the dirty span it became."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    noise: tuple[Fix, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The dirty span of the clean span ``[start, end)``."""
        if start >= end:
            anchor = self.starts[start] if start < len(self.starts) else len(self.text)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def add_noise(
    text: str,
    seed: int | str = 0,
    *,
    protected: Sequence[tuple[int, int]] = (),
    published: str | None = None,
    rules: Rules | None = None,
) -> Noisy:
    """``text`` made seed-style dirty, with the map from clean to dirty offsets."""
    rules = rules or load_rules()
    table = rules.data["noise"]
    rng = random.Random(seed)
    pieces = [_Piece(char, index, index) for index, char in enumerate(text)]
    pieces, traditional = to_traditional(pieces)
    pieces, glosses = with_pinyin_glosses(pieces, _Gaps(protected), rng, table)
    pieces, dropped = with_byte_drop(pieces, protected, rng, rules)
    own = read_metadata(clean(text, rules).text, rules)  # a page has one header, byline and editors line
    has_header = own.source is not None or own.published is not None
    pieces = [_Piece("" if has_header else header(rng, table, published)), *pieces, _Piece(footer(rng, table, own))]
    noise = (Fix("traditional", traditional), Fix("pinyin_gloss", glosses), Fix("gbk_byte_drop", dropped))
    return _assemble(pieces, len(text), noise)


class _Gaps:
    """Where noise may be glued: between clean characters ``i - 1`` and ``i`` unless a
    protected span holds both."""

    def __init__(self, protected: Sequence[tuple[int, int]]) -> None:
        self._inside = {gap for start, end in protected for gap in range(start + 1, end)}

    def open(self, gap: int) -> bool:
        return gap not in self._inside


def to_traditional(pieces: list[_Piece]) -> tuple[list[_Piece], int]:
    """Each character in its traditional form (phrase-aware where lengths allow), kept only
    where converting back gives the character again."""
    plain = "".join(piece.text for piece in pieces)
    converted = _s2t(plain)
    if len(converted) != len(plain):
        converted = "".join(_s2t(char) if len(_s2t(char)) == 1 else char for char in plain)
    result, changed = [], 0
    for piece, new in zip(pieces, converted, strict=True):
        if new != piece.text and t2s(new) == piece.text:
            result.append(_Piece(new, piece.first, piece.last))
            changed += 1
        else:
            result.append(piece)
    return result, changed


def with_pinyin_glosses(
    pieces: list[_Piece], gaps: _Gaps, rng: random.Random, table: Mapping[str, Any]
) -> tuple[list[_Piece], int]:
    """A gloss ``(shè)`` after a share of the characters the pinyin table knows."""
    pinyin: Mapping[str, str] = table["pinyin"]
    rate = float(Decimal(table["gloss_rate"]))
    result: list[_Piece] = []
    added = 0
    for piece in pieces:
        result.append(piece)
        syllable = pinyin.get(t2s(piece.text))
        if syllable and piece.last is not None and gaps.open(piece.last + 1) and rng.random() < rate:
            result.append(_Piece(f"({syllable})"))
            added += 1
    return result, added


def with_byte_drop(
    pieces: list[_Piece], protected: Sequence[tuple[int, int]], rng: random.Random, rules: Rules
) -> tuple[list[_Piece], int]:
    """One run of characters garbled as a GBK stream that lost one high bit, where the
    cleaner repairs it back; starts at a quote where possible (the seed's ``!笔邪l``)."""
    taken = {index for start, end in protected for index in range(start, end)}
    for start in _drop_starts(pieces, rng, rules):
        for length in range(2, _MAX_DROP + 1):
            garbled = _garble(pieces, start, length, taken, rules)
            if garbled is not None:
                first, last = pieces[start].first, pieces[start + length - 1].last
                return [*pieces[:start], _Piece(garbled, first, last), *pieces[start + length :]], 1
    return pieces, 0


def _drop_starts(pieces: list[_Piece], rng: random.Random, rules: Rules) -> list[int]:
    """Positions after a Han character, quotes and the like first, each group shuffled."""
    marks = rules.data["noise"]["mojibake_starts"]
    after_han = [
        i for i in range(1, len(pieces)) if _HAN.match(pieces[i - 1].text[-1:]) and pieces[i].first is not None
    ]
    preferred = [i for i in after_han if pieces[i].text in marks]
    others = [i for i in after_han if pieces[i].text not in marks and _HAN.match(pieces[i].text)]
    rng.shuffle(preferred)
    rng.shuffle(others)
    return preferred + others


def _garble(pieces: list[_Piece], start: int, length: int, taken: set[int], rules: Rules) -> str | None:
    """The pieces ``start..start+length-1`` garbled, if they are clean characters outside
    ``taken`` whose garbled form the cleaner repairs back exactly; else None."""
    run = pieces[start : start + length]
    if len(run) < length or any(p.first is None or p.first in taken or len(p.text) != 1 for p in run):
        return None
    original = "".join(piece.text for piece in run)
    garbled = drop_high_bit(original)
    if garbled is None:
        return None
    before = pieces[start - 1].text[-1:]
    after = "".join(piece.text for piece in pieces[start + length : start + length + _REPAIR_WINDOW])
    window = before + garbled + after
    repaired = [(e.start, e.end, e.replacement) for e in repair_gbk_byte_drop(window, rules)]
    return garbled if (1, 1 + len(garbled), original) in repaired else None


def drop_high_bit(text: str) -> str | None:
    """``text`` as GBK with the high bit of its first byte lost, decoded again (strictly).

    >>> drop_high_bit("”市發")
    '!笔邪l'
    """
    try:
        data = bytearray(text.encode("gbk"))
    except UnicodeEncodeError:
        return None
    if not data or data[0] < 0x80:
        return None
    data[0] &= 0x7F
    try:
        return bytes(data).decode("gbk")
    except UnicodeDecodeError:
        return None


def header(rng: random.Random, table: Mapping[str, Any], published: str | None) -> str:
    """來源 line and dateline, as the seed's header: ``來源:大慶日報\\n\\n2021年05月28日08:28``."""
    lines = [_s2t(f"来源:{rng.choice(table['sources'])}")]
    if published and len(published) >= 10 and published[:4].isdigit():
        year, month, day = published[:4], published[5:7], published[8:10]
        lines.append(f"{year}年{month}月{day}日{rng.randrange(6, 22):02d}:{rng.randrange(60):02d}  \n ")
    return "\n\n".join(lines) + "\n\n"


def footer(rng: random.Random, table: Mapping[str, Any], own: ArticleMeta) -> str:
    """Byline, editors (unless the article has its own), an SEO tail of place names and page
    furniture."""
    byline = "" if own.authors else _s2t(f"  (记者 {rng.choice(table['reporters'])})")
    editors = "" if own.editors else _s2t(f"(责编:{'、'.join(rng.sample(table['editors'], 2))})")
    places = rng.sample(table["places"], min(table["seo_tail_length"], len(table["places"])))
    tail = "".join(f"{place}| " for place in places).rstrip()
    return "\n".join([byline, "", editors, tail, *rng.sample(table["furniture"], 2)]) + "\n"


def _assemble(pieces: list[_Piece], clean_length: int, noise: tuple[Fix, ...]) -> Noisy:
    starts, ends = [0] * clean_length, [0] * clean_length
    cursor = 0
    for piece in pieces:
        if piece.first is not None and piece.last is not None:
            for index in range(piece.first, piece.last + 1):
                starts[index], ends[index] = cursor, cursor + len(piece.text)
        cursor += len(piece.text)
    text = "".join(piece.text for piece in pieces)
    return Noisy(text, tuple(starts), tuple(ends), noise)


@cache
def _s2t_converter() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def _s2t(text: str) -> str:
    converted: str = _s2t_converter().convert(text)  # type: ignore[attr-defined]
    return converted


# ---------------------------------------------------------------- gold annotations


def noisy_gold(record: Mapping[str, Any], seed: int | str = 0, rules: Rules | None = None) -> dict[str, Any]:
    """A gold record (FORMAT.md) with its text made dirty and its figures' offsets and
    surfaces moved to the dirty text; ``noise`` says what was added. The article's id is part
    of the seed, so every article of a set gets its own noise."""
    figures = record.get("figures", [])
    protected = [(figure["start"], figure["end"]) for figure in figures]
    noisy = add_noise(
        record["text"],
        f"{seed}:{record.get('id', '')}",
        protected=protected,
        published=record.get("published"),
        rules=rules,
    )
    moved = [_moved_figure(figure, noisy) for figure in figures]
    noise = {"seed": seed, "added": [{"name": fix.name, "count": fix.count} for fix in noisy.noise]}
    return {**record, "text": noisy.text, "figures": moved, "noise": noise}


def _moved_figure(figure: Mapping[str, Any], noisy: Noisy) -> dict[str, Any]:
    start, end = noisy.span(figure["start"], figure["end"])
    return {**figure, "start": start, "end": end, "surface": noisy.text[start:end]}


def read_articles(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    """Gold records from ``.json`` files (one record or a list) and directories (their
    ``*.json``, sorted); a text file is an article without gold figures."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from read_articles(sorted(path.glob("*.json")))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            yield from (data if isinstance(data, list) else [data])
        else:
            yield {"id": path.stem, "text": path.read_text(encoding="utf-8"), "figures": []}
