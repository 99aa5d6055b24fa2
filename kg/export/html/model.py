"""The view model: the JSON-able nodes, edges, articles and legends that ``graph.html`` embeds, made in the order the page writes them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from kg.export.html.edges import Edge, make_edges
from kg.export.html.edges import relations as edge_relations
from kg.export.html.facts import KGO_ARTICLE, Facts, collect_facts, local_name
from kg.export.html.layout import place_nodes
from kg.export.html.nodes import NodeTable, degrees
from kg.export.html.style import (
    CLASS_STYLES,
    EDGE_LABEL_LIMIT,
    FALLBACK_PROPERTY_COLOR,
    LABEL_PX,
    OTHER_CLASS,
    PHYSICS_NODE_LIMIT,
    PROPERTY_COLORS,
)
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS, SYMMETRIC

#: An article of the view: (IRI, title, date); its index is its ``id``.
Article = tuple[str, str, str]


def graph_to_view_data(dataset: Any) -> dict[str, Any]:
    """The JSON-able nodes, edges and articles that ``graph.html`` embeds.

    Why a separate function: tests and notebooks can check what the page will
    show without a browser, and the page stays a thin template around it.

    Args:
        dataset: the graph in kg's shape (a build's ``graph.quads``, a
            pyoxigraph ``Dataset``, an rdflib ``Dataset`` or any rdflib
            graph); all named graphs are read as one union.

    Returns:
        A dict with ``nodes`` (one per entity, ``id`` = index, sorted by IRI;
        ``label`` the full name, ``short`` the name drawn on the canvas,
        ``degree`` its relations, ``rank`` the order in which labels are
        drawn when not all fit),
        ``edges`` (one per relation triple, symmetric pairs merged, each with
        its ``evidence`` sentences), ``articles`` (newest first), ``classes``
        and ``properties`` (legend entries with colours and counts) and
        ``meta`` (layout mode). Node ``articles`` and evidence ``article`` are
        indices into ``articles``.

    >>> from rdflib import Dataset
    >>> from kg.ontology import KGO, KGR
    >>> from rdflib.namespace import RDF, RDFS
    >>> from rdflib import Literal
    >>> ds = Dataset()
    >>> _ = ds.add((KGR["state/chile"], RDF.type, KGO.State))
    >>> _ = ds.add((KGR["state/chile"], RDFS.label, Literal("Chile")))
    >>> [(n["label"], n["class"]) for n in graph_to_view_data(ds)["nodes"]]
    [('Chile', 'State')]
    """
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in view_items(dataset)}


def view_items(dataset: Any) -> Iterator[tuple[str, Any]]:
    """:func:`graph_to_view_data`'s (key, value) pairs in key order, each list that grows with the graph an iterator made when read.

    Why: at 100,000 articles the view has about 340,000 nodes and 2.3
    million evidence sentences, and holding the whole view model until the
    page was written was most of the build's memory. Here the nodes are
    columns (:class:`~kg.export.html.nodes.NodeTable`) until each is
    written, and each edge's evidence is dropped as the edge is written;
    the edges come before the nodes in the page (keys in order), so the
    layout, which needs only the edges' ends, is made once the evidence is
    gone. A caller must read each pair's iterator before asking for the
    next pair (the page's writer does).
    """
    facts = collect_facts(dataset)
    class_iris = {f"{KGO_NS}{name}": name for name in ENTITY_CLASS_NAMES}
    article_iris = {s for s, ts in facts.types.sets() if KGO_ARTICLE in ts}

    evidence_nodes = facts.evidence_nodes

    def not_entity(node: str) -> bool:
        return node in article_iris or node in evidence_nodes

    entity_classes: dict[str, list[str]] = {}
    for s, ts in facts.types.sets():
        names = [name for t, name in class_iris.items() if t in ts]
        if names and not not_entity(s):
            entity_classes[s] = names

    articles = _articles(facts, article_iris)
    article_index = {iri: i for i, (iri, _, _) in enumerate(articles)}

    relations, asserted = edge_relations(facts, not_entity, article_index)  # empties facts.evidenced, the largest part of the scan
    del article_index
    for s, _, o in relations:
        for end in (s, o):
            if end not in entity_classes:
                entity_classes[end] = [OTHER_CLASS]

    node_iris = sorted(entity_classes)
    nodes = NodeTable.from_facts(node_iris, entity_classes, facts, [iri for iri, _, _ in articles], relations)
    del facts, entity_classes
    edges = make_edges(relations, asserted, {iri: i for i, iri in enumerate(node_iris)})
    del relations, asserted, node_iris
    ends = [(edge.source, edge.target) for edge in edges]
    class_counts = Counter(classes[0] for classes in nodes.classes)
    property_counts = Counter(edge.name for edge in edges)

    yield "articles", ({"date": date, "id": i, "iri": iri, "title": title} for i, (iri, title, date) in enumerate(articles))
    yield "classes", [
        {"name": name, "color": color, "shape": shape, "count": class_counts[name]}
        for name, (color, shape) in CLASS_STYLES.items()
        if class_counts[name] or name != OTHER_CLASS
    ]
    edge_count = len(edges)
    yield "edges", _drained(edges)
    yield "meta", {
        "edgeLabels": "all" if edge_count <= EDGE_LABEL_LIMIT else "selection",
        "labelPx": LABEL_PX,
        "physics": 0 < len(nodes) <= PHYSICS_NODE_LIMIT,
    }
    degree = degrees(len(nodes), ends)
    rank = nodes.rank(degree)
    xs, ys = place_nodes(len(nodes), ends)
    del ends
    yield "nodes", nodes.rows(degree, rank, xs, ys)
    yield "properties", [
        {
            "name": name,
            "color": PROPERTY_COLORS.get(name, FALLBACK_PROPERTY_COLOR),
            "count": property_counts[name],
            "symmetric": name in SYMMETRIC,
        }
        for name in _property_order(property_counts)
    ]


def _drained(edges: list[Edge]) -> Iterator[dict[str, Any]]:
    """Each edge as the page reads it, in order; the edge and its evidence are dropped once read."""
    edges.reverse()
    while edges:
        yield edges.pop().as_json()


def _articles(facts: Facts, article_iris: set[str]) -> list[Article]:
    """Articles newest first (undated last), then by title and IRI."""
    rows: list[Article] = [
        (
            iri,
            min(facts.titles.of(iri)) if iri in facts.titles else local_name(iri),
            min(facts.dates.of(iri)) if iri in facts.dates else "",
        )
        for iri in article_iris
    ]
    rows.sort(key=lambda a: (a[1], a[0]))
    rows.sort(key=lambda a: a[2], reverse=True)  # stable: ties keep title order
    return rows


def _property_order(counts: dict[str, int]) -> list[str]:
    """Ontology order for known relations, then any others by name."""
    known = [name for name in RELATIONS if counts.get(name)]
    return known + sorted(name for name in counts if name not in RELATIONS)

