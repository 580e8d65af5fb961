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

Both steps are jieba 0.42's own computations, done in fewer Python steps: :func:`_route` is
``Tokenizer.get_DAG`` and ``Tokenizer.calc`` in one pass, and :func:`_hmm_words` is
``POSTokenizer.__cut_detail`` with a Viterbi search that skips the transitions the model does
not have. Each adds and compares the same numbers in the same order, so it breaks ties the same
way; ``tests/test_tagging.py`` compares both with jieba's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from math import log

UNREAD_TAG = "x"  # what jieba tags a character it knows nothing of; never a name's tag
_MIN_INF = float("-inf")  # jieba.posseg.viterbi: the score of a transition the model lacks
_MIN_FLOAT = -3.14e100  # ... and of an emission it lacks

State = tuple[str, str]  # (B/M/E/S, POS tag)


def tagged_words(block: str, needed: Callable[[int, int], bool]) -> list[tuple[str, str]]:
    """jieba.posseg's words and tags of ``block`` (one ``re_han_internal`` match), except that a
    run of unknown characters ``block[start:end]`` for which ``needed(start, end)`` is false is
    one word tagged :data:`UNREAD_TAG` instead of the HMM's words."""
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    jieba.posseg.dt.makesure_userdict_loaded()
    ends = _route(block)
    words: list[tuple[str, str]] = []
    run_start = position = 0
    while position < len(block):
        end = ends[position]
        if end - position > 1:
            if run_start < position:
                words += _run_words(block, run_start, position, needed)
            word = block[position:end]
            words.append((word, tags.get(word, "x")))
            run_start = end
        position = end
    if run_start < len(block):
        words += _run_words(block, run_start, len(block), needed)
    return words


def phrase_tags(phrase: str) -> list[tuple[str, str]]:
    """``jieba.posseg.lcut(phrase)`` as (word, tag) pairs: each block by :func:`tagged_words`
    with every run cut, anything between blocks as ``POSTokenizer.__cut_internal`` tags it.

    >>> phrase_tags("新建项目210个，总投资")
    [('新建', 'ns'), ('项目', 'n'), ('210', 'm'), ('个', 'm'), ('，', 'x'), ('总', 'b'), ('投资', 'vn')]
    """
    from jieba import posseg

    words: list[tuple[str, str]] = []
    for block in posseg.re_han_internal.split(phrase):
        if not block:
            continue
        if posseg.re_han_internal.match(block):
            words += tagged_words(block, _every_run)
            continue
        for piece in posseg.re_skip_internal.split(block):
            if posseg.re_skip_internal.match(piece):
                words.append((piece, "x"))
                continue
            letters = posseg.re_eng.match(piece) is not None  # jieba asks this of the whole piece
            for char in piece:
                words.append((char, "m" if posseg.re_num.match(char) else "eng" if letters else "x"))
    return words


def _every_run(start: int, end: int) -> bool:
    return True


def _route(block: str) -> list[int]:
    """For each offset of ``block``, the end of the word jieba's dictionary route takes from it:
    ``Tokenizer.get_DAG`` then ``Tokenizer.calc`` in one pass from the right, each word scored
    as ``calc`` scores it, the longest of equal scores kept as its ``max`` keeps it."""
    import jieba

    tokenizer = jieba.dt
    tokenizer.check_initialized()
    freq, logtotal = tokenizer.FREQ, log(tokenizer.total)
    size = len(block)
    scores = [0.0] * (size + 1)
    ends = [0] * size
    for start in range(size - 1, -1, -1):
        best, best_end = _MIN_INF, 0
        end = start + 1
        count = freq.get(block[start])
        while count is not None:  # each longer fragment while the prefix dictionary has it
            if count:
                score = log(count) - logtotal + scores[end]
                if not best_end or score >= best:
                    best, best_end = score, end
            if end == size:
                break
            end += 1
            count = freq.get(block[start:end])
        if not best_end:  # no dictionary word starts here: the character alone
            best, best_end = log(freq.get(block[start]) or 1) - logtotal + scores[start + 1], start + 1
        scores[start], ends[start] = best, best_end
    return ends


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
        yield from _hmm_words(run)


def _hmm_words(run: str) -> Iterator[tuple[str, str]]:
    """``POSTokenizer.__cut_detail``: Han stretches cut by the POS HMM, numbers tagged ``m``,
    letters ``eng``, anything else ``x``."""
    from jieba import posseg

    for piece in posseg.re_han_detail.split(run):
        if posseg.re_han_detail.match(piece):
            yield from _hmm_cut(piece)
            continue
        for part in posseg.re_skip_detail.split(piece):
            if not part:
                continue
            if posseg.re_num.match(part):
                yield part, "m"
            elif posseg.re_eng.match(part):
                yield part, "eng"
            else:
                yield part, "x"


def _hmm_cut(han: str) -> Iterator[tuple[str, str]]:
    """``POSTokenizer.__cut``: the words the best state path makes (B…E is a word, S one character)."""
    path = _viterbi(han)
    begin = after = 0
    for index, (position, tag) in enumerate(path):
        if position == "B":
            begin = index
        elif position == "E":
            yield han[begin : index + 1], tag
            after = index + 1
        elif position == "S":
            yield han[index], tag
            after = index + 1
    if after < len(han):
        yield han[after:], path[after][1]


def _viterbi(observed: str) -> list[State]:
    """``jieba.posseg.viterbi.viterbi`` with jieba's tables: the same candidate states at each
    step, the same scores ``(previous + transition) + emission``, and the same winner among
    equal scores (the greater state)."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    all_states = trans_P.keys()
    first = observed[0]
    scores = {y: start_P[y] + emit_P[y].get(first, _MIN_FLOAT) for y in char_state_tab_P.get(first, all_states)}
    back: list[dict[State, State]] = []  # for each step after the first: each state's best predecessor
    for char in observed[1:]:
        previous = sorted((x for x in scores if trans_P[x]), reverse=True)  # ties go to the first seen
        step, came = _step(scores, previous, char, char_state_tab_P.get(char, all_states))
        if not step:  # no state of the character follows: every state that follows is a candidate
            step, came = _step(scores, previous, char, {y for x in previous for y in trans_P[x]} or all_states)
        scores = step
        back.append(came)
    state = max((score, y) for y, score in scores.items())[1]
    path = [state]
    for came in reversed(back):
        state = came[state]
        path.append(state)
    return path[::-1]


def _step(
    scores: dict[State, float], previous: list[State], char: str, candidates: Iterable[State]
) -> tuple[dict[State, float], dict[State, State]]:
    """The best score of each candidate state some previous state moves to, and where from.
    A transition the model lacks scores -inf, so it wins only where every one does: only the
    transitions the model has are followed, and a state reached only at -inf comes, at -inf,
    from the greatest previous state, as jieba's ``max`` has it."""
    from jieba.posseg import emit_P, trans_P

    emission = {y: emit_P[y].get(char, _MIN_FLOAT) for y in candidates}
    step: dict[State, float] = {}
    came: dict[State, State] = {}
    for x in previous:  # greatest first: strictly better scores only replace it
        score = scores[x]
        for y, transition in trans_P[x].items():
            if y in emission:
                value = score + transition + emission[y]
                if y not in step or value > step[y]:
                    step[y], came[y] = value, x
    for y, value in step.items():
        if value == _MIN_INF:
            came[y] = previous[0]
    return step, came
