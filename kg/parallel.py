"""Running the per-article stage in one process or many.

Analyses are independent per article, so ``-j N`` maps them over a process
pool; the results are sorted by document before resolution, so the graph is
byte-identical whatever ``N`` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from kg.types import Document, DocumentAnalysis

_WORKER_MODEL: str | None = None


def _init_worker(model: str | None) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = model


def _analyze_one(document: Document) -> DocumentAnalysis:
    from kg.analyze import analyze
    from kg.nlp import load_pipeline

    return analyze(document, load_pipeline(_WORKER_MODEL))


def analyze_parallel(documents: Sequence[Document], model: str | None = None, jobs: int = 1, progress: Any = None) -> list[DocumentAnalysis]:
    """Analyse documents with ``jobs`` processes (1: in this process)."""
    from kg.analyze import analyze_documents
    from kg.nlp import load_pipeline

    if jobs <= 1 or len(documents) < 2:
        nlp = load_pipeline(model)
        results = []
        for analysis in analyze_documents(documents, nlp):
            results.append(analysis)
            if progress is not None:
                progress(1)
        return results
    results = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(model,)) as pool:
        for analysis in pool.map(_analyze_one, documents, chunksize=max(1, len(documents) // (jobs * 8) or 1)):
            results.append(analysis)
            if progress is not None:
                progress(1)
    return results
