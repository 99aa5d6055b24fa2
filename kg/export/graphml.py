"""GraphML through networkx: entities as nodes, facts as labelled edges.

For tools like Gephi or yEd that read property graphs rather than RDF.
Node and edge order is sorted so the file is deterministic.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS
from rdflib.namespace import OWL

from kg.export.registry import exporter
from kg.graph.quads import GraphQuads
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 forbids become U+FFFD (GraphML is XML)."""
    return _NOT_XML.sub("\ufffd", text)


def _first(values: dict[str, set[str]], node: str) -> str:
    """The smallest value of a node's property, or "" (one per entity in kg's graphs; the smallest when a file has more)."""
    found = values.get(node)
    return min(found) if found else ""


def _iri(term: object) -> str | None:
    """An IRI's text, or None for a blank node, literal or quoted triple."""
    return term.value if isinstance(term, ox.NamedNode) else None


def to_networkx(dataset: Any) -> nx.MultiDiGraph:
    """Entities and the facts between them (every graph merged) as a networkx multigraph."""
    rdf_type, label, same_as = str(RDF.type), str(RDFS.label), str(OWL.sameAs)
    relations = {str(KGO_NS[name]): name for name in RELATIONS}
    found: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    sames: dict[str, set[str]] = {}
    links: set[tuple[str, str, str]] = set()
    for triple in GraphQuads.of(dataset).triples():
        predicate, node, value = triple.predicate.value, _iri(triple.subject), triple.object
        if node is None:
            continue
        if predicate == rdf_type:
            name = value.value.removeprefix(str(KGO_NS)) if isinstance(value, ox.NamedNode) else ""
            if name in ENTITY_CLASS_NAMES:
                found.setdefault(node, set()).add(name)
        elif predicate in (label, same_as) and isinstance(value, (ox.NamedNode, ox.Literal)):
            (labels if predicate == label else sames).setdefault(node, set()).add(value.value)
        elif predicate in relations and isinstance(value, ox.NamedNode):
            links.add((node, value.value, relations[predicate]))
    classes = {iri: min(names) for iri, names in found.items()}
    network = nx.MultiDiGraph()
    for iri in sorted(classes):
        network.add_node(iri, label=_xml_safe(_first(labels, iri) or iri), **{"class": classes[iri]}, wikidata=_first(sames, iri))
    for source, target, relation in sorted(link for link in links if link[0] in classes and link[1] in classes):
        network.add_edge(source, target, key=relation, label=relation)
    return network


@exporter("graphml", "graph.graphml", "GraphML (networkx): entities as nodes, facts as labelled edges")
def to_graphml(dataset: Any) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(dataset))) + "\n"
