"""The per-article stage on a Dask cluster: ``kg build --engine dask [--scheduler ADDRESS]``.

Only the NLP stage is distributed: it is almost all of a build's time and is
independent per article. Each worker loads the spaCy model once (a worker
plugin loads it as the worker joins; :func:`kg.nlp.model.load_pipeline` caches
it), analyses chunks of articles with the same :func:`kg.engine.parallel.analyze_chunk`
as ``-j N`` does, and returns the small, picklable analyses. The client puts
them back in document order and resolves and builds the graph with the same
code as a local build, so the output is byte-identical to ``kg build``.

Without a scheduler address a :class:`~distributed.LocalCluster` of
processes (one thread each: a spaCy pipeline is not shared between threads)
is started for the build and closed after it. With one, the cluster is
yours: kg and the spaCy model must be installed on every worker (see
docs/performance.md).

Needs the ``dask`` extra: ``pip install 'kg[dask]'``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from kg.engine.knowledge_graph import KnowledgeGraph
from kg.engine.parallel import IN_FLIGHT_PER_JOB, Progress, analyze_chunk, chunk_size_for, chunked
from kg.engine.pipeline import graph_from_analyses
from kg.read.documents import unique_documents
from kg.types import Document, DocumentAnalysis

if TYPE_CHECKING:
    from distributed import Client

PLUGIN_NAME = "kg-spacy-model"


class DaskNotInstalledError(ImportError):
    """The Dask engine was asked for but ``dask[distributed]`` is not installed."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskNotInstalledError(
            "the Dask engine needs dask.distributed: install it with `pip install 'kg[dask]'` (or `pip install 'dask[distributed]'`)"
        ) from None
    return distributed


def model_loader(model: str | None) -> Any:
    """A worker plugin that loads the spaCy pipeline when a worker starts or joins.

    Loading up front makes a missing model fail at once, on registration,
    rather than in the first task; the tasks then find the pipeline in
    :func:`kg.nlp.model.load_pipeline`'s per-process cache.
    """
    plugin_base: Any = _distributed().WorkerPlugin

    class LoadModel(plugin_base):  # type: ignore[misc]
        name = PLUGIN_NAME

        def __init__(self, model: str | None) -> None:
            self.model = model

        def setup(self, worker: Any) -> None:
            from kg.nlp.model import load_pipeline

            load_pipeline(self.model)

    return LoadModel(model)


@contextmanager
def _quiet(logger: str = "distributed") -> Iterator[None]:
    """Keep Dask's start-up and shut-down chatter (INFO) out of kg's stderr; warnings still show."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster started (and closed) here.

    Args:
        scheduler: address such as ``tcp://10.0.0.5:8786``; None starts a LocalCluster.
        workers: processes of the LocalCluster (default: one per core); ignored with an address.
    """
    distributed = _distributed()
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    n_workers = workers or os.cpu_count() or 1
    with (
        _quiet(),
        distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _task_key(chunk: Sequence[Document], model: str | None) -> str:
    """A key named by content: the same articles and model are the same task, on any client."""
    digest = hashlib.sha256(repr((model, [d.content_hash for d in chunk])).encode()).hexdigest()[:24]
    return f"kg-analyze-{digest}"


def analyze_with_dask(
    client: Client,
    documents: Sequence[Document],
    model: str | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> list[DocumentAnalysis]:
    """Analyse ``documents`` on the cluster behind ``client``; the analyses in document order."""
    return list(iter_analyses_dask(client, documents, model=model, progress=progress, chunk_size=chunk_size))


def iter_analyses_dask(
    client: Client,
    documents: Sequence[Document],
    model: str | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> Iterator[DocumentAnalysis]:
    """The analyses of ``documents`` made on the cluster behind ``client``, yielded in document order as they come.

    Chunks are submitted a bounded window at a time (two per worker thread),
    so neither the scheduler nor the workers hold the whole corpus, and each
    result is released on the cluster once it is back here. Here, only the
    chunks that finished before an earlier one wait (at most the window),
    so a caller that stores each analysis as it comes holds no corpus.
    """
    distributed = _distributed()
    client.register_plugin(model_loader(model), name=PLUGIN_NAME)
    threads = sum(client.nthreads().values()) or 1
    size = chunk_size or chunk_size_for(len(documents), threads)
    chunks = chunked(enumerate(documents), size)
    waiting: dict[int, list[DocumentAnalysis]] = {}  # index of a chunk's first document -> its analyses, until its turn
    pending = distributed.as_completed()
    first: dict[Any, int] = {}  # future -> index of its chunk's first document
    following = 0  # index of the next document to yield

    def submit(count: int) -> None:
        for chunk in _take(chunks, count):
            batch = [d for _, d in chunk]
            future = client.submit(analyze_chunk, batch, model, key=_task_key(batch, model), pure=False)
            first[future] = chunk[0][0]
            pending.add(future)

    submit(threads * IN_FLIGHT_PER_JOB)
    for future in pending:
        analyses = future.result()
        waiting[first.pop(future)] = analyses
        future.release()
        if progress is not None:
            progress(len(analyses))
        submit(1)
        while following in waiting:
            ready = waiting.pop(following)
            following += len(ready)
            yield from ready


def _take(chunks: Iterator[list[tuple[int, Document]]], count: int) -> Iterator[list[tuple[int, Document]]]:
    for _ in range(count):
        chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def build_with_dask(
    documents: Iterable[Document],
    model: str | None = None,
    scheduler: str | None = None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> KnowledgeGraph:
    """Documents -> KnowledgeGraph with the NLP stage on Dask; the same bytes as a local build.

    Args:
        documents: the articles.
        model: spaCy model name; None lets each worker pick its default (set
            ``KG_SPACY_MODEL`` alike everywhere, or name it here).
        scheduler: a scheduler address (``tcp://host:8786``); None starts a LocalCluster.
        workers: processes of that LocalCluster (default: one per core).
        progress: called with the number of articles finished.
        chunk_size: articles per task (default: about four tasks per worker thread, at most 16).
    """
    ordered = unique_documents(documents)
    with connect(scheduler, workers) as client:
        analyses = analyze_with_dask(client, ordered, model=model, progress=progress, chunk_size=chunk_size)
    return graph_from_analyses(ordered, analyses)

