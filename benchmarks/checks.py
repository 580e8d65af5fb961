"""The consistency checker measured on gold articles: relation recall, injected errors, false alarms.

    python benchmarks/checks.py                       # ../shared/devset and corpus/
    python benchmarks/checks.py corpus --misses       # and list what was not found or not detected
    python benchmarks/checks.py --json

- relation recall: gold relations found by a check of the same kind over exactly the matched
  figures, with the gold status (FORMAT.md, "How the evaluation matches").
- injected errors: for every consistent gold relation and every figure in it written with Arabic
  digits, one digit of that figure is changed in the text (7 -> 8, 9 -> 8) and the article run
  again; the error is detected when an inconsistent check involves the figure at that span.
  ``--digit last`` (the default) changes the last digit, the hardest case: often below the
  precision the result is stated at; ``--digit first`` changes the leading digit, a typo any
  reader with a calculator would catch.
  An error is *detectable* when the gold relation, recomputed with the changed value, no longer
  rounds to its stated figure (1265.4 -> 1265.5 in 1108.6 / 1265.4 = 87.6% is not: 87.61% and
  87.60% both round to 87.6). Three rates are reported: over all injections, over the detectable,
  and over the detectable whose relation the checker finds in the unmodified article (the
  detection of a check that exists, apart from relation recall).
- false alarms: inconsistent checks on the unmodified articles that no inconsistent gold
  relation accounts for, per 20 articles.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extractor.evaluate import GoldArticle, GoldFigure, load_gold, score, score_document
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
    detectable: bool
    found: bool


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

    @property
    def detectable(self) -> int:
        return sum(i.detectable for i in self.injections)

    @property
    def detected_of_detectable(self) -> int:
        return sum(i.detected and i.detectable for i in self.injections)

    @property
    def found_detectable(self) -> int:
        return sum(i.found and i.detectable for i in self.injections)

    @property
    def detected_of_found(self) -> int:
        return sum(i.detected and i.found and i.detectable for i in self.injections)

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
            "injected_detectable": self.detectable,
            "detectable_detected": self.detected_of_detectable,
            "detectable_detection_rate": _rate(self.detected_of_detectable, self.detectable),
            "found_detectable": self.found_detectable,
            "found_detected": self.detected_of_found,
            "found_detection_rate": _rate(self.detected_of_found, self.found_detectable),
            "false_alarms": self.false_alarms,
            "false_alarms_per_20_articles": _rate(20 * self.false_alarms, self.articles),
        }


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _run(article: GoldArticle, text: str | None = None) -> dict[str, object]:
    result = extract(text or article.text, article.published, article.title, id=article.id)
    return article_to_dict(result)


DIGIT_CHOICES = ("last", "first")


def changed_digit(surface: str, which: str = "last") -> tuple[int, str] | None:
    """The offset in ``surface`` of its last (or first) Arabic digit and the digit it becomes.

    >>> changed_digit("77.3%"), changed_digit("1528.2亿元"), changed_digit("三成")
    ((3, '4'), (5, '3'), None)
    >>> changed_digit("19个"), changed_digit("19个", "first"), changed_digit("约90%", "first")
    ((1, '8'), (0, '2'), (1, '8'))
    """
    offsets = range(len(surface)) if which == "first" else range(len(surface) - 1, -1, -1)
    for offset in offsets:
        char = surface[offset]
        if "0" <= char <= "9":
            return offset, "8" if char == "9" else str(int(char) + 1)
    return None


def _detects(record: dict[str, object], figure: GoldFigure) -> bool:
    figures = [f for f in record["figures"] if f["start"] < figure.end and figure.start < f["end"]]  # type: ignore[index,union-attr]
    ids = {f["id"] for f in figures}
    return any(c["status"] == "inconsistent" and ids & set(c["figures"]) for c in record["checks"])  # type: ignore[union-attr]


_NUMERAL = re.compile(r"\d+(?:\.(\d+))?")


def _numeral(surface: str) -> tuple[Decimal, int] | None:
    """The Arabic number written in a surface and its decimals (1,528.2亿元 -> 1528.2, 1)."""
    match = _NUMERAL.search(surface.replace(",", ""))
    return None if match is None else (Decimal(match.group()), len(match.group(1) or ""))


def _recompute(relation: dict[str, Any], values: dict[int, Decimal]) -> Decimal | None:
    """The value of a gold relation's stated figure (whole or result) recomputed from the others."""
    kind = relation["kind"]
    if kind == "sum":
        return sum((values[i] for i in relation["parts"]), Decimal(0))
    if kind == "ratio":
        denominator = values[relation["denominator"]]
        return values[relation["numerator"]] / denominator * 100 if denominator else None
    if kind == "difference":
        return values[relation["a"]] - values[relation["b"]]
    change = values[relation.get("increment", relation.get("delta", -1))]
    current = values[relation["current"]]
    previous = current + change if relation.get("direction") == "decrease" else current - change
    return change / previous * 100 if previous else None


def is_detectable(relation: dict[str, Any], figures: list[dict[str, Any]], index: int, changed: str) -> bool:
    """Whether the relation, with figure ``index`` written as ``changed``, fails the
    stated-precision rule of FORMAT.md (exact: rounds to the stated figure; 约: within 5%;
    以上/超过: at least; 近/不足/以下: at most)."""
    values = {i: Decimal(str(f["value"])) for i, f in enumerate(figures) if isinstance(f["value"], (int, float))}
    old, new = _numeral(figures[index]["surface"]), _numeral(changed)
    if old is None or new is None or index not in values or old[0] == 0:
        return True
    values[index] = values[index] * new[0] / old[0]
    stated_index = relation["whole"] if relation["kind"] == "sum" else relation["result"]
    stated = figures[stated_index]
    if stated_index == index:  # the stated figure itself was changed
        stated = {**stated, "value": float(values[index]), "surface": changed}
    try:
        computed = _recompute(relation, values)
    except (KeyError, InvalidOperation):
        return True
    if computed is None or not isinstance(stated["value"], (int, float)):
        return True
    return not _holds(abs(Decimal(str(stated["value"]))), computed, stated)


def _holds(value: Decimal, computed: Decimal, stated: dict[str, Any]) -> bool:
    qualifier = stated.get("qualifier", "exact")
    if qualifier == "approx":
        return abs(computed - value) <= value * Decimal("0.05")
    if qualifier in ("more_than", "at_least"):
        return computed >= value
    if qualifier in ("less_than", "at_most"):
        return computed <= value
    written = _numeral(stated["surface"])
    numeral, decimals = written if written and written[0] else (value, 0)
    scale = value / numeral  # the stated figure's unit in base units (亿 -> 1e8)
    return (computed / scale).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == numeral


def inject(
    article: GoldArticle,
    raw_relations: list[dict[str, Any]],
    raw_figures: list[dict[str, Any]],
    original: dict[str, object],
    which: str = "last",
) -> Iterable[Injection]:
    """One variant per (consistent relation, figure with a digit) of the article."""
    outcomes = score_document(article, original).relations
    for number, relation in enumerate(article.relations):
        if relation.status != "consistent":
            continue
        for index in sorted(relation.figure_indices):
            figure = article.figures[index]
            change = changed_digit(figure.surface, which)
            if change is None:
                continue
            at, digit = change
            position = figure.start + at
            text = article.text[:position] + digit + article.text[position + 1 :]
            changed = figure.surface[:at] + digit + figure.surface[at + 1 :]
            detected = _detects(_run(article, text), figure)
            detectable = is_detectable(raw_relations[number], raw_figures, index, changed)
            yield Injection(
                article.id,
                f"{relation.kind}#{number}",
                figure.surface,
                changed,
                detected,
                detectable,
                outcomes[number].found,
            )


def measure(directory: Path, with_injections: bool = True, which: str = "last") -> SetResult:
    name, articles = str(directory), load_gold([directory])
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
            raw = json.loads(Path(directory, f"{article.id}.json").read_text(encoding="utf-8"))
            injections = inject(article, raw["relations"], raw["figures"], predicted[article.id], which)
            result.injections.extend(injections)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="gold directories (default: ../shared/devset and corpus)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list injected errors not detected")
    parser.add_argument("--no-inject", action="store_true", help="skip the injected-error runs")
    parser.add_argument("--digit", choices=DIGIT_CHOICES, default="last", help="which digit an injection changes")
    args = parser.parse_args(argv)
    sets = [Path(s) for s in args.sets] or [p for p in DEFAULT_SETS if p.exists()]
    results = [measure(path, not args.no_inject, args.digit) for path in sets]
    if args.json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1))
    else:
        _print_table(results)
    if args.misses:
        for result in results:
            for item in result.injections:
                if not item.detected:
                    why = "" if item.detectable else "  (undetectable at the stated precision)"
                    why += "" if item.found else "  (relation not found)"
                    print(f"  not detected  {item.doc_id} {item.relation}: {item.surface} -> {item.changed}{why}")
    return 0


def _print_table(results: Sequence[SetResult]) -> None:
    header = (
        f"{'set':<24}{'articles':>9}{'relation recall':>18}{'injected detected':>20}"
        f"{'of detectable':>18}{'of found':>18}{'false alarms/20':>17}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        d = r.to_dict()
        recall = f"{d['relation_recall']} ({r.found}/{r.relations})"
        injected = f"{d['injected_detection_rate']} ({r.detected}/{len(r.injections)})"
        detectable = f"{d['detectable_detection_rate']} ({r.detected_of_detectable}/{r.detectable})"
        found = f"{d['found_detection_rate']} ({r.detected_of_found}/{r.found_detectable})"
        print(
            f"{r.name[-24:]:<24}{r.articles:>9}{recall:>18}{injected:>20}{detectable:>18}{found:>18}"
            f"{d['false_alarms_per_20_articles']!s:>17}"
        )


if __name__ == "__main__":
    sys.exit(main())
