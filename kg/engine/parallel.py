"""Running the per-article stage in one process or many, streaming.

Analyses are independent per article, so ``-j N`` maps chunks of articles
over a pool of N processes; each process loads the spaCy model once
(:func:`kg.nlp.model.load_pipeline` is cached per process). The stream is
bounded: a few chunks per process are in flight, so neither the pool's
queue nor the results wait in memory longer than needed, and no spaCy
``Doc`` outlives its article (a :class:`~kg.types.DocumentAnalysis` holds
offsets and strings only).

A few articles at a time share one ``nlp.pipe`` stream
(:func:`kg.engine.analyze.analyze_batch`): spaCy's output for a block does not
depend on its batch-mates (checked token by token on 2,300 blocks, and by
the tests that compare ``-j 2`` with ``-j 1``), so an analysis cannot depend
on which process or chunk it landed in; results come back in input order,
and resolution sorts them anyway, so the graph is byte-identical whatever
``N`` is.

No worker outlives the build: each asks the kernel to kill it when its
parent dies (``PR_SET_PDEATHSIG`` on Linux, so even ``kill -9`` of ``kg build``
leaves no orphan) and ignores Ctrl-C, which the parent handles; when the
parent stops early (an error, SIGINT, SIGTERM turned into an exception by
the CLI, a consumer that drops the stream) it terminates the pool at once
rather than waiting for the running chunks.

:func:`analyze_chunk` is the unit of work for both this pool and the Dask
engine (:mod:`kg.engine.distributed`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from kg.types import Document, DocumentAnalysis

Progress = Callable[[int], object]
"""Called with the number of articles just finished (a tqdm bar's ``update``)."""

#: Chunks in flight per worker process: one running, one queued, so a worker never idles.
IN_FLIGHT_PER_JOB = 2
#: At most this many articles per chunk, so progress moves and work stays balanced.
MAX_CHUNK = 16

T = TypeVar("T")


class AnalysisError(RuntimeError):
    """Analysing one article failed; the message names the article and the reason."""


def effective_jobs(jobs: int) -> int:
    """The number of processes ``jobs`` asks for: ``0`` (or less) means one per core.

    Examples:
        >>> effective_jobs(3)
        3
        >>> effective_jobs(0) == (os.cpu_count() or 1)
        True
    """
    return jobs if jobs >= 1 else (os.cpu_count() or 1)


def chunk_size_for(n_documents: int, jobs: int) -> int:
    """Articles per task: about four chunks per process, at most :data:`MAX_CHUNK`.

    Examples:
        >>> chunk_size_for(10, 2), chunk_size_for(100, 2), chunk_size_for(100_000, 8)
        (1, 12, 16)
    """
    return max(1, min(MAX_CHUNK, n_documents // (jobs * 4)))


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), consuming ``items`` lazily.

    Examples:
        >>> list(chunked(range(5), 2))
        [[0, 1], [2, 3], [4]]
    """
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze_chunk(documents: Sequence[Document], model: str | None = None) -> list[DocumentAnalysis]:
    """Analyse ``documents`` in this process with its cached pipeline; the unit of work of every engine.

    Raises:
        kg.nlp.model.ModelNotFoundError: the model is not installed here.
        AnalysisError: an article could not be analysed (names it, chains the cause).
    """
    from kg.engine.analyze import ARTICLES_PER_BATCH, analyze, analyze_batch
    from kg.lexicon.tables import load_lexicon
    from kg.nlp.model import load_pipeline

    nlp = load_pipeline(model)
    lexicon = load_lexicon()
    results: list[DocumentAnalysis] = []
    for batch in chunked(documents, ARTICLES_PER_BATCH):
        try:
            results += analyze_batch(batch, nlp, lexicon)
        except Exception:
            for document in batch:  # again one by one, to name the article at fault
                try:
                    results.append(analyze(document, nlp, lexicon))
                except Exception as exc:
                    name = document.source or f"article {document.doc_id}"
                    raise AnalysisError(f"{name}: analysis failed: {type(exc).__name__}: {exc}") from exc
    return results


def iter_analyses(
    documents: Iterable[Document],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> Iterator[DocumentAnalysis]:
    """Analyses of ``documents``, in their order, as they are made.

    ``documents`` is consumed lazily: with one job a batch of
    :data:`kg.engine.analyze.ARTICLES_PER_BATCH` articles is read when the previous
    one is done; with ``jobs`` processes at most ``jobs * IN_FLIGHT_PER_JOB``
    chunks are read ahead.

    Args:
        documents: the articles (any iterable; a generator streams).
        model: spaCy model name (see :func:`kg.nlp.model.model_name`).
        jobs: worker processes; 1 runs here, 0 means one per core.
        progress: called with the number of articles finished, as they finish.
        chunk_size: articles per task for the pool (default: :func:`chunk_size_for`).
    """
    jobs = effective_jobs(jobs)
    if jobs == 1:
        from kg.engine.analyze import ARTICLES_PER_BATCH

        for batch in chunked(documents, ARTICLES_PER_BATCH):
            analyses = analyze_chunk(batch, model)
            if progress is not None:
                progress(len(analyses))
            yield from analyses
        return
    if chunk_size is None:
        sized = documents if isinstance(documents, Sequence) else list(documents)
        chunk_size, documents = chunk_size_for(len(sized), jobs), sized
    yield from _pooled(chunked(documents, chunk_size), model, jobs, progress)


#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Pool initializer: this worker ends when ``parent`` does, and leaves Ctrl-C and SIGTERM's unwinding to it.

    Linux delivers SIGKILL on the parent's death once ``PR_SET_PDEATHSIG`` is
    set; a parent that died before the call is caught by comparing the parent
    pid. Elsewhere the parent's own shutdown (:func:`_stop`) is what ends the workers.
    A forked worker inherits the CLI's SIGTERM handler, which unwinds with a
    traceback; a worker holds nothing to clean up, so SIGTERM simply ends it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: drop queued work, terminate the workers, reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def _pooled(chunks: Iterator[list[Document]], model: str | None, jobs: int, progress: Progress | None) -> Iterator[DocumentAnalysis]:
    """Run chunks on a process pool, a bounded window at a time, yielding results in submission order.

    A normal end waits for the pool; any other (an exception, a signal, the
    generator closed) terminates it, so no worker keeps parsing for nobody.
    """
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),))
    finished = False
    window: deque[Future[list[DocumentAnalysis]]] = deque()
    try:
        for chunk in islice(chunks, jobs * IN_FLIGHT_PER_JOB):
            window.append(pool.submit(analyze_chunk, chunk, model))
        while window:
            analyses = window.popleft().result()
            for chunk in islice(chunks, 1):
                window.append(pool.submit(analyze_chunk, chunk, model))
            if progress is not None:
                progress(len(analyses))
            yield from analyses
        finished = True
    finally:
        for future in window:
            future.cancel()
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool)


def analyze_parallel(
    documents: Iterable[Document],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> list[DocumentAnalysis]:
    """Analyse documents with ``jobs`` processes (1: in this process; 0: one per core).

    The list is in the order of ``documents`` and does not depend on ``jobs``.
    Only the small, picklable analyses are kept; see :func:`iter_analyses`
    to consume them as a stream.
    """
    return list(iter_analyses(documents, model=model, jobs=jobs, progress=progress, chunk_size=chunk_size))
