"""The view model: the JSON-able nodes, edges, articles and legends that ``graph.html`` embeds."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Any

from kg.export.html.edges import Edge, Rows, make_edges
from kg.export.html.edges import relations as edge_relations
from kg.export.html.facts import KGO_ARTICLE, Facts, collect_facts, local_name, pick_label
from kg.export.html.layout import place_nodes
from kg.export.html.style import (
    CLASS_STYLES,
    DISPLAY_NAME_LIMIT,
    EDGE_LABEL_LIMIT,
    FALLBACK_PROPERTY_COLOR,
    LABEL_PX,
    MAX_SIZE,
    MIN_SIZE,
    OTHER_CLASS,
    PHYSICS_NODE_LIMIT,
    PROPERTY_COLORS,
    WIKIDATA_PREFIXES,
)
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS, SYMMETRIC


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
    view = view_model(dataset)
    view["edges"] = list(view["edges"])
    return view


def view_model(dataset: Any) -> dict[str, Any]:
    """:func:`graph_to_view_data` with its edges made when read (a :class:`~kg.export.html.edges.Rows`), for the page's writer.

    Why: at 10,000 articles the edges carry 227,273 evidence sentences; held
    as a dict per sentence they were the largest part of the view model. Each
    edge is kept as a small object with its evidence as tuples (texts
    interned), and becomes its JSON dict only as the page is written.
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
    article_index = {a["iri"]: i for i, a in enumerate(articles)}

    relations, asserted = edge_relations(facts, not_entity, article_index)  # empties facts.evidenced, the largest part of the scan
    for s, _, o in relations:
        for end in (s, o):
            if end not in entity_classes:
                entity_classes[end] = [OTHER_CLASS]

    node_iris = sorted(entity_classes)
    node_index = {iri: i for i, iri in enumerate(node_iris)}
    node_articles: dict[str, set[int]] = defaultdict(set)
    for iri in node_iris:
        node_articles[iri] = {article_index[a] for a in facts.mentions.of(iri) if a in article_index}
    for (s, _, o), rows in relations.items():
        for row in rows:
            if row[0] >= 0:
                node_articles[s].add(row[0])
                node_articles[o].add(row[0])

    nodes = [_node(i, iri, entity_classes[iri], facts, sorted(node_articles[iri])) for i, iri in enumerate(node_iris)]
    del facts, node_articles
    edges = make_edges(relations, asserted, node_index)
    del relations, asserted, node_index
    _size(nodes)
    _rank(nodes, edges)
    place_nodes(nodes, [(edge.source, edge.target) for edge in edges])

    class_counts = Counter(node["class"] for node in nodes)
    property_counts = Counter(edge.name for edge in edges)
    return {
        "articles": articles,
        "classes": [
            {"name": name, "color": color, "shape": shape, "count": class_counts[name]}
            for name, (color, shape) in CLASS_STYLES.items()
            if class_counts[name] or name != OTHER_CLASS
        ],
        "edges": Rows(edges, Edge.as_json),
        "meta": {
            "edgeLabels": "all" if len(edges) <= EDGE_LABEL_LIMIT else "selection",
            "labelPx": LABEL_PX,
            "physics": 0 < len(nodes) <= PHYSICS_NODE_LIMIT,
        },
        "nodes": nodes,
        "properties": [
            {
                "name": name,
                "color": PROPERTY_COLORS.get(name, FALLBACK_PROPERTY_COLOR),
                "count": property_counts[name],
                "symmetric": name in SYMMETRIC,
            }
            for name in _property_order(property_counts)
        ],
    }


def _articles(facts: Facts, article_iris: set[str]) -> list[dict[str, Any]]:
    """Articles newest first (undated last), then by title and IRI."""
    rows: list[dict[str, Any]] = [
        {
            "iri": iri,
            "title": min(facts.titles.of(iri)) if iri in facts.titles else local_name(iri),
            "date": min(facts.dates.of(iri)) if iri in facts.dates else "",
        }
        for iri in article_iris
    ]
    rows.sort(key=lambda a: (a["title"], a["iri"]))
    rows.sort(key=lambda a: a["date"], reverse=True)  # stable: ties keep title order
    for i, row in enumerate(rows):
        row["id"] = i
    return rows


def _node(index: int, iri: str, classes: list[str], facts: Facts, articles: list[int]) -> dict[str, Any]:
    """One node of the view: names, class, attributes, articles and size."""
    labels = facts.labels.of(iri)
    label = pick_label(labels, iri)
    other_labels = {text for _, text in labels} - {label}
    wikidata = sorted(
        value[len(prefix) :] for value in facts.same_as.of(iri) for prefix in WIKIDATA_PREFIXES if value.startswith(prefix)
    )
    return {
        "aliases": sorted((facts.alt_labels.of(iri) | other_labels) - {label}),
        "articles": articles,
        "attributes": [list(pair) for pair in sorted(facts.attributes.of(iri))],
        "class": classes[0],
        "classes": classes,
        "id": index,
        "iri": iri,
        "label": label,
        "short": display_name(label),
        "positions": sorted(facts.positions.of(iri)),
        "size": 0.0,  # set by _size once the busiest node is known
        "wikidata": wikidata,
    }


def display_name(label: str, limit: int = DISPLAY_NAME_LIMIT) -> str:
    """The name drawn on the canvas: whitespace collapsed, cut at a word after ``limit`` characters.

    Long agreement and ministry names ("Germany–Kazakhstan–Kyrgyzstan–South
    Korea–Uzbekistan minerals agreement") overlap their neighbours at any
    zoom; the canvas shows the start of the name, the panel and the tooltip
    the whole of it.

    >>> display_name("Ukraine–United States minerals agreement")
    'Ukraine–United States…'
    >>> display_name("Arctic  Battery  Minerals  Initiative"), display_name("Joko Widodo")
    ('Arctic Battery Minerals…', 'Joko Widodo')
    >>> display_name("Pneumonoultramicroscopicsilicovolcanoconiosis")
    'Pneumonoultramicroscopi…'
    """
    text = " ".join(label.split())
    if len(text) <= limit:
        return text
    cut = max((m.start() for m in re.finditer(r"[\s–—/-]", text[: limit]) if m.start() >= limit // 2), default=limit - 1)
    return text[:cut].rstrip(" ,;:(–—/-") + "…"


def _rank(nodes: list[dict[str, Any]], edges: list[Edge]) -> None:
    """``degree`` (distinct relations) and ``rank``: the order in which the page labels nodes.

    The page labels as many nodes as fit on screen without overlap, best
    ranked first: the hubs a reader orients by (most relations, then most
    articles), so the first view names the countries, deals and minerals
    the corpus is about.
    """
    degree = [0] * len(nodes)
    for edge in edges:
        degree[edge.source] += 1
        if edge.target != edge.source:
            degree[edge.target] += 1
    order = sorted(nodes, key=lambda n: (-(degree[n["id"]] + len(n["articles"])), -degree[n["id"]], n["label"], n["iri"]))
    for rank, node in enumerate(order):
        node["degree"] = degree[node["id"]]
        node["rank"] = rank


def _size(nodes: list[dict[str, Any]]) -> None:
    """Node size grows with the square root of its article count, relative to the busiest node.

    Relative, because a five-article corpus and a five-thousand-article one
    should both span small to large; square root, so area tracks mentions.
    """
    busiest = max((len(node["articles"]) for node in nodes), default=0)
    for node in nodes:
        share = len(node["articles"]) / busiest if busiest else 0.0
        node["size"] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(share), 1)


def _property_order(counts: dict[str, int]) -> list[str]:
    """Ontology order for known relations, then any others by name."""
    known = [name for name in RELATIONS if counts.get(name)]
    return known + sorted(name for name in counts if name not in RELATIONS)


# --------------------------------------------------------------------------
# Layout
