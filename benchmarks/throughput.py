"""Throughput benchmark (run by hand; the figures go in the README).

    PYTHONPATH=$PWD python benchmarks/throughput.py [--chars 5000000] [--rss-gb 1.0] [--rss-seconds 600]
                                                    [--repeats 3] [--skip single jionlp distinct workers cli rss]

On one corpus — the texts of ../shared/devset/ and corpus/ repeated to at least ``--chars``
characters — it measures, in one run:

1. the whole pipeline in one process vs ``jieba.lcut`` over the same texts (chars/s, the median
   ratio of ``--repeats`` rounds);
2. JioNLP ``ner.extract_money`` + ``ner.extract_time`` over the same texts, if jionlp is installed
   (on the first ``--jionlp-chars`` characters: it is slow; the rate is per character);
3. ``--workers 2`` vs 1 through :func:`extractor.parallel.process_parallel` (the median ratio of
   ``--repeats`` alternated rounds: the machine may be shared);
4. the same through the command line, end to end: ``newsfig extract IN.jsonl --workers N -o
   OUT.jsonl`` (start-up, reading, the workers, writing the JSON lines; each run a new process),
   checking that 1 and 2 workers write the same bytes;
5. the pipeline vs ``jieba.lcut`` on texts that are never repeated — the articles of
   benchmarks/consistent/, ../shared/devset/ and corpus/, each once, in a new process per round:
   the corpus of 1. repeats its few distinct texts, so phrase caches there are warm after the
   first round, as they are not on a batch of new articles;
6. peak RSS of each process of ``newsfig extract BIG.jsonl --workers 2`` over a generated JSONL
   file of ``--rss-gb`` GB in /tmp (never committed), sampled for ``--rss-seconds`` at most.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "devset", ROOT / "corpus"]
CONSISTENT = ROOT / "benchmarks" / "consistent"


def gold_records() -> list[dict[str, Any]]:
    """The text, publication date and title of every gold article of ``SOURCES``, once."""
    base = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            base.append({"text": record["text"], "published": record.get("published"), "title": record.get("title")})
    return base


def corpus(chars: int) -> list[dict[str, Any]]:
    """Gold records, repeated (with distinct ids) until they hold ``chars`` characters."""
    base = gold_records()
    records, total, round_ = [], 0, 0
    while total < chars:
        for number, record in enumerate(base):
            records.append({**record, "id": f"r{round_}-{number}"})
            total += len(record["text"])
        round_ += 1
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """The records as the JSONL input of ``newsfig extract``."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def extract_command(path: Path, workers: int, out: Path) -> list[str]:
    """``newsfig extract PATH --workers N -o OUT``, quiet, in this Python (run with cwd ROOT)."""
    return [
        sys.executable,
        "-m",
        "extractor",
        "extract",
        str(path),
        "--workers",
        str(workers),
        "-o",
        str(out),
        "--no-progress",
    ]


def timed(label: str, run: Callable[[], object], chars: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds ``run`` takes on ``clock``: wall time, or this process's CPU time
    (``time.process_time``) for single-process comparisons on a machine shared with others."""
    started = clock()
    run()
    seconds = clock() - started
    print(f"  {label:<34} {seconds:8.2f} s  {chars / seconds:>10,.0f} chars/s", flush=True)
    return seconds


def single_process(records: list[dict[str, Any]], chars: int, repeats: int) -> dict[str, float]:
    import jieba

    from extractor.pipeline import extract
    from extractor.rules import load_rules

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    rules = load_rules()
    extract(records[0]["text"], rules=rules)  # warm caches
    print(f"single process, {len(records)} documents, {chars:,} characters (CPU time), {repeats} rounds:")
    pipelines, segments = [], []
    for _ in range(repeats):
        pipelines.append(
            timed(
                "newsfig pipeline",
                lambda: [extract(r["text"], r["published"], r["title"], id=r["id"], rules=rules) for r in records],
                chars,
                time.process_time,
            )
        )
        segments.append(timed("jieba.lcut", lambda: [jieba.lcut(r["text"]) for r in records], chars, time.process_time))
    ratio = statistics.median(segment / pipeline for segment, pipeline in zip(segments, pipelines, strict=True))
    print(f"  pipeline vs jieba.lcut, median of {repeats}: {ratio:.2f}x (>= 1.0 wanted)")
    return {
        "pipeline_s": statistics.median(pipelines),
        "jieba_s": statistics.median(segments),
        "pipeline_vs_jieba": ratio,
    }


def distinct_texts() -> list[str]:
    """Every benchmark text once: the consistent-by-construction articles, the devset's, the corpus's."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CONSISTENT.glob("*.txt"))]
    return texts + [record["text"] for record in gold_records()]


def distinct_round() -> None:
    """One round of section 5, in this (new) process: prints the CPU seconds of both as JSON."""
    import jieba

    from extractor.pipeline import extract
    from extractor.rules import load_rules

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    rules = load_rules()
    extract("全市新建项目210个，总投资12.5亿元，同比增长3.1%。", rules=rules)  # imports and compiled rules only
    texts = distinct_texts()
    started = time.process_time()
    for text in texts:
        extract(text, rules=rules)
    pipeline = time.process_time() - started
    started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    segment = time.process_time() - started
    print(json.dumps({"chars": sum(map(len, texts)), "pipeline_s": pipeline, "jieba_s": segment}))


def distinct(repeats: int, jionlp_rate: float | None) -> dict[str, float]:
    print(f"distinct texts, each once, a new process per round (CPU time), {repeats} rounds:")
    rounds = []
    for _ in range(repeats):
        output = subprocess.run(
            [sys.executable, __file__, "--distinct-round"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            check=True,
            text=True,
        )
        result = json.loads(output.stdout.splitlines()[-1])
        chars = result["chars"]
        print(
            f"  newsfig pipeline {result['pipeline_s']:8.2f} s  {chars / result['pipeline_s']:>10,.0f} chars/s;"
            f"  jieba.lcut {result['jieba_s']:6.2f} s  {chars / result['jieba_s']:>10,.0f} chars/s"
        )
        rounds.append(result)
    ratio = statistics.median(r["jieba_s"] / r["pipeline_s"] for r in rounds)
    rate = statistics.median(r["chars"] / r["pipeline_s"] for r in rounds)
    print(f"  {rounds[0]['chars']:,} characters; pipeline vs jieba.lcut, median of {repeats}: {ratio:.2f}x")
    results = {"distinct_chars": float(rounds[0]["chars"]), "distinct_pipeline_vs_jieba": ratio}
    if jionlp_rate:
        print(f"  pipeline on distinct texts vs jionlp's rate above: {rate / jionlp_rate:.2f}x")
        results["distinct_pipeline_vs_jionlp"] = rate / jionlp_rate
    return results


def jionlp(records: list[dict[str, Any]], limit: int, pipeline_rate: float) -> dict[str, float]:
    try:
        import jionlp as jio
    except ImportError as exc:
        print(f"jionlp: not installed ({exc}); comparison skipped")
        return {}
    subset, chars = [], 0
    for record in records:
        if chars >= limit:
            break
        subset.append(record["text"])
        chars += len(record["text"])

    def run() -> None:
        logging.disable(logging.ERROR)  # jionlp logs a traceback for each time string it cannot parse
        try:
            for text in subset:
                jio.ner.extract_money(text)
                jio.ner.extract_time(text)
        finally:
            logging.disable(logging.NOTSET)

    print(f"jionlp on the first {len(subset)} documents ({chars:,} characters, CPU time):")
    seconds = timed("jionlp extract_money + extract_time", run, chars, time.process_time)
    ratio = pipeline_rate / (chars / seconds)
    print(f"  pipeline vs jionlp: {ratio:.2f}x (>= 4 wanted)")
    return {"jionlp_s": seconds, "jionlp_chars": chars, "pipeline_vs_jionlp": ratio}


def tree_cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers, once joined)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def workers(records: list[dict[str, Any]], chars: int, repeats: int) -> dict[str, float]:
    from extractor.parallel import process_parallel
    from extractor.records import SourceDocument

    def run(count: int, cpu: list[float]) -> Callable[[], object]:
        def go() -> None:
            sources = (SourceDocument(id=r["id"], text=r["text"], published=r["published"]) for r in records)
            started = tree_cpu_seconds()
            sum(1 for _ in process_parallel(sources, workers=count))
            cpu.append(tree_cpu_seconds() - started)

        return go

    print(f"process_parallel on {os.cpu_count()} cores (wall time), {repeats} rounds:")
    return two_vs_one("workers", run, chars, repeats)


def command_line(records: list[dict[str, Any]], chars: int, repeats: int) -> dict[str, float]:
    """``newsfig extract IN.jsonl --workers N -o OUT.jsonl`` end to end, each run a new process:
    start-up, reading the JSON lines, the workers, writing the records. The outputs of 1 and 2
    workers must be the same bytes."""
    path = Path("/tmp/newsfig-bench-cli.jsonl")
    write_jsonl(records, path)
    digests: dict[int, set[str]] = {1: set(), 2: set()}

    def run(count: int, cpu: list[float]) -> Callable[[], object]:
        def go() -> None:
            out = Path(f"/tmp/newsfig-bench-cli-{count}.out.jsonl")
            started = tree_cpu_seconds()
            subprocess.run(
                extract_command(path, count, out),
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stderr=subprocess.DEVNULL,
                check=True,
            )
            cpu.append(tree_cpu_seconds() - started)
            digests[count].add(hashlib.md5(out.read_bytes()).hexdigest())
            out.unlink()

        return go

    print(f"newsfig extract --workers N -o FILE.jsonl on {os.cpu_count()} cores (wall time), {repeats} rounds:")
    results = two_vs_one("cli", run, chars, repeats)
    seen = sorted(digests[1] | digests[2])
    same = len(seen) == 1
    print(f"  JSONL of 1 and 2 workers: {'the same bytes' if same else 'DIFFERENT'} {seen}")
    path.unlink()
    return results | {"cli_same_output": float(same)}


def two_vs_one(
    name: str, run: Callable[[int, list[float]], Callable[[], object]], chars: int, repeats: int
) -> dict[str, float]:
    """Alternated rounds of ``run(1, cpu)`` and ``run(2, cpu)`` (a machine shared with others
    slows both alike): the median wall-time ratio, and the CPU both spend."""
    ones: list[float] = []
    twos: list[float] = []
    cpu_one: list[float] = []
    cpu_two: list[float] = []
    for _ in range(repeats):
        ones.append(timed("--workers 1", run(1, cpu_one), chars))
        twos.append(timed("--workers 2", run(2, cpu_two), chars))
    ratios = sorted(one / two for one, two in zip(ones, twos, strict=True))
    speedup = statistics.median(ratios)
    shown = [round(ratio, 2) for ratio in ratios]
    print(f"  2 workers vs 1, median of {repeats}: {speedup:.2f}x (>= 1.8 wanted); all: {shown}")
    # The CPU both runs spend, workers included: what 2 workers cost beyond 1 (pickling, the
    # parent's loop) bounds their speedup on two idle cores at 2 x cpu(1) / cpu(2).
    overhead = statistics.median(cpu_two) / statistics.median(cpu_one)
    print(f"  CPU, all processes: 2 workers / 1 worker = {overhead:.3f}; on 2 idle cores at most {2 / overhead:.2f}x")
    return {
        f"{name}1_s": statistics.median(ones),
        f"{name}2_s": statistics.median(twos),
        f"{name}_speedup": speedup,
        f"{name}_cpu_overhead": overhead,
    }


def big_jsonl(records: list[dict[str, Any]], gigabytes: float) -> Path:
    path = Path("/tmp/newsfig-bench-big.jsonl")
    size = int(gigabytes * 1e9)
    if path.exists() and path.stat().st_size >= size:
        return path
    written, round_ = 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while written < size:
            for record in records:
                line = json.dumps({**record, "id": f"big{round_}-{record['id']}"}, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode())
            round_ += 1
    return path


def peak_rss(path: Path, seconds: float) -> dict[str, float]:
    import psutil

    out = Path("/tmp/newsfig-bench-big.out.jsonl")
    command = [sys.executable, "-m", "extractor.cli", "extract", str(path), "--workers", "2", "-o", str(out)]
    print(f"peak RSS: {' '.join(command[1:])} ({path.stat().st_size / 1e9:.2f} GB), at most {seconds:.0f} s")
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    parent = psutil.Process(child.pid)
    peaks: dict[int, float] = {}
    started = time.monotonic()
    while child.poll() is None and time.monotonic() - started < seconds:
        try:
            for process in [parent, *parent.children(recursive=True)]:
                rss = process.memory_info().rss / 2**20
                peaks[process.pid] = max(peaks.get(process.pid, 0.0), rss)
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    finished = child.poll() is not None
    if not finished:
        for process in [*parent.children(recursive=True), parent]:
            process.terminate()
    child.wait()
    documents = sum(1 for _ in out.open("rb")) if out.exists() else 0
    out.unlink(missing_ok=True)
    top = max(peaks.values()) if peaks else 0.0
    main = peaks.get(child.pid, 0.0)
    print(f"  {'finished' if finished else 'stopped'} after {elapsed:.0f} s, {documents:,} documents written")
    print(f"  peak RSS: main process {main:.0f} MB; per process max {top:.0f} MB (<= 400 wanted); all: {peaks}")
    return {"rss_main_mb": main, "rss_max_mb": top, "rss_seconds": elapsed, "rss_documents": documents}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--jionlp-chars", type=int, default=300_000)
    parser.add_argument("--rss-gb", type=float, default=1.0)
    parser.add_argument("--rss-seconds", type=float, default=600)
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the single-process and workers runs")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["single", "jionlp", "distinct", "workers", "cli", "rss"]
    )
    parser.add_argument("--distinct-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.distinct_round:
        distinct_round()
        return
    records = corpus(args.chars)
    chars = sum(len(r["text"]) for r in records)
    results: dict[str, float] = {"chars": chars, "documents": len(records)}
    if "single" not in args.skip:
        results |= single_process(records, chars, args.repeats)
    if "jionlp" not in args.skip:
        rate = chars / results["pipeline_s"] if "pipeline_s" in results else 0.0
        results |= jionlp(records, args.jionlp_chars, rate)
    if "distinct" not in args.skip:
        jionlp_rate = results["jionlp_chars"] / results["jionlp_s"] if "jionlp_s" in results else None
        results |= distinct(args.repeats, jionlp_rate)
    if "workers" not in args.skip:
        results |= workers(records, chars, args.repeats)
    if "cli" not in args.skip:
        results |= command_line(records, chars, args.repeats)
    if "rss" not in args.skip:
        results |= peak_rss(big_jsonl(records, args.rss_gb), args.rss_seconds)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
