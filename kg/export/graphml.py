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

import itertools
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pyoxigraph as ox

from kg.export.registry import exporter, streams
from kg.graph.quads import GraphQuads
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE, _LABEL, _SAME = f"{_RDF}type", "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2002/07/owl#sameAs"
_SUBJECT, _PREDICATE, _OBJECT = f"{_RDF}subject", f"{_RDF}predicate", f"{_RDF}object"
_DERIVED, _DATE = "http://www.w3.org/ns/prov#wasDerivedFrom", "http://purl.org/dc/terms/date"
_KGO = str(KGO_NS)
_WIKIDATA = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")
#: Predicates GraphML never reads, skipped before their objects are (the article text is most of a graph's bytes).
_UNUSED = frozenset(f"{_KGO}{name}" for name in ("text", "contentHash", "charStart", "charEnd", "evidenceText", "confidence", "extractedBy"))


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 forbids become U+FFFD (GraphML is XML)."""
    return _NOT_XML.sub("\ufffd", text)


def _iri(term: object) -> str | None:
    """An IRI's text, or None for a blank node, literal or quoted triple."""
    return term.value if isinstance(term, ox.NamedNode) else None


@dataclass
class _Scan:
    """What the property graph needs from the quads, gathered in one pass.

    Where the property graph reads only the least of a node's values (its
    label, class, Wikidata id, signing date), only that is kept, not a set
    per node (338,402 entities at 100,000 articles).
    """

    classes: dict[str, str] = field(default_factory=dict)  # the least of each
    labels: dict[str, str] = field(default_factory=dict)
    wikidata: dict[str, str] = field(default_factory=dict)
    signed: dict[str, str] = field(default_factory=dict)
    positions: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mentions: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # entity -> articles (until counted)
    dates: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # article -> dates (until counted)
    # entity -> (articles mentioning it, the least and the greatest of their dates)
    mentioned: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)
    # evidence node -> [subject, predicate, object, article] (the last IRI seen of each; strings interned)
    evidence: dict[str, list[str | None]] = field(default_factory=dict)
    # (subject, object, relation) -> (evidence nodes stating it, articles they derive from)
    stated: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)

    def read(self, dataset: Any) -> _Scan:
        """Every triple; articles and evidence counted graph by graph when each lies in its own graph, else at the end.

        Why graph by graph: a streamed build has an evidence node per fact and
        sentence (2.29 million at 100,000 articles) and an article per entity
        mention; holding a record for each until the end cost 731 MB there.
        """
        quads = GraphQuads.of(dataset)
        if getattr(quads, "articles_in_own_graphs", False):
            for _, triples in quads.graphs():
                self._read(triples)
                self._count()
        else:
            self._read(quads.triples())
            self._count()
        return self

    def _count(self) -> None:
        """Fold the mentions and evidence read so far into ``mentioned`` and ``stated``, and forget them.

        Each evidence node adds to its fact's weight, each distinct article once to its articles.
        """
        articles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for subject, predicate, obj, article in self.evidence.values():
            if subject is not None and predicate is not None and obj is not None and predicate.startswith(_KGO):
                key = (subject, obj, predicate[len(_KGO) :])
                weight, count = self.stated.get(key, (0, 0))
                self.stated[key] = (weight + 1, count)
                if article:
                    articles[key].add(article)
        for key, found in articles.items():
            weight, count = self.stated[key]
            self.stated[key] = (weight, count + len(found))
        for entity, sources in self.mentions.items():
            dates = [d for a in sources for d in self.dates.get(a, ())]
            count, first, last = self.mentioned.get(entity, (0, None, None))
            if dates:
                first = min(dates) if first is None else min(first, *dates)
                last = max(dates) if last is None else max(last, *dates)
            self.mentioned[entity] = (count + len(sources), first, last)
        self.evidence.clear()
        self.mentions.clear()
        self.dates.clear()

    def _read(self, triples: Iterable[ox.Triple]) -> None:
        relations = {f"{_KGO}{name}": name for name in RELATIONS}
        evidence_fields = {_SUBJECT: 0, _PREDICATE: 1, _OBJECT: 2, _DERIVED: 3}
        intern = sys.intern
        for triple in triples:
            predicate, node, value = triple.predicate.value, _iri(triple.subject), triple.object
            if node is None or predicate in _UNUSED:
                continue
            text = value.value if isinstance(value, (ox.NamedNode, ox.Literal)) else None
            if text is None:
                continue
            if predicate == _TYPE:
                if text.startswith(_KGO) and text[len(_KGO) :] in ENTITY_CLASS_NAMES:
                    _least(self.classes, node, text[len(_KGO) :])
            elif predicate == _LABEL:
                _least(self.labels, node, text)
            elif predicate == _SAME:
                for prefix in _WIKIDATA:
                    if text.startswith(prefix):
                        _least(self.wikidata, node, text[len(prefix) :])
            elif predicate in evidence_fields:
                if isinstance(value, ox.NamedNode):  # literal objects are attribute evidence: no edge to count
                    record = self.evidence.get(node)
                    if record is None:
                        record = self.evidence[node] = [None, None, None, None]
                    record[evidence_fields[predicate]] = intern(text)
            elif predicate == _DATE:
                self.dates[node].add(text)
            elif predicate.startswith(_KGO):
                name = predicate[len(_KGO) :]
                if predicate in relations and isinstance(value, ox.NamedNode):
                    self.links.add((node, text, relations[predicate]))
                elif name == "holdsPosition":
                    self.positions[node].add(text)
                elif name == "signedOn":
                    _least(self.signed, node, text)
                elif name == "mentions":
                    self.mentions[text].add(node)


def _least(values: dict[str, str], node: str, value: str) -> None:
    """Keep ``value`` as ``node``'s if it is the least yet."""
    if node not in values or value < values[node]:
        values[node] = value


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
    nodes, edges = _property_graph(dataset)
    network = nx.MultiDiGraph()
    for iri, attributes in nodes:
        network.add_node(iri, **attributes)
    for source, target, key, attributes in edges:
        network.add_edge(source, target, key=key, **attributes)
    return network


Attributes = dict[str, Any]


def _property_graph(dataset: Any) -> tuple[list[tuple[str, Attributes]], Iterator[tuple[str, str, str, Attributes]]]:
    """The nodes (IRI, attributes) in order, and the edges (source, target, id, attributes) made as they are read."""
    scan = _Scan().read(dataset)
    nodes: list[tuple[str, Attributes]] = []
    for iri in sorted(scan.classes):
        attributes: Attributes = {"label": _xml_safe(scan.labels.get(iri, iri)), "class": scan.classes[iri]}
        articles, first, last = scan.mentioned.get(iri, (0, None, None))
        attributes["articles"] = articles
        optional = {
            "wikidata": scan.wikidata.get(iri, ""),
            "positions": "; ".join(sorted(scan.positions.get(iri, ()))),
            "signedOn": scan.signed.get(iri, ""),
            "firstMentioned": first or "",
            "lastMentioned": last or "",
        }
        attributes.update({name: _xml_safe(value) for name, value in optional.items() if value})
        nodes.append((iri, attributes))
    links = sorted(link for link in scan.links if link[0] in scan.classes and link[1] in scan.classes)

    def edges() -> Iterator[tuple[str, str, str, Attributes]]:
        for number, (source, target, relation) in enumerate(links):
            weight, articles = scan.stated.get((source, target, relation), (0, 0))
            yield source, target, f"e{number}", {"label": relation, "weight": weight, "articles": articles}

    return nodes, edges()


@exporter("graphml", "graph.graphml", "GraphML (networkx): entities as nodes, facts as weighted, labelled edges")
def to_graphml(dataset: Any) -> str:
    return "".join(graphml_chunks(dataset))


_ROOT = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)
_XML_TYPES = {str: "string", int: "long"}
#: Nodes or edges per piece.
GRAPHML_BATCH = 2048
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@streams("graphml")
def graphml_chunks(dataset: Any) -> Iterator[str]:
    """The bytes ``nx.generate_graphml(to_networkx(dataset))`` joined by newlines, written a batch of elements at a time.

    Why not networkx: its writer builds the whole XML tree, then the whole
    document as one string, then a list of its lines (+290 MB at 10,000
    articles). Here each node or edge is serialised alone by ElementTree
    (so escaping and character references are networkx's), with the
    indentation and the key declarations networkx writes: keys numbered in
    the order their attribute is first met (nodes, then edges) and declared
    newest first. tests/test_streaming.py compares the two.
    """
    nodes, edges = _property_graph(dataset)
    keys: dict[tuple[str, str], str] = {}
    for _, attributes in nodes:
        for name in attributes:
            keys.setdefault((name, "node"), f"d{len(keys)}")
    first_edge = next(edges, None)
    if first_edge is not None:
        for name in first_edge[3]:  # every edge has the same attributes
            keys.setdefault((name, "edge"), f"d{len(keys)}")
    types = {(name, "node"): _XML_TYPES[type(value)] for _, attributes in nodes for name, value in attributes.items()}
    if first_edge is not None:
        types.update({(name, "edge"): _XML_TYPES[type(value)] for name, value in first_edge[3].items()})
    head = [_ROOT]
    for (name, scope), key in reversed(keys.items()):
        head.append("\n  " + _element("key", {"id": key, "for": scope, "attr.name": name, "attr.type": types[(name, scope)]}))
    if not nodes and first_edge is None:
        yield "".join(head) + '\n  <graph edgedefault="directed" />\n</graphml>\n'
        return
    head.append('\n  <graph edgedefault="directed">')
    yield "".join(head)
    piece: list[str] = []
    for iri, attributes in nodes:
        piece.append("\n    " + _element("node", {"id": iri}, [(keys[(name, "node")], value) for name, value in attributes.items()]))
        if len(piece) >= GRAPHML_BATCH:
            yield "".join(piece)
            piece = []
    del nodes
    for edge in itertools.chain([first_edge] if first_edge is not None else [], edges):
        source, target, key, attributes = edge
        data = [(keys[(name, "edge")], value) for name, value in attributes.items()]
        piece.append("\n    " + _element("edge", {"source": source, "target": target, "id": key}, data))
        if len(piece) >= GRAPHML_BATCH:
            yield "".join(piece)
            piece = []
    piece.append("\n  </graph>\n</graphml>\n")
    yield "".join(piece)


def _element(tag: str, attributes: dict[str, str], data: list[tuple[str, Any]] | None = None) -> str:
    """One element as networkx writes it at depth 2 (its ``<data>`` children at depth 3), without its tail.

    networkx's lines are joined again by ``\\n``, so a line break inside a value comes out as ``\\n`` here too.
    """
    element = ElementTree.Element(tag, attributes)
    if data:
        element.text = "\n      "
        for number, (key, value) in enumerate(data):
            child = ElementTree.SubElement(element, "data", key=key)
            child.text = str(value)
            child.tail = "\n    " if number == len(data) - 1 else "\n      "
    return _LINE_BREAKS.sub("\n", ElementTree.tostring(element).decode("ascii"))
