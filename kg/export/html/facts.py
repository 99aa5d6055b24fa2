"""Reading a graph for the page: every triple bucketed by what the view does with it, in one scan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import ConjunctiveGraph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.graph.terms import RdflibConverter
from kg.ontology import KGO, KGO_NS


@dataclass
class Facts:
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
    graphs comes twice, which the sets of :func:`collect_facts` absorb. For
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


# What collect_facts does with each predicate (a dict lookup beats a chain of
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


def collect_facts(dataset: Any) -> Facts:
    """Bucket every triple by what the view does with it, in a single scan.

    One scan instead of a query per entity: rdflib's in-memory store costs
    microseconds per triple, and a 5,000-node graph holds ~250,000 of them.
    """
    facts = Facts(
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


def local_name(iri: Node) -> str:
    """Last segment of an IRI: ``…/ontology#signs`` -> ``signs``."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
            break
    return text


def pick_label(labels: set[Literal], iri: Node) -> str:
    """The canonical name: an English or untagged rdfs:label, else the IRI's tail."""
    if not labels:
        return local_name(iri).replace("-", " ") or str(iri)
    ranked = sorted(labels, key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return str(ranked[0])


def single(values: set[Node] | None) -> Node | None:
    """The smallest of a set of RDF terms (deterministic when data repeats)."""
    return min(values, key=str) if values else None


def as_float(value: Node | None) -> float | None:
    """A literal's numeric value, or None when it has none."""
    if not isinstance(value, Literal):
        return None
    try:
        return round(float(value.toPython()), 4)
    except (TypeError, ValueError):
        return None
