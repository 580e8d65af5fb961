"""jieba's words and POS tags of a block, for the scope stage, with its HMM run only where needed.

``jieba.posseg.cut`` segments a block (a run of Han characters, letters and digits) by its
dictionary, then cuts each run of characters the dictionary leaves single (a name it does not
know: 综保区, 250个) with a part-of-speech HMM — most of its time. The scope stage reads only
words that end with a place or company suffix, and the words of a company name before its
suffix: a run that holds no suffix's last character can only be part of a company's name.
:func:`tagged_words` gives a run the caller does not need as one word tagged ``x`` and every
other word as ``jieba.posseg.cut`` does: the same offsets, and the same words and tags wherever
scope reads them (scope reads a block again with every run cut where a company's name reaches
an ``x``; ``tests/test_scope.py`` compares the mentions found both ways).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

UNREAD_TAG = "x"  # what jieba tags a character it knows nothing of; never a name's tag


def tagged_words(block: str, needed: Callable[[int, int], bool]) -> list[tuple[str, str]]:
    """jieba.posseg's words and tags of ``block`` (one ``re_han_internal`` match), except that a
    run of unknown characters ``block[start:end]`` for which ``needed(start, end)`` is false is
    one word tagged :data:`UNREAD_TAG` instead of the HMM's words."""
    import jieba
    import jieba.posseg

    tokenizer, tags = jieba.dt, jieba.posseg.dt.word_tag_tab
    jieba.posseg.dt.makesure_userdict_loaded()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(block, tokenizer.get_DAG(block), route)
    words: list[tuple[str, str]] = []
    run_start = position = 0
    while position < len(block):
        end = route[position][1] + 1
        if end - position > 1:
            words += _run_words(block, run_start, position, needed)
            words.append((block[position:end], tags.get(block[position:end], "x")))
            run_start = end
        position = end
    return words + list(_run_words(block, run_start, len(block), needed))


def _run_words(block: str, start: int, end: int, needed: Callable[[int, int], bool]) -> Iterator[tuple[str, str]]:
    """The words of a run of single-character dictionary steps, as jieba.posseg gives them."""
    import jieba
    import jieba.posseg

    run, tags = block[start:end], jieba.posseg.dt.word_tag_tab
    if not run:
        return
    if len(run) == 1:
        yield run, tags.get(run, "x")
    elif jieba.dt.FREQ.get(run):
        yield from ((char, tags.get(char, "x")) for char in run)
    elif not needed(start, end):
        yield run, UNREAD_TAG
    else:
        yield from ((pair.word, pair.flag) for pair in jieba.posseg.dt._POSTokenizer__cut_detail(run))
