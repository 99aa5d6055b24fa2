"""GraphML through networkx: entities as nodes, facts as labelled edges.

For tools like Gephi or yEd that read property graphs rather than RDF.
Node and edge order is sorted so the file is deterministic.
"""

from __future__ import annotations

import re

import networkx as nx
from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import OWL

from kg.export import exporter
from kg.graph import union_graph
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 forbids become U+FFFD (GraphML is XML)."""
    return _NOT_XML.sub("\ufffd", text)


def to_networkx(dataset: Dataset) -> nx.MultiDiGraph:
    """Entities and the facts between them as a networkx multigraph."""
    graph = union_graph(dataset)
    network = nx.MultiDiGraph()
    nodes: dict[str, dict[str, str]] = {}
    for node, cls in graph.subject_objects(RDF.type):
        name = str(cls).removeprefix(str(KGO_NS))
        if name in ENTITY_CLASS_NAMES and isinstance(node, URIRef):
            label = graph.value(node, RDFS.label)
            same = graph.value(node, OWL.sameAs)
            nodes[str(node)] = {"label": _xml_safe(str(label) if label else str(node)), "class": name, "wikidata": str(same) if same else ""}
    for iri in sorted(nodes):
        network.add_node(iri, **nodes[iri])
    edges: list[tuple[str, str, str]] = []
    for predicate in sorted(RELATIONS):
        for subject, obj in graph.subject_objects(KGO_NS[predicate]):
            if str(subject) in nodes and str(obj) in nodes:
                edges.append((str(subject), str(obj), predicate))
    for source, target, predicate in sorted(edges):
        network.add_edge(source, target, key=predicate, label=predicate)
    return network


@exporter("graphml", "graph.graphml", "GraphML (networkx): entities as nodes, facts as labelled edges")
def to_graphml(dataset: Dataset) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(dataset))) + "\n"
