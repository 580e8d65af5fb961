"""Noise parity: figure recall on seed-style dirty variants of gold articles against the clean ones.

    python benchmarks/noise_parity.py                       # ../shared/devset, seeds 0 1 2
    python benchmarks/noise_parity.py corpus --seeds 0 1 2 3 4
    python benchmarks/noise_parity.py --json

Each gold article is made dirty by :func:`extractor.noise.noisy_gold` (traditional characters,
pinyin glosses, a GBK byte-drop quote, header, byline, SEO tail, furniture) with each seed, its
gold figures moved to the dirty text. Both variants are run through the pipeline the way
``newsfig eval`` runs them and scored by :func:`extractor.evaluate.score`. Before scoring, every
dirty gold figure is validated: its surface is the dirty text at its offsets, and cleaning that
surface gives what cleaning the clean surface gives (the gold may itself be dirty). Exit status
1 when a dirty gold is invalid or dirty recall falls more than ``--max-gap`` points below clean
recall.

The gold sets are read where they are (``../shared/devset`` by default), never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the checkout this file is in, not an installed copy

from extractor.clean import clean  # noqa: E402
from extractor.evaluate import EvalReport, parse_gold_article, score  # noqa: E402
from extractor.noise import noisy_gold, read_articles  # noqa: E402
from extractor.output import article_to_dict  # noqa: E402
from extractor.pipeline import extract  # noqa: E402

DEFAULT_SET = REPO.parent / "shared" / "devset"
MAX_GAP_POINTS = 2.0

Record = Mapping[str, Any]


@dataclass
class Scores:
    """The figure scores of one variant, and the structure measures that ride along."""

    precision: float
    recall: float
    f1: float
    metric_agreement: float | None
    relation_recall: float | None

    @classmethod
    def of(cls, report: EvalReport) -> Scores:
        figures = report.figures_overall
        return cls(
            round(figures.precision, 4),
            round(figures.recall, 4),
            round(figures.f1, 4),
            _rounded(report.metric_agreement.rate),
            _rounded(report.relations_overall.recall),
        )


@dataclass
class ParityResult:
    articles: int
    seeds: list[int]
    clean: Scores
    dirty: list[Scores]
    invalid_gold: list[str] = field(default_factory=list)

    @property
    def worst_recall_gap(self) -> float:
        """Clean recall minus the lowest dirty recall, in points."""
        return round(100 * (self.clean.recall - min(scores.recall for scores in self.dirty)), 2)

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "seeds": self.seeds,
            "clean": vars(self.clean),
            "dirty": [{"seed": seed, **vars(s)} for seed, s in zip(self.seeds, self.dirty, strict=True)],
            "worst_recall_gap_points": self.worst_recall_gap,
            "invalid_gold": self.invalid_gold,
        }


def gold_problems(clean_record: Record, dirty_record: Record) -> list[str]:
    """Why the dirty gold no longer selects the clean gold's figures; [] when it does."""
    problems = []
    text = dirty_record["text"]
    for index, (before, after) in enumerate(zip(clean_record["figures"], dirty_record["figures"], strict=True)):
        where = f"{dirty_record['id']} figure {index}"
        if text[after["start"] : after["end"]] != after["surface"]:
            problems.append(f"{where}: surface {after['surface']!r} is not the text at its offsets")
        elif clean(after["surface"]).text != clean(before["surface"]).text:
            problems.append(f"{where}: {after['surface']!r} cleans to {clean(after['surface']).text!r}")
        if any(after[key] != before[key] for key in ("kind", "value", "unit", "qualifier")):
            problems.append(f"{where}: kind, value, unit or qualifier changed")
    return problems


def evaluate(records: Sequence[Record]) -> EvalReport:
    """The records scored as ``newsfig eval`` scores gold files."""
    gold = [parse_gold_article(record) for record in records]
    predicted = {
        article.id: article_to_dict(extract(article.text, article.published, article.title, id=article.id))
        for article in gold
    }
    return score(gold, predicted)


def parity(records: Sequence[Record], seeds: Iterable[int]) -> ParityResult:
    seeds = list(seeds)
    result = ParityResult(len(records), seeds, Scores.of(evaluate(records)), [])
    for seed in seeds:
        dirty = [noisy_gold(record, seed) for record in records]
        for before, after in zip(records, dirty, strict=True):
            result.invalid_gold += gold_problems(before, after)
        result.dirty.append(Scores.of(evaluate(dirty)))
    return result


def print_result(result: ParityResult) -> None:
    print(f"articles {result.articles}, seeds {result.seeds}")
    print(f"{'variant':<14}{'P':>8}{'R':>8}{'F1':>8}{'metric':>9}{'relations':>11}")
    rows = [("clean", result.clean), *((f"dirty seed {s}", d) for s, d in zip(result.seeds, result.dirty, strict=True))]
    for name, s in rows:
        print(
            f"{name:<14}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}"
            f"{_rate(s.metric_agreement):>9}{_rate(s.relation_recall):>11}"
        )
    print(f"worst recall gap: {result.worst_recall_gap} points")
    for problem in result.invalid_gold:
        print(f"invalid dirty gold: {problem}")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="*", default=[str(DEFAULT_SET)], help="gold .json files or directories")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="noise seeds (default 0 1 2)")
    parser.add_argument("--max-gap", type=float, default=MAX_GAP_POINTS, help="allowed recall gap in points")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = parity(list(read_articles(args.gold)), args.seeds)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        print_result(result)
    return 1 if result.invalid_gold or result.worst_recall_gap > args.max_gap else 0


if __name__ == "__main__":
    raise SystemExit(main())
