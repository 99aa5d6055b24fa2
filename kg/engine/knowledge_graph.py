"""The result of a build, as library users hold it: :class:`KnowledgeGraph`.

It keeps the graph's quads (what exports and stores read) and the plain
entities and assertions behind them, and offers the graph the ways people
use it: SPARQL (:meth:`KnowledgeGraph.query`), files (:meth:`~KnowledgeGraph.export`),
lookups (:meth:`~KnowledgeGraph.entity`), pyvis and the notebook view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import write_atomic
from kg.types import Assertion, Document, Entity

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
