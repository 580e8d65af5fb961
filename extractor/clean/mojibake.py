"""GBK byte-drop mojibake: detect it, repair it where one byte can be put back, else mark it.

When a GBK page loses the high bit of one lead byte (``A1`` read as ``21``, "!"), every later
byte pairs with the wrong neighbour until an ASCII trail byte (``6C``, "l") resynchronises the
stream: ``”市發`` becomes ``!笔邪l``. Re-encoding the span as GBK and restoring that one bit
decodes cleanly. A repair is kept only when the result reads as Chinese better than the damaged
text did (share of characters in dictionary words); otherwise the span is left as it is and
reported with warning W500 (as are runs of U+FFFD, which no repair can undo).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import Rules
from .offsets import Edit

_CONTEXT = 8  # characters after the span that the plausibility score also reads
_IMPLAUSIBLE = 0.5  # a damaged span reads worse than this; real text reads better


def repair_gbk_byte_drop(text: str, rules: Rules) -> list[Edit]:
    """Put back the high bit of a GBK lead byte where that makes the span read as Chinese.

    >>> from extractor.clean.fixers import apply_fix
    >>> apply_fix(repair_gbk_byte_drop, "增加27個!笔邪l(fā)改委工作人員告訴記者")
    '增加27個”市發(fā)改委工作人員告訴記者'
    >>> apply_fix(repair_gbk_byte_drop, "好!我们B超检查")
    '好!我们B超检查'
    """
    edits: list[Edit] = []
    for match in rules.pattern("cleaning", "gbk_byte_drop").finditer(text):
        repaired = restore_high_bit(match.group())
        if repaired is not None and _reads_better(text, match.start(), match.end(), repaired, rules):
            edits.append(Edit(match.start(), match.end(), repaired))
    return edits


def restore_high_bit(span: str) -> str | None:
    """Re-encode ``span`` as GBK, set the high bit of its first byte, decode strictly.

    >>> restore_high_bit("!笔邪l")
    '”市發'
    >>> restore_high_bit("!€") is None
    True
    """
    try:
        data = bytearray(span.encode("gbk"))
    except UnicodeEncodeError:
        return None
    if not data or data[0] >= 0x80:
        return None
    data[0] |= 0x80
    try:
        repaired = bytes(data).decode("gbk")
    except UnicodeDecodeError:
        return None
    return None if any(char.isascii() for char in repaired) else repaired


def find_mojibake(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans that still look mis-decoded after cleaning: U+FFFD runs, and byte-drop shapes
    that read badly and could not be repaired.

    >>> from extractor.rules import load_rules
    >>> find_mojibake("高質\\ufffd\\ufffd量", load_rules())
    [(2, 4)]
    """
    spans = [m.span() for m in rules.pattern("cleaning", "replacement_chars").finditer(text)]
    for match in rules.pattern("cleaning", "gbk_byte_drop").finditer(text):
        window = text[match.start() : match.end() + _CONTEXT]
        if reading_score(window, rules) < _IMPLAUSIBLE:
            spans.append(match.span())
    return sorted(spans)


def _reads_better(text: str, start: int, end: int, repaired: str, rules: Rules) -> bool:
    after = text[end : end + _CONTEXT]
    return reading_score(repaired + after, rules) > reading_score(text[start:end] + after, rules)


def reading_score(text: str, rules: Rules) -> float:
    """The share of Han characters that fall in dictionary words of two or more characters,
    pinyin glosses dropped and the text simplified (no guessing of unknown words).

    >>> from extractor.rules import load_rules
    >>> reading_score("重点项目建设", load_rules()), reading_score("笔邪", load_rules())
    (1.0, 0.0)
    """
    plain = rules.pattern("cleaning", "pinyin_gloss").sub("", text)
    return _score(plain)


@lru_cache(maxsize=4096)
def _score(text: str) -> float:
    import jieba

    from .fixers import t2s

    words = jieba.lcut(t2s(text), HMM=False)
    han = [len(word) for word in words if regex.match(r"\p{Han}", word)]
    return sum(length for length in han if length > 1) / max(1, sum(han))
