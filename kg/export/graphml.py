"""GraphML through networkx: entities as nodes, facts as weighted, labelled edges.

For tools that read property graphs rather than RDF (Gephi, yEd, Cytoscape,
networkx, igraph), written as they expect it:

* **Nodes** are entities, their id the IRI, with ``label`` (canonical
  name), ``class``, ``articles`` (how many mention it) and, when known,
  ``wikidata``, ``positions`` (a person's titles, ``"; "``-joined),
  ``signedOn`` (an agreement's date) and ``firstMentioned`` /
  ``lastMentioned`` (dates of the earliest and latest article that
  mentions it, for a timeline filter). An attribute a node lacks is left
  out, never written empty.
* **Edges** are the facts between entities, one per (subject, property,
  object), each with a unique id (``e0``, ``e1``, …: GraphML wants ids
  unique, and Gephi and igraph keep them), ``label`` (the property),
  ``weight`` (the number of evidence sentences: what Gephi sizes and
  filters edges by) and ``articles`` (how many articles state it).

Node and edge order is sorted, so the file is deterministic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.export.registry import exporter
from kg.graph.quads import GraphQuads
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE, _LABEL, _SAME = f"{_RDF}type", "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2002/07/owl#sameAs"
_SUBJECT, _PREDICATE, _OBJECT = f"{_RDF}subject", f"{_RDF}predicate", f"{_RDF}object"
_DERIVED, _DATE = "http://www.w3.org/ns/prov#wasDerivedFrom", "http://purl.org/dc/terms/date"
_KGO = str(KGO_NS)
_WIKIDATA = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 forbids become U+FFFD (GraphML is XML)."""
    return _NOT_XML.sub("\ufffd", text)


def _iri(term: object) -> str | None:
    """An IRI's text, or None for a blank node, literal or quoted triple."""
    return term.value if isinstance(term, ox.NamedNode) else None


@dataclass
class _Scan:
    """What the property graph needs from the quads, gathered in one pass."""

    classes: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    wikidata: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    positions: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    signed: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mentions: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # entity -> articles
    dates: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # article -> dates
    links: set[tuple[str, str, str]] = field(default_factory=set)
    evidence: defaultdict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # node -> field -> value

    def read(self, dataset: Any) -> _Scan:
        relations = {f"{_KGO}{name}": name for name in RELATIONS}
        evidence_fields = {_SUBJECT: "s", _PREDICATE: "p", _OBJECT: "o", _DERIVED: "article"}
        for triple in GraphQuads.of(dataset).triples():
            predicate, node, value = triple.predicate.value, _iri(triple.subject), triple.object
            if node is None:
                continue
            text = value.value if isinstance(value, (ox.NamedNode, ox.Literal)) else None
            if text is None:
                continue
            if predicate == _TYPE:
                if text.startswith(_KGO) and text[len(_KGO) :] in ENTITY_CLASS_NAMES:
                    self.classes[node].add(text[len(_KGO) :])
            elif predicate == _LABEL:
                self.labels[node].add(text)
            elif predicate == _SAME:
                self.wikidata[node].update(text[len(p) :] for p in _WIKIDATA if text.startswith(p))
            elif predicate in evidence_fields:
                if isinstance(value, ox.NamedNode):  # literal objects are attribute evidence: no edge to count
                    self.evidence[node][evidence_fields[predicate]] = text
            elif predicate == _DATE:
                self.dates[node].add(text)
            elif predicate.startswith(_KGO):
                name = predicate[len(_KGO) :]
                if predicate in relations and isinstance(value, ox.NamedNode):
                    self.links.add((node, text, relations[predicate]))
                elif name == "holdsPosition":
                    self.positions[node].add(text)
                elif name == "signedOn":
                    self.signed[node].add(text)
                elif name == "mentions":
                    self.mentions[text].add(node)
        return self


def to_networkx(dataset: Any) -> nx.MultiDiGraph:
    """Entities and the facts between them (every graph merged) as a networkx multigraph.

    Edge keys are the GraphML edge ids; see the module notes for the attributes.

    >>> from kg.ontology import KGO, KGR
    >>> from rdflib import Dataset, RDF
    >>> ds = Dataset()
    >>> for triple in [(KGR["state/chile"], RDF.type, KGO.State), (KGR["agreement/a"], RDF.type, KGO.Agreement),
    ...                (KGR["state/chile"], KGO.signs, KGR["agreement/a"])]:
    ...     _ = ds.add(triple)
    >>> network = to_networkx(ds)
    >>> list(network.edges(keys=True, data=True))
    [('https://w3id.org/mineral-kg/id/state/chile', 'https://w3id.org/mineral-kg/id/agreement/a', 'e0', {'label': 'signs', 'weight': 0, 'articles': 0})]
    """
    scan = _Scan().read(dataset)
    stated: defaultdict[tuple[str, str, str], list[str]] = defaultdict(list)
    for fields in scan.evidence.values():
        if {"s", "p", "o"} <= fields.keys() and fields["p"].startswith(_KGO):
            stated[(fields["s"], fields["o"], fields["p"][len(_KGO) :])].append(fields.get("article", ""))
    network = nx.MultiDiGraph()
    for iri in sorted(scan.classes):
        attributes: dict[str, Any] = {"label": _xml_safe(min(scan.labels[iri]) if scan.labels.get(iri) else iri), "class": min(scan.classes[iri])}
        articles = scan.mentions.get(iri, set())
        attributes["articles"] = len(articles)
        dates = sorted(d for a in articles for d in scan.dates.get(a, ()))
        optional = {
            "wikidata": min(scan.wikidata[iri]) if scan.wikidata.get(iri) else "",
            "positions": "; ".join(sorted(scan.positions.get(iri, ()))),
            "signedOn": min(scan.signed[iri]) if scan.signed.get(iri) else "",
            "firstMentioned": dates[0] if dates else "",
            "lastMentioned": dates[-1] if dates else "",
        }
        attributes.update({name: _xml_safe(value) for name, value in optional.items() if value})
        network.add_node(iri, **attributes)
    links = sorted(link for link in scan.links if link[0] in scan.classes and link[1] in scan.classes)
    for number, (source, target, relation) in enumerate(links):
        sources = stated.get((source, target, relation), [])
        network.add_edge(
            source, target, key=f"e{number}", label=relation, weight=len(sources), articles=len({a for a in sources if a})
        )
    return network


@exporter("graphml", "graph.graphml", "GraphML (networkx): entities as nodes, facts as weighted, labelled edges")
def to_graphml(dataset: Any) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(dataset))) + "\n"
