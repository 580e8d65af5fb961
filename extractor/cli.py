"""The ``newsfig`` command line: extract figures and checks; evaluate against gold articles."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, Generic, TypeVar

from . import __version__
from .batch import (
    TABLE_FORMATS,
    Batch,
    BatchError,
    BatchOptions,
    DocumentOutput,
    Form,
    add_batch_arguments,
    batch_options,
    drains,
    lines_of,
    records_of,
)
from .check_report import count_statuses, render_checks, summary_line
from .errors import Code, RulesError
from .inputs import read_inputs
from .output import article_to_dict, to_csv, to_table
from .pipeline import process_many
from .rules import load_rules

FORMATS = ("jsonl", "json", "table", "csv")
FAIL_ON = {"inconsistent": ("inconsistent",), "unverifiable": ("inconsistent", "unverifiable")}
EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_NO_INPUT, EXIT_RULES = 0, 1, 2, 3, 4
T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsfig", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newsfig {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="extract figures and checks from articles")
    extract.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a text file, a directory (*.txt, recursively), a .jsonl file, or - for stdin",
    )
    extract.add_argument("--format", choices=(*FORMATS, *TABLE_FORMATS), default="jsonl")
    extract.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    extract.add_argument("--published", metavar="DATE", help="publication date (ISO) for inputs without one")
    check = commands.add_parser(
        "check", help="print each article's checks: ✓ consistent, ✗ inconsistent, ? unverifiable"
    )
    check.add_argument("inputs", nargs="+", metavar="INPUT", help="as for extract")
    check.add_argument("--published", metavar="DATE", help="publication date (ISO) for inputs without one")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="exit 1 when a check is inconsistent (or, with unverifiable, inconsistent or unverifiable)",
    )
    check.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour (auto: on a terminal)"
    )
    add_batch_arguments(extract)
    evaluate = commands.add_parser("eval", help="score the pipeline against gold articles (FORMAT.md)")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD", help="gold .json files or directories")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list missed and spurious figures")
    show = commands.add_parser("show", help="render articles as HTML with their figures highlighted (displaCy)")
    show.add_argument("inputs", nargs="+", metavar="INPUT", help="as for extract")
    show.add_argument("--html", required=True, metavar="OUT", help="write the HTML page here")
    noise = commands.add_parser("noise", help="make gold articles seed-style dirty, their gold moved along")
    noise.add_argument("inputs", nargs="+", metavar="INPUT", help="gold .json files or directories, or text files")
    noise.add_argument("--seed", type=int, default=0, help="the same seed gives the same noise (default 0)")
    noise.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="a directory: one <id>.json per article (what `newsfig eval` reads); a .json file: the one "
        "article; else JSON lines (default: JSON lines on stdout)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_jieba()
    try:
        load_rules()
    except RulesError as exc:  # broken rules would fail every document alike: stop before the batch
        print(f"newsfig: {exc}", file=sys.stderr)
        return EXIT_RULES
    if args.command == "extract":
        return run_extract(args.inputs, args.format, args.output, args.published, batch_options(args))
    if args.command == "check":
        return run_check(args.inputs, args.published, args.fail_on, _use_colour(args.color, sys.stdout))
    if args.command == "show":
        return run_show(args.inputs, args.html)
    if args.command == "noise":
        return run_noise(args.inputs, args.seed, args.output)
    return run_eval(args.gold, as_json=args.json, with_errors=args.errors)


def _quiet_jieba() -> None:
    """jieba announces loading its dictionary on stderr; a command line keeps stderr for us."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def run_extract(
    inputs: list[str], fmt: str, output: str | None, published: str | None, options: BatchOptions | None = None
) -> int:
    """Extract every input; exit 0 when documents were processed (some may carry an error),
    non-zero when no input could be read at all."""
    if fmt in TABLE_FORMATS and output is None:
        print(f"newsfig: --format {fmt} writes tables into a directory: give it with -o DIR", file=sys.stderr)
        return EXIT_USAGE
    try:
        tables = (fmt, output) if fmt in TABLE_FORMATS and output is not None else None
        batch = Batch(inputs, published, options or BatchOptions(), tables)
        written = "drain" if drains(fmt, output, batch) else fmt
        counted = _Counter(batch.outputs(_form(written)), _output_error)
        with _open_output(None if written == "drain" else output) as stream:
            _write(counted, written, stream)
        batch.close()
    except OSError as exc:
        print(f"newsfig: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except BatchError as exc:
        print(f"newsfig: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ok = counted.read - counted.failed
    print(f"newsfig: {counted.read} documents in, {ok} ok, {counted.failed} with errors{batch.note()}", file=sys.stderr)
    return EXIT_NO_INPUT if counted.read == counted.unreadable and not batch.skipped.count else EXIT_OK


def run_check(inputs: list[str], published: str | None, fail_on: str | None, colour: bool) -> int:
    """Print every article's checks; exit 1 when ``fail_on`` names a status some check has."""
    articles = process_many(read_inputs(inputs), default_published=published)
    counted = _Counter((article_to_dict(article) for article in articles), _record_error)
    statuses: Counter[str] = Counter()
    for record in counted:
        statuses += count_statuses([record])
        print(render_checks(record, colour))
    ok = counted.read - counted.failed
    print(f"newsfig: {counted.read} documents in, {ok} ok, {counted.failed} with errors", file=sys.stderr)
    print(f"newsfig: {summary_line(statuses)}", file=sys.stderr)
    if counted.read == counted.unreadable:
        return EXIT_NO_INPUT
    failing = FAIL_ON.get(fail_on or "", ())
    return EXIT_CHECK_FAILED if any(statuses[status] for status in failing) else EXIT_OK


def _use_colour(choice: str, stream: IO[str]) -> bool:
    """Colour on a terminal unless NO_COLOR is set (https://no-color.org), or as forced."""
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


_FORMS: dict[str, Form] = {"drain": "none", "jsonl": "line"}  # any other format: the record


def _form(written: str) -> Form:
    """What the workers make of each record for a ``--format`` (or ``drain``: tables only)."""
    return _FORMS.get(written, "record")


def _write(counted: Iterable[DocumentOutput], fmt: str, stream: IO[str]) -> None:
    if fmt == "drain":  # the records went to tables or the database only
        for _ in counted:
            pass
    elif fmt == "jsonl":  # the lines were made by the workers
        for line in lines_of(counted):
            stream.write(line + "\n")
    elif fmt == "json":
        json.dump(list(records_of(counted)), stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    elif fmt == "csv":
        stream.write(to_csv(records_of(counted)))
    else:
        for record in records_of(counted):
            stream.write(to_table(record) + "\n")


def _output_error(output: DocumentOutput) -> str | None:
    return output.error


def _record_error(record: dict[str, Any]) -> str | None:
    error: str | None = record["error"]
    return error


class _Counter(Generic[T]):
    """Counts documents, those with an error, and those that could not be read, as they pass."""

    def __init__(self, items: Iterable[T], error_of: Callable[[T], str | None]) -> None:
        self._items = items
        self._error_of = error_of
        self.read = 0
        self.failed = 0
        self.unreadable = 0

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            error = self._error_of(item)
            self.read += 1
            self.failed += error is not None
            self.unreadable += str(error).startswith(_UNREADABLE)
            yield item


_UNREADABLE = f"[{Code.E_UNREADABLE.value}]"


@contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


def run_show(inputs: list[str], html: str) -> int:
    from .show import analysed, render_html

    documents = analysed(read_inputs(inputs))
    if not documents:
        print("newsfig show: no readable input", file=sys.stderr)
        return EXIT_NO_INPUT
    try:
        with open(html, "w", encoding="utf-8") as handle:
            handle.write(render_html(documents))
    except OSError as exc:
        print(f"newsfig: cannot write {html}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"newsfig: {len(documents)} documents rendered to {html}", file=sys.stderr)
    return EXIT_OK


def run_noise(inputs: list[str], seed: int, output: str | None) -> int:
    """Write the dirty variant of every input article, its gold offsets moved to the dirty text."""
    from .noise import noisy_gold, read_articles

    try:
        articles = [noisy_gold(article, seed) for article in read_articles(inputs)]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"newsfig noise: cannot read the input: {exc}", file=sys.stderr)
        return EXIT_NO_INPUT
    try:
        _write_noisy(articles, output)
    except (OSError, ValueError) as exc:
        print(f"newsfig noise: cannot write {output}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"newsfig noise: {len(articles)} articles made dirty (seed {seed})", file=sys.stderr)
    return EXIT_OK


def _write_noisy(articles: list[dict[str, Any]], output: str | None) -> None:
    if output is not None and os.path.isdir(output):
        for article in articles:
            with open(os.path.join(output, f"{article['id']}.json"), "w", encoding="utf-8") as handle:
                json.dump(article, handle, ensure_ascii=False, indent=1)
        return
    if output is not None and output.endswith(".json"):
        if len(articles) != 1:
            raise ValueError(f"a .json file holds one article, not {len(articles)}: give a directory")
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(articles[0], handle, ensure_ascii=False, indent=1)
        return
    with _open_output(output) as stream:
        for article in articles:
            stream.write(json.dumps(article, ensure_ascii=False) + "\n")


def run_eval(gold_paths: list[str], as_json: bool, with_errors: bool) -> int:
    from .evaluate import load_gold, score
    from .pipeline import extract
    from .structure_eval import score_structure

    gold = load_gold(gold_paths)
    if not gold:
        print("newsfig eval: no gold articles found", file=sys.stderr)
        return EXIT_NO_INPUT
    predicted = {
        article.id: article_to_dict(extract(article.text, article.published, article.title, id=article.id))
        for article in gold
    }
    report = score(gold, predicted)
    structure = score_structure(gold, predicted)
    if as_json:
        print(json.dumps({**report.to_dict(), "structure": structure.to_dict()}, ensure_ascii=False, indent=1))
    else:
        print(report.format_table())
        print(structure.format_line())
        if with_errors:
            _print_errors({**report.to_dict(), "structure_errors": structure.to_dict()["errors"]})
    return EXIT_OK


def _print_errors(report: dict[str, Any]) -> None:
    for heading in ("missed", "spurious", "metric_disagreements", "structure_errors"):
        print(f"\n{heading}:")
        for item in report.get(heading, []):
            print("  " + json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    raise SystemExit(main())
