"""False alarms on articles consistent by construction (run by hand; the figures go in the README).

    python benchmarks/false_alarms.py [DIR] [--list]

``benchmarks/consistent/`` holds news articles written for this benchmark (line 1 the title, line 2
the publication date, then the body) whose every derived figure was computed from the others with
Decimal and ROUND_HALF_UP before it was written (``_compute/`` regenerates them). They carry the
distractors real reports do — overlapping categories, incomplete 其中 lists, a month beside its
cumulative period, another place, per-head figures, plans beside completions — but no error, so
every inconsistent check on them is a false alarm. It reports the checks by status and the false
alarms per 20 articles (the issue's bound: at most 1); ``--list`` prints each false alarm.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.pipeline import extract
from extractor.records import Article

DEFAULT_DIR = Path(__file__).resolve().parent / "consistent"


@dataclass(frozen=True)
class Result:
    articles: int
    statuses: Counter[str]
    alarms: tuple[tuple[str, str, str], ...]  # (file, explanation, context)

    @property
    def per_20(self) -> float:
        return 20 * len(self.alarms) / self.articles if self.articles else 0.0


def read_article(path: Path) -> Article:
    """A benchmark article: title, publication date, body."""
    title, published, body = path.read_text(encoding="utf-8").split("\n", 2)
    return extract(body, published.strip(), title.strip(), id=path.stem)


def measure(directory: Path = DEFAULT_DIR) -> Result:
    paths = sorted(directory.glob("*.txt"))
    statuses: Counter[str] = Counter()
    alarms = []
    for path in paths:
        article = read_article(path)
        statuses.update(check.status for check in article.checks)
        alarms += [
            (path.name, check.explanation, check.context or "")
            for check in article.checks
            if check.status == "inconsistent"
        ]
    return Result(len(paths), statuses, tuple(alarms))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--list", action="store_true", help="print each false alarm")
    args = parser.parse_args(argv)
    result = measure(args.directory)
    counts = ", ".join(f"{status} {result.statuses[status]}" for status in ("consistent", "inconsistent", "unverifiable"))
    print(f"{result.articles} articles consistent by construction: checks {counts}")
    print(f"false alarms: {len(result.alarms)} ({result.per_20:.2f} per 20 articles)")
    if args.list:
        for name, explanation, context in result.alarms:
            print(f"  {name}: {explanation}\n      {context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
