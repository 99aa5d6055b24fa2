"""``graph.html``: one self-contained, interactive page for a kg graph.

Why it looks like this:

* **Pure.** :func:`render_html` returns the page text; writing it is the
  caller's business (style habit 5). :func:`graph_to_view_data` returns the
  JSON-able view model the page embeds, for tests and notebooks.
* **No network.** vis-network is inlined from ``kg/export/vendor`` (read with
  ``importlib.resources``, so it works from a wheel); no CDN, font or
  Bootstrap. A Content-Security-Policy of ``default-src 'none'`` with the
  sha256 of the page's own two scripts makes the browser refuse any request
  and any script that is not ours.
* **Safe.** Article text is hostile input. The data travels as JSON inside
  ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
  U+2029 escaped; the page builds every panel, menu and tooltip with
  ``textContent``/``createElement``; vis draws labels on a canvas and gets no
  HTML ``title``.
* **Large graphs.** Nodes and edges are plain lists built in one pass over
  the quads (no pyvis ``add_edge``, which is quadratic). Up to
  :data:`PHYSICS_NODE_LIMIT` nodes, a seeded networkx spring layout seeds vis
  physics, which stabilises and then freezes. Above it, a precomputed
  near-linear layout (spring layout of the best-connected core, every other
  node in a free grid cell beside its anchor) is drawn with physics off,
  thin edges, labels only on the selection's edges and a camera that jumps
  rather than animates: nothing per frame scales with the graph beyond
  vis's own drawing (~0.2-0.3 s a frame at 5,000 nodes and 20,000 edges
  in software-rendered headless Chromium).
* **Deterministic.** Everything is sorted by IRI or by name, layouts use a
  fixed seed and rounded coordinates, and JSON keys are sorted: the same
  dataset gives the same bytes.

pyvis is the project's chosen visualisation stack; its ``Network`` template
pulls Bootstrap from a CDN and its ``add_edge`` scans every edge, so this
module uses the vis-network build directly and writes its own page.

>>> from rdflib import Dataset
>>> page = render_html(Dataset(), title="empty <graph>")
>>> page.startswith("<!DOCTYPE html>") and "<title>empty &lt;graph&gt;</title>" in page
True
>>> graph_to_view_data(Dataset())["nodes"]
[]
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rdflib import ConjunctiveGraph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.graph.ontology import ENTITY_CLASS_NAMES, KGO, KGO_NS, RELATIONS, SYMMETRIC
from kg.graph.terms import RdflibConverter

__all__ = [
    "DEFAULT_TITLE",
    "EDGE_LABEL_LIMIT",
    "PHYSICS_NODE_LIMIT",
    "GraphView",
    "graph_to_view_data",
    "render_html",
]

DEFAULT_TITLE = "kg — knowledge graph"

PHYSICS_NODE_LIMIT = 400
"""Largest node count laid out by vis physics; bigger graphs get a fixed layout."""

EDGE_LABEL_LIMIT = 600
"""Largest edge count whose labels are all drawn; above it only the selection's are.

vis measures and draws every visible edge label on every frame; at 20,000
edges and a close zoom that is seconds per frame.
"""

LAYOUT_SEED = 42
"""Seed of every layout, so the same graph always looks (and serialises) the same."""

OTHER_CLASS = "Other"
"""Class shown for a relation endpoint that has none of the six entity classes."""

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#E69F00", "dot"),
    "State": ("#0072B2", "hexagon"),
    "Organization": ("#009E73", "square"),
    "Mineral": ("#CC79A7", "diamond"),
    "Agreement": ("#D55E00", "star"),
    "Place": ("#56B4E9", "triangle"),
    OTHER_CLASS: ("#8C8C8C", "triangleDown"),
}

_PROPERTY_COLORS: dict[str, str] = {
    "represents": "#B7791F",
    "partyTo": "#2B6CB0",
    "covers": "#B83280",
    "hasDeposit": "#8A5A1A",
    "locatedIn": "#718096",
    "negotiates": "#3182CE",
    "proposes": "#805AD5",
    "signs": "#2F855A",
    "rejects": "#C53030",
    "dominatesSupplyOf": "#DD6B20",
    "seeksMembershipIn": "#319795",
    "providesAidTo": "#38A169",
    "inConflictWith": "#E53E3E",
}
_FALLBACK_PROPERTY_COLOR = "#A0AEC0"

_WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")

# kgo: properties that link nodes but are not relations between entities.
_NON_RELATIONS = frozenset({KGO.mentions})

_MIN_SIZE, _MAX_SIZE = 10.0, 34.0  # node radius in px for 0 and for the most articles
_CORE_SIZE = 300  # nodes laid out by spring layout in a large graph
# A node of a large layout owns one grid cell, wide enough for its label.
_CELL_W, _CELL_H = 100.0, 46.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


# --------------------------------------------------------------------------
# Reading the dataset


@dataclass
class _Facts:
    """Everything the view needs, gathered in one pass over the quads."""

    types: defaultdict[Node, set[Node]]
    labels: defaultdict[Node, set[Literal]]
    alt_labels: defaultdict[Node, set[str]]
    same_as: defaultdict[Node, set[str]]
    positions: defaultdict[Node, set[str]]
    attributes: defaultdict[Node, set[tuple[str, str]]]
    titles: defaultdict[Node, set[str]]
    dates: defaultdict[Node, set[str]]
    mentions: defaultdict[Node, set[Node]]  # entity -> articles
    links: set[tuple[Node, URIRef, Node]]
    evidence: defaultdict[Node, dict[URIRef, set[Node]]]


def _union_triples(dataset: Any) -> Iterator[tuple[Node, Node, Node]]:
    """Triples of the union of all graphs (named graphs hold the evidence), as rdflib terms.

    A build's :class:`~kg.graph.quads.GraphQuads` (or any pyoxigraph data) is read
    triple by triple, each distinct term converted once; a triple in two
    graphs comes twice, which the sets of :func:`_collect` absorb. For
    rdflib, ``store.triples(pattern, None)`` is the union over every context;
    ``Dataset.quads`` would also resolve each triple's graphs, which the view
    does not need.
    """
    if not type(dataset).__module__.startswith("rdflib"):
        from kg.graph.quads import GraphQuads

        term = RdflibConverter().term
        for spo in GraphQuads.of(dataset).triples():
            yield term(spo.subject), term(spo.predicate), term(spo.object)
    elif isinstance(dataset, ConjunctiveGraph):
        for triple, _ in dataset.store.triples((None, None, None), None):
            yield triple
    else:
        yield from dataset.triples((None, None, None))


# What _collect does with each predicate (a dict lookup beats a chain of
# DefinedNamespace attribute lookups and comparisons per triple).
_TYPE, _EVIDENCE, _LABEL, _ALT, _SAME, _POSITION, _TITLE, _DATE, _MENTIONS, _SIGNED = range(10)
_DISPATCH: dict[Node, int] = {
    RDF.type: _TYPE,
    RDF.subject: _EVIDENCE,
    RDF.predicate: _EVIDENCE,
    RDF.object: _EVIDENCE,
    PROV.wasDerivedFrom: _EVIDENCE,
    KGO.evidenceText: _EVIDENCE,
    KGO.confidence: _EVIDENCE,
    KGO.extractedBy: _EVIDENCE,
    RDFS.label: _LABEL,
    SKOS.altLabel: _ALT,
    OWL.sameAs: _SAME,
    KGO.holdsPosition: _POSITION,
    DCTERMS.title: _TITLE,
    DCTERMS.date: _DATE,
    KGO.mentions: _MENTIONS,
    KGO.signedOn: _SIGNED,
}


def _collect(dataset: Any) -> _Facts:
    """Bucket every triple by what the view does with it, in a single scan.

    One scan instead of a query per entity: rdflib's in-memory store costs
    microseconds per triple, and a 5,000-node graph holds ~250,000 of them.
    """
    facts = _Facts(
        types=defaultdict(set),
        labels=defaultdict(set),
        alt_labels=defaultdict(set),
        same_as=defaultdict(set),
        positions=defaultdict(set),
        attributes=defaultdict(set),
        titles=defaultdict(set),
        dates=defaultdict(set),
        mentions=defaultdict(set),
        links=set(),
        evidence=defaultdict(dict),
    )
    kgo_prefix = str(KGO_NS)
    dispatch = _DISPATCH
    for s, p, o in _union_triples(dataset):
        kind = dispatch.get(p)
        if kind == _TYPE:
            facts.types[s].add(o)
        elif kind == _EVIDENCE:
            facts.evidence[s].setdefault(p, set()).add(o)  # type: ignore[arg-type]
        elif kind == _LABEL:
            if isinstance(o, Literal):
                facts.labels[s].add(o)
        elif kind == _ALT:
            facts.alt_labels[s].add(str(o))
        elif kind == _SAME:
            facts.same_as[s].add(str(o))
        elif kind == _POSITION:
            facts.positions[s].add(str(o))
        elif kind == _TITLE:
            facts.titles[s].add(str(o))
        elif kind == _DATE:
            facts.dates[s].add(str(o))
        elif kind == _MENTIONS:
            facts.mentions[o].add(s)
        elif kind == _SIGNED:
            facts.attributes[s].add(("signedOn", str(o)))
        elif isinstance(o, URIRef) and isinstance(p, URIRef) and p.startswith(kgo_prefix):
            facts.links.add((s, p, o))
    return facts


def _local(iri: Node) -> str:
    """Last segment of an IRI: ``…/ontology#signs`` -> ``signs``."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
            break
    return text


def _pick_label(labels: set[Literal], iri: Node) -> str:
    """The canonical name: an English or untagged rdfs:label, else the IRI's tail."""
    if not labels:
        return _local(iri).replace("-", " ") or str(iri)
    ranked = sorted(labels, key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return str(ranked[0])


def _single(values: set[Node] | None) -> Node | None:
    """The smallest of a set of RDF terms (deterministic when data repeats)."""
    return min(values, key=str) if values else None


def _as_float(value: Node | None) -> float | None:
    """A literal's numeric value, or None when it has none."""
    if not isinstance(value, Literal):
        return None
    try:
        return round(float(value.toPython()), 4)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------
# The view model


def graph_to_view_data(dataset: Any) -> dict[str, Any]:
    """The JSON-able nodes, edges and articles that ``graph.html`` embeds.

    Why a separate function: tests and notebooks can check what the page will
    show without a browser, and the page stays a thin template around it.

    Args:
        dataset: the graph in kg's shape (a build's ``graph.quads``, a
            pyoxigraph ``Dataset``, an rdflib ``Dataset`` or any rdflib
            graph); all named graphs are read as one union.

    Returns:
        A dict with ``nodes`` (one per entity, ``id`` = index, sorted by IRI),
        ``edges`` (one per relation triple, symmetric pairs merged, each with
        its ``evidence`` sentences), ``articles`` (newest first), ``classes``
        and ``properties`` (legend entries with colours and counts) and
        ``meta`` (layout mode). Node ``articles`` and evidence ``article`` are
        indices into ``articles``.

    >>> from rdflib import Dataset
    >>> from kg.graph.ontology import KGO, KGR
    >>> from rdflib.namespace import RDF, RDFS
    >>> ds = Dataset()
    >>> _ = ds.add((KGR["state/chile"], RDF.type, KGO.State))
    >>> _ = ds.add((KGR["state/chile"], RDFS.label, Literal("Chile")))
    >>> [(n["label"], n["class"]) for n in graph_to_view_data(ds)["nodes"]]
    [('Chile', 'State')]
    """
    facts = _collect(dataset)
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
    _place(nodes, edges)

    class_counts = Counter(node["class"] for node in nodes)
    property_counts = Counter(edge["property"] for edge in edges)
    return {
        "articles": articles,
        "classes": [
            {"name": name, "color": color, "shape": shape, "count": class_counts[name]}
            for name, (color, shape) in _CLASS_STYLES.items()
            if class_counts[name] or name != OTHER_CLASS
        ],
        "edges": edges,
        "meta": {
            "edgeLabels": "all" if len(edges) <= EDGE_LABEL_LIMIT else "selection",
            "physics": 0 < len(nodes) <= PHYSICS_NODE_LIMIT,
        },
        "nodes": nodes,
        "properties": [
            {
                "name": name,
                "color": _PROPERTY_COLORS.get(name, _FALLBACK_PROPERTY_COLOR),
                "count": property_counts[name],
                "symmetric": name in SYMMETRIC,
            }
            for name in _property_order(property_counts)
        ],
    }


def _articles(facts: _Facts, article_iris: set[Node]) -> list[dict[str, Any]]:
    """Articles newest first (undated last), then by title and IRI."""
    rows: list[dict[str, Any]] = [
        {
            "iri": str(iri),
            "title": min(facts.titles[iri]) if facts.titles.get(iri) else _local(iri),
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
    facts: _Facts,
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
        if p in _NON_RELATIONS or s in not_entities or o in not_entities:
            return None
        if _local(p) in SYMMETRIC and str(o) < str(s):
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
        subject, predicate, obj = (_single(fields.get(f)) for f in (RDF.subject, RDF.predicate, RDF.object))
        if not (isinstance(predicate, URIRef) and str(predicate).startswith(kgo_prefix) and isinstance(obj, URIRef)):
            continue  # attribute evidence (a literal object) has no edge to hang on
        if subject is None:
            continue
        k = key(subject, predicate, obj)
        if k is None:
            continue
        source = _single(fields.get(PROV.wasDerivedFrom))
        text = _single(fields.get(KGO.evidenceText))
        extractor = _single(fields.get(KGO.extractedBy))
        relations.setdefault(k, []).append(
            {
                "article": article_index.get(str(source), -1) if source is not None else -1,
                "confidence": _as_float(_single(fields.get(KGO.confidence))),
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


def _node(index: int, iri: Node, classes: list[str], facts: _Facts, articles: list[int]) -> dict[str, Any]:
    """One node of the view: names, class, attributes, articles and size."""
    label = _pick_label(facts.labels.get(iri, set()), iri)
    other_labels = {str(lit) for lit in facts.labels.get(iri, set())} - {label}
    wikidata = sorted(
        value[len(prefix) :] for value in facts.same_as.get(iri, set()) for prefix in _WIKIDATA_PREFIXES if value.startswith(prefix)
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
        "positions": sorted(facts.positions.get(iri, set())),
        "size": 0.0,  # set by _size once the busiest node is known
        "wikidata": wikidata,
    }


def _size(nodes: list[dict[str, Any]]) -> None:
    """Node size grows with the square root of its article count, relative to the busiest node.

    Relative, because a five-article corpus and a five-thousand-article one
    should both span small to large; square root, so area tracks mentions.
    """
    busiest = max((len(node["articles"]) for node in nodes), default=0)
    for node in nodes:
        share = len(node["articles"]) / busiest if busiest else 0.0
        node["size"] = round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(share), 1)


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
                "property": _local(p),
                "symmetric": _local(p) in SYMMETRIC,
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


def _place(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Give every node a deterministic ``x``/``y`` in CSS pixels (rounded)."""
    count = len(nodes)
    if count == 0:
        return
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for edge in edges:
        if edge["from"] != edge["to"]:
            neighbours[edge["from"]].add(edge["to"])
            neighbours[edge["to"]].add(edge["from"])
    adjacency = [sorted(n) for n in neighbours]
    if count <= PHYSICS_NODE_LIMIT:
        # the page's physics relaxes this layout further, so a rougher start will do
        positions = _spring(list(range(count)), adjacency, scale=80.0 * math.sqrt(count) + 120.0, iterations=50)
    else:
        positions = _large_layout(adjacency)
    for node in nodes:
        x, y = positions[node["id"]]
        node["x"], node["y"] = round(x, 1), round(y, 1)


def _spring(members: list[int], adjacency: list[list[int]], scale: float, iterations: int = 100) -> dict[int, tuple[float, float]]:
    """Seeded Fruchterman-Reingold (networkx, dense) over ``members``."""
    import networkx as nx  # deferred: importing networkx costs ~0.2 s

    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    inside = set(members)
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from((a, b) for a in members for b in adjacency[a] if a < b and b in inside)
    layout = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=iterations, scale=scale, method="force")
    return {i: (float(layout[i][0]), float(layout[i][1])) for i in members}


def _large_layout(adjacency: list[list[int]]) -> dict[int, tuple[float, float]]:
    """Near-linear layout for graphs too big for physics.

    The best-connected nodes (news hubs: states, minerals, big agreements)
    get a spring layout; every other node goes, breadth first, on a
    sunflower spiral around its best-connected placed neighbour, at the
    first point whose grid cell is still free, so a leaf sits beside the hub
    it belongs to and no two nodes share a cell (no overlap to click
    through). Components that never reach the core are packed on shelves
    below.
    """
    count = len(adjacency)
    degree = [len(a) for a in adjacency]
    order = sorted(range(count), key=lambda i: (-degree[i], i))
    core = order[:_CORE_SIZE]
    core_positions = _spring(core, adjacency, scale=_CELL_H * math.sqrt(count) * 0.55)
    positions = {i: (x * _CELL_W / _CELL_H, y) for i, (x, y) in core_positions.items()}
    occupied = {_cell(p) for p in positions.values()}
    cursor = [0] * count
    _grow(deque(core), adjacency, degree, positions, occupied, cursor)

    left, right = min(p[0] for p in positions.values()), max(p[0] for p in positions.values())
    shelf_y = max(p[1] for p in positions.values()) + 3 * _CELL_H
    cursor_x, shelf_height = left, 0.0
    for root in order:
        if root in positions:
            continue
        local: dict[int, tuple[float, float]] = {root: (0.0, 0.0)}
        _grow(deque([root]), adjacency, degree, local, {(0, 0)}, cursor)
        radius = max(max(abs(x), abs(y)) for x, y in local.values()) + _CELL_W
        if cursor_x + 2 * radius > right and cursor_x > left:
            cursor_x, shelf_y, shelf_height = left, shelf_y + shelf_height, 0.0
        cx, cy = cursor_x + radius, shelf_y + radius
        for i, (x, y) in local.items():
            positions[i] = (cx + x, cy + y)
        cursor_x += 2 * radius
        shelf_height = max(shelf_height, 2 * radius)
    return positions


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return (math.floor(point[0] / _CELL_W), math.floor(point[1] / _CELL_H))


def _grow(
    queue: deque[int],
    adjacency: list[list[int]],
    degree: list[int],
    positions: dict[int, tuple[float, float]],
    occupied: set[tuple[int, int]],
    cursor: list[int],
) -> None:
    """Breadth-first: put each unplaced neighbour on its anchor's spiral, in a free cell.

    ``cursor[anchor]`` remembers how far along its spiral an anchor got, so
    the search for free cells costs O(points tried) over the whole layout.
    """
    while queue:
        anchor = queue.popleft()
        ax, ay = positions[anchor]
        phase = (anchor * 0.618) % 1.0 * 2 * math.pi
        for other in sorted(adjacency[anchor], key=lambda i: (-degree[i], i)):
            if other in positions:
                continue
            k = cursor[anchor]
            while True:
                k += 1
                radius, angle = 0.62 * math.sqrt(k), phase + k * _GOLDEN_ANGLE
                point = (ax + _CELL_W * radius * math.cos(angle), ay + _CELL_H * radius * math.sin(angle))
                if _cell(point) not in occupied:
                    break
            cursor[anchor] = k
            occupied.add(_cell(point))
            positions[other] = point
            queue.append(other)


# --------------------------------------------------------------------------
# The page


def render_html(dataset: Any, title: str = DEFAULT_TITLE) -> str:
    """The complete ``graph.html`` for ``dataset``, as text (nothing is written).

    Args:
        dataset: the graph in kg's shape (see :func:`graph_to_view_data`).
        title: the page title; shown escaped, so any text is safe.

    Returns:
        One self-contained HTML document that loads nothing from the network.

    >>> from rdflib import Dataset
    >>> page = render_html(Dataset())
    >>> "https://cdn" in page, page.count("<script")
    (False, 3)
    """
    return _page(graph_to_view_data(dataset), title)


def _page(data: dict[str, Any], title: str) -> str:
    """Fill the template; every part is either escaped text or our own code."""
    vis_js = _inline_script(_vendor_text("vis-network.min.js"))
    app_js = _inline_script(_APP_JS)
    css = _APP_CSS
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            f"style-src {_csp_hash(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = {
        "TITLE": html.escape(title, quote=True),
        "CSP": html.escape(policy, quote=True),
        "CSS": css,
        "VIS_JS": vis_js,
        "DATA": _json_for_script(data),
        "APP_JS": app_js,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _PAGE)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or break a JS parser.

    >>> _json_for_script({"t": "</script>&\\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _inline_script(code: str) -> str:
    """Make ``code`` safe between ``<script>`` tags.

    ``</script`` or ``<!--`` inside code would end or confuse the element;
    in the string and regex literals where they can occur in library code,
    ``\\x3c`` means the same ``<``.
    """
    return re.sub(r"<(?=/?script|!--)", r"\\x3c", code, flags=re.IGNORECASE)


def _csp_hash(text: str) -> str:
    """CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _vendor_text(name: str) -> str:
    """A file of ``kg/export/vendor`` (package data, so it works from a wheel)."""
    return resources.files("kg.export.vendor").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class GraphView:
    """A dataset that shows itself as the interactive graph in a notebook.

    Jupyter calls ``_repr_html_``; the page goes into a sandboxed iframe's
    ``srcdoc`` (escaped), so its scripts run isolated from the notebook.

    >>> from rdflib import Dataset
    >>> GraphView(Dataset())._repr_html_().startswith('<iframe sandbox="allow-scripts"')
    True
    """

    dataset: Any
    title: str = DEFAULT_TITLE
    height: int = 640

    def to_html(self) -> str:
        """The full page, as :func:`render_html` gives it."""
        return render_html(self.dataset, self.title)

    def _repr_html_(self) -> str:
        srcdoc = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{srcdoc}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            f'title="{html.escape(self.title, quote=True)}"></iframe>'
        )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg">
<title>@@TITLE@@</title>
<style>@@CSS@@</style>
</head>
<body>
<header id="kg-header">
<h1 id="kg-title">@@TITLE@@</h1>
<span id="kg-stats"></span>
<div id="kg-search-box"><input id="kg-search" type="search" placeholder="Find an entity…" \
autocomplete="off" spellcheck="false" aria-label="Find an entity">\
<ul id="kg-search-results" hidden></ul></div>
<label class="kg-toggle"><input type="checkbox" id="kg-edge-labels"> Edge labels</label>
<label class="kg-toggle"><input type="checkbox" id="kg-physics"> Physics</label>
<button type="button" id="kg-fit">Fit</button>
</header>
<main>
<aside id="kg-sidebar">
<section><h2>Entities <small>(size: articles)</small></h2><ul id="kg-classes" class="kg-filter"></ul></section>
<section><h2>Relations</h2><ul id="kg-properties" class="kg-filter"></ul></section>
<section><h2>Article</h2><select id="kg-article" aria-label="Show one article"></select></section>
<p class="kg-hint">Click a node for its names and articles, an edge for its evidence.</p>
</aside>
<div id="kg-stage"><div id="kg-network" aria-label="Knowledge graph"></div><div id="kg-tooltip" hidden></div></div>
<aside id="kg-info" aria-live="polite"></aside>
</main>
<script>@@VIS_JS@@</script>
<script type="application/json" id="kg-data">@@DATA@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""

_APP_CSS = """
:root{--ink:#1f2328;--muted:#5f6670;--line:#d9dce0;--panel:#fff;--bg:#f6f7f8;--accent:#0b5cad}
*{box-sizing:border-box}
[hidden]{display:none!important}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
#kg-header{display:flex;align-items:center;gap:14px;padding:8px 14px;background:var(--panel);border-bottom:1px solid var(--line)}
#kg-title{margin:0;font-size:17px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:40ch}
#kg-stats{color:var(--muted);font-size:12.5px;white-space:nowrap}
#kg-search-box{position:relative;margin-left:auto}
#kg-search{width:300px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;font:inherit}
#kg-search-results{position:absolute;z-index:20;top:calc(100% + 3px);left:0;right:0;margin:0;padding:4px 0;list-style:none;background:#fff;border:1px solid var(--line);border-radius:6px;box-shadow:0 6px 18px rgba(0,0,0,.12);max-height:380px;overflow:auto}
#kg-search-results button{display:flex;gap:8px;align-items:center;width:100%;padding:5px 10px;border:0;background:none;font:inherit;text-align:left;cursor:pointer}
#kg-search-results button:hover,#kg-search-results button:focus{background:#eef3f9;outline:none}
.kg-toggle{font-size:13px;white-space:nowrap;cursor:pointer}
#kg-fit{font:inherit;font-size:13px;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
main{flex:1;display:grid;grid-template-columns:250px minmax(0,1fr) 370px;min-height:0}
#kg-sidebar,#kg-info{overflow:auto;background:var(--panel);padding:10px 14px}
#kg-sidebar{border-right:1px solid var(--line)}
#kg-info{border-left:1px solid var(--line)}
#kg-sidebar h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:12px 0 6px}
#kg-sidebar h2 small{text-transform:none;letter-spacing:0;font-weight:normal}
.kg-filter{list-style:none;margin:0;padding:0}
.kg-filter label{display:flex;align-items:center;gap:7px;padding:2px 0;cursor:pointer}
.kg-filter .kg-count{margin-left:auto;color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.kg-line{display:inline-block;width:18px;height:3px;border-radius:2px;flex:none}
#kg-article{width:100%;font:inherit;font-size:13px;padding:4px}
.kg-hint{color:var(--muted);font-size:12.5px}
#kg-stage{position:relative;min-width:0;min-height:0;background:#fff}
#kg-network{position:absolute;inset:0}
.vis-network{position:relative;overflow:hidden;touch-action:none;user-select:none;outline:none}
#kg-tooltip{position:absolute;z-index:10;pointer-events:none;max-width:320px;padding:5px 8px;background:rgba(255,255,255,.97);border:1px solid var(--line);border-radius:5px;box-shadow:0 3px 10px rgba(0,0,0,.12);font-size:12.5px;white-space:pre-line}
#kg-info h2{font-size:18px;margin:4px 0 2px;overflow-wrap:anywhere}
#kg-info h3{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:16px 0 6px}
#kg-info dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 10px;margin:10px 0}
#kg-info dt{color:var(--muted)}
#kg-info dd{margin:0;overflow-wrap:anywhere}
#kg-info ul{list-style:none;padding:0;margin:0}
#kg-info li{padding:3px 0}
.kg-kind{display:flex;align-items:center;gap:6px;color:var(--muted)}
.kg-iri{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.kg-link{border:0;padding:0;background:none;color:var(--accent);font:inherit;text-align:left;cursor:pointer;overflow-wrap:anywhere}
.kg-link:hover{text-decoration:underline}
.kg-relation{display:flex;gap:6px;align-items:baseline;flex-wrap:wrap}
.kg-prop{font-size:12.5px;padding:0 6px;border-radius:9px;color:#fff;white-space:nowrap}
.kg-evidence li{border-left:3px solid var(--line);padding:4px 0 4px 10px!important;margin:0 0 10px}
.kg-evidence blockquote{margin:0 0 4px;overflow-wrap:anywhere}
.kg-meta{color:var(--muted);font-size:12.5px}
.kg-muted{color:var(--muted)}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges, articles = data.articles;
  var classOf = {}, propOf = {};
  data.classes.forEach(function (c) { classOf[c.name] = c; });
  data.properties.forEach(function (p) { propOf[p.name] = p; });
  var byId = function (id) { return document.getElementById(id); };
  var info = byId("kg-info"), tooltip = byId("kg-tooltip"), container = byId("kg-network");
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_ROWS = 60;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function link(text, onClick) {
    var b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- shapes for the legend (our own constants, never data) ----
  var SHAPES = {
    dot: ["circle", {cx: 8, cy: 8, r: 6}],
    square: ["rect", {x: 2, y: 2, width: 12, height: 12}],
    diamond: ["polygon", {points: "8,1 15,8 8,15 1,8"}],
    triangle: ["polygon", {points: "8,2 15,14 1,14"}],
    triangleDown: ["polygon", {points: "1,2 15,2 8,14"}],
    hexagon: ["polygon", {points: "4,2 12,2 15,8 12,14 4,14 1,8"}],
    star: ["polygon", {points: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"}]
  };
  function glyph(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var spec = SHAPES[shape] || SHAPES.dot;
    var item = document.createElementNS(SVG, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { item.setAttribute(k, String(spec[1][k])); });
    item.setAttribute("fill", color); item.setAttribute("stroke", "#333"); item.setAttribute("stroke-width", "0.6");
    svg.appendChild(item);
    return svg;
  }
  function propBadge(name) {
    var b = el("span", "kg-prop", name);
    b.style.backgroundColor = (propOf[name] || {color: "#888"}).color;
    return b;
  }

  // ---- indexes, built once ----
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e) { incident[e.from].push(e.id); if (e.to !== e.from) incident[e.to].push(e.id); });
  var articleNodes = articles.map(function () { return new Set(); });
  nodes.forEach(function (n) { n.articles.forEach(function (a) { articleNodes[a].add(n.id); }); });
  var searchKeys = nodes.map(function (n) {
    return {label: n.label.toLowerCase(), aliases: n.aliases.map(function (a) { return a.toLowerCase(); })};
  });

  // ---- vis data ----
  // Every edge carries its label; the toggle changes one global font size.
  // vis skips a label whose size is below its draw threshold before
  // measuring it, so hidden labels cost nothing per frame, and no DataSet
  // update over every edge is needed (that takes seconds at 20,000 edges).
  // In a large graph (meta.edgeLabels "selection") the global size stays 0
  // and only the selected node's or edge's relations are labelled (below).
  var showEdgeLabels = true, labelAll = data.meta.edgeLabels === "all";
  var EDGE_FONT = 11, MAX_LABELLED = 120, labelled = [];
  var big = !data.meta.physics;
  function edgeItem(e) {
    var color = (propOf[e.property] || {color: "#999"}).color;
    return {
      id: e.id, from: e.from, to: e.to,
      label: labelAll ? e.property : undefined,
      color: {color: color, highlight: color, hover: color, opacity: 0.8},
      width: big ? 1 : Math.min(1 + Math.log2(1 + e.evidence.length), 5),
      arrows: e.symmetric ? {to: {enabled: false}} : undefined,
      dashes: !e.asserted,
      smooth: e.curve ? {enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve)} : false
    };
  }
  var visNodes = new vis.DataSet(nodes.map(function (n) {
    return {id: n.id, label: n.label, group: n.class, x: n.x, y: n.y, size: n.size};
  }));
  var visEdges = new vis.DataSet(edges.map(edgeItem));
  var groups = {};
  data.classes.forEach(function (c) {
    groups[c.name] = {shape: c.shape, color: {background: c.color, border: "#333333",
      highlight: {background: c.color, border: "#000000"}, hover: {background: c.color, border: "#000000"}}};
  });
  var options = {
    autoResize: true,
    groups: groups,
    nodes: {borderWidth: 1, borderWidthSelected: 3,
      font: {size: 14, face: "system-ui, sans-serif", color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff"},
      scaling: {label: {drawThreshold: 7}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.45}}, selectionWidth: 2, hoverWidth: 0.6,
      font: {size: labelAll ? EDGE_FONT : 0, face: "system-ui, sans-serif", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
      smooth: false},
    physics: data.meta.physics ? {enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 150, springConstant: 0.03, damping: 0.2, avoidOverlap: 0.4},
      stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}} : {enabled: false},
    layout: {improvedLayout: false, randomSeed: 42},
    interaction: {hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false, multiselect: false}
  };
  var network = new vis.Network(container, {}, options);

  function markReady() {
    if (window.__kgReady) return;
    window.__kgReady = true;
    window.__kgReadyAt = performance.now();
    document.documentElement.setAttribute("data-kg-ready", "1");
  }
  // Entities mentioned but in no relation drift to the rim under physics and
  // shrink everything else when the view fits; put them on rows under the
  // connected graph instead (once, after stabilisation; big graphs get the
  // same from the Python layout).
  function shelveIsolated() {
    var order = {};
    data.classes.forEach(function (c, i) { order[c.name] = i; });
    var lone = nodes.filter(function (n) { return !incident[n.id].length; });
    if (!lone.length || lone.length === nodes.length) return;
    lone.sort(function (a, b) { return order[a.class] - order[b.class] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
    var pos = network.getPositions(), minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      if (!incident[n.id].length) return;
      var p = pos[n.id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    });
    var gapX = 130, gapY = 80, cols = Math.max(4, Math.floor((maxX - minX) / gapX) + 1);
    lone.forEach(function (n, k) {
      network.moveNode(n.id, minX + (k % cols) * gapX, maxY + 1.5 * gapY + Math.floor(k / cols) * gapY);
    });
  }
  var physicsBox = byId("kg-physics");
  physicsBox.checked = !!data.meta.physics;
  if (data.meta.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});  // freeze the stabilised layout
      physicsBox.checked = false;
      shelveIsolated();
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({nodes: visNodes, edges: visEdges});
  if (!data.meta.physics) network.fit();
  if (!nodes.length) markReady();

  // ---- tooltips: plain text in our own element ----
  function showTip(text, pointer) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14;
    var w = container.clientWidth, h = container.clientHeight;
    tooltip.style.left = Math.min(x, Math.max(0, w - tooltip.offsetWidth - 4)) + "px";
    tooltip.style.top = Math.min(y, Math.max(0, h - tooltip.offsetHeight - 4)) + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  function countText(k, one, many) { return k.toLocaleString("en-US") + " " + (k === 1 ? one : many); }
  network.on("hoverNode", function (p) {
    var n = nodes[p.node];
    showTip(n.label + "\n" + n.classes.join(", ") + " · " + countText(n.articles.length, "article", "articles"), p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var e = edges[p.edge];
    showTip(nodes[e.from].label + " — " + e.property + " → " + nodes[e.to].label + "\n" +
      countText(e.evidence.length, "evidence sentence", "evidence sentences"), p.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- the info panel ----
  function showHint() {
    clear(info);
    info.removeAttribute("data-kind"); info.removeAttribute("data-id");
    info.appendChild(el("h2", null, "Evidence"));
    info.appendChild(el("p", "kg-hint", "Click a node to see its class, names, positions, Wikidata id and the articles that mention it; click an edge to read every sentence it was extracted from."));
    var top = nodes.slice().sort(function (a, b) { return b.articles.length - a.articles.length || a.id - b.id; }).slice(0, 12);
    if (top.length) {
      info.appendChild(el("h3", null, "Most mentioned"));
      var ul = el("ul");
      top.forEach(function (n) {
        var li = el("li", "kg-relation");
        li.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
        li.appendChild(link(n.label, function () { focusNode(n.id); }));
        li.appendChild(el("span", "kg-meta", countText(n.articles.length, "article", "articles")));
        ul.appendChild(li);
      });
      info.appendChild(ul);
    }
  }
  function articleLine(a, extra) {
    var art = articles[a];
    var line = el("span");
    line.appendChild(link(art.title, function () { setArticle(a); }));
    var meta = [art.date].concat(extra || []).filter(Boolean).join(" · ");
    if (meta) line.appendChild(el("span", "kg-meta", " — " + meta));
    return line;
  }
  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join(" · ") : String(value);
    dl.appendChild(dd);
  }
  var ATTRIBUTE_NAMES = {signedOn: "Signed on"};
  function showNode(id) {
    var n = nodes[id];
    if (!n) return;
    clear(info);
    info.setAttribute("data-kind", "node"); info.setAttribute("data-id", String(id));
    info.appendChild(el("h2", null, n.label));
    var kind = el("div", "kg-kind");
    kind.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
    kind.appendChild(el("span", null, n.classes.join(", ")));
    info.appendChild(kind);
    var dl = el("dl");
    addRow(dl, "Also known as", n.aliases);
    addRow(dl, n.positions.length > 1 ? "Positions" : "Position", n.positions);
    n.attributes.forEach(function (pair) { addRow(dl, ATTRIBUTE_NAMES[pair[0]] || pair[0], pair[1]); });
    addRow(dl, "Wikidata", n.wikidata);
    addRow(dl, "IRI", el("span", "kg-iri", n.iri));
    info.appendChild(dl);

    var rel = incident[id];
    info.appendChild(el("h3", null, countText(rel.length, "relation", "relations")));
    var ul = el("ul");
    rel.slice(0, MAX_ROWS).forEach(function (eid) {
      var e = edges[eid], out = e.from === id, other = out ? e.to : e.from;
      var li = el("li", "kg-relation");
      li.appendChild(el("span", "kg-muted", out ? "→" : "←"));
      var badge = propBadge(e.property);
      badge.style.cursor = "pointer";
      badge.addEventListener("click", function () { focusEdge(eid); });
      li.appendChild(badge);
      li.appendChild(link(nodes[other].label, function () { focusNode(other); }));
      li.appendChild(link("(" + countText(e.evidence.length, "sentence", "sentences") + ")", function () { focusEdge(eid); }));
      ul.appendChild(li);
    });
    if (rel.length > MAX_ROWS) ul.appendChild(el("li", "kg-muted", "… and " + (rel.length - MAX_ROWS) + " more"));
    info.appendChild(ul);

    info.appendChild(el("h3", null, "Mentioned in " + countText(n.articles.length, "article", "articles")));
    var al = el("ul");
    n.articles.slice(0, MAX_ROWS).forEach(function (a) { var li = el("li"); li.appendChild(articleLine(a)); al.appendChild(li); });
    if (n.articles.length > MAX_ROWS) al.appendChild(el("li", "kg-muted", "… and " + (n.articles.length - MAX_ROWS) + " more"));
    info.appendChild(al);
  }
  function showEdge(id) {
    var e = edges[id];
    if (!e) return;
    clear(info);
    info.setAttribute("data-kind", "edge"); info.setAttribute("data-id", String(id));
    var h = el("h2");
    h.appendChild(link(nodes[e.from].label, function () { focusNode(e.from); }));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(propBadge(e.property));
    h.appendChild(document.createTextNode(e.symmetric ? " ↔ " : " → "));
    h.appendChild(link(nodes[e.to].label, function () { focusNode(e.to); }));
    info.appendChild(h);
    var notes = [];
    if (e.symmetric) notes.push("symmetric relation");
    if (!e.asserted) notes.push("found only in evidence, not asserted (dashed)");
    if (notes.length) info.appendChild(el("p", "kg-meta", notes.join("; ")));
    info.appendChild(el("h3", null, "Evidence: " + countText(e.evidence.length, "sentence", "sentences")));
    if (!e.evidence.length) info.appendChild(el("p", "kg-muted", "No evidence sentence is recorded for this relation."));
    var ul = el("ul", "kg-evidence");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("blockquote", null, ev.text || "(no text recorded)"));
      var extra = [];
      if (ev.confidence !== null && ev.confidence !== undefined) extra.push("confidence " + ev.confidence);
      if (ev.extractedBy) extra.push(ev.extractedBy);
      var meta = el("div", "kg-meta");
      if (ev.article >= 0) meta.appendChild(articleLine(ev.article, extra));
      else meta.textContent = ["unknown article"].concat(extra).join(" · ");
      li.appendChild(meta);
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }
  // Large graphs: the selection's labels are drawn here, after vis has drawn
  // the frame: O(selection) per frame, and no DataSet update (any update makes
  // vis revisit every node and edge, ~0.2 s at 25,000 items).
  // Callers that change the selection get vis's own redraw; only the toggle
  // asks for one (network.redraw() draws synchronously: a second frame).
  function labelSelection() {
    if (labelAll) return;
    labelled = showEdgeLabels ? network.getSelectedEdges().slice(0, MAX_LABELLED) : [];
  }
  network.on("afterDrawing", function (ctx) {
    if (labelAll || !labelled.length || EDGE_FONT * network.getScale() < 4) return;
    var ends = [];
    labelled.forEach(function (id) { ends.push(edges[id].from, edges[id].to); });
    var pos = network.getPositions(ends);
    ctx.save();
    ctx.font = EDGE_FONT + "px system-ui, sans-serif";
    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    ctx.lineWidth = 3; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#444444";
    labelled.forEach(function (id) {
      var e = edges[id], a = pos[e.from], b = pos[e.to];
      if (edgeHidden[id] || !a || !b) return;
      ctx.strokeText(e.property, (a.x + b.x) / 2, (a.y + b.y) / 2);
      ctx.fillText(e.property, (a.x + b.x) / 2, (a.y + b.y) / 2);
    });
    ctx.restore();
  });
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showHint();
    labelSelection();
  });

  // ---- filters ----
  var classOn = {}, propOn = {}, articleOn = -1;
  data.classes.forEach(function (c) { classOn[c.name] = true; });
  data.properties.forEach(function (p) { propOn[p.name] = true; });
  var nodeHidden = new Uint8Array(nodes.length), edgeHidden = new Uint8Array(edges.length);
  var stats = byId("kg-stats");
  function updateStats() {
    var shownNodes = 0, shownEdges = 0, i;
    for (i = 0; i < nodes.length; i++) if (!nodeHidden[i]) shownNodes++;
    for (i = 0; i < edges.length; i++) if (!edgeHidden[i]) shownEdges++;
    var text = countText(nodes.length, "entity", "entities") + " · " + countText(edges.length, "relation", "relations") +
      " · " + countText(articles.length, "article", "articles");
    if (shownNodes !== nodes.length || shownEdges !== edges.length) text += " — showing " + shownNodes + " and " + shownEdges;
    stats.textContent = text;
  }
  // vis hides the edges of a hidden node by itself, so an edge's own flag
  // changes only with the relation and article filters; that keeps a class
  // toggle to one DataSet update.
  var edgeOwnHidden = new Uint8Array(edges.length);
  function applyFilters() {
    var nodeChanges = [], edgeChanges = [], inArticle = articleOn >= 0 ? articleNodes[articleOn] : null;
    nodes.forEach(function (n, i) {
      var hide = !classOn[n.class] || (inArticle !== null && !inArticle.has(i)) ? 1 : 0;
      if (hide !== nodeHidden[i]) { nodeHidden[i] = hide; nodeChanges.push({id: i, hidden: !!hide}); }
    });
    edges.forEach(function (e, i) {
      var own = !propOn[e.property] || (articleOn >= 0 && e.articles.indexOf(articleOn) < 0) ? 1 : 0;
      if (own !== edgeOwnHidden[i]) { edgeOwnHidden[i] = own; edgeChanges.push({id: i, hidden: !!own}); }
      edgeHidden[i] = own || nodeHidden[e.from] || nodeHidden[e.to];
    });
    if (nodeChanges.length) visNodes.update(nodeChanges);
    if (edgeChanges.length) visEdges.update(edgeChanges);
    updateStats();
  }
  function filterRow(list, name, count, marker, state) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { state[name] = box.checked; applyFilters(); });
    label.appendChild(box); label.appendChild(marker); label.appendChild(el("span", null, name));
    label.appendChild(el("span", "kg-count", count));
    li.appendChild(label); list.appendChild(li);
    return box;
  }
  var classBoxes = {}, propBoxes = {};
  data.classes.forEach(function (c) {
    classBoxes[c.name] = filterRow(byId("kg-classes"), c.name, c.count, glyph(c.shape, c.color), classOn);
  });
  data.properties.forEach(function (p) {
    var line = el("span", "kg-line"); line.style.backgroundColor = p.color;
    propBoxes[p.name] = filterRow(byId("kg-properties"), p.name, p.count, line, propOn);
  });
  var articleSelect = byId("kg-article");
  var all = el("option", null, "All articles (" + articles.length + ")"); all.value = "-1";
  articleSelect.appendChild(all);
  articles.forEach(function (a) {
    var o = el("option", null, (a.date ? a.date + " — " : "") + a.title); o.value = String(a.id);
    articleSelect.appendChild(o);
  });
  function setArticle(a) {
    articleOn = a; articleSelect.value = String(a);
    applyFilters();
    if (a >= 0 && articleNodes[a].size) network.fit({nodes: Array.from(articleNodes[a]), animation: motion()});
  }
  articleSelect.addEventListener("change", function () { setArticle(parseInt(articleSelect.value, 10)); });
  function resetFilters() {
    Object.keys(classOn).forEach(function (k) { classOn[k] = true; classBoxes[k].checked = true; });
    Object.keys(propOn).forEach(function (k) { propOn[k] = true; propBoxes[k].checked = true; });
    articleOn = -1; articleSelect.value = "-1";
    applyFilters();
  }

  // ---- focus, search, toggles ----
  // vis animates frame by frame; when one frame of a big graph costs a few
  // hundred ms, a smooth camera move would take seconds, so big graphs jump.
  function motion() { return big ? false : {duration: 450, easingFunction: "easeInOutQuad"}; }
  function focusNode(id) {
    if (nodeHidden[id]) resetFilters();
    network.selectNodes([id]);
    labelSelection();
    network.focus(id, {scale: Math.max(network.getScale(), big ? 1.0 : 1.2), animation: motion()});
    showNode(id);
  }
  function focusEdge(id) {
    var e = edges[id];
    if (edgeHidden[id]) resetFilters();
    network.selectEdges([id]);
    labelSelection();
    network.fit({nodes: [e.from, e.to], animation: motion()});
    showEdge(id);
  }
  var search = byId("kg-search"), results = byId("kg-search-results");
  function matches(q) {
    var found = [];
    for (var i = 0; i < nodes.length; i++) {
      var k = searchKeys[i], rank = -1;
      if (k.label === q) rank = 0;
      else if (k.label.indexOf(q) === 0) rank = 1;
      else if (k.label.indexOf(q) > 0) rank = 2;
      else if (k.aliases.indexOf(q) >= 0) rank = 3;
      else if (k.aliases.some(function (a) { return a.indexOf(q) >= 0; })) rank = 4;
      if (rank >= 0) found.push([rank, -nodes[i].articles.length, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.slice(0, 12).map(function (f) { return f[2]; });
  }
  function pick(id) { results.hidden = true; search.value = nodes[id].label; focusNode(id); }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    clear(results);
    if (!q) { results.hidden = true; return; }
    var ids = matches(q);
    if (!ids.length) { results.appendChild(el("li", "kg-hint", "  No entity matches.")); }
    ids.forEach(function (id) {
      var li = el("li"), b = el("button"), n = nodes[id];
      b.type = "button";
      b.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
      b.appendChild(el("span", null, n.label));
      b.appendChild(el("span", "kg-meta", n.class));
      b.addEventListener("click", function () { pick(id); });
      li.appendChild(b); results.appendChild(li);
    });
    results.hidden = false;
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var ids = matches(search.value.trim().toLowerCase()); if (ids.length) pick(ids[0]); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!byId("kg-search-box").contains(ev.target)) results.hidden = true; });

  var labelBox = byId("kg-edge-labels");
  labelBox.checked = showEdgeLabels;
  if (!labelAll) labelBox.parentNode.title = "Large graph: labels of the selected entity's relations";
  labelBox.addEventListener("change", function () {
    showEdgeLabels = labelBox.checked;
    if (labelAll) network.setOptions({edges: {font: {size: showEdgeLabels ? EDGE_FONT : 0}}});
    else { labelSelection(); network.redraw(); }
  });
  physicsBox.addEventListener("change", function () { network.setOptions({physics: {enabled: physicsBox.checked}}); });
  byId("kg-fit").addEventListener("click", function () { network.fit({animation: motion()}); });

  updateStats();
  showHint();
  window.kg = {network: network, nodes: visNodes, edges: visEdges, data: data,
    showNode: showNode, showEdge: showEdge, focusNode: focusNode, focusEdge: focusEdge, setArticle: setArticle};
})();
"""
