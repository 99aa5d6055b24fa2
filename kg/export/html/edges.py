"""The view's edges: relation triples with their evidence sentences, kept compact until the page writes them.

Why apart from the model: at 10,000 articles the edges carry 229,023
evidence sentences, the bulk of the view model; each edge is a small
object with its evidence as tuples (texts interned by the scan), and
becomes the JSON dict the page embeds only when it is written
(:func:`kg.export.html.model.view_items`), and is dropped then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.export.html.facts import (
    Facts,
    local_name,
)
from kg.export.html.style import NON_RELATIONS
from kg.ontology import SYMMETRIC

NON_RELATION_IRIS = frozenset(str(p) for p in NON_RELATIONS)


Relation = tuple[str, str, str]
#: One evidence sentence of an edge: (article index or -1, confidence or None, extractedBy, text).
Row = tuple[int, "float | None", str, str]


def relations(
    facts: Facts,
    not_entity: Callable[[str], bool],
    article_index: dict[str, int],
) -> tuple[dict[Relation, list[Row]], set[Relation]]:
    """Relation triples (asserted or only evidenced) -> their evidence rows.

    Also returns the triples that are asserted directly; the others exist
    only as evidence nodes (the page draws them dashed).

    Symmetric properties are keyed with sorted endpoints so that
    ``a inConflictWith b`` and ``b inConflictWith a`` become one edge.
    """

    def key(s: str, p: str, o: str) -> Relation | None:
        if p in NON_RELATION_IRIS or not_entity(s) or not_entity(o):
            return None
        if local_name(p) in SYMMETRIC and o < s:
            s, o = o, s
        return (s, p, o)

    relations: dict[Relation, list[Row]] = {}
    asserted: set[Relation] = set()
    for s, p, o in facts.links:
        k = key(s, p, o)
        if k is not None:
            relations.setdefault(k, [])
            asserted.add(k)
    for (subject, predicate, obj), found in facts.evidenced.items():  # (Facts.fold kept only the records of relations)
        k = key(subject, predicate, obj)
        if k is None:
            continue
        rows = relations.setdefault(k, [])
        for source, confidence, extractor, text in found:
            rows.append((article_index.get(source, -1) if source is not None else -1, confidence[1] if confidence is not None else None, extractor or "", text or ""))
        found.clear()
    facts.evidenced.clear()
    for k, evidence in relations.items():
        if len(evidence) > 1:
            unique = {(row[0], repr(row[1]), row[2], row[3]): row for row in evidence}  # same sentence twice
            relations[k] = sorted(unique.values(), key=_evidence_order)
    return relations, asserted


def _evidence_order(row: Row) -> tuple[bool, int, str, str, float, str]:
    """Evidence by article (newest first, unknown last), then text, rule and confidence.

    The last part (the confidence as written) orders what the rest leaves
    tied (no confidence and 0, or -0 and 0), whatever order the triples came in.
    """
    return (row[0] < 0, row[0], row[3], row[2], -(row[1] or 0.0), repr(row[1]))


@dataclass(slots=True)
class Edge:
    """One edge of the view, compact until written: its evidence as tuples (:data:`Row`)."""

    id: int
    source: int
    target: int
    name: str
    asserted: bool
    evidence: list[Row]
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


def make_edges(relations: dict[Relation, list[Row]], asserted: set[Relation], node_index: dict[str, int]) -> list[Edge]:
    """Edges sorted by (subject, property, object) IRIs, parallel ones curved apart."""
    keys = sorted(relations)
    edges: list[Edge] = []
    by_pair: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for i, (s, p, o) in enumerate(keys):
        source, target = node_index[s], node_index[o]
        name = names.get(p)
        if name is None:
            name = names[p] = local_name(p)
        edges.append(Edge(i, source, target, name, (s, p, o) in asserted, relations[(s, p, o)]))
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
