"""The whole path from articles to a knowledge graph, top to bottom.

    documents  = ingest.read_inputs(paths)               # files -> Document
    analyses   = parallel.analyze_parallel(docs, jobs=N) # spaCy + extractors, per article, N processes
    resolution = resolve.resolve(analyses)               # one node per entity, facts merged
    quads      = graph.build_quads(...)                  # pyoxigraph triples per graph, with provenance
    KnowledgeGraph(quads, ...).export(folder)            # every registered exporter, atomically

The per-article stage may also run on a Dask cluster
(:func:`kg.engine.distributed.build_with_dask`); both engines share
:func:`kg.read.documents.unique_documents` before it and :func:`graph_from_analyses`
after it, so they write the same bytes.

:class:`~kg.engine.knowledge_graph.KnowledgeGraph` holds the result; its ``export`` writes every format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.engine.knowledge_graph import KnowledgeGraph
from kg.types import Document, DocumentAnalysis


def analyze_all(documents: Iterable[Document], model: str | None = None, jobs: int = 1, **options: Any) -> list[DocumentAnalysis]:
    """Run the per-article NLP stage, in this process or in ``jobs`` processes (see :func:`kg.engine.parallel.analyze_parallel`)."""
    from kg.engine.parallel import analyze_parallel

    return analyze_parallel(documents, model=model, jobs=jobs, **options)


def graph_from_analyses(documents: Sequence[Document], analyses: Iterable[DocumentAnalysis]) -> KnowledgeGraph:
    """Resolve the analyses of ``documents`` across the corpus and build the graph's quads.

    The corpus-level half of a build, shared by every engine; the order of
    ``analyses`` does not matter (resolution sorts them), so results that
    come back from workers in any order give the same graph.
    """
    from kg.graph.quads import build_quads
    from kg.resolve.corpus import resolve

    resolution = resolve(analyses)
    quads = build_quads(documents, resolution.entities, resolution.assertions, resolution.article_mentions)
    return KnowledgeGraph(quads, resolution.entities, resolution.assertions, tuple(documents))


def build_from_documents(documents: Iterable[Document], model: str | None = None, jobs: int = 1, **options: Any) -> KnowledgeGraph:
    """Documents -> KnowledgeGraph, the NLP stage in ``jobs`` processes.

    ``options`` go to :func:`kg.engine.parallel.analyze_parallel` (``progress``, ``chunk_size``).
    """
    from kg.read.documents import unique_documents

    ordered = unique_documents(documents)
    analyses = analyze_all(ordered, model=model, jobs=jobs, **options)
    return graph_from_analyses(ordered, analyses)


def build(
    paths: Iterable[str | Path] | str | Path | None = None,
    *,
    texts: Iterable[str] | None = None,
    model: str | None = None,
    jobs: int = 1,
    strict: bool = False,
    max_article_bytes: int | None = None,
    **options: Any,
) -> KnowledgeGraph:
    """Build a knowledge graph from files/folders and/or raw texts.

    Args:
        paths: files or folders of articles (.txt, .md, .html, .jsonl), or "-" for stdin.
        texts: article texts given directly (first line is the title).
        model: spaCy model name (default: the first installed of kg.nlp.model.DEFAULT_MODELS).
        jobs: worker processes for the NLP stage (0: one per core); the output does not depend on it.
        strict: turn a skipped input into an error.
        max_article_bytes: an article whose cleaned text is larger (UTF-8) is skipped with a warning
            naming it (default and maximum: ``kg.read.blobs.DEFAULT_ARTICLE_LIMIT``, ``MAX_ARTICLE_LIMIT``);
            it bounds the build's memory.
    """
    from kg.read.blobs import DEFAULT_ARTICLE_LIMIT
    from kg.read.inputs import documents_from_texts, read_inputs

    limit = DEFAULT_ARTICLE_LIMIT if max_article_bytes is None else max_article_bytes
    if isinstance(paths, (str, Path)):
        paths = [paths]
    documents: list[Document] = list(read_inputs(paths, strict=strict, max_article_bytes=limit)) if paths else []
    if texts is not None:
        documents += documents_from_texts(texts, max_article_bytes=limit)
    return build_from_documents(documents, model=model, jobs=jobs, **options)
