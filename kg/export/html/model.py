"""The view model: the JSON-able nodes, edges, articles and legends that ``graph.html`` embeds."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from kg.export.html.facts import (
    EV_CONFIDENCE,
    EV_EXTRACTOR,
    EV_OBJECT,
    EV_PREDICATE,
    EV_SOURCE,
    EV_SUBJECT,
    EV_TEXT,
    KGO_ARTICLE,
    Facts,
    NonIri,
    collect_facts,
    is_evidence,
    local_name,
    pick_label,
)
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
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS, SYMMETRIC

_NON_RELATIONS = frozenset(str(p) for p in NON_RELATIONS)


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
    """:func:`graph_to_view_data` with its edges made when read (a :class:`Rows`), for the page's writer.

    Why: at 10,000 articles the edges carry 227,273 evidence sentences; held
    as a dict per sentence they were the largest part of the view model. Each
    edge is kept as a small object with its evidence as tuples (texts
    interned), and becomes its JSON dict only as the page is written.
    """
    facts = collect_facts(dataset)
    class_iris = {f"{KGO_NS}{name}": name for name in ENTITY_CLASS_NAMES}
    article_iris = {s for s, ts in facts.types.items() if KGO_ARTICLE in ts}

    evidence = facts.evidence

    def not_entity(node: str) -> bool:
        return node in article_iris or is_evidence(evidence.get(node))

    entity_classes: dict[str, list[str]] = {}
    for s, ts in facts.types.items():
        names = [name for t, name in class_iris.items() if t in ts]
        if names and not not_entity(s):
            entity_classes[s] = names

    articles = _articles(facts, article_iris)
    article_index = {a["iri"]: i for i, a in enumerate(articles)}

    relations, asserted = _relations(facts, not_entity, article_index)
    evidence.clear()  # the largest part of the scan, no longer needed
    for s, _, o in relations:
        for end in (s, o):
            if end not in entity_classes:
                entity_classes[end] = [OTHER_CLASS]

    node_iris = sorted(entity_classes)
    node_index = {iri: i for i, iri in enumerate(node_iris)}
    node_articles: dict[str, set[int]] = defaultdict(set)
    for iri in node_iris:
        node_articles[iri] = {article_index[a] for a in facts.mentions.get(iri, ()) if a in article_index}
    for (s, _, o), rows in relations.items():
        for row in rows:
            if row[0] >= 0:
                node_articles[s].add(row[0])
                node_articles[o].add(row[0])

    nodes = [_node(i, iri, entity_classes[iri], facts, sorted(node_articles[iri])) for i, iri in enumerate(node_iris)]
    del facts, node_articles
    edges = _edges(relations, asserted, node_index)
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
        "edges": Rows(edges, _Edge.as_json),
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


_T = TypeVar("_T")


class Rows(Sequence[dict[str, Any]]):
    """A list of JSON objects, each made from its compact item when read (and not kept)."""

    def __init__(self, items: list[_T], as_json: Callable[[_T], dict[str, Any]]) -> None:
        self._items: list[Any] = items
        self._as_json: Callable[[Any], dict[str, Any]] = as_json

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._as_json(item) for item in self._items[index]]
        return self._as_json(self._items[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._as_json(item) for item in self._items)


def _articles(facts: Facts, article_iris: set[str]) -> list[dict[str, Any]]:
    """Articles newest first (undated last), then by title and IRI."""
    rows: list[dict[str, Any]] = [
        {
            "iri": iri,
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


_Relation = tuple[str, str, str]
#: One evidence sentence of an edge: (article index or -1, confidence or None, extractedBy, text).
_Row = tuple[int, "float | None", str, str]


def _relations(
    facts: Facts,
    not_entity: Callable[[str], bool],
    article_index: dict[str, int],
) -> tuple[dict[_Relation, list[_Row]], set[_Relation]]:
    """Relation triples (asserted or only evidenced) -> their evidence rows.

    Also returns the triples that are asserted directly; the others exist
    only as evidence nodes (the page draws them dashed).

    Symmetric properties are keyed with sorted endpoints so that
    ``a inConflictWith b`` and ``b inConflictWith a`` become one edge.
    """

    def key(s: str, p: str, o: str) -> _Relation | None:
        if p in _NON_RELATIONS or not_entity(s) or not_entity(o):
            return None
        if local_name(p) in SYMMETRIC and o < s:
            s, o = o, s
        return (s, p, o)

    relations: dict[_Relation, list[_Row]] = {}
    asserted: set[_Relation] = set()
    for s, p, o in facts.links:
        k = key(s, p, o)
        if k is not None:
            relations.setdefault(k, [])
            asserted.add(k)
    kgo_prefix = str(KGO_NS)
    for record in facts.evidence.values():
        subject, predicate, obj = record[EV_SUBJECT], record[EV_PREDICATE], record[EV_OBJECT]
        if predicate is None or isinstance(predicate, NonIri) or not predicate.startswith(kgo_prefix) or obj is None or isinstance(obj, NonIri):
            continue  # attribute evidence (a literal object) has no edge to hang on
        if subject is None:
            continue
        k = key(subject, predicate, obj)
        if k is None:
            continue
        source, confidence = record[EV_SOURCE], record[EV_CONFIDENCE]
        relations.setdefault(k, []).append(
            (
                article_index.get(source, -1) if source is not None else -1,
                confidence[1] if confidence is not None else None,
                record[EV_EXTRACTOR] or "",
                record[EV_TEXT] or "",
            )
        )
    for k, evidence in relations.items():
        if len(evidence) > 1:
            unique = {(row[0], repr(row[1]), row[2], row[3]): row for row in evidence}  # same sentence twice
            relations[k] = sorted(unique.values(), key=_evidence_order)
    return relations, asserted


def _evidence_order(row: _Row) -> tuple[bool, int, str, str, float]:
    """Evidence by article (newest first, unknown last), then text."""
    return (row[0] < 0, row[0], row[3], row[2], -(row[1] or 0.0))


def _node(index: int, iri: str, classes: list[str], facts: Facts, articles: list[int]) -> dict[str, Any]:
    """One node of the view: names, class, attributes, articles and size."""
    labels = facts.labels.get(iri, set())
    label = pick_label(labels, iri)
    other_labels = {text for _, text in labels} - {label}
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
        "iri": iri,
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


def _rank(nodes: list[dict[str, Any]], edges: list[_Edge]) -> None:
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


@dataclass(slots=True)
class _Edge:
    """One edge of the view, compact until written: its evidence as tuples (:data:`_Row`)."""

    id: int
    source: int
    target: int
    name: str
    asserted: bool
    evidence: list[_Row]
    curve: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """The edge as the page reads it."""
        return {
            "articles": sorted({row[0] for row in self.evidence if row[0] >= 0}),
            "asserted": self.asserted,
            "curve": self.curve,
            "evidence": [{"article": a, "confidence": c, "extractedBy": x, "text": t} for a, c, x, t in self.evidence],
            "from": self.source,
            "id": self.id,
            "property": self.name,
            "symmetric": self.name in SYMMETRIC,
            "to": self.target,
        }


def _edges(relations: dict[_Relation, list[_Row]], asserted: set[_Relation], node_index: dict[str, int]) -> list[_Edge]:
    """Edges sorted by (subject, property, object) IRIs, parallel ones curved apart."""
    keys = sorted(relations)
    edges: list[_Edge] = []
    by_pair: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for i, (s, p, o) in enumerate(keys):
        source, target = node_index[s], node_index[o]
        name = names.get(p)
        if name is None:
            name = names[p] = local_name(p)
        edges.append(_Edge(i, source, target, name, (s, p, o) in asserted, relations[(s, p, o)]))
        by_pair[(min(source, target), max(source, target))].append(i)
    for (low, _), group in by_pair.items():
        if len(group) < 2:
            continue
        for rank, edge_id in enumerate(group):
            # +0.2, -0.2, +0.4, -0.4 … relative to the low -> high direction.
            magnitude = 0.2 * (rank // 2 + 1)
            side = 1.0 if rank % 2 == 0 else -1.0
            if edges[edge_id].source != low:
                side = -side
            edges[edge_id].curve = round(side * magnitude, 2)
    return edges


def _property_order(counts: dict[str, int]) -> list[str]:
    """Ontology order for known relations, then any others by name."""
    known = [name for name in RELATIONS if counts.get(name)]
    return known + sorted(name for name in counts if name not in RELATIONS)


# --------------------------------------------------------------------------
# Layout
