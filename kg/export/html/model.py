"""The view model: the JSON-able nodes, edges, articles and legends that ``graph.html`` embeds."""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from typing import Any

from rdflib import URIRef
from rdflib.namespace import PROV, RDF
from rdflib.term import Node

from kg.export.html.facts import Facts, as_float, collect_facts, local_name, pick_label, single
from kg.export.html.layout import place_nodes
from kg.export.html.style import (
    CLASS_STYLES,
    DISPLAY_NAME_LIMIT,
    EDGE_LABEL_LIMIT,
    FALLBACK_PROPERTY_COLOR,
    LABEL_PX,
    MAX_SIZE,
    MIN_SIZE,
    NON_RELATIONS,
    OTHER_CLASS,
    PHYSICS_NODE_LIMIT,
    PROPERTY_COLORS,
    WIKIDATA_PREFIXES,
)
from kg.ontology import ENTITY_CLASS_NAMES, KGO, KGO_NS, RELATIONS, SYMMETRIC


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
    facts = collect_facts(dataset)
    class_iris = {KGO[name]: name for name in ENTITY_CLASS_NAMES}
    article_iris = {s for s, ts in facts.types.items() if KGO.Article in ts}
    evidence_iris = {s for s, ts in facts.types.items() if KGO.Evidence in ts}
    evidence_iris |= {s for s, fields in facts.evidence.items() if RDF.subject in fields and RDF.predicate in fields}
    not_entities = article_iris | evidence_iris

    entity_classes: dict[Node, list[str]] = {}
    for s, ts in facts.types.items():
        names = [class_iris[t] for t in class_iris if t in ts]
        if names and s not in not_entities:
            entity_classes[s] = names

    articles = _articles(facts, article_iris)
    article_index = {a["iri"]: i for i, a in enumerate(articles)}

    relations, asserted = _relations(facts, not_entities, evidence_iris, article_index)
    for s, _, o in relations:
        for end in (s, o):
            if end not in entity_classes:
                entity_classes[end] = [OTHER_CLASS]

    node_iris = sorted(entity_classes, key=str)
    node_index = {iri: i for i, iri in enumerate(node_iris)}
    node_articles: dict[Node, set[int]] = defaultdict(set)
    for iri in node_iris:
        node_articles[iri] = {article_index[str(a)] for a in facts.mentions.get(iri, ()) if str(a) in article_index}
    for (s, _, o), evidence in relations.items():
        for ev in evidence:
            if ev["article"] >= 0:
                node_articles[s].add(ev["article"])
                node_articles[o].add(ev["article"])

    nodes = [_node(i, iri, entity_classes[iri], facts, sorted(node_articles[iri])) for i, iri in enumerate(node_iris)]
    edges = _edges(relations, asserted, node_index)
    _size(nodes)
    _rank(nodes, edges)
    place_nodes(nodes, edges)

    class_counts = Counter(node["class"] for node in nodes)
    property_counts = Counter(edge["property"] for edge in edges)
    return {
        "articles": articles,
        "classes": [
            {"name": name, "color": color, "shape": shape, "count": class_counts[name]}
            for name, (color, shape) in CLASS_STYLES.items()
            if class_counts[name] or name != OTHER_CLASS
        ],
        "edges": edges,
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


def _articles(facts: Facts, article_iris: set[Node]) -> list[dict[str, Any]]:
    """Articles newest first (undated last), then by title and IRI."""
    rows: list[dict[str, Any]] = [
        {
            "iri": str(iri),
            "title": min(facts.titles[iri]) if facts.titles.get(iri) else local_name(iri),
            "date": min(facts.dates[iri]) if facts.dates.get(iri) else "",
        }
        for iri in article_iris
    ]
    rows.sort(key=lambda a: (a["title"], a["iri"]))
    rows.sort(key=lambda a: a["date"], reverse=True)  # stable: ties keep title order
    for i, row in enumerate(rows):
        row["id"] = i
    return rows


_Relation = tuple[Node, URIRef, Node]


def _relations(
    facts: Facts,
    not_entities: set[Node],
    evidence_iris: set[Node],
    article_index: dict[str, int],
) -> tuple[dict[_Relation, list[dict[str, Any]]], set[_Relation]]:
    """Relation triples (asserted or only evidenced) -> their evidence rows.

    Also returns the triples that are asserted directly; the others exist
    only as evidence nodes (the page draws them dashed).

    Symmetric properties are keyed with sorted endpoints so that
    ``a inConflictWith b`` and ``b inConflictWith a`` become one edge.
    """

    def key(s: Node, p: URIRef, o: Node) -> _Relation | None:
        if p in NON_RELATIONS or s in not_entities or o in not_entities:
            return None
        if local_name(p) in SYMMETRIC and str(o) < str(s):
            s, o = o, s
        return (s, p, o)

    relations: dict[_Relation, list[dict[str, Any]]] = {}
    asserted: set[_Relation] = set()
    for s, p, o in facts.links:
        k = key(s, p, o)
        if k is not None:
            relations.setdefault(k, [])
            asserted.add(k)
    kgo_prefix = str(KGO_NS)
    for ev_iri in sorted(evidence_iris, key=str):
        fields = facts.evidence.get(ev_iri, {})
        subject, predicate, obj = (single(fields.get(f)) for f in (RDF.subject, RDF.predicate, RDF.object))
        if not (isinstance(predicate, URIRef) and str(predicate).startswith(kgo_prefix) and isinstance(obj, URIRef)):
            continue  # attribute evidence (a literal object) has no edge to hang on
        if subject is None:
            continue
        k = key(subject, predicate, obj)
        if k is None:
            continue
        source = single(fields.get(PROV.wasDerivedFrom))
        text = single(fields.get(KGO.evidenceText))
        extractor = single(fields.get(KGO.extractedBy))
        relations.setdefault(k, []).append(
            {
                "article": article_index.get(str(source), -1) if source is not None else -1,
                "confidence": as_float(single(fields.get(KGO.confidence))),
                "extractedBy": str(extractor) if extractor is not None else "",
                "text": str(text) if text is not None else "",
            }
        )
    for k, evidence in relations.items():
        unique = {json.dumps(ev, sort_keys=True): ev for ev in evidence}  # same sentence twice
        relations[k] = sorted(unique.values(), key=_evidence_order)
    return relations, asserted


def _evidence_order(ev: dict[str, Any]) -> tuple[bool, int, str, str, float]:
    """Evidence by article (newest first, unknown last), then text."""
    return (ev["article"] < 0, ev["article"], ev["text"], ev["extractedBy"], -(ev["confidence"] or 0.0))


def _node(index: int, iri: Node, classes: list[str], facts: Facts, articles: list[int]) -> dict[str, Any]:
    """One node of the view: names, class, attributes, articles and size."""
    label = pick_label(facts.labels.get(iri, set()), iri)
    other_labels = {str(lit) for lit in facts.labels.get(iri, set())} - {label}
    wikidata = sorted(
        value[len(prefix) :] for value in facts.same_as.get(iri, set()) for prefix in WIKIDATA_PREFIXES if value.startswith(prefix)
    )
    return {
        "aliases": sorted((facts.alt_labels.get(iri, set()) | other_labels) - {label}),
        "articles": articles,
        "attributes": [list(pair) for pair in sorted(facts.attributes.get(iri, set()))],
        "class": classes[0],
        "classes": classes,
        "id": index,
        "iri": str(iri),
        "label": label,
        "short": display_name(label),
        "positions": sorted(facts.positions.get(iri, set())),
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


def _rank(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """``degree`` (distinct relations) and ``rank``: the order in which the page labels nodes.

    The page labels as many nodes as fit on screen without overlap, best
    ranked first: the hubs a reader orients by (most relations, then most
    articles), so the first view names the countries, deals and minerals
    the corpus is about.
    """
    degree = [0] * len(nodes)
    for edge in edges:
        degree[edge["from"]] += 1
        if edge["to"] != edge["from"]:
            degree[edge["to"]] += 1
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


def _edges(
    relations: dict[_Relation, list[dict[str, Any]]],
    asserted: set[_Relation],
    node_index: dict[Node, int],
) -> list[dict[str, Any]]:
    """Edges sorted by (subject, property, object) IRIs, parallel ones curved apart."""
    keys = sorted(relations, key=lambda k: (str(k[0]), str(k[1]), str(k[2])))
    edges: list[dict[str, Any]] = []
    by_pair: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (s, p, o) in enumerate(keys):
        evidence = relations[(s, p, o)]
        source, target = node_index[s], node_index[o]
        edges.append(
            {
                "articles": sorted({ev["article"] for ev in evidence if ev["article"] >= 0}),
                "asserted": (s, p, o) in asserted,
                "curve": 0.0,
                "evidence": evidence,
                "from": source,
                "id": i,
                "property": local_name(p),
                "symmetric": local_name(p) in SYMMETRIC,
                "to": target,
            }
        )
        by_pair[(min(source, target), max(source, target))].append(i)
    for (low, _), group in by_pair.items():
        if len(group) < 2:
            continue
        for rank, edge_id in enumerate(group):
            # +0.2, -0.2, +0.4, -0.4 … relative to the low -> high direction.
            magnitude = 0.2 * (rank // 2 + 1)
            side = 1.0 if rank % 2 == 0 else -1.0
            if edges[edge_id]["from"] != low:
                side = -side
            edges[edge_id]["curve"] = round(side * magnitude, 2)
    return edges


def _property_order(counts: dict[str, int]) -> list[str]:
    """Ontology order for known relations, then any others by name."""
    known = [name for name in RELATIONS if counts.get(name)]
    return known + sorted(name for name in counts if name not in RELATIONS)


# --------------------------------------------------------------------------
# Layout
