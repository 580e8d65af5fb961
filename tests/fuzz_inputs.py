"""What the pipeline property tests and the fuzz benchmark (``benchmarks/fuzz.py``) feed the
pipeline, and what they require of every result.

Inputs are news-shaped: fragments of government and newspaper prose, Arabic and Chinese
numerals, units, qualifiers, dates, punctuation, page furniture, and noise (HTML tags and
entities, full-width characters, control and zero-width characters, pinyin glosses, byte-drop
mojibake, arbitrary Unicode); and real sentences of ``corpus/`` with such pieces spliced in.
The suite and the benchmark share these strategies; only the example budget differs, and it
is set here, in one place.

:func:`violations` lists every property an article breaks; an empty list is a pass.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import regex
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from extractor.errors import Code
from extractor.output import article_to_dict, to_jsonl_line
from extractor.records import Article

#: Examples per property test in the suite (fast), and the default of the fuzz benchmark.
SUITE_EXAMPLES = 300
FUZZ_EXAMPLES = 100_000


def budget(examples: int) -> settings:
    """Hypothesis settings for ``examples`` inputs: no deadline (the first call loads jieba),
    no example database, no health check about slow or large generation."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


SUITE = budget(SUITE_EXAMPLES)

# ---------------------------------------------------------------- the pieces of an input

NEWS_FRAGMENTS = (
    "全市已落实投资",
    "重点项目",
    "其中新建",
    "、续建",
    "，总投资",
    "年度计划投资",
    "已开复工",
    "开复工率",
    "完成投资",
    "同比增长",
    "同比下降",
    "比上年增加",
    "比去年同期减少",
    "环比",
    "占全省的",
    "占比",
    "合计",
    "共计",
    "分别为",
    "分别增长",
    "依次为",
    "分项看，",
    "按产业划分，",
    "从结构看，",
    "第一产业增加值",
    "居全省第",
    "位",
    "规模以上工业增加值",
    "地区生产总值",
    "社会消费品零售总额",
    "进出口总额",
    "粮食总产量",
    "城镇新增就业",
    "人民币",
    "截至",
    "截止到",
    "为止",
    "以来",
    "今年以来",
    "十四五",
    "一期工程",
    "一大批",
    "5G",
    "12345热线",
    "该项目",
    "大庆市",
    "黑龙江省哈尔滨市南岗区",
    "全省",
    "各出资企业",
    "施工人员",
    "压桩机",
    "记者从市发改委获悉，",
    "(记者 赵龙)",
    "（责编：王思迪、王艳）",
    "来源:大庆日报",
    "本报讯",
    "通讯员 王某",
    "分享到",
    "打印本页",
    "浏阳市| 隆安县| 句容市| 大城县| 永泰县|",
    "2021年05月28日08:28",
    "发布时间：2021-05-28 08:28:00",
)
TRADITIONAL_FRAGMENTS = ("總投資", "億元", "萬元", "個", "項目建設", "開復工", "續建", "增長", "產業", "臺")
GLOSS_FRAGMENTS = ("設(shè)", "發(fā)", "開復(fù)工", "產(chǎn)業(yè)", "區(qū)", "(xù)", "(ā)", "（zhèn）")
MOJIBAKE_FRAGMENTS = ("!笔邪l(fā)改委", "個!笔邪l", "!€", "\ufffd\ufffd", "锟斤拷")
UNITS = (
    "个",
    "项",
    "家",
    "名",
    "人",
    "台",
    "套",
    "户",
    "人次",
    "元",
    "万元",
    "亿元",
    "万亿元",
    "美元",
    "亿美元",
    "港元",
    "欧元",
    "%",
    "％",
    "‰",
    "个百分点",
    "成",
    "倍",
    "番",
    "吨",
    "万吨",
    "立方米",
    "平方米",
    "亩",
    "公里",
    "km",
    "千瓦",
    "千瓦时",
    "件",
    "个月",
    "年",
    "月",
    "日",
    "号",
    "季度",
    "万",
    "亿",
    "千",
    "百",
)
QUALIFIERS = (
    "约",
    "近",
    "超过",
    "逾",
    "多",
    "余",
    "以上",
    "以下",
    "左右",
    "不到",
    "不少于",
    "不超过",
    "大于",
    "小于",
    "达",
)
DATES = (
    "2021年5月20日",
    "5月20日",
    "4月21日",
    "1-10月",
    "1—10月",
    "1至4月",
    "前三季度",
    "一季度",
    "上半年",
    "下半年",
    "今年",
    "去年",
    "昨日",
    "上周一",
    "2016—2020年",
    "上世纪90年代",
    "21年5月",
    "二〇二一年五月二十日",
    "2021-05-28",
    "2021/5/28",
    "9月底",
    "年初",
    "中旬",
    "0年0月0日",
    "9999年99月99日",
    "2019年2月29日",
    "2021年13月32日",
    "99年",
    "8月至2月",
)
PUNCTUATION = tuple("，。；：、（）()—-－～~/|｜!！…“”‘’《》【】.．,;:?？ \n\t\r+")
MARKUP = (
    "<p>",
    "</p>",
    "<div class='x'>",
    "</div>",
    "<br/>",
    "<b>",
    "</b>",
    "<!-- note -->",
    '<a href="http://example.com/?a=1&b=2">',
    "&nbsp;",
    "&amp;",
    "&#20013;",
    "&#x56fd;",
    "&#99999999;",
    "&bogus;",
    "&#65297;",
    "<",
    ">",
)
INVISIBLE = ("\x00", "\x01", "\x07", "\x1b", "\x1f", "\x7f", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\x85")
FULLWIDTH = ("１", "２", "０", "９", "．", "％", "，", "　", "＋", "－", "Ａ", "ｋｍ")
HAN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟半几数"


# ---------------------------------------------------------------- strategies


def arabic_numbers() -> st.SearchStrategy[str]:
    """Digits as news writes them and as it should not: 387, 1528.2, 8,694, 27 902.63, 0.0, 1e5, 000."""
    integer = st.integers(min_value=0, max_value=10**30).map(str)
    decimal = st.one_of(
        *(st.decimals(min_value=0, max_value=10**12, places=places).map(lambda d: f"{d:f}") for places in (1, 2, 4))
    )
    grouped = st.integers(min_value=1000, max_value=10**15).map(lambda n: f"{n:,}")
    spaced = st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}".replace(",", " "))
    odd = st.sampled_from(("1e5", "1E+999", "0.", ".5", "1..2", "3-5", "3～5", "10/3", "1:2", "1,2,3", "007"))
    return st.one_of(integer, decimal, grouped, spaced, odd)


def han_numbers() -> st.SearchStrategy[str]:
    """Chinese numerals, well formed or not: 三百八十七, 一千零五, 两万, 十几, 亿亿亿, 点点."""
    well_formed = st.sampled_from(
        ("三百八十七", "一千零五", "两万", "十几", "一半", "三成", "百分之五", "翻一番", "一亿二千万")
    )
    shuffled = st.text(alphabet=HAN_NUMERAL_CHARS, min_size=1, max_size=12)
    return st.one_of(well_formed, shuffled)


def figures() -> st.SearchStrategy[str]:
    """A qualifier, a number, a unit, a trailing qualifier, each optional but the number."""
    maybe = st.sampled_from(("", *QUALIFIERS))
    number = st.one_of(arabic_numbers(), han_numbers())
    unit = st.sampled_from(("", *UNITS))
    return st.tuples(maybe, number, unit, maybe).map("".join)


def noise() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(MARKUP),
        st.sampled_from(INVISIBLE),
        st.sampled_from(FULLWIDTH),
        st.sampled_from(GLOSS_FRAGMENTS),
        st.sampled_from(MOJIBAKE_FRAGMENTS),
        st.text(max_size=8),
    )


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NEWS_FRAGMENTS),
        st.sampled_from(TRADITIONAL_FRAGMENTS),
        figures(),
        st.sampled_from(DATES),
        st.sampled_from(PUNCTUATION),
        noise(),
    )


def news_texts(max_pieces: int = 24) -> st.SearchStrategy[str]:
    """Texts glued together from :func:`pieces`."""
    return st.lists(pieces(), max_size=max_pieces).map("".join)


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@cache
def corpus_sentences() -> tuple[str, ...]:
    """The sentences of the project's gold articles (``corpus/``), dirty as they were scraped."""
    texts = [json.loads(path.read_text(encoding="utf-8"))["text"] for path in sorted(CORPUS.glob("*.json"))]
    return tuple(sentence for text in texts for sentence in regex.split(r"(?<=[。！？\n])", text) if sentence.strip())


def _splice(sentence: str, where: float, piece: str) -> str:
    at = int(where * len(sentence))
    return sentence[:at] + piece + sentence[at:]


def mutated_sentences(max_sentences: int = 4) -> st.SearchStrategy[str]:
    """Runs of real sentences, each with a piece (a figure, noise, a fragment) spliced in."""
    spliced = st.tuples(st.sampled_from(corpus_sentences()), st.floats(0, 1), st.one_of(st.just(""), pieces()))
    sentence = spliced.map(lambda parts: _splice(*parts))
    return st.lists(sentence, min_size=1, max_size=max_sentences).map("".join)


def publication_dates() -> st.SearchStrategy[str | None]:
    good = st.dates().map(lambda day: day.isoformat())
    return st.one_of(st.none(), good, st.sampled_from(("2021-05-28T08:28", "2021-13-45", "", "昨天", "0000-00-00")))


# ---------------------------------------------------------------- the properties


def violations(text: str, article: Article) -> list[str]:
    """Every property ``article`` (extracted from ``text``) breaks, described; [] when none."""
    return [
        *_internal_error(article),
        *_span_violations(text, article),
        *_value_violations(article),
        *_reference_violations(article),
        *_output_violations(article),
    ]


def _internal_error(article: Article) -> Iterator[str]:
    if article.error is not None and article.error.code == Code.E_INTERNAL.value:
        yield f"internal error: {article.error.message}"


def _span_violations(text: str, article: Article) -> Iterator[str]:
    for figure in article.figures:
        if not 0 <= figure.start <= figure.end <= len(text):
            yield f"{figure.id} span {figure.start}:{figure.end} outside the input"
        elif text[figure.start : figure.end] != figure.text:
            yield f"{figure.id} text {figure.text!r} is not input[{figure.start}:{figure.end}]"
        first, last = figure.sentence_start, figure.sentence_end
        if first is not None and last is not None and not 0 <= first <= figure.start <= figure.end <= last <= len(text):
            yield f"{figure.id} sentence {first}:{last} does not hold it"
    for notice in article.warnings:
        if notice.start is not None and notice.end is not None and not 0 <= notice.start <= notice.end <= len(text):
            yield f"warning {notice.code} span {notice.start}:{notice.end} outside the input"
    for check in article.checks:
        if check.start is None or check.end is None:
            continue
        if not 0 <= check.start <= check.end <= len(text) or text[check.start : check.end] != check.context:
            yield f"{check.id} context span {check.start}:{check.end} does not map to the input"


def _value_violations(article: Article) -> Iterator[str]:
    for figure in article.figures:
        for field in ("value", "high", "canonical_value", "precision"):
            value = getattr(figure, field)
            if isinstance(value, Decimal) and not value.is_finite():
                yield f"{figure.id} {field} is {value}"
    for check in article.checks:
        for field in ("stated", "computed", "tolerance"):
            value = getattr(check, field)
            if isinstance(value, Decimal) and not value.is_finite():
                yield f"{check.id} {field} is {value}"


def _reference_violations(article: Article) -> Iterator[str]:
    figure_ids = [figure.id for figure in article.figures]
    check_ids = [check.id for check in article.checks]
    for kind, ids in (("figure", figure_ids), ("check", check_ids)):
        if len(set(ids)) != len(ids):
            yield f"{kind} ids are not unique: {ids}"
    known = set(figure_ids)
    for figure in article.figures:
        if figure.parent is not None and figure.parent not in known:
            yield f"{figure.id} parent {figure.parent} is no figure"
    for check in article.checks:
        referenced = {*check.figures, *(i for _, ids in check.roles for i in ids)}
        if referenced - known:
            yield f"{check.id} references {sorted(referenced - known)}, no figures"
        if {i for _, ids in check.roles for i in ids} - set(check.figures):
            yield f"{check.id} roles name figures its figure list lacks"


def _output_violations(article: Article) -> Iterator[str]:
    try:
        json.dumps(article_to_dict(article), allow_nan=False)
        line = to_jsonl_line(article)
    except (TypeError, ValueError, ArithmeticError) as exc:
        yield f"output is not JSON: {exc}"
        return
    if "\n" in line:
        yield "a JSONL record spans more than one line"
    elif len(json.loads(line)["figures"]) != len(article.figures):
        yield "the JSONL record lost figures"
