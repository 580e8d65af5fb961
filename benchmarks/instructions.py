"""Instruction counts (run by hand; needs valgrind: ``apt-get install valgrind``).

    PYTHONPATH=$PWD python benchmarks/instructions.py [--rounds 2] [--jobs 2] [--skip jionlp]

CPU time on a shared machine moves by 10-20 % from one run to the next; the number of machine
instructions a process executes does not. Each measurement here is a child process run under
valgrind's cachegrind (``--cache-sim=no``: instructions only) over the gold articles of
benchmarks/throughput.py, once with 0 rounds and once with ``--rounds`` rounds after a warm-up
round: start-up and the warm-up cancel, and (I(rounds) - I(0)) / rounds is one round's cost.

What is measured, on the same texts:

- ``clean``: cleaning and metadata;
- ``figures``: the same, then the number and date candidates, normalised (the figures as found,
  with nothing attributed, placed or checked);
- ``pipeline``: the whole pipeline (:func:`extractor.pipeline.process`);
- ``jieba``: ``jieba.lcut``;
- ``jionlp``: ``jionlp.ner.extract_money`` + ``extract_time`` (if jionlp is installed).

It prints each one's instructions per round, its ratio to ``jieba.lcut`` (a throughput ratio as
benchmarks/throughput.py measures it in time, where instructions per second are alike), and the
share of the pipeline's instructions spent in the regular-expression engine (``_regex.c``).

``workers``: ``newsfig extract IN.jsonl --workers N -o OUT.jsonl`` with 1 and with 2 workers, each
on two inputs (the gold articles repeated to ``--workers-chars`` characters and to twice that),
every process counted (the workers are forked, so valgrind follows them). The difference between
the two inputs is what the extra documents cost; 2 workers' cost over 1 worker's is what the
pool adds in instructions (pickling, pipes, the parent's loop), and 2 / that ratio is the speedup
two idle cores would give. What it leaves out is what time adds on a shared machine: two busy
cores each run slower than one.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("clean", "figures", "pipeline", "jieba", "jionlp")
SECTIONS = (*MODES, "workers")


def child(mode: str, rounds: int) -> None:
    """One measured process: load everything, a warm-up round, then ``rounds`` rounds of ``mode``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import gold_records

    from extractor.clean import clean
    from extractor.metadata import read_metadata
    from extractor.pipeline import _publication_date, _quantities, process
    from extractor.records import ArticleMeta, SourceDocument
    from extractor.rules import load_rules

    logging.disable(logging.ERROR)
    rules = load_rules()
    documents = [
        SourceDocument(id=str(n), text=r["text"], published=r["published"], title=r["title"])
        for n, r in enumerate(gold_records())
    ]

    def cleaned(document: SourceDocument) -> tuple[str, ArticleMeta]:
        text = clean(document.text, rules).text
        return text, read_metadata(text, rules, title=document.title, published=document.published)

    def figures(document: SourceDocument) -> None:
        text, meta = cleaned(document)
        _quantities(text, meta, _publication_date(meta.published)[0], rules)

    stages: dict[str, Callable[[SourceDocument], object]] = {
        "clean": cleaned,
        "figures": figures,
        "pipeline": lambda document: process(document, rules),
    }
    if mode == "jieba":
        import jieba

        stages["jieba"] = lambda document: jieba.lcut(document.text)
    elif mode == "jionlp":
        import jionlp as jio

        stages["jionlp"] = lambda document: (jio.ner.extract_money(document.text), jio.ner.extract_time(document.text))
    run = stages[mode]
    for _ in range(rounds + 1):  # the first round warms every cache, as in a long batch
        for document in documents:
            run(document)


def count(mode: str, rounds: int, out: Path) -> int:
    """Instructions of a child process doing ``rounds`` measured rounds of ``mode``."""
    return sum(valgrind([__file__, "--child", mode, str(rounds)], out))


def valgrind(arguments: list[str], out: Path | str = "/dev/null") -> list[int]:
    """Run ``python ARGUMENTS`` under cachegrind: the instructions of each process it ran (the
    first, and every one forked from it), its counts by function written to ``out`` (by every
    process alike: name a file only for a run that forks none)."""
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}", sys.executable, *arguments],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"},  # the same work each run
        capture_output=True,
        text=True,
        check=True,
    )
    counts = process_counts(result.stderr)
    if not counts:
        raise RuntimeError(f"no instruction count from valgrind:\n{result.stderr[-2000:]}")
    return counts


def process_counts(report: str) -> list[int]:
    """The instruction count of each process in valgrind's report, in the order they ended (a
    parent after the workers it waits for).

    >>> process_counts("==12== Cachegrind\\n==13== I   refs:      2,000\\n==12== I   refs:      11,639")
    [2000, 11639]
    """
    return [int(line.rsplit(":", 1)[1].replace(",", "")) for line in report.splitlines() if "I   refs:" in line]


def workers_overhead(chars: int, jobs: int) -> None:
    """What 2 workers cost over 1 in instructions, the command line end to end (see the module's
    docstring): the pool's own work, apart from the machine."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import corpus, extract_command, write_jsonl

    with tempfile.TemporaryDirectory() as folder:
        inputs = {}
        for size in (chars, 2 * chars):
            inputs[size] = Path(folder) / f"in-{size}.jsonl"
            write_jsonl(corpus(size), inputs[size])
        runs = [(workers, size) for workers in (1, 2) for size in inputs]

        def run(key: tuple[int, int]) -> list[int]:
            workers, size = key
            command = extract_command(inputs[size], workers, Path(folder) / f"out-{workers}-{size}.jsonl")
            return valgrind(command[1:])  # valgrind runs this Python itself

        with ThreadPoolExecutor(jobs) as pool:
            counts = dict(zip(runs, pool.map(run, runs), strict=True))
    cost = {workers: sum(counts[workers, 2 * chars]) - sum(counts[workers, chars]) for workers in (1, 2)}
    parent = counts[2, 2 * chars][-1] - counts[2, chars][-1]  # it ends last
    ratio = cost[2] / cost[1]
    print(f"newsfig extract --workers N over {chars:,} more characters, instructions of every process:")
    print(f"  1 worker  {cost[1] / 1e6:10,.1f} M")
    print(f"  2 workers {cost[2] / 1e6:10,.1f} M (the parent {parent / 1e6:,.1f} M): {ratio:.3f}x one worker's")
    print(f"  on two idle cores at most {2 / ratio:.2f}x (>= 1.8 wanted)")


def regex_share(base: Path, measured: Path) -> float | None:
    """The share of the measured rounds' instructions in the regex module's C code."""
    if not (shutil.which("cg_diff") and shutil.which("cg_annotate")):
        return None
    diff = base.with_suffix(".diff")
    with diff.open("w") as out:
        subprocess.run(["cg_diff", str(base), str(measured)], stdout=out, check=True)
    listing = subprocess.run(["cg_annotate", str(diff)], capture_output=True, text=True, check=True).stdout
    return share_in(listing, "_regex")


def share_in(listing: str, marker: str) -> float | None:
    """From a ``cg_annotate`` listing, the share of the program's instructions in the functions
    whose file or name contains ``marker``.

    >>> share_in('''
    ... 1,000 (100.0%)  PROGRAM TOTALS
    ...   300 (30.00%)  /project/src/_regex.c:basic_match
    ...   200 (20.00%)  Python/ceval.c:_PyEval_EvalFrameDefault
    ...   100 (10.00%)  /project/src/_regex.c:try_match
    ... ''', "_regex")
    0.4
    """
    total = selected = 0
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) < 3 or not fields[0].replace(",", "").isdigit():
            continue
        value = int(fields[0].replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = value
        elif marker in fields[-1]:
            selected += value
    return selected / total if total else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2, help="valgrind processes at a time")
    parser.add_argument("--workers-chars", type=int, default=60_000, help="the smaller input of the workers section")
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROUNDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    modes = [m for m in MODES if m not in args.skip]
    if "jionlp" in modes:
        try:
            import jionlp  # noqa: F401
        except ImportError:
            print("jionlp: not installed; skipped")
            modes.remove("jionlp")
    with tempfile.TemporaryDirectory() as folder:
        runs = [(mode, rounds) for mode in modes for rounds in (0, args.rounds)]
        files = {run: Path(folder) / f"{run[0]}-{run[1]}.out" for run in runs}
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = dict(zip(runs, pool.map(lambda run: count(*run, files[run]), runs), strict=True))
        per_round = {mode: (counts[mode, args.rounds] - counts[mode, 0]) / args.rounds for mode in modes}
        share = regex_share(files["pipeline", 0], files["pipeline", args.rounds]) if "pipeline" in modes else None
    jieba = per_round.get("jieba")
    print(f"instructions per round over the gold articles ({args.rounds} rounds after a warm-up):")
    for mode in modes:
        versus = f"   jieba.lcut / this = {jieba / per_round[mode]:.2f}x" if jieba else ""
        print(f"  {mode:<9} {per_round[mode] / 1e6:10,.1f} M{versus}")
    if "jionlp" in per_round and "pipeline" in per_round:
        print(f"  pipeline vs jionlp: {per_round['jionlp'] / per_round['pipeline']:.2f}x (>= 4 wanted)")
    if share is not None:
        print(f"  the regex engine's share of the pipeline's instructions: {share:.1%}")
    if "workers" not in args.skip:
        workers_overhead(args.workers_chars, args.jobs)


if __name__ == "__main__":
    main()
