"""Scope: the place or entity each figure is about.

Match, then annotate: :func:`find_mentions` finds the scope mentions of a clean text
(collective words such as 全市, places, companies, anaphors such as 该项目), and
:func:`assign_scopes` gives each figure the mention in force at its start. A mention holds until
another one takes over or its paragraph ends; a paragraph starts with the article's scope, its
first place or collective mention. An anaphor names the latest company of its paragraph.
Every word list is in ``rules/scope.yaml``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Literal, NamedTuple

import regex

from .clean import CleanText
from .frozen import fast_init
from .labels import PHRASE_CACHE_SIZE, strip_label
from .rules import Rules, compile_pattern
from .sentences import Sentences
from .tagging import UNREAD_TAG, tagged_words

MentionKind = Literal["collective", "place", "organisation", "anaphor"]
_AREA_KINDS = ("collective", "place")
_MIN_LABEL = 2  # a label left with one character (德州市增 -> 增) keeps its place


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """A scope mention; offsets index the clean text."""

    start: int
    end: int
    kind: MentionKind
    text: str


def find_mentions(
    text: str,
    rules: Rules,
    excluded: Sequence[tuple[int, int]] = (),
    blocks: Sequence[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Every scope mention of ``text`` outside ``excluded`` spans, in order, without overlaps.

    Places and companies are read from jieba's words in ``blocks`` (default: every
    :func:`suffix_blocks` span); the other kinds from the whole text.

    >>> from extractor.rules import load_rules
    >>> [(m.kind, m.text) for m in find_mentions("大庆市各出资企业，大庆智陶瓷业有限公司", load_rules())]
    [('place', '大庆市'), ('collective', '各出资企业'), ('organisation', '大庆智陶瓷业有限公司')]
    """
    spans = suffix_blocks(text, rules) if blocks is None else blocks
    words = [mention for start, end in spans for mention in _word_mentions(text, start, end, rules)]
    return _mentions_with(text, words, rules, excluded)


def _mentions_with(
    text: str, word_mentions: list[Mention], rules: Rules, excluded: Sequence[tuple[int, int]]
) -> list[Mention]:
    """The mentions of ``text``, given those read from jieba's words (places and companies)."""
    table = rules.data["scope"]
    found = [
        Mention(m.start(), m.end(), "collective", m[0]) for m in rules.pattern("scope", "collective").finditer(text)
    ]
    found += [Mention(i, i + len(w), "anaphor", w) for w in table["anaphors"] for i in _occurrences(text, w)]
    kept = _without_overlaps(sorted(found + word_mentions, key=lambda m: (m.start, m.start - m.end)))
    return [m for m in _not_compared(text, kept, rules) if not _inside(m, excluded)]


def suffix_blocks(text: str, rules: Rules) -> list[tuple[int, int]]:
    """The spans jieba segments each on its own (runs of Han characters, letters and digits: it
    splits its input at everything else) that hold a place or company suffix: the words of
    other spans can name no place or company, so jieba need not tag them.

    >>> from extractor.rules import load_rules
    >>> text = "全年增长5%，大庆市投资3亿元，同比增长。"
    >>> [text[start:end] for start, end in suffix_blocks(text, load_rules())]
    ['大庆市投资3亿元']
    """
    import jieba.posseg

    suffix = _suffix_pattern(rules)
    return [(m.start(), m.end()) for m in jieba.posseg.re_han_internal.finditer(text) if suffix.search(m.group())]


@cache
def _suffix_ends(rules: Rules) -> frozenset[str]:
    """The last characters of every place or company suffix."""
    places, companies = rules.table("scope", "place_suffixes"), rules.table("scope", "organisation_suffixes")
    return frozenset(word[-1] for word in (*places, *companies))


@cache
def _suffix_pattern(rules: Rules) -> regex.Pattern[str]:
    words = sorted({*rules.table("scope", "place_suffixes"), *rules.table("scope", "organisation_suffixes")})
    return compile_pattern("|".join(regex.escape(word) for word in words))


def _not_compared(text: str, mentions: list[Mention], rules: Rules) -> list[Mention]:
    """Drop mentions after a comparison word (占全省的), and the list members that follow one
    (对中国台湾地区、中国香港地区)."""
    comparisons = tuple(rules.table("scope", "comparison_words"))
    separators = rules.table("scope", "list_separators")
    kept: list[Mention] = []
    dropped_end = -1
    for mention in mentions:
        listed = dropped_end >= 0 and text[dropped_end : mention.start] in separators
        if listed or text.endswith(comparisons, 0, mention.start):
            dropped_end = mention.end
        else:
            kept.append(mention)
            dropped_end = -1
    return kept


def without_scope(label: str, rules: Rules) -> str:
    """A metric label without the place or collective it starts with: the scope says where.

    >>> from extractor.rules import load_rules
    >>> without_scope("德州市实现地区生产总值", load_rules()), without_scope("城市居民收入", load_rules())
    ('地区生产总值', '城市居民收入')
    """
    opening = _opening_mention(label, rules)
    if opening is None or opening.kind not in _AREA_KINDS:
        return label
    rest = strip_label(label[opening.end :], rules)
    return rest if len(rest) >= _MIN_LABEL else label


@lru_cache(maxsize=PHRASE_CACHE_SIZE)  # bounded, like the tags of labels
def _opening_mention(label: str, rules: Rules) -> Mention | None:
    """The mention :func:`find_mentions` finds at the start of ``label``, if any. Only the block
    at the start is tagged: a place or company starts in the block it ends in, and no mention
    further on can push out the one at the start (overlaps keep the earlier; nothing stands
    before it to compare with)."""
    import jieba.posseg

    first = jieba.posseg.re_han_internal.match(label)
    blocks = [first.span()] if first is not None and _suffix_pattern(rules).search(first.group()) else []
    mentions = find_mentions(label, rules, blocks=blocks)
    return mentions[0] if mentions and mentions[0].start == 0 else None


def _occurrences(text: str, word: str) -> Iterator[int]:
    index = text.find(word)
    while index >= 0:
        yield index
        index = text.find(word, index + len(word))


def _inside(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < mention.end and mention.start < end for start, end in spans)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Sorted by start, longest first: keep each mention that starts after the last kept one ends."""
    kept: list[Mention] = []
    for mention in mentions:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _word_mentions(text: str, start: int, end: int, rules: Rules) -> list[Mention]:
    """Places and companies in ``text[start:end]``, read from jieba's words and POS tags.

    Runs of unknown characters that hold no suffix are left uncut (:mod:`extractor.tagging`);
    where a company's name reaches one, the block is read again with every run cut.
    """
    mentions, reads_uncut = _mentions_in(_tagged_words(text, start, end, rules, cut_every_run=False), text, rules)
    if reads_uncut:
        mentions, _ = _mentions_in(_tagged_words(text, start, end, rules, cut_every_run=True), text, rules)
    return mentions


def _mentions_in(words: Sequence[tuple[int, str, str]], text: str, rules: Rules) -> tuple[list[Mention], bool]:
    """The mentions jieba's ``words`` make, and whether a company name reads a word tagged
    :data:`~extractor.tagging.UNREAD_TAG` (perhaps a run left uncut) or stops at one."""
    mentions: list[Mention] = []
    reads_uncut = False
    suffixes, suffix_ends = tuple(rules.table("scope", "organisation_suffixes")), _suffix_ends(rules)
    for index, (position, word, tag) in enumerate(words):
        if word[-1] not in suffix_ends:  # ends with no place or company suffix
            continue
        stop = position + len(word)
        if word.endswith(suffixes):
            first = _name_start(words, index, rules)
            reads_uncut = reads_uncut or any(read[2] == UNREAD_TAG for read in words[max(0, first - 1) : index])
            if first < index or word not in suffixes:
                mentions.append(Mention(words[first][0], stop, "organisation", text[words[first][0] : stop]))
        elif _is_place(word, tag, rules):
            mentions.append(Mention(position, stop, "place", word))
    return _merge_places(mentions, text), reads_uncut


def _name_start(words: Sequence[tuple[int, str, str]], index: int, rules: Rules) -> int:
    """The first word of the company name that ends with ``words[index]``."""
    table = rules.data["scope"]
    first = index
    while first > 0 and index - first < table["max_name_words"] and words[first - 1][2] in table["name_tags"]:
        first -= 1
    return first


def _is_place(word: str, tag: str, rules: Rules) -> bool:
    not_places, suffixes_by_end = _place_words(rules)
    if len(word) < 2 or word in not_places:
        return False
    suffix = next((s for s in suffixes_by_end.get(word[-1], ()) if word.endswith(s)), None)
    if suffix is None:
        return False
    return tag in rules.data["scope"]["place_tags"] or len(word) - len(suffix) >= 2


@cache
def _place_words(rules: Rules) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The common nouns that end like a place, and the place suffixes by their last character
    (in their order: the first that ends a word is its suffix)."""
    buckets: dict[str, list[str]] = {}
    for suffix in rules.table("scope", "place_suffixes"):
        buckets.setdefault(suffix[-1], []).append(suffix)
    not_places = frozenset(rules.table("scope", "not_places"))
    return not_places, {char: tuple(suffixes) for char, suffixes in buckets.items()}


def _merge_places(mentions: list[Mention], text: str) -> list[Mention]:
    """黑龙江省哈尔滨市南岗区: adjacent places are one mention, the most specific last."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous is not None and previous.kind == mention.kind == "place" and previous.end == mention.start:
            merged[-1] = Mention(previous.start, mention.end, "place", text[previous.start : mention.end])
        else:
            merged.append(mention)
    return merged


def _tagged_words(text: str, start: int, end: int, rules: Rules, *, cut_every_run: bool) -> list[tuple[int, str, str]]:
    """jieba's words of ``text[start:end]`` with their tags, at their offsets in ``text``; unless
    ``cut_every_run``, a run of unknown characters that holds no place or company suffix is one
    word tagged :data:`~extractor.tagging.UNREAD_TAG`."""
    block = text[start:end]
    suffix_ends = _suffix_ends(rules)

    def needed(run_start: int, run_end: int) -> bool:
        return cut_every_run or any(char in suffix_ends for char in block[run_start:run_end])

    words = []
    position = start
    for word, tag in tagged_words(block, needed):
        words.append((position, word, tag))
        position += len(word)
    return words


def assign_scopes(text: str, starts: Sequence[int], mentions: Sequence[Mention]) -> list[str | None]:
    """The scope in force at each offset in ``starts``.

    >>> from extractor.rules import load_rules
    >>> text = "大庆市项目5个。\\n大庆智陶瓷业有限公司项目开工。该项目总投资3亿元。\\n又有1个"
    >>> assign_scopes(text, [text.find(n) for n in "53又"], find_mentions(text, load_rules()))
    ['大庆市', '大庆智陶瓷业有限公司', '大庆市']
    """
    default = next((m.text for m in mentions if m.kind in _AREA_KINDS), None)
    paragraph_of = _paragraph_starts(text)
    mention_starts, mention_ends = [m.start for m in mentions], [m.end for m in mentions]
    return [
        _scope_at(_in_force(mention_starts, mention_ends, start, paragraph_of(start)), mentions, default)
        for start in starts
    ]


def _paragraph_starts(text: str) -> Callable[[int], int]:
    """The start of the paragraph (line) holding an offset, by bisection: no walk back per figure."""
    starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
    return lambda offset: starts[bisect_right(starts, offset) - 1]


def _in_force(mention_starts: list[int], mention_ends: list[int], start: int, paragraph: int) -> range:
    """The indices of the mentions of the paragraph that end before ``start``. Mentions do not
    overlap and are in order, so their ends are in order too: a slice, found by bisection."""
    first = bisect_left(mention_starts, paragraph)
    return range(first, max(first, bisect_right(mention_ends, start)))


def _scope_at(here: range, mentions: Sequence[Mention], default: str | None) -> str | None:
    if not here:
        return default
    last = mentions[here[-1]]
    if last.kind != "anaphor":
        return last.text
    company = next((mentions[i].text for i in reversed(here) if mentions[i].kind == "organisation"), None)
    earlier = next((mentions[i].text for i in reversed(here[:-1]) if mentions[i].kind != "anaphor"), default)
    return company or earlier


class FigureScope(NamedTuple):  # one per figure: a tuple is cheaper to build than a frozen dataclass
    """What :func:`figure_scopes` gives a figure: its scope and its sentence's raw-input span."""

    scope: str | None
    sentence_start: int
    sentence_end: int


def figure_scopes(
    clean_starts: Sequence[int],
    cleaned: CleanText,
    sentences: Sentences,
    excluded: Sequence[tuple[int, int]],
    rules: Rules,
) -> list[FigureScope]:
    """The scope and sentence span of figures starting at ``clean_starts`` in the clean text."""
    if not clean_starts:
        return []
    mentions = _mentions_read(cleaned.text, clean_starts, excluded, rules)
    scopes = assign_scopes(cleaned.text, clean_starts, mentions)
    return [
        FigureScope(scope, *cleaned.raw_span(*sentences.span_of(start)))
        for start, scope in zip(clean_starts, scopes, strict=True)
    ]


def _mentions_read(
    text: str, starts: Sequence[int], excluded: Sequence[tuple[int, int]], rules: Rules
) -> list[Mention]:
    """The mentions :func:`assign_scopes` reads for figures at ``starts``, as
    :func:`find_mentions` over the whole text finds them, with jieba run on fewer blocks: those
    from each figure's paragraph start to the figure (what is in force there), and those up to
    the article's first place or collective mention (its default scope).

    A mention depends on the mentions before it only (overlaps, and 占全省、全市 lists, never
    cross a paragraph), so a mention found with every block before it is the one found with all.
    """
    blocks = suffix_blocks(text, rules)
    reach: dict[int, int] = {}  # paragraph start -> its last figure's start
    paragraph_of = _paragraph_starts(text)
    for start in starts:
        paragraph = paragraph_of(start)
        reach[paragraph] = max(start, reach.get(paragraph, start))
    chosen = _blocks_read(blocks, reach)
    read: dict[tuple[int, int], list[Mention]] = {}  # each block is tagged once
    for _ in range(_MAX_ROUNDS):
        for block in chosen - read.keys():
            read[block] = _word_mentions(text, *block, rules)
        words = [mention for block in sorted(chosen) for mention in read[block]]
        mentions = _mentions_with(text, words, rules, excluded)
        first = next((m.start for m in mentions if m.kind in _AREA_KINDS), len(text))
        missing = next((block for block in blocks if block[0] <= first and block not in chosen), None)
        if missing is None:
            return mentions
        paragraph_end = text.find("\n", missing[0])  # the rest of its paragraph comes along
        chosen.update(b for b in blocks if missing[0] <= b[0] and (paragraph_end < 0 or b[0] < paragraph_end))
    return find_mentions(text, rules, excluded, blocks)  # what every round approaches, read once


# Rounds of adding the paragraph of a block before the default scope; past them every block is
# read at once (the same mentions): thousands of paragraphs with a company and no place would
# otherwise re-read the text once per paragraph.
_MAX_ROUNDS = 8


def _blocks_read(blocks: Sequence[tuple[int, int]], reach: dict[int, int]) -> set[tuple[int, int]]:
    """The blocks that overlap a span from a paragraph start to its last figure. The spans are
    disjoint, so in start order their ends are in order too: one bisection per block.

    >>> sorted(_blocks_read([(0, 3), (5, 8), (12, 15)], {4: 6, 10: 11}))
    [(5, 8)]
    """
    spans = sorted(reach.items())
    opens = [start for start, _ in spans]
    chosen = set()
    for block in blocks:
        before = bisect_left(opens, block[1])  # the spans that open before the block ends
        if before and spans[before - 1][1] > block[0]:
            chosen.add(block)
    return chosen
