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

from kg.export import exporter
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS
from kg.terms import as_ox_dataset

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
    quads = as_ox_dataset(dataset)
    found: dict[str, set[str]] = {}
    for quad in quads.quads_for_predicate(ox.NamedNode(str(RDF.type))):
        node, cls = _iri(quad.subject), _iri(quad.object)
        name = cls.removeprefix(str(KGO_NS)) if cls else ""
        if node and name in ENTITY_CLASS_NAMES:
            found.setdefault(node, set()).add(name)
    classes = {iri: min(names) for iri, names in found.items()}
    labels: dict[str, set[str]] = {}
    same_as: dict[str, set[str]] = {}
    for attribute, values in ((str(RDFS.label), labels), (str(OWL.sameAs), same_as)):
        for quad in quads.quads_for_predicate(ox.NamedNode(attribute)):
            node, value = _iri(quad.subject), quad.object
            if node in classes and isinstance(value, (ox.NamedNode, ox.Literal)):
                values.setdefault(node, set()).add(value.value)
    network = nx.MultiDiGraph()
    for iri in sorted(classes):
        label = _first(labels, iri)
        network.add_node(iri, label=_xml_safe(label or iri), **{"class": classes[iri]}, wikidata=_first(same_as, iri))
    edges: set[tuple[str, str, str]] = set()
    for relation in sorted(RELATIONS):
        for quad in quads.quads_for_predicate(ox.NamedNode(str(KGO_NS[relation]))):
            source, target = _iri(quad.subject), _iri(quad.object)
            if source in classes and target in classes:
                edges.add((source, target, relation))  # type: ignore[arg-type]  # both are IRIs: they are keys of classes
    for source, target, relation in sorted(edges):
        network.add_edge(source, target, key=relation, label=relation)
    return network


@exporter("graphml", "graph.graphml", "GraphML (networkx): entities as nodes, facts as labelled edges")
def to_graphml(dataset: Any) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(dataset))) + "\n"
