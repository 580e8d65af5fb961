"""Linking: which figures a stated rate, share or growth rate is computed from.

Only links that the text's structure and metrics name: a share's whole is the figure named in
占…的 (or inside that phrase); a named rate's numerator and denominator come from the rates
table in attribution.yaml; a growth rate's current value and increase stand in its sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache

import regex

from .attribute import MAX_LOOKBACK, Attributed
from .rules import Rules

_LINKABLE = ("value", "total", "part", "target")
_CONTAINED = 2  # the score of a name that contains the other (_name_score)
_SAME = 3  # the score of a name that is the other
_TOTAL = "TOTAL"
_CURRENT_REACH = 4  # sentence spans searched back for an increase's current value (a paragraph break is one)

_CLAUSE_MARK = regex.compile(r"[，,；;：:、（）()“”\"]")


def find_ratio_pair(
    result: int, figures: Sequence[Attributed], rules: Rules, scopes: Sequence[str | None] = ()
) -> tuple[int, int] | None:
    """(numerator, denominator) of a share or named rate, or None when the text does not say."""
    if figures[result].role == "share":
        return _share_pair(result, figures, rules, scopes)
    return _rate_pair(result, figures, rules)


def _share_pair(
    result: int, figures: Sequence[Attributed], rules: Rules, scopes: Sequence[str | None]
) -> tuple[int, int] | None:
    """占…的N%: the figure inside the phrase, else the earlier figure the phrase names.

    A whole named only by its metric (no 总, 全部) that an earlier, larger amount of the same measure was
    already shared against (累计完成投资210.88亿元，占年度计划的68.68% … 续建项目完成投资191.1亿元，
    达到年度计划的81.75%) belongs to that amount; the smaller one is a category with a plan of
    its own that the text does not state."""
    share = figures[result]
    if _of_increments(share, rules) or _combined_subject(result, figures, rules):
        return None  # 占各项存款新增额的: a share of increases; 两者合计占: of a sum the text does not state
    numerator = find_current(result, figures)
    if numerator is None:
        return None
    if share.whole_index is not None:  # the figure inside 占…的, an amount of the numerator's measure
        whole = share.whole_index
        return (numerator, whole) if whole != numerator and _same_measure(figures[whole], figures[numerator]) else None
    counterpart = _counterpart_whole(numerator, share.whole_phrase or "", figures, rules)
    if counterpart is not None:
        return numerator, counterpart
    denominator = _named_whole(numerator, share.whole_phrase or "", figures, rules, scopes, share.share_of)
    if denominator is not None and not _trusted_across(result, numerator, denominator, figures, rules):
        return None  # a whole named in another sentence, far off: perhaps another period or place
    if denominator is None:
        denominator = _total_of_own_measure(result, numerator, figures, rules)
    if denominator is None or denominator == numerator:
        return None
    says_total = any(m in (share.whole_phrase or "") for m in rules.table("attribution", "totality_markers"))
    if not says_total and _claimed_by_larger(result, numerator, denominator, figures, rules, scopes):
        return None
    return numerator, denominator


def _trusted_across(result: int, numerator: int, denominator: int, figures: Sequence[Attributed], rules: Rules) -> bool:
    """A whole found by its name in another sentence than the share's is trusted only where
    numerator / denominator comes within ``share_name_near_miss`` of the stated share (a fraction of
    it, or one point): a near miss is a reporting error, a far one a figure of another period or
    place with a like name (前三季度研发费用…占营业收入的4.5% beside a single quarter's 营业收入)."""
    if figures[denominator].sentence == figures[result].sentence:
        return True
    miss = _share_miss(result, numerator, denominator, figures)
    stated = figures[result].quantity.value
    if miss is None or not isinstance(stated, Decimal):
        return False
    return miss <= max(Decimal(1), stated * Decimal(rules.data["attribution"]["share_name_near_miss"]))


def _share_miss(result: int, numerator: int, denominator: int, figures: Sequence[Attributed]) -> Decimal | None:
    """How many points numerator / denominator misses the stated share by (None: no arithmetic)."""
    stated, whole = figures[result].quantity.value, _value(figures[denominator])
    if not isinstance(stated, Decimal) or whole <= 0:
        return None
    return abs(_value(figures[numerator]) / whole * 100 - stated)


def _of_increments(share: Attributed, rules: Rules) -> bool:
    """Whether a share is one of increases (增量占同期各项贷款增量的20.9%; 占各项存款新增额的75.6%):
    its words name an increase (``increment_words``), which no stock figure is."""
    words = (share.whole_phrase or "") + share.share_of
    return any(word in words for word in rules.table("attribution", "increment_words"))


def _total_of_own_measure(result: int, numerator: int, figures: Sequence[Attributed], rules: Rules) -> int | None:
    """签约金额6978.16亿元，在全部投资中占73.97%: a whole named only as "all of" something no earlier
    figure is named by (``whole_all_words``) is the largest earlier amount of the numerator's
    own measure — a metric sharing a word of two characters with the numerator's (签约总额 for
    签约金额) — when the share it gives is within ``share_total_near_miss`` points of the stated
    one: so loose a link is only trusted where it nearly holds."""
    phrase = figures[result].whole_phrase or ""
    if not any(phrase.startswith(word) for word in rules.table("attribution", "whole_all_words")):
        return None
    part = figures[numerator]
    candidates = [
        index
        for index in range(numerator - 1, max(-1, numerator - 1 - MAX_LOOKBACK), -1)
        if figures[index].role in _LINKABLE
        and _same_measure(figures[index], part)
        and _value(figures[index]) > _value(part)
        and _shared_bigrams(figures[index].metric, part.metric) > 0
    ]
    if not candidates:
        return None
    whole = max(candidates, key=lambda index: (_value(figures[index]), -index))
    miss = _share_miss(result, numerator, whole, figures)
    return whole if miss is not None and miss <= Decimal(rules.data["attribution"]["share_total_near_miss"]) else None


def _counterpart_whole(numerator: int, phrase: str, figures: Sequence[Attributed], rules: Rules) -> int | None:
    """中位数19536元…相当于平均数的91.5%: the mean of the same metric, the earlier figure named like
    the numerator without 中位数 (attribution.yaml ``counterpart_wholes``)."""
    word = rules.table("attribution", "counterpart_wholes").get(_whole_words(phrase, rules))
    metric = figures[numerator].metric or ""
    if not word or word not in metric:
        return None
    wanted = metric.replace(word, "")
    for index in range(numerator - 1, -1, -1):
        item = figures[index]
        if item.metric == wanted and _same_measure(item, figures[numerator]) and item.role in _LINKABLE:
            return index
    return None


def _claimed_by_larger(
    result: int,
    numerator: int,
    denominator: int,
    figures: Sequence[Attributed],
    rules: Rules,
    scopes: Sequence[str | None],
) -> bool:
    for index in range(denominator + 1, result):
        earlier = figures[index]
        if earlier.role != "share" or earlier.whole_index is not None:
            continue
        other = find_current(index, figures)
        if other is None or other == numerator or not _same_measure(figures[other], figures[numerator]):
            continue
        same_whole = (
            _named_whole(other, earlier.whole_phrase or "", figures, rules, scopes, earlier.share_of) == denominator
        )
        if same_whole and _value(figures[other]) > _value(figures[numerator]):
            return True
    return False


def find_current(result: int, figures: Sequence[Attributed]) -> int | None:
    """The figure a share or change speaks of: the one the share names before 占 (新能源装机占比为19.5%
    after 新能源装机359万千瓦（风电312万千瓦、光伏47万千瓦）), else the nearest earlier one in the sentence."""
    named = _named_subject(result, figures)
    if named is not None:
        return named
    nearest = _nearest_amount(result, figures)
    name = _subject_name(result, figures)
    if nearest is None or not name:
        return nearest
    if _has_namesake(nearest, figures):
        return None  # 对东盟进出口占…: one of a list whose parts the text does not name apart (对其进出口分别为…)
    return _likeliest_named(result, nearest, name, figures)


def _likeliest_named(result: int, nearest: int, name: str, figures: Sequence[Attributed]) -> int | None:
    """The amount of the sentence a share's own words name best, when none names it well enough
    for ``_named_subject``: …纯电动汽车产量51.83万辆，插混汽车产量34.59万辆，纯电动车型占…的60.0% is the
    first (a word in common), not the nearest. When the nearest shares no word with the name and
    another amount of its measure stands in the sentence, the subject is unknown: no numerator
    (…职工医保参保1426.8万人、城乡居民医保参保3435.5万人，职工参保人数占29.3%)."""
    scores = {
        index: _name_score(name, figures[index].metric)
        for index in _sentence_indices(nearest, figures)
        if index <= nearest and _same_measure(figures[index], figures[nearest]) and figures[index].role in _LINKABLE
    }
    best = max(scores, key=lambda index: (scores[index], index))
    if scores[best] > scores[nearest]:
        return best
    return nearest if scores[nearest] > 0 or len(scores) == 1 else None


def _combined_subject(result: int, figures: Sequence[Attributed], rules: Rules) -> bool:
    """Whether a share speaks of several figures together (小麦…，玉米…，两者合计占…: ``combined_words``)."""
    return any(word in figures[result].share_of for word in rules.table("attribution", "combined_words"))


def _subject_name(result: int, figures: Sequence[Attributed]) -> str | None:
    """The words a share writes before 占 (其中对东盟进出口占… -> 对东盟进出口), when they can name a
    figure: at least two characters, no digits."""
    name = _CLAUSE_MARK.split(figures[result].share_of)[-1].strip()
    return None if len(name) < 2 or any(char.isdigit() for char in name) else name


def _has_namesake(index: int, figures: Sequence[Attributed]) -> bool:
    """Whether another amount of the figure's measure in its sentence has its metric (a list the
    text names as one: 对其进出口分别为1021.56亿元、768.40亿元和612.85亿元)."""
    figure = figures[index]
    return any(
        other != index and _same_measure(figures[other], figure) and figures[other].metric == figure.metric
        for other in _sentence_indices(index, figures)
    )


def _sentence_indices(index: int, figures: Sequence[Attributed]) -> Iterator[int]:
    """The indices of the figures of figure ``index``'s sentence (figures are in reading order)."""
    sentence = figures[index].sentence
    start = index
    while start > 0 and figures[start - 1].sentence == sentence:
        start -= 1
    for other in range(start, len(figures)):
        if figures[other].sentence != sentence:
            return
        yield other


def _named_subject(result: int, figures: Sequence[Attributed]) -> int | None:
    """The earlier amount of the sentence whose metric the words a share writes before 占 name
    best (the same name before one that holds it: 新能源装机 before 光伏新能源装机), the nearest of
    those."""
    name = _subject_name(result, figures)
    if name is None:
        return None
    scored: list[tuple[int, int]] = []
    for index in range(result - 1, -1, -1):
        item = figures[index]
        if item.sentence != figures[result].sentence:
            break
        amount = item.quantity.kind in ("count", "money", "quantity") and item.role in _LINKABLE
        if amount and index != figures[result].whole_index and (score := _name_score(name, item.metric)) >= _CONTAINED:
            scored.append((score, index))
    return max(scored)[1] if scored else None


def _nearest_amount(result: int, figures: Sequence[Attributed]) -> int | None:
    sentence = figures[result].sentence
    for index in range(result - 1, -1, -1):
        item = figures[index]
        if item.sentence != sentence:
            return None
        amount = item.quantity.kind in ("count", "money", "quantity") and _linkable(item)
        if amount and index != figures[result].whole_index:
            return index
    return None


def find_increment(result: int, figures: Sequence[Attributed]) -> int | None:
    """The stated increase right before a growth rate (增加105.71万千瓦，增长93.3%): the figure
    just before the rate, in its sentence, a change of the same direction whose label (if the
    rate names one) is the rate's."""
    if result == 0:
        return None
    rate, item = figures[result], figures[result - 1]
    if item.sentence != rate.sentence or item.role != "change" or item.direction != rate.direction:
        return None
    if item.quantity.kind not in ("count", "money", "quantity"):
        return None
    named = _strip_basis(rate.label)
    if named and item.label.strip() and _name_score(named, _strip_basis(item.label)) == 0:
        return None
    return result - 1


def find_changed(increment: int, figures: Sequence[Attributed], rules: Rules) -> int | None:
    """The current value an increase belongs to: an earlier figure of the same measure in the
    sentence, named by the increase's own label when it has one (完成投资比去年同期增加…)."""
    change = figures[increment]
    for index in range(increment - 1, -1, -1):
        item = figures[index]
        if item.sentence != change.sentence:
            return _same_name_before(increment, figures, rules)
        named = not change.label.strip() or _name_score(_strip_basis(change.label), item.metric) > 0
        if _linkable(item) and _same_measure(item, change) and named:
            return index
    return None


def _linkable(item: Attributed) -> bool:
    """A figure a ratio or growth rate may be computed from: an amount in its own right, not the
    base a comparison is made against (比上年同期的39.62万吨增加3.42万吨: 39.62 is last year's)."""
    return item.role in _LINKABLE and not item.compared_base


def _same_name_before(increment: int, figures: Sequence[Attributed], rules: Rules) -> int | None:
    """An increase whose sentence states no current value (“…完成投资增加31.2亿元，增长56.5%” in a
    quote after 完成投资86.4亿元): the nearest earlier exact amount of its measure whose metric is
    exactly the increase's label, or the label without a word for "the number of" (开复工个数 for
    开复工: ``whole_strip_suffix``), within ``_CURRENT_REACH`` sentence spans — a name that only
    overlaps is another quantity."""
    change = figures[increment]
    label = _strip_basis(change.label)
    if len(label) < 2:
        return None
    names = {label, _without_amount_word(label, rules)}
    for index in range(increment - 1, -1, -1):
        item = figures[index]
        if item.sentence < change.sentence - _CURRENT_REACH:
            return None
        if item.metric in names and item.role in _LINKABLE and _same_measure(item, change):
            return index if item.quantity.qualifier == "exact" else None
    return None


def _strip_basis(label: str) -> str:
    return label.strip("，,；; ")


def _named_whole(
    numerator: int,
    phrase: str,
    figures: Sequence[Attributed],
    rules: Rules,
    scopes: Sequence[str | None] = (),
    share_of: str = "",
) -> int | None:
    """The earlier figure of the numerator's measure whose metric the phrase names best; a
    phrase that opens with the candidate's own scope (占全市投资的 for a figure of 乐山市) is
    matched without it.

    The whole is never smaller than the part, nor a part of the part's own whole, nor — for shares
    taken in turn (``share_of`` says 分别) — a value listed beside it that the phrase does not name
    exactly. Among equally good names, a phrase that says
    "total" (总, 全部, 总量; not the 全 of 全市) takes the largest figure, otherwise the figure
    measuring most what the part measures, the nearest of those.
    """
    wanted = _whole_words(phrase, rules)
    bare = _without_amount_word(wanted, rules)
    part = figures[numerator]
    distributive = any(marker in share_of for marker in rules.table("attribution", "distributive_markers"))
    scored: list[tuple[tuple[int, int], int]] = []
    for index in range(numerator - 1, -1, -1):
        item = figures[index]
        if item.role not in _LINKABLE or not _same_measure(item, part) or _value(item) < _value(part):
            continue
        if _siblings(item, part):
            continue
        scope = scopes[index] if index < len(scopes) else None
        if _names_another_place(wanted, scope, rules):
            continue  # 占全市网络零售额的 is no figure of 全省
        metric = _synonyms(item.metric or "", rules)
        full, without = (_name_score(_without_own_scope(name, scope, rules), metric) for name in (wanted, bare))
        if distributive and max(full, without) < _SAME and _listed_together(item, part):
            continue  # 公路客运量…，铁路客运量…，分别占全省客运量的: a list's member only half-named is no whole
        if full or without:  # the better name first; at a tie, the one matching the phrase as written
            scored.append(((max(full, without), full), index))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    finalists = [index for score, index in scored if score == best]
    markers = [m for m in rules.table("attribution", "totality_markers") if m in _without_scope_word(wanted, rules)]
    if markers and not all(any(m in (figures[i].metric or "") for m in markers) for i in finalists):
        return max(finalists, key=lambda index: (_value(figures[index]), -index))
    return max(
        finalists, key=lambda index: (_shared_bigrams(figures[index].metric, part.metric), -abs(index - numerator))
    )


def _listed_together(a: Attributed, b: Attributed) -> bool:
    """Two plain values of one measure in one sentence, neither a total nor a part: members of a
    list (公路客运量12316.8万人次，铁路客运量5128.4万人次…)."""
    return a.sentence == b.sentence and a.role == b.role == "value" and _same_measure(a, b)


def _siblings(a: Attributed, b: Attributed) -> bool:
    """Two parts of one whole (对东盟、欧盟、美国进出口分别为…): neither is the other's whole."""
    return a.role == b.role == "part" and a.parent is not None and a.parent == b.parent


def _without_amount_word(phrase: str, rules: Rules) -> str:
    """The phrase without a trailing word for "amount" (出口总值 -> 出口): its 总 says "value", not "all"."""
    for word in rules.table("attribution", "whole_strip_suffix"):
        if phrase.endswith(word) and len(phrase) > len(word):
            return phrase[: -len(word)]
    return phrase


def _without_scope_word(phrase: str, rules: Rules) -> str:
    """The phrase without a leading collective scope word (全市投资 -> 投资): its 全 says where, not "all"."""
    for word in rules.table("attribution", "scope_levels"):
        if phrase.startswith(word):
            return phrase[len(word) :]
    return phrase


def _shared_bigrams(a: str | None, b: str | None) -> int:
    """How many character bigrams two metrics share: a whole measures what its part measures
    (民间投资完成 is a share of 全社会固定资产投资完成, not of 投资总规模)."""
    if not a or not b:
        return 0
    return len({a[i : i + 2] for i in range(len(a) - 1)} & {b[i : i + 2] for i in range(len(b) - 1)})


def _names_another_place(phrase: str, scope: str | None, rules: Rules) -> bool:
    """Whether the phrase opens with a collective scope word (全市) that is not the figure's
    known place: neither the word itself nor a place of its level (a figure of 全省 for 全市…)."""
    if not scope:
        return False
    for word, level in rules.table("attribution", "scope_levels").items():
        if phrase.startswith(word):
            return scope != word and not scope.endswith(level)
    return False


def _without_own_scope(phrase: str, scope: str | None, rules: Rules) -> str:
    """全市外贸总值 -> 外贸总值 for a figure whose scope is 全市 or a city (…市): the phrase's
    collective scope word names the figure's own place (attribution.yaml ``scope_levels``)."""
    for word, level in rules.table("attribution", "scope_levels").items():
        if phrase.startswith(word) and scope and (scope == word or scope.endswith(level)):
            return phrase[len(word) :]
    return phrase


def names_whole(phrase: str | None, whole: Attributed, rules: Rules) -> bool:
    """Whether a share's whole phrase (占…的) names ``whole``: it names nothing, or one of it and
    the whole's metric contains the other once "all of" and "the total of" are dropped
    (占收购总量的 ~ 已收购新小麦; not 占全州总装机容量的 ~ 清洁能源装机容量)."""
    words = _whole_words(phrase or "", rules)
    for word in rules.table("attribution", "whole_all_words"):
        words = words.removeprefix(word)
    for word in rules.table("attribution", "whole_strip_suffix"):
        words = words.removesuffix(word)
    return not words or _name_score(words, _synonyms(whole.metric or "", rules)) >= _CONTAINED


def says_all(phrase: str | None, rules: Rules) -> bool:
    """Whether a share's whole phrase opens with "all of" (占全部发电量的: ``whole_all_words``)."""
    words = _whole_words(phrase or "", rules)
    return any(words.startswith(word) for word in rules.table("attribution", "whole_all_words"))


def _whole_words(phrase: str, rules: Rules) -> str:
    phrase = phrase.strip().removesuffix("的")
    for word in rules.table("attribution", "whole_strip_prefix"):
        phrase = phrase.removeprefix(word)
    return _synonyms(phrase, rules)


def _synonyms(label: str, rules: Rules) -> str:
    """Rewrite synonyms to one form (全年计划投资 -> 年度计划投资) so that names can be compared."""
    for word, canonical in rules.table("attribution", "metric_synonyms").items():
        label = label.replace(word, canonical)
    return label


def _value(item: Attributed) -> Decimal:
    value = item.quantity.value
    return value if isinstance(value, Decimal) else Decimal(0)


@cache
def _rates(rules: Rules) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    rows = rules.table("attribution", "rates")
    ordered = sorted(rows, key=lambda row: -len(row["name"]))
    return tuple((row["name"], tuple(row["numerator"]), tuple(row["denominator"])) for row in ordered)


def _rate_pair(result: int, figures: Sequence[Attributed], rules: Rules) -> tuple[int, int] | None:
    metric = figures[result].metric or ""
    for name, numerator_words, denominator_words in _rates(rules):
        if not metric.endswith(name):
            continue
        numerator = _nearest_named(result, figures, numerator_words, same_as=None)
        if numerator is None:
            return None
        if denominator_words == (_TOTAL,):
            denominator = _total_before(numerator, figures)
        else:
            denominator = _nearest_named(result, figures, denominator_words, same_as=numerator)
        return (numerator, denominator) if denominator is not None and denominator != numerator else None
    return None


def _nearest_named(
    before: int, figures: Sequence[Attributed], words: tuple[str, ...], same_as: int | None
) -> int | None:
    """The nearest earlier figure (within two sentences) whose metric contains one of ``words``,
    trying the words in order of preference."""
    floor = figures[before].sentence - 2
    for word in words:
        for index in range(before - 1, -1, -1):
            item = figures[index]
            if item.sentence < floor:
                break
            if item.role not in _LINKABLE or item.role == "part" or item.quantity.kind in ("percent", "date", "period"):
                continue
            if same_as is not None and not _same_measure(item, figures[same_as]):
                continue
            if word in (item.metric or ""):
                return index
    return None


def _total_before(numerator: int, figures: Sequence[Attributed]) -> int | None:
    """The nearest earlier figure of the same measure that is not a part: the whole of a rate."""
    for index in range(numerator - 1, -1, -1):
        item = figures[index]
        whole_like = item.role in ("value", "total", "target") and _same_measure(item, figures[numerator])
        if whole_like and _value(item) >= _value(figures[numerator]):
            return index
    return None


def _same_measure(a: Attributed, b: Attributed) -> bool:
    return a.quantity.kind == b.quantity.kind and a.quantity.unit == b.quantity.unit


def _name_score(phrase: str, metric: str | None) -> int:
    """How well ``phrase`` (from 占…的) names ``metric``: 3 when they are the same, 2 when one
    contains the other, 1 when they share at least half of the phrase's character bigrams, else 0."""
    if not phrase or not metric:
        return 0
    if phrase == metric:
        return _SAME
    if phrase in metric or metric in phrase:
        return 2
    wanted = {phrase[i : i + 2] for i in range(len(phrase) - 1)}
    have = {metric[i : i + 2] for i in range(len(metric) - 1)}
    return 1 if wanted and len(wanted & have) * 2 >= len(wanted) else 0
