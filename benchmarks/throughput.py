"""Throughput benchmark (run by hand; the figures go in the README).

    PYTHONPATH=$PWD python benchmarks/throughput.py [--chars 5000000] [--rss-gb 1.0] [--rss-seconds 600]

On one corpus — the texts of ../shared/devset/ and corpus/ repeated to at least ``--chars``
characters — it measures, in one run:

1. the whole pipeline in one process vs ``jieba.lcut`` over the same texts (chars/s, ratio);
2. JioNLP ``ner.extract_money`` + ``ner.extract_time`` over the same texts, if jionlp is installed
   (on the first ``--jionlp-chars`` characters: it is slow; the rate is per character);
3. ``--workers 2`` vs 1 through :func:`extractor.parallel.process_parallel`;
4. peak RSS of each process of ``newsfig extract BIG.jsonl --workers 2`` over a generated JSONL
   file of ``--rss-gb`` GB in /tmp (never committed), sampled for ``--rss-seconds`` at most.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "devset", ROOT / "corpus"]


def corpus(chars: int) -> list[dict[str, Any]]:
    """Gold records, repeated (with distinct ids) until they hold ``chars`` characters."""
    base = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            base.append({"text": record["text"], "published": record.get("published"), "title": record.get("title")})
    records, total, round_ = [], 0, 0
    while total < chars:
        for number, record in enumerate(base):
            records.append({**record, "id": f"r{round_}-{number}"})
            total += len(record["text"])
        round_ += 1
    return records


def timed(label: str, run: Callable[[], object], chars: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds ``run`` takes on ``clock``: wall time, or this process's CPU time
    (``time.process_time``) for single-process comparisons on a machine shared with others."""
    started = clock()
    run()
    seconds = clock() - started
    print(f"  {label:<34} {seconds:8.2f} s  {chars / seconds:>10,.0f} chars/s", flush=True)
    return seconds


def single_process(records: list[dict[str, Any]], chars: int) -> dict[str, float]:
    import jieba

    from extractor.pipeline import extract
    from extractor.rules import load_rules

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    rules = load_rules()
    extract(records[0]["text"], rules=rules)  # warm caches
    print(f"single process, {len(records)} documents, {chars:,} characters (CPU time):")
    pipeline = timed(
        "newsfig pipeline",
        lambda: [extract(r["text"], r["published"], r["title"], id=r["id"], rules=rules) for r in records],
        chars,
        time.process_time,
    )
    segment = timed("jieba.lcut", lambda: [jieba.lcut(r["text"]) for r in records], chars, time.process_time)
    print(f"  pipeline vs jieba.lcut: {segment / pipeline:.2f}x (>= 1.0 wanted)")
    return {"pipeline_s": pipeline, "jieba_s": segment, "pipeline_vs_jieba": segment / pipeline}


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


def workers(records: list[dict[str, Any]], chars: int) -> dict[str, float]:
    from extractor.parallel import process_parallel
    from extractor.records import SourceDocument

    def run(count: int) -> Callable[[], object]:
        sources = (SourceDocument(id=r["id"], text=r["text"], published=r["published"]) for r in records)
        return lambda: sum(1 for _ in process_parallel(sources, workers=count))

    print(f"process_parallel on {os.cpu_count()} cores:")
    one = timed("--workers 1", run(1), chars)
    two = timed("--workers 2", run(2), chars)
    print(f"  2 workers vs 1: {one / two:.2f}x (>= 1.8 wanted)")
    return {"workers1_s": one, "workers2_s": two, "workers_speedup": one / two}


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
    parser.add_argument("--skip", nargs="*", default=[], choices=["single", "jionlp", "workers", "rss"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    records = corpus(args.chars)
    chars = sum(len(r["text"]) for r in records)
    results: dict[str, float] = {"chars": chars, "documents": len(records)}
    if "single" not in args.skip:
        results |= single_process(records, chars)
    if "jionlp" not in args.skip:
        rate = chars / results["pipeline_s"] if "pipeline_s" in results else 0.0
        results |= jionlp(records, args.jionlp_chars, rate)
    if "workers" not in args.skip:
        results |= workers(records, chars)
    if "rss" not in args.skip:
        results |= peak_rss(big_jsonl(records, args.rss_gb), args.rss_seconds)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
