"""Scaling benchmark for hostile input (run by hand; the table goes in the README).

    PYTHONPATH=$PWD python benchmarks/scaling.py [--family NAME ...] [--scale 1.0] [--budget 30]
    PYTHONPATH=$PWD python benchmarks/scaling.py --patterns [--family NAME ...]

For each adversarial family — a long line with no punctuation, digit runs, 百分之 repeated, nested
and broken HTML, runs of 万/亿, spaces between digits, pinyin-like parentheses, ``|``-separated
place names … — it times :func:`extractor.pipeline.extract` on inputs of n, 2n, 4n and 8n units
and prints the ratio of successive times. Linear work doubles with the input (ratio ≈ 2); a
family whose ratio exceeds :data:`SUPERLINEAR` is flagged. No regex may backtrack
catastrophically, and no loop may re-scan the text per figure: this shows it where a timed unit
test could not (machines differ; ratios do not).

``--patterns`` times every compiled regex of the package (rules and code) with ``finditer`` over
each family's text at n and 8n — the worst use of a pattern, since a scan retries it at every
position — and lists those whose per-doubling ratio exceeds :data:`SUPERLINEAR`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUPERLINEAR = 2.5  # a doubling ratio above this is more than linear work plus noise
NOISE_FLOOR = 0.02  # seconds: a time this small says nothing about growth
SIZES = (1, 2, 4, 8)


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    description: str
    build: Callable[[int], str]
    base: int  # n: units at the smallest size


def _repeat(unit: str, before: str = "", after: str = "") -> Callable[[int], str]:
    return lambda n: before + unit * n + after


def _nested(opening: str, closing: str, inner: str) -> Callable[[int], str]:
    return lambda n: opening * n + inner + closing * n


FAMILIES = (
    Family("no_punctuation_line", "项目建设提速增效 × n, one line", _repeat("项目建设提速增效"), 2_500),
    Family("digit_run", "1 × n", _repeat("1"), 20_000),
    Family("digit_run_unit", "投资 9 × n 亿元", _repeat("9", "投资", "亿元"), 20_000),
    Family("baifenzhi", "百分之 × n", _repeat("百分之"), 1_000),
    Family("nested_html", "<div> × n 投资5亿元 </div> × n", _nested("<div>", "</div>", "投资5亿元"), 2_000),
    Family("broken_html", "<div <p <a href=' × n", _repeat("<div <p <a href='", after="投资5亿元"), 2_000),
    Family("wan_run", "5 万 × n 元", _repeat("万", "投资5", "元"), 5_000),
    Family("wanyi_run", "万亿 × n", _repeat("万亿"), 5_000),
    Family("spaced_digits", "'1 ' × n 亿元", _repeat("1 ", after="亿元"), 500),
    Family("pinyin_parentheses", "設(shè) × n", _repeat("設(shè)", after="投资5亿元"), 2_000),
    Family("place_pipes", "大庆市| × n, one line", _repeat("大庆市|"), 2_000),
    Family(
        "link_list_lines",
        "大庆|哈尔滨|齐齐哈尔|牡丹江|佳木斯 × n lines",
        _repeat("大庆|哈尔滨|齐齐哈尔|牡丹江|佳木斯\n"),
        500,
    ),
    Family("spaces", "' ' × n 投资5亿元", _repeat(" ", after="投资5亿元"), 20_000),
    Family("blank_lines", "'\\n' × n 投资5亿元", _repeat("\n", after="投资5亿元"), 20_000),
    Family("nested_parentheses", "（ × n 投资5亿元 ） × n", _nested("（", "）", "投资5亿元"), 5_000),
    Family("entities", "&nbsp&lt&#x × n (no semicolons)", _repeat("&nbsp&lt&#x", after="投资5亿元"), 2_000),
    Family("reporter_openings", "（记者 王明  × n, never closed", _repeat("（记者 王明 ", after="投资5亿元"), 1_000),
    Family(
        "base64_blob",
        "a data: URI, iVBORw0KGgo… × n",
        _repeat("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ", '<img src="data:image/png;base64,', '">投资5亿元'),
        500,
    ),
    Family("replacement_chars", "U+FFFD × n", _repeat("\ufffd", after="投资5亿元"), 20_000),
    Family("mojibake", "增加!笔邪l × n", _repeat("增加!笔邪l"), 1_000),
    Family("dates", "2021年 × n", _repeat("2021年"), 500),
    Family("figures_one_sentence", "大庆市新建项目5个、 × n", _repeat("大庆市新建项目5个、"), 300),
    Family("figure_paragraphs", "大庆市新建项目5个。↵ × n", _repeat("大庆市新建项目5个。\n"), 300),
    Family(
        "partition_lists",
        "第一产业增加值1亿元；第二产业增加值2亿元；第三产业增加值3亿元。 × n, one paragraph",
        _repeat("第一产业增加值1亿元；第二产业增加值2亿元；第三产业增加值3亿元。", "地区生产总值6亿元。"),
        100,
    ),
    Family(
        "company_paragraphs",
        "华为公司签约。↵ × n, 新建项目5个。",
        _repeat("华为公司签约。\n", after="新建项目5个。"),
        500,
    ),
    Family(
        "article_sentences",
        "全市新建项目210个，总投资1528.2亿元。 × n",
        _repeat("全市新建项目210个，总投资1528.2亿元。"),
        200,
    ),
)


def best_time(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def doubling_ratios(times: list[float]) -> list[float | None]:
    """t(2n)/t(n) for each step, or None where the smaller time is below the noise floor."""
    return [b / a if a >= NOISE_FLOOR else None for a, b in pairwise(times)]


def per_doubling(times: list[float]) -> float | None:
    """The growth per doubling over the whole range, (t(8n) / t(n)) ** (1/3): one noisy step (a
    garbage collection, a cache filling) moves it little, quadratic work makes it 4."""
    if len(times) < len(SIZES) or times[0] < NOISE_FLOOR:
        return None
    return float((times[-1] / times[0]) ** (1 / (len(SIZES) - 1)))


def time_family(family: Family, scale: float, budget: float) -> tuple[list[int], list[float]]:
    from extractor.pipeline import extract

    lengths, times = [], []
    for factor in SIZES:
        text = family.build(max(1, int(family.base * scale)) * factor)
        repeats = 3 if not times or times[-1] < 1.0 else 1
        lengths.append(len(text))
        times.append(best_time(lambda text=text: extract(text), repeats))  # type: ignore[misc]
        if times[-1] > budget:
            break
    return lengths, times


def verdict(growth: float | None, complete: bool) -> str:
    if not complete:
        return "TOO SLOW (stopped)"
    if growth is None:
        return "below noise floor"
    return "SUPERLINEAR" if growth > SUPERLINEAR else "linear"


def run_pipeline(families: list[Family], scale: float, budget: float) -> int:
    header = f"{'family':22s} {'chars at 8n':>11s} {'t(n) s':>8s} {'t(2n)':>8s} {'t(4n)':>8s} {'t(8n)':>8s}"
    print(f"{header}  {'step ratios':18s} per doubling")
    flagged = 0
    for family in families:
        lengths, times = time_family(family, scale, budget)
        ratios = doubling_ratios(times)
        shown = " ".join("  -- " if r is None else f"{r:5.2f}" for r in ratios)
        cells = " ".join(f"{t:8.3f}" for t in times) + " " * 9 * (len(SIZES) - len(times))
        growth = per_doubling(times)
        result = verdict(growth, len(times) == len(SIZES))
        flagged += result not in ("linear", "below noise floor")
        overall = "  -- " if growth is None else f"{growth:5.2f}"
        print(f"{family.name:22s} {lengths[-1]:11d} {cells}  {shown:18s} {overall}  {result}", flush=True)
    print(f"\n{flagged} famil{'y' if flagged == 1 else 'ies'} flagged (growth per doubling > {SUPERLINEAR})")
    return 1 if flagged else 0


_COMPILED: dict[tuple[str, int], Any] = {}


def record_compiled_patterns() -> None:
    """From now on, keep every pattern ``regex.compile`` returns (install before the package is
    imported, so that its module-level patterns are caught too)."""
    import regex

    original = regex.compile

    def recording(pattern: Any, flags: int = 0, *args: Any, **kwargs: Any) -> Any:
        compiled = original(pattern, flags, *args, **kwargs)
        _COMPILED[(compiled.pattern, compiled.flags)] = compiled
        return compiled

    regex.compile = recording


def compiled_patterns() -> list[Any]:
    """Every regex the package compiled: its rules, and those the pipeline built or used over
    each family once."""
    from extractor.pipeline import extract
    from extractor.rules import _compile_all, load_rules

    _compile_all(load_rules())
    for family in FAMILIES:
        extract(family.build(10))
    return list(_COMPILED.values())


def run_patterns(families: list[Family], scale: float) -> int:
    patterns = compiled_patterns()
    print(f"{len(patterns)} compiled patterns x {len(families)} families (finditer over n and 8n units)")
    worst: list[tuple[float, float, str, str]] = []
    for family in families:
        small = family.build(max(1, int(family.base * scale)))
        large = family.build(max(1, int(family.base * scale)) * SIZES[-1])
        for pattern in patterns:
            times = [best_time(lambda p=pattern, t=text: sum(1 for _ in p.finditer(t)), 3) for text in (small, large)]
            if times[1] < NOISE_FLOOR:
                continue
            per_doubling = (times[1] / max(times[0], 1e-6)) ** (1 / 3)
            worst.append((per_doubling, times[1], family.name, pattern.pattern))
    worst.sort(reverse=True)
    flagged = [w for w in worst if w[0] > SUPERLINEAR]
    for ratio, seconds, name, source in worst[:15]:
        mark = "SUPERLINEAR" if ratio > SUPERLINEAR else ""
        print(f"{ratio:5.2f} {seconds:7.3f}s {name:22s} {source[:90]!r} {mark}")
    print(
        f"\n{len(flagged)} pattern/family pairs flagged (per-doubling ratio > {SUPERLINEAR}); {len(worst)} measurable"
    )
    return 1 if flagged else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", action="append", choices=[f.name for f in FAMILIES], help="only these families")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every family's n (default 1)")
    parser.add_argument("--budget", type=float, default=30.0, help="stop a family after a run this long (s)")
    parser.add_argument("--patterns", action="store_true", help="time each compiled regex instead of the pipeline")
    args = parser.parse_args(argv)
    if args.patterns:
        record_compiled_patterns()
    import jieba

    jieba.setLogLevel(40)
    families = [f for f in FAMILIES if not args.family or f.name in args.family]
    from extractor.pipeline import extract

    extract("预热：全市新建项目210个，大庆市总投资1528.2亿元。")  # load jieba and compile the rules first
    if args.patterns:
        return run_patterns(families, args.scale)
    return run_pipeline(families, args.scale, args.budget)


if __name__ == "__main__":
    raise SystemExit(main())
