"""Small cleaning fixers. Each takes a text and returns the edits it would make.

A fixer never reorders text; edits are sorted and non-overlapping, so every character of the
result can be traced back to the input (see :mod:`extractor.clean.offsets`).
Use :func:`apply_fix` to see a fixer's effect as ``str -> str``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cache

import regex

from ..rules import Rules, compile_pattern, load_rules
from .mojibake import repair_gbk_byte_drop
from .offsets import Edit, splice

Fixer = Callable[[str, Rules], list[Edit]]


def apply_fix(fixer: Fixer, text: str, rules: Rules | None = None) -> str:
    """Run one fixer and return the fixed text.

    >>> apply_fix(remove_pinyin_gloss, "設(shè)")
    '設'
    """
    return splice(text, fixer(text, rules or load_rules()))


def _deletions(rules: Rules, key: str, text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "") for m in rules.pattern("cleaning", key).finditer(text)]


def remove_invisible(text: str, rules: Rules) -> list[Edit]:
    """Drop zero-width and control characters.

    >>> apply_fix(remove_invisible, "15\u200b28.2亿元")
    '1528.2亿元'
    """
    return _deletions(rules, "invisible", text)


def remove_pinyin_gloss(text: str, rules: Rules) -> list[Edit]:
    """Drop a pinyin syllable glued in parentheses after a Han character; keep real asides.

    >>> apply_fix(remove_pinyin_gloss, "開復(fù)工(大慶基地)")
    '開復工(大慶基地)'
    """
    return _deletions(rules, "pinyin_gloss", text)


def remove_digit_group_space(text: str, rules: Rules) -> list[Edit]:
    """Drop a typesetter's space between digit groups.

    >>> apply_fix(remove_digit_group_space, "27 902.63亿元")
    '27902.63亿元'
    """
    return _deletions(rules, "digit_group_space", text)


def join_number_line_break(text: str, rules: Rules) -> list[Edit]:
    r"""Drop a line break (and spaces around it) inside a decimal number.

    >>> apply_fix(join_number_line_break, "总投资1528.\n2亿元")
    '总投资1528.2亿元'
    >>> apply_fix(join_number_line_break, "2020年\n2021年")
    '2020年\n2021年'
    """
    return _deletions(rules, "number_line_break", text)


def decode_html_entities(text: str, rules: Rules) -> list[Edit]:
    r"""Replace HTML character references by the characters they name; unknown or invalid
    ones (``&bogus;``, ``&#99999999;``) stay as written.

    >>> apply_fix(decode_html_entities, "投资&nbsp;5亿元&amp;&#20013;&#x56fd;&bogus;&#99999999;")
    '投资\xa05亿元&中国&bogus;&#99999999;'
    """
    edits: list[Edit] = []
    for match in rules.pattern("cleaning", "html_entity").finditer(text):
        decoded = html.unescape(match.group())
        if decoded != match.group() and "\ufffd" not in decoded:
            edits.append(Edit(match.start(), match.end(), decoded))
    return edits


def remove_html_tags(text: str, rules: Rules) -> list[Edit]:
    r"""Drop HTML tags; a tag that ends a block becomes a line break. A lone ``<`` is text.

    >>> apply_fix(remove_html_tags, "<div><p>投资<b>5</b>亿元</p>PM2.5<35</div>")
    '\n\n投资5亿元\nPM2.5<35\n'
    """
    edits: list[Edit] = []
    for match in rules.pattern("cleaning", "html_tag").finditer(text):
        block = match.group("name").lower() in _BLOCK_TAGS
        edits.append(Edit(match.start(), match.end(), "\n" if block else ""))
    return edits


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})


@cache
def _fullwidth_table(rules: Rules) -> dict[int, str]:
    spec = rules.table("cleaning", "fullwidth")
    table: dict[int, str] = {}
    for span in spec.get("ranges", []):
        first, last, target = ord(span["from"]), ord(span["to"]), ord(span["target"])
        for code in range(first, last + 1):
            table[code] = chr(target + code - first)
    for source, target in spec.get("chars", {}).items():
        table[ord(source)] = target
    return table


@cache
def _fullwidth_chars(rules: Rules) -> regex.Pattern[str]:
    """One character class of the characters :func:`_fullwidth_table` rewrites."""
    return compile_pattern("[" + "".join(_class_char(code) for code in sorted(_fullwidth_table(rules))) + "]")


def _class_char(code: int) -> str:
    return f"\\U{code:08x}"  # a code point escape: no character is special inside it


def to_halfwidth(text: str, rules: Rules) -> list[Edit]:
    """Rewrite full-width digits, letters and number punctuation to ASCII.

    >>> apply_fix(to_halfwidth, "１．５亿元，增长１２％")
    '1.5亿元，增长12%'
    """
    table = _fullwidth_table(rules)
    return [Edit(m.start(), m.end(), table[ord(m.group())]) for m in _fullwidth_chars(rules).finditer(text)]


@cache
def _t2s_converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional to simplified, whole text (lengths may differ: no offsets kept).

    >>> t2s("開復工")
    '开复工'
    """
    converted: str = _t2s_converter().convert(text)  # type: ignore[attr-defined]
    return converted


def to_simplified(text: str, rules: Rules) -> list[Edit]:
    """Convert traditional characters to simplified (OpenCC t2s), one character for one.

    >>> apply_fix(to_simplified, "299個重點項目開復工")
    '299个重点项目开复工'
    """
    converter = _t2s_converter()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    if converted == text:  # simplified already: most texts
        return []
    if len(converted) != len(text):  # a phrase rule changed the length: convert char by char
        converted = "".join(
            c if len(s := converter.convert(c)) != 1 else s  # type: ignore[attr-defined]
            for c in text
        )
    return [Edit(i, i + 1, converted[i]) for i in _differences(text, converted)]


_BLOCK = 256  # compared whole first: most blocks of a text are simplified already


def _differences(text: str, converted: str) -> list[int]:
    """The positions at which two texts of one length differ.

    >>> _differences("a" * 600 + "b", "a" * 599 + "cc")
    [599, 600]
    """
    positions: list[int] = []
    for block in range(0, len(text), _BLOCK):
        old, new = text[block : block + _BLOCK], converted[block : block + _BLOCK]
        if old != new:
            positions += [block + i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    return positions


#: The fixers in the order they run. Markup goes first (an entity may spell a full-width
#: digit or a zero-width space); mojibake is repaired before glosses are removed, since a
#: repaired character may carry one (發(fā)); deletions run before character rewrites so that a
#: pinyin gloss is recognised next to the traditional character it annotates; numbers are
#: joined once full-width digits and points are ASCII.
DEFAULT_FIXERS: tuple[Fixer, ...] = (
    remove_html_tags,
    decode_html_entities,
    remove_invisible,
    repair_gbk_byte_drop,
    remove_pinyin_gloss,
    to_halfwidth,
    remove_digit_group_space,
    join_number_line_break,
    to_simplified,
)
