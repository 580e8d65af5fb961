"""Fuzz the pipeline: many generated inputs, every property of ``tests/test_pipeline_properties.py``.

    python benchmarks/fuzz.py                          # 100,000 inputs on one process
    python benchmarks/fuzz.py --workers 2 --seed 7     # the same budget split over two processes
    python benchmarks/fuzz.py --examples 5000 --json

Inputs come from the strategies the suite uses (``tests/fuzz_inputs.py``): arbitrary text, and
texts glued from news fragments, numerals, units, qualifiers, dates, punctuation and noise. Each
input goes through :func:`extractor.pipeline.extract`; a failure is an input for which
:func:`tests.fuzz_inputs.violations` is not empty (an internal error E900 included). A failure is
shrunk (chunks of characters deleted while the same property still breaks) and reported once per
distinct violation, with its minimal input. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the checkout this file is in, not an installed copy

from hypothesis import Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor.pipeline import extract  # noqa: E402
from tests.fuzz_inputs import (  # noqa: E402
    FUZZ_EXAMPLES,
    budget,
    mutated_sentences,
    news_texts,
    publication_dates,
    violations,
)


@dataclass
class Failure:
    signature: str
    violations: list[str]
    minimal_input: str
    published: str | None
    seen: int = 1


@dataclass
class RunResult:
    seed: int
    inputs: int = 0
    seconds: float = 0.0
    failures: dict[str, Failure] = field(default_factory=dict)


def inputs() -> st.SearchStrategy[tuple[str, str | None]]:
    """What one fuzz input is: arbitrary text, or news-like text (with a publication date),
    or news-like paragraphs, or real corpus sentences with pieces spliced in."""
    paragraphs = st.lists(news_texts(max_pieces=12), min_size=1, max_size=6).map("\n\n".join)
    return st.one_of(
        st.tuples(st.text(max_size=200), st.none()),
        st.tuples(news_texts(), publication_dates()),
        st.tuples(paragraphs, st.none()),
        st.tuples(mutated_sentences(), publication_dates()),
    )


def signature(messages: list[str]) -> str:
    """The kind of the first violation: its message with ids and numbers blanked."""
    return re.sub(r"\d+", "N", messages[0])[:120]


def failing(text: str, published: str | None) -> list[str]:
    return violations(text, extract(text, published=published))


def shrink(text: str, published: str | None, wanted: str) -> str:
    """Delete ever smaller chunks of ``text`` while its first violation keeps signature ``wanted``."""
    chunk = max(1, len(text) // 2)
    while chunk >= 1:
        position, shrunk = 0, False
        while position < len(text):
            candidate = text[:position] + text[position + chunk :]
            found = failing(candidate, published)
            if found and signature(found) == wanted:
                text, shrunk = candidate, True
            else:
                position += chunk
        if not shrunk:
            chunk //= 2
    return text


def run(seed: int, examples: int) -> RunResult:
    """Run ``examples`` generated inputs with hypothesis seeded by ``seed``; never stops early."""
    result = RunResult(seed)

    @hypothesis_seed(seed)
    @settings(budget(examples), phases=[Phase.generate])  # no shrinking: the run never stops
    @given(inputs())
    def one(case: tuple[str, str | None]) -> None:
        text, published = case
        result.inputs += 1
        found = failing(text, published)
        if found:
            _record(result, text, published, found)

    started = time.perf_counter()
    one()
    result.seconds = time.perf_counter() - started
    return result


def _record(result: RunResult, text: str, published: str | None, found: list[str]) -> None:
    key = signature(found)
    if key in result.failures:
        result.failures[key].seen += 1
        return
    minimal = shrink(text, published, key)
    result.failures[key] = Failure(key, failing(minimal, published), minimal, published)


def run_all(seed: int, examples: int, workers: int) -> list[RunResult]:
    shares = [examples // workers + (index < examples % workers) for index in range(workers)]
    if workers == 1:
        return [run(seed, examples)]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(run, [seed + index for index in range(workers)], shares))


def report(results: list[RunResult], wall: float) -> dict[str, object]:
    failures: dict[str, Failure] = {}
    for result in results:
        for key, failure in result.failures.items():
            if key in failures:
                failures[key].seen += failure.seen
            else:
                failures[key] = failure
    total = sum(result.inputs for result in results)
    return {
        "inputs": total,
        "seeds": [result.seed for result in results],
        "processes": len(results),
        "wall_seconds": round(wall, 1),
        "inputs_per_second": round(total / wall, 1) if wall else None,
        "failing_inputs": sum(failure.seen for failure in failures.values()),
        "failures": [asdict(failure) for failure in failures.values()],
    }


def print_report(summary: dict[str, object]) -> None:
    print(
        f"inputs {summary['inputs']}  processes {summary['processes']}  seeds {summary['seeds']}  "
        f"wall {summary['wall_seconds']} s  {summary['inputs_per_second']} inputs/s"
    )
    failures = summary["failures"]
    assert isinstance(failures, list)
    print(f"failing inputs {summary['failing_inputs']}, distinct failures {len(failures)}")
    for failure in failures:
        print(f"\n- {failure['signature']} (seen {failure['seen']}x)")
        print(f"  minimal input: {failure['minimal_input']!r}  published: {failure['published']!r}")
        for message in failure["violations"]:
            print(f"  {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=FUZZ_EXAMPLES, help="inputs in all (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first process; others count up")
    parser.add_argument("--workers", type=int, default=1, help="processes")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # an internal error is logged by the pipeline and reported here
    started = time.perf_counter()
    summary = report(run_all(args.seed, args.examples, args.workers), time.perf_counter() - started)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_report(summary)
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
