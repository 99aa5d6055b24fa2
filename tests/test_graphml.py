"""graph.graphml as Gephi, yEd, networkx and igraph users read it: unique ids, weights, no empty data, counts as in the RDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.ontology import ENTITY_CLASS_NAMES, RELATIONS

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
KGO = "https://w3id.org/mineral-kg/ontology#"


@pytest.fixture(scope="module")
def exported(seed_graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("graphml")
    seed_graph.export(folder, ["graphml", "trig"])
    return folder


@pytest.fixture(scope="module")
def rdf_counts(exported) -> dict[str, int]:
    """What the RDF says: entities, distinct facts between entities, their evidence sentences."""
    store = ox.Store()
    store.load(path=str(exported / "graph.trig"), format=ox.RdfFormat.TRIG)
    classes = " ".join(f"<{KGO}{c}>" for c in ENTITY_CLASS_NAMES)
    relations = " ".join(f"<{KGO}{r}>" for r in RELATIONS)

    def one(query: str) -> int:
        (row,) = list(store.query(query, use_default_graph_as_union=True))
        return int(row[0].value)

    return {
        "entities": one(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c }}"),
        "facts": one(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {relations} }} ?s ?p ?o . ?s a ?c1 . ?o a ?c2 }} }}"
        ),
        "evidence": one(
            f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ VALUES ?p {{ {relations} }} ?ev <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p }}"
        ),
        "positions": one(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{KGO}holdsPosition> ?t }}"),
        "signed": one(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{KGO}signedOn> ?d }}"),
    }


def test_networkx_reads_the_counts_of_the_rdf(exported, rdf_counts):
    network = nx.read_graphml(exported / "graph.graphml")
    assert isinstance(network, nx.MultiDiGraph)
    assert network.number_of_nodes() == rdf_counts["entities"]
    assert network.number_of_edges() == rdf_counts["facts"]
    assert sum(d["weight"] for _, _, d in network.edges(data=True)) == rdf_counts["evidence"]
    assert all(d["weight"] >= 1 and d["articles"] >= 1 for _, _, d in network.edges(data=True))  # kg asserts no fact without evidence
    assert sum(1 for _, d in network.nodes(data=True) if "positions" in d) == rdf_counts["positions"]
    assert sum(1 for _, d in network.nodes(data=True) if "signedOn" in d) == rdf_counts["signed"] >= 1


def test_igraph_reads_the_counts_of_the_rdf(exported, rdf_counts):
    igraph = pytest.importorskip("igraph", reason="python-igraph is in the test extra")
    graph = igraph.Graph.Read_GraphML(str(exported / "graph.graphml"))
    assert graph.is_directed()
    assert graph.vcount() == rdf_counts["entities"]
    assert graph.ecount() == rdf_counts["facts"]
    assert sum(int(w) for w in graph.es["weight"]) == rdf_counts["evidence"]
    assert set(graph.es["label"]) <= set(RELATIONS)
    assert set(graph.vs["class"]) <= set(ENTITY_CLASS_NAMES)


def test_edge_ids_are_unique_and_no_data_element_is_empty(exported):
    root = ET.parse(exported / "graph.graphml").getroot()
    ids = [edge.get("id") for edge in root.iterfind(".//g:edge", NS)]
    assert ids and len(set(ids)) == len(ids)
    assert all(data.text and data.text.strip() for data in root.iterfind(".//g:data", NS))
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iterfind("g:key", NS)}
    assert keys[("edge", "weight")] == keys[("edge", "articles")] == "long" and keys[("edge", "label")] == "string"
    node_keys = {name for kind, name in keys if kind == "node"}
    assert {"label", "class", "articles", "wikidata", "signedOn", "firstMentioned", "lastMentioned"} <= node_keys


def test_nodes_carry_positions_and_dates(seed_graph):
    from kg.export.graphml import to_networkx

    network = to_networkx(seed_graph.quads)
    deal = next(e for e in seed_graph.entities if e.kind == "Agreement")  # the seeds' one deal
    attributes = network.nodes[deal.iri]
    assert attributes["signedOn"] == "2025-04-30" and attributes["class"] == "Agreement"
    assert attributes["firstMentioned"] <= attributes["lastMentioned"]
    people = {a.subject for a in seed_graph.assertions if a.predicate == "holdsPosition"}
    for person in people:
        assert network.nodes[person]["positions"]
