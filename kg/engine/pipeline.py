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

:class:`KnowledgeGraph` holds the result; its ``export`` writes every format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import write_atomic
from kg.types import Assertion, Document, DocumentAnalysis, Entity

if TYPE_CHECKING:
    from pyvis.network import Network
    from rdflib import Dataset
    from rdflib.query import Result

    from kg.graph.quads import GraphQuads


@dataclass(frozen=True)
class KnowledgeGraph:
    """A built graph: its quads plus the plain entities and assertions behind them.

    ``quads`` (:class:`kg.graph.quads.GraphQuads`: pyoxigraph triples graph by
    graph; iterating gives pyoxigraph quads) is what exports and stores read;
    ``dataset`` is the same graph as an rdflib ``Dataset``, made on first use
    for code that speaks rdflib.
    """

    quads: GraphQuads
    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    documents: tuple[Document, ...]

    @cached_property
    def dataset(self) -> Dataset:
        """The graph as an rdflib ``Dataset`` (default graph + a named graph per article)."""
        from kg.graph.terms import to_rdflib_dataset

        return to_rdflib_dataset(self.quads)

    def query(self, sparql: str) -> Result:
        """Run SPARQL over every graph of the dataset (rdflib's engine).

        Raises:
            kg.sparql.safety.RefusedQuery: the query would make rdflib fetch from the
                network (``SERVICE``, or any ``FROM``: the graphs are all here).
        """
        from rdflib import Dataset as _Dataset

        from kg.sparql.safety import check_query
        from kg.sparql.sandbox import no_network

        check_query(sparql, graphs=())
        union = _Dataset(store=self.dataset.store, default_union=True)
        with no_network():  # rdflib is pure Python: any connection it tries inside raises
            result = union.query(sparql)
            if result.type == "SELECT":
                result.bindings  # noqa: B018 -- evaluate now, inside the guard, not when iterated later
        return result

    def export(self, folder: str | Path, formats: Sequence[str] | None = None) -> list[Path]:
        """Write the exports into ``folder``, each atomically; returns the paths written."""
        from kg.export import exporters, get_exporter

        chosen = [get_exporter(name) for name in formats] if formats else list(exporters().values())
        written = []
        for exporter in chosen:
            path = Path(folder) / exporter.filename
            write_atomic(path, exporter.render(self.quads))
            written.append(path)
        return written

    def entity(self, label: str) -> Entity | None:
        """The entity with this canonical label or alias (case-insensitive)."""
        wanted = label.casefold()
        for entity in self.entities:
            if entity.label.casefold() == wanted or wanted in (a.casefold() for a in entity.aliases):
                return entity
        return None

    def to_pyvis(self, **options: Any) -> Network:
        """The graph as a ``pyvis.network.Network`` (see :func:`kg.export.pyvis_network.to_pyvis`)."""
        from kg.export.pyvis_network import to_pyvis

        return to_pyvis(self.quads, **options)

    def _repr_html_(self) -> str:
        from kg.export.html import GraphView

        return GraphView(self.quads)._repr_html_()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({len(self.documents)} articles, {len(self.entities)} entities, {len(self.assertions)} assertions, {len(self.quads)} quads)"


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
    **options: Any,
) -> KnowledgeGraph:
    """Build a knowledge graph from files/folders and/or raw texts.

    Args:
        paths: files or folders of articles (.txt, .md, .html, .jsonl), or "-" for stdin.
        texts: article texts given directly (first line is the title).
        model: spaCy model name (default: the first installed of kg.nlp.model.DEFAULT_MODELS).
        jobs: worker processes for the NLP stage (0: one per core); the output does not depend on it.
        strict: turn a skipped input into an error.
    """
    from kg.read.inputs import documents_from_texts, read_inputs

    if isinstance(paths, (str, Path)):
        paths = [paths]
    documents: list[Document] = list(read_inputs(paths, strict=strict)) if paths else []
    if texts is not None:
        documents += documents_from_texts(texts)
    return build_from_documents(documents, model=model, jobs=jobs, **options)
