"""All cores: documents through worker processes, results in input order, memory bounded.

Each worker holds one document at a time, so the parent always knows which document a worker
is on and since when: a document over ``doc_timeout`` seconds has its worker ended and replaced,
and becomes an article with error ``E902``; a worker that dies gives ``E903``. At most
``window`` documents are read ahead of the one being written, whatever the input's size.

What a worker sends back is ``finish(source, article)``: the article itself
(:func:`process_parallel`), or what the caller makes of it (:func:`run_parallel`; the command
line's JSON line and table rows), so the parent neither unpickles an article nor serializes it.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from operator import attrgetter
from typing import Any, Generic, TypeVar

from .errors import Code, message
from .pipeline import EMPTY_META, process
from .records import Article, ArticleMeta, Check, Figure, Fix, Notice, SourceDocument
from .rules import load_rules

T = TypeVar("T")
Finish = Callable[[SourceDocument, Article], T]

WINDOW_PER_WORKER = 16
PREFETCH = 2  # documents a worker holds: one processed, one waiting
PREFETCH_BYTES = 16384  # a larger document is sent to an idle worker only
POLL_SECONDS = 0.5


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_parallel(
    sources: Iterable[SourceDocument],
    *,
    workers: int | None = None,
    doc_timeout: float | None = None,
    default_published: str | None = None,
) -> Iterator[tuple[SourceDocument, Article]]:
    """Each source with its article, in input order (see :func:`run_parallel`)."""
    return run_parallel(
        sources, article_itself, workers=workers, doc_timeout=doc_timeout, default_published=default_published
    )


def run_parallel(
    sources: Iterable[SourceDocument],
    finish: Finish[T],
    *,
    workers: int | None = None,
    doc_timeout: float | None = None,
    default_published: str | None = None,
) -> Iterator[tuple[SourceDocument, T]]:
    """Each source with ``finish(source, its article)``, in input order; ``finish`` runs where
    the document was processed (a picklable, module-level callable). One worker and no time
    limit run in this process; so does an input shorter than two documents per worker (no pool
    to start)."""
    workers = workers or default_workers()
    rules = load_rules()
    iterator = iter(sources)
    head = list(itertools.islice(iterator, 2 * workers))
    if doc_timeout is None and (workers == 1 or len(head) < 2 * workers):
        for source in itertools.chain(head, iterator):
            yield source, finish(source, process(source, rules, default_published=default_published))
        return
    with _Pool(workers, doc_timeout, default_published, finish) as pool:
        yield from pool.run(itertools.chain(head, iterator))


def article_itself(source: SourceDocument, article: Article) -> Article:
    """The :data:`Finish` of :func:`process_parallel`: the article as it is."""
    return article


def timeout_article(source: SourceDocument, seconds: float) -> Article:
    notice = Notice(Code.E_TIMEOUT.value, message(Code.E_TIMEOUT, f"{seconds:g} s"))
    return Article(id=source.id, meta=EMPTY_META, error=notice, url=source.url)


def died_article(source: SourceDocument, exitcode: int | None, detail: str | None = None) -> Article:
    notice = Notice(Code.E_WORKER.value, message(Code.E_WORKER, detail or f"exit code {exitcode}"))
    return Article(id=source.id, meta=EMPTY_META, error=notice, url=source.url)


def _work(connection: Connection, default_published: str | None, finish: Finish[Any]) -> None:
    """A worker's loop: a document in, what ``finish`` makes of its article out, until ``None``."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    rules = load_rules()
    parent = os.getppid()
    while True:
        if not connection.poll(POLL_SECONDS):
            if os.getppid() != parent:  # the parent died without ending us (a sibling holds its pipe end)
                return
            continue
        source = connection.recv()
        if source is None:
            return
        connection.send(finish(source, process(source, rules, default_published=default_published)))


@dataclass
class _Worker:
    """A worker process and its own pipe: ending a worker can corrupt no one else's results.

    It holds up to :data:`PREFETCH` documents, processed in the order sent: the first is being
    processed (since ``started``), the next waits in the pipe, so a worker never idles while
    the parent is busy."""

    process: BaseProcess
    connection: Connection
    numbers: deque[int] = field(default_factory=deque)
    started: float = 0.0


@dataclass
class _Pool(Generic[T]):
    size: int
    doc_timeout: float | None
    default_published: str | None
    finish: Finish[T]
    workers: list[_Worker] = field(default_factory=list)
    pending: dict[int, SourceDocument] = field(default_factory=dict)
    done: dict[int, T] = field(default_factory=dict)
    retry: deque[int] = field(default_factory=deque)  # documents queued behind one that failed

    def __post_init__(self) -> None:
        self.context: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        import jieba
        import jieba.posseg  # its tag table is read on import: once here, not in every worker

        load_rules()  # loaded before forking: the workers share rules and dictionary
        jieba.initialize()

    def __enter__(self) -> _Pool[T]:
        self.workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if exc[0] is None and not worker.numbers and worker.process.is_alive():
                worker.connection.send(None)
            else:
                worker.process.kill()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_work, args=(theirs, self.default_published, self.finish), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, sources: Iterator[SourceDocument]) -> Iterator[tuple[SourceDocument, T]]:
        numbered = enumerate(sources)
        next_out, window = 0, self.size * WINDOW_PER_WORKER
        exhausted = False
        while True:
            exhausted = self._dispatch(numbered, next_out + window, exhausted)
            while next_out in self.done:
                yield self.pending.pop(next_out), self.done.pop(next_out)
                next_out += 1
            if exhausted and not self.pending:
                return
            if any(worker.numbers for worker in self.workers):
                self._collect()

    def _dispatch(self, numbered: Iterator[tuple[int, SourceDocument]], limit: int, exhausted: bool) -> bool:
        """Top up every worker with documents numbered below ``limit`` (those to retry first);
        True once the input has ended."""
        for depth in range(PREFETCH):
            for worker in self.workers:
                if len(worker.numbers) > depth:
                    continue
                if self.retry:
                    number = self.retry.popleft()
                else:
                    if exhausted or (self.pending and max(self.pending) + 1 >= limit):
                        continue
                    item = next(numbered, None)
                    if item is None:
                        exhausted = True
                        continue
                    number, source = item
                    self.pending[number] = source
                if not self._send(worker, number):
                    self.retry.appendleft(number)
        return exhausted

    def _send(self, worker: _Worker, number: int) -> bool:
        """Send a document to ``worker``; a large one only to an idle worker (a full pipe both
        ways would block the parent and the worker on each other)."""
        data = bytes(ForkingPickler.dumps(self.pending[number]))
        if worker.numbers and len(data) > PREFETCH_BYTES:
            return False
        if not worker.numbers:
            worker.started = time.monotonic()
        worker.numbers.append(number)
        worker.connection.send_bytes(data)
        return True

    def _collect(self) -> None:
        """Wait for results, or for a document to run out of time or a worker to die."""
        busy = [worker for worker in self.workers if worker.numbers]
        ready = wait([worker.connection for worker in busy], timeout=self._wait(busy))
        for worker in busy:
            if worker.connection in ready and worker.numbers:
                self._receive(worker)
        self._reap()

    def _receive(self, worker: _Worker) -> None:
        try:
            finished: T = worker.connection.recv()
        except (EOFError, OSError):  # died before answering: _reap reports it
            return
        self.done[worker.numbers.popleft()] = finished
        worker.started = time.monotonic()  # the next document in its pipe starts now

    def _wait(self, busy: list[_Worker]) -> float:
        if self.doc_timeout is None or not busy:
            return POLL_SECONDS
        first = min(worker.started for worker in busy)
        return min(POLL_SECONDS, max(0.01, first + self.doc_timeout - time.monotonic()))

    def _reap(self) -> None:
        """Replace each worker whose document ran out of time or that died; the documents
        queued behind that one go to other workers."""
        now = time.monotonic()
        for index, worker in enumerate(self.workers):
            if not worker.numbers:
                continue
            overdue = self.doc_timeout is not None and now - worker.started > self.doc_timeout
            if not overdue and worker.process.is_alive():
                continue
            number = worker.numbers.popleft()
            source = self.pending[number]
            if overdue:
                worker.process.kill()
                self.done[number] = self.finish(source, timeout_article(source, self.doc_timeout or 0.0))
            else:
                self.done[number] = self.finish(source, died_article(source, worker.process.exitcode))
            self.retry.extendleft(reversed(worker.numbers))
            worker.process.join(timeout=5)
            worker.connection.close()
            self.workers[index] = self._start()


def _by_fields(record: Any) -> tuple[type, tuple[Any, ...]]:
    """A record as its class and constructor arguments, for the pipes: dataclasses' own
    ``__getstate__``/``__setstate__`` of a frozen slotted class look up ``fields()`` and set
    each field in Python for every object, which costs the parent as much as a worker saves."""
    kind = type(record)
    return kind, _FIELDS[kind](record)


_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    kind: attrgetter(*(item.name for item in fields(kind)))
    for kind in (Notice, SourceDocument, Fix, ArticleMeta, Figure, Check, Article)
}
for _kind in _FIELDS:
    ForkingPickler.register(_kind, _by_fields)
