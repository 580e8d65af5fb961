"""The consistency checker measured on gold articles: relation recall, injected errors, false alarms.

    python benchmarks/checks.py                       # ../shared/devset and corpus/
    python benchmarks/checks.py corpus --misses       # and list what was not found or not detected
    python benchmarks/checks.py --json

- relation recall: gold relations found by a check of the same kind over exactly the matched
  figures, with the gold status (FORMAT.md, "How the evaluation matches").
- injected errors: for every consistent gold relation and every figure in it written with Arabic
  digits, the last digit of that figure is changed in the text (7 -> 8, 9 -> 8) and the article
  run again; the error is detected when an inconsistent check involves the figure at that span.
- false alarms: inconsistent checks on the unmodified articles that no inconsistent gold
  relation accounts for, per 20 articles.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractor.evaluate import GoldArticle, GoldFigure, load_gold, score
from extractor.output import article_to_dict
from extractor.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SETS = (REPO.parent / "shared" / "devset", REPO / "corpus")


@dataclass
class Injection:
    doc_id: str
    relation: str
    surface: str
    changed: str
    detected: bool


@dataclass
class SetResult:
    name: str
    articles: int
    relations: int
    found: int
    false_alarms: int
    injections: list[Injection] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def detected(self) -> int:
        return sum(i.detected for i in self.injections)

    def to_dict(self) -> dict[str, object]:
        return {
            "set": self.name,
            "articles": self.articles,
            "relation_recall": _rate(self.found, self.relations),
            "relations": self.relations,
            "relations_found": self.found,
            "injected": len(self.injections),
            "injected_detected": self.detected,
            "injected_detection_rate": _rate(self.detected, len(self.injections)),
            "false_alarms": self.false_alarms,
            "false_alarms_per_20_articles": _rate(20 * self.false_alarms, self.articles),
        }


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _run(article: GoldArticle, text: str | None = None) -> dict[str, object]:
    result = extract(text or article.text, article.published, article.title, id=article.id)
    return article_to_dict(result)


def changed_digit(surface: str) -> tuple[int, str] | None:
    """The offset in ``surface`` of its last Arabic digit and the digit it becomes.

    >>> changed_digit("77.3%"), changed_digit("1528.2亿元"), changed_digit("三成")
    ((3, '4'), (5, '3'), None)
    >>> changed_digit("19个")
    (1, '8')
    """
    for offset in range(len(surface) - 1, -1, -1):
        char = surface[offset]
        if "0" <= char <= "9":
            return offset, "8" if char == "9" else str(int(char) + 1)
    return None


def _detects(record: dict[str, object], figure: GoldFigure) -> bool:
    figures = [f for f in record["figures"] if f["start"] < figure.end and figure.start < f["end"]]  # type: ignore[index,union-attr]
    ids = {f["id"] for f in figures}
    return any(c["status"] == "inconsistent" and ids & set(c["figures"]) for c in record["checks"])  # type: ignore[union-attr]


def inject(article: GoldArticle) -> Iterable[Injection]:
    """One variant per (consistent relation, figure with a digit) of the article."""
    for number, relation in enumerate(article.relations):
        if relation.status != "consistent":
            continue
        for index in sorted(relation.figure_indices):
            figure = article.figures[index]
            change = changed_digit(figure.surface)
            if change is None:
                continue
            at, digit = change
            position = figure.start + at
            text = article.text[:position] + digit + article.text[position + 1 :]
            changed = figure.surface[:at] + digit + figure.surface[at + 1 :]
            detected = _detects(_run(article, text), figure)
            yield Injection(article.id, f"{relation.kind}#{number}", figure.surface, changed, detected)


def measure(name: str, articles: Sequence[GoldArticle], with_injections: bool = True) -> SetResult:
    predicted = {article.id: _run(article) for article in articles}
    report = score(articles, predicted).to_dict()
    overall = report["relations"]["overall"]  # type: ignore[index]
    result = SetResult(
        name=name,
        articles=len(articles),
        relations=overall["gold"],  # type: ignore[index]
        found=overall["found"],  # type: ignore[index]
        false_alarms=report["false_alarms"]["count"],  # type: ignore[index]
    )
    if with_injections:
        for article in articles:
            result.injections.extend(inject(article))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="gold directories (default: ../shared/devset and corpus)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list injected errors not detected")
    parser.add_argument("--no-inject", action="store_true", help="skip the injected-error runs")
    args = parser.parse_args(argv)
    sets = [Path(s) for s in args.sets] or [p for p in DEFAULT_SETS if p.exists()]
    results = [measure(str(path), load_gold([path]), not args.no_inject) for path in sets]
    if args.json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1))
    else:
        _print_table(results)
    if args.misses:
        for result in results:
            for item in result.injections:
                if not item.detected:
                    print(f"  not detected  {item.doc_id} {item.relation}: {item.surface} -> {item.changed}")
    return 0


def _print_table(results: Sequence[SetResult]) -> None:
    header = f"{'set':<32}{'articles':>9}{'relation recall':>20}{'injected detected':>22}{'false alarms/20':>17}"
    print(header)
    print("-" * len(header))
    for r in results:
        d = r.to_dict()
        recall = f"{d['relation_recall']} ({r.found}/{r.relations})"
        injected = f"{d['injected_detection_rate']} ({r.detected}/{len(r.injections)})"
        print(f"{r.name[-32:]:<32}{r.articles:>9}{recall:>20}{injected:>22}{d['false_alarms_per_20_articles']!s:>17}")


if __name__ == "__main__":
    sys.exit(main())
