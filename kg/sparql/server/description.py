"""The SPARQL 1.1 Service Description of the endpoint: what a client learns from ``GET /sparql``.

Why: tools (YASGUI, Comunica, SPARQL clients in notebooks) read the
endpoint URL itself to find out what it speaks. The description says, in
the W3C ``sd:`` vocabulary: SPARQL 1.1 Query only (read-only), the result
formats, that the default graph is the union of all graphs
(``sd:UnionDefaultGraph``), the dataset (every article's named graph, the
number of triples), and kg's limits in words. It is an RDF graph rendered by
the same writers as query results (:mod:`kg.sparql.formats`), so every
graph format works and the Turtle is the Turtle kg writes everywhere.

>>> text = describe("http://127.0.0.1:7878/sparql", ["https://w3id.org/mineral-kg/id/article/a1"], 12,
...                 "read-only", "turtle")
>>> "<http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph>" in text
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.sparql.formats import format_result
from kg.sparql.results import QueryResult

__all__ = ["SD", "describe"]

#: The Service Description namespace.
SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe(endpoint: str, graphs: Iterable[str], triples: int | None, limits: str, fmt: str = "turtle") -> str:
    """The service description of ``endpoint``, rendered in ``fmt`` (a graph format of :mod:`kg.sparql.formats`).

    Args:
        endpoint: the endpoint's absolute URL (also the service's IRI).
        graphs: the named graphs of the store (one per article).
        triples: quads in the store, or ``None`` if not counted.
        limits: kg's limits in words (row cap, time, memory), for ``dcterms:description``.
        fmt: ``turtle`` (default), ``json`` (JSON-LD), ``ntriples``, ``xml``.
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    default_graph = ox.NamedNode(endpoint + "#default-graph")
    out = [
        ox.Triple(service, _RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, _DESCRIPTION, ox.Literal(f"kg's read-only SPARQL 1.1 endpoint. {limits}", language="en")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, _RDF_TYPE, _sd("Graph")),
    ]
    out += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode("http://www.w3.org/ns/formats/" + name)) for name in _FORMATS]
    if triples is not None:
        out.append(ox.Triple(default_graph, _VOID_TRIPLES, ox.Literal(str(triples), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    for index, graph in enumerate(sorted(graphs)):
        named = ox.NamedNode(f"{endpoint}#graph-{index}")
        out += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, _RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(graph)),
        ]
    return format_result(QueryResult.graph(out), fmt)
