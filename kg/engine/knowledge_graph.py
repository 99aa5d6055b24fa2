"""The result of a build, as library users hold it: :class:`KnowledgeGraph`.

It keeps the graph's quads (what exports and stores read) and the plain
entities and assertions behind them, and offers the graph the ways people
use it: SPARQL (:meth:`KnowledgeGraph.query`: rows of Python values, a
pandas DataFrame on request), files (:meth:`~KnowledgeGraph.export`),
lookups by name, alias or IRI (:meth:`~KnowledgeGraph.entity`,
:meth:`~KnowledgeGraph.find`: the same lookup as ``kg explain``), networkx,
pyvis and the notebook view. :func:`kg.open` (:mod:`kg.engine.reader`)
makes one from an existing build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import write_atomic_chunks
from kg.types import Assertion, Document, Entity

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox
    from pyvis.network import Network
    from rdflib import Dataset

    from kg.engine.table import Table
    from kg.graph.quads import GraphQuads
    from kg.lookup import Candidate


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

    @cached_property
    def _store(self) -> ox.Store:
        """The quads in an in-memory Oxigraph store (made on the first query)."""
        import pyoxigraph as ox

        from kg.graph.quads import GraphQuads

        store = ox.Store()
        store.extend(GraphQuads.of(self.quads))
        return store

    def query(self, sparql: str, *, timeout: float | None = None) -> Table:
        """Run SPARQL over every graph (the default graph is their union) with Oxigraph, as ``kg query`` does.

        Returns a :class:`kg.engine.table.Table`: rows of Python values
        (``str``, ``int``, ``float``, ``bool``, ``datetime.date``, ``None``)
        that iterate like tuples, ``.columns``, ``.to_dataframe()`` for pandas,
        and ``.terms`` for the RDF terms themselves.

        Raises:
            kg.sparql.safety.RefusedQuery: an update, or a query that would reach
                the network (``SERVICE``, a ``FROM`` of a graph that is not here).
            kg.sparql.run.QuerySyntaxError: the text is not SPARQL.
            kg.sparql.run.QueryTimeout: it ran past ``timeout`` seconds.
        """
        from kg.engine.table import Table
        from kg.sparql.run import run_query

        return Table.from_result(run_query(self._store, sparql, timeout=timeout))

    def export(self, folder: str | Path, formats: Sequence[str] | None = None) -> list[Path]:
        """Write the exports into ``folder``, each atomically and in pieces (never a whole file in memory); returns the paths written.

        ``formats`` names exporters by format or by file extension
        (``"turtle"`` or ``"ttl"``, ``"graphml"``, ``"html"``); all of them when omitted.
        """
        from kg.export import exporters, get_exporter

        chosen = [get_exporter(name) for name in formats] if formats else list(exporters().values())
        written = []
        for exporter in chosen:
            path = Path(folder) / exporter.filename
            write_atomic_chunks(path, exporter.stream(self.quads))
            written.append(path)
        return written

    @cached_property
    def _candidates(self) -> tuple[Candidate, ...]:
        from kg.lookup import Candidate

        return tuple(Candidate(e.iri, e.kind, e.label, e.aliases, e.wikidata, len(e.articles)) for e in self.entities)

    @cached_property
    def _by_iri(self) -> dict[str, Entity]:
        return {e.iri: e for e in self.entities}

    def find(self, name: str) -> list[Entity]:
        """Every entity ``name`` can mean, best first: the lookup of ``kg explain``.

        ``name`` is an IRI (``kgr:state/chile`` too), a canonical name, an
        alias, a name kg's lexicon knows ("USA", "American"), a
        transliteration, a surname ("Widodo") or part of a name, in any case
        and with or without accents; :mod:`kg.lookup` has the ranking.
        """
        from kg.lookup import rank_matches

        return [self._by_iri[m.candidate.iri] for m in rank_matches(name, self._candidates)]

    def entity(self, name: str) -> Entity | None:
        """The one entity ``name`` means (see :meth:`find`), or None when it means none.

        Raises:
            kg.lookup.AmbiguousNameError: several entities fit equally well;
                the message lists them and ``.matches`` holds them, best first.
        """
        from kg.lookup import best_match

        found = best_match(name, self._candidates)
        return self._by_iri[found.iri] if found is not None else None

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes and facts as edges, with the attributes of ``graph.graphml`` (see :mod:`kg.export.graphml`)."""
        from kg.export.graphml import to_networkx

        return to_networkx(self.quads)

    def to_pyvis(self, **options: Any) -> Network:
        """The graph as a ``pyvis.network.Network`` (see :func:`kg.export.pyvis_network.to_pyvis`)."""
        from kg.export.pyvis_network import to_pyvis

        return to_pyvis(self.quads, **options)

    def _repr_html_(self) -> str:
        from kg.export.html import GraphView

        return GraphView(self.quads)._repr_html_()

    def summary(self) -> str:
        """Counts in words, as ``kg build`` reports them: "1 article, 42 entities, 128 assertions"."""
        counts = ((len(self.documents), "article"), (len(self.entities), "entity"), (len(self.assertions), "assertion"))
        return ", ".join(count(n, noun) for n, noun in counts)

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.summary()}, {count(len(self.quads), 'quad')})"


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless one.

    >>> count(1, "article"), count(2, "entity"), count(1500, "quad")
    ('1 article', '2 entities', '1,500 quads')
    """
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
