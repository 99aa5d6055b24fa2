"""GraphQuads: the build's graph, graph by graph, and the same bytes from every kind of input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph.quads import GraphQuads

EX = "https://example.org/"


def _quad(s: str, o: str, graph: str | None = None) -> ox.Quad:
    name = ox.DefaultGraph() if graph is None else (ox.BlankNode(graph[2:]) if graph.startswith("_:") else ox.NamedNode(EX + graph))
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), name)


def test_group_drops_repeats_and_orders_named_graphs():
    quads = [_quad("a", "1", "g2"), _quad("a", "1"), _quad("b", "2", "g1"), _quad("a", "1"), _quad("b", "2", "g1"), _quad("c", "3", "_:x")]
    grouped = GraphQuads.group(quads)
    assert [name for name, _ in grouped.graphs()] == [None, "_:x", EX + "g1", EX + "g2"]
    assert len(grouped) == 4 == len(set(quads))
    assert set(grouped) == set(quads)  # iteration gives the quads back, graph names included


def test_of_keeps_a_graph_quads_and_converts_the_rest(seed_graph):
    quads = seed_graph.quads
    assert GraphQuads.of(quads) is quads
    expected = set(quads)
    assert len(expected) == len(quads)  # no repeats
    assert set(GraphQuads.of(quads.to_dataset())) == expected
    assert set(GraphQuads.of(seed_graph.dataset)) == expected  # rdflib, back and forth


@pytest.mark.parametrize("kind", ["quads", "pyoxigraph Dataset", "rdflib Dataset"])
def test_every_exporter_writes_the_same_bytes_from_every_kind_of_graph(seed_graph, kind):
    from kg.export import exporters

    source = {"quads": seed_graph.quads, "pyoxigraph Dataset": seed_graph.quads.to_dataset(), "rdflib Dataset": seed_graph.dataset}[kind]
    for exporter in exporters().values():
        assert exporter.render(source) == exporter.render(seed_graph.quads), exporter.name
