"""Reading a graph for the page: every triple the view uses bucketed by what it does with it, in one scan, as strings.

Why strings and not rdflib terms: at 10,000 articles the graph holds about
2.7 million triples, and converting each to rdflib terms (remembered, so
every article text and evidence IRI twice) and keeping a dict of sets of
terms per evidence node made the page's view model the build's largest
holder of memory (+762 MB). Here every IRI and text is a Python string,
interned (``sys.intern``: the same entity or sentence is one object however
often it comes), the predicates the page never shows (article texts,
hashes, offsets) are skipped before their objects are read, and each
evidence node keeps one small list of the least value of each field.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_KGO = str(KGO_NS)
RDF_TYPE, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = f"{_RDF}type", f"{_RDF}subject", f"{_RDF}predicate", f"{_RDF}object"
KGO_ARTICLE, KGO_EVIDENCE = f"{_KGO}Article", f"{_KGO}Evidence"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")

#: What the scan reads an object as: an IRI, a blank node (or any other non-literal) or a literal.
IRI, BLANK, LITERAL = range(3)


class NonIri(str):
    """An evidence field's value that is not an IRI (a literal or a blank node): compared and printed as its text.

    Why a marker type: the view keeps only the least value of each evidence
    field (as the old sets did, by text), and an edge needs to know whether
    that value is an IRI; the common case, an IRI, then costs no extra object.
    """

    __slots__ = ()


# Slots of an evidence record (a list, one per evidence node; None until a value is seen).
EV_TYPED, EV_SUBJECT, EV_PREDICATE, EV_OBJECT, EV_SOURCE, EV_TEXT, EV_CONFIDENCE, EV_EXTRACTOR = range(8)
Evidence = list[Any]

# What the scan does with each predicate (a dict lookup per triple; anything else is a relation or skipped).
_TYPE, _LABEL, _ALT, _SAME, _POSITION, _TITLE, _DATE, _MENTIONS, _SIGNED = range(9)
_DISPATCH: dict[str, int] = {
    RDF_TYPE: _TYPE,
    "http://www.w3.org/2000/01/rdf-schema#label": _LABEL,
    "http://www.w3.org/2004/02/skos/core#altLabel": _ALT,
    "http://www.w3.org/2002/07/owl#sameAs": _SAME,
    f"{_KGO}holdsPosition": _POSITION,
    "http://purl.org/dc/terms/title": _TITLE,
    "http://purl.org/dc/terms/date": _DATE,
    f"{_KGO}mentions": _MENTIONS,
    f"{_KGO}signedOn": _SIGNED,
}
_EVIDENCE_SLOTS: dict[str, int] = {
    RDF_SUBJECT: EV_SUBJECT,
    RDF_PREDICATE: EV_PREDICATE,
    RDF_OBJECT: EV_OBJECT,
    "http://www.w3.org/ns/prov#wasDerivedFrom": EV_SOURCE,
    f"{_KGO}evidenceText": EV_TEXT,
    f"{_KGO}confidence": EV_CONFIDENCE,
    f"{_KGO}extractedBy": EV_EXTRACTOR,
}
#: kgo: predicates whose objects the page never reads (the article text is most of a graph's bytes).
_SKIPPED = frozenset(f"{_KGO}{name}" for name in ("text", "contentHash", "charStart", "charEnd"))
_TYPES_KEPT = frozenset({KGO_ARTICLE, *(f"{_KGO}{name}" for name in ENTITY_CLASS_NAMES)})


class SetsByNode(dict[str, Any]):
    """node -> a set of values, where a node with one value keeps the value itself.

    Why: most nodes have one class, one label, one date, one article; an
    empty set alone is 216 bytes, and the page's scan had several per
    entity (338,402 entities and 100,000 articles at 100,000 articles).
    Values are strings or tuples, never sets.

    >>> values = SetsByNode()
    >>> values.add("a", "x"); values.add("a", "x"); values.add("b", "y"); values.add("b", "z")
    >>> values.of("a"), sorted(values.of("b")), values.of("c")
    ({'x'}, ['y', 'z'], set())
    """

    def add(self, node: str, value: Any) -> None:
        old = self.get(node, _NONE)
        if old is _NONE:
            self[node] = value
        elif type(old) is set:
            old.add(value)
        elif old != value:
            self[node] = {old, value}

    def of(self, node: str) -> set[Any]:
        """The node's values (an empty set when it has none)."""
        value = self.get(node, _NONE)
        return set() if value is _NONE else value if type(value) is set else {value}

    def sets(self) -> Iterator[tuple[str, set[Any]]]:
        """(node, its values) for every node, in the order the nodes came."""
        for node in self:
            yield node, self.of(node)


_NONE = object()


@dataclass
class Facts:
    """Everything the view needs, gathered in one pass over the triples; every IRI and text a string."""

    types: SetsByNode = field(default_factory=lambda: SetsByNode())  # entity classes and kgo:Article only
    labels: SetsByNode = field(default_factory=lambda: SetsByNode())  # (not English, text)
    alt_labels: SetsByNode = field(default_factory=lambda: SetsByNode())
    same_as: SetsByNode = field(default_factory=lambda: SetsByNode())
    positions: SetsByNode = field(default_factory=lambda: SetsByNode())
    attributes: SetsByNode = field(default_factory=lambda: SetsByNode())  # (name, value)
    titles: SetsByNode = field(default_factory=lambda: SetsByNode())
    dates: SetsByNode = field(default_factory=lambda: SetsByNode())
    mentions: SetsByNode = field(default_factory=lambda: SetsByNode())  # entity -> articles
    links: set[tuple[str, str, str]] = field(default_factory=set)
    evidence: dict[str, Evidence] = field(default_factory=dict)  # node -> the least value of each field (EV_* slots), until folded
    evidence_nodes: set[str] = field(default_factory=set)  # nodes whose record makes them evidence nodes (see fold)
    # (subject, predicate, object) of each evidence record of a relation -> its (source, confidence, extractor, text), records in order
    evidenced: dict[tuple[str, str, str], list[tuple[Any, ...]]] = field(default_factory=dict)

    def fold(self, remember_nodes: bool = True) -> None:
        """Turn the evidence records read so far into ``evidenced`` rows (those of relations: IRI objects), and forget the records.

        ``remember_nodes``: keep the IRIs of the evidence nodes (to tell them
        from entities); a build's streamed graph, whose facts are only ever
        between entities, folds each article's graph as it ends without them
        (2.29 million records at 100,000 articles).
        """
        for node, record in self.evidence.items():
            if remember_nodes and is_evidence(record):
                self.evidence_nodes.add(node)
            subject, predicate, obj = record[EV_SUBJECT], record[EV_PREDICATE], record[EV_OBJECT]
            if predicate is None or isinstance(predicate, NonIri) or not predicate.startswith(_KGO) or obj is None or isinstance(obj, NonIri):
                continue  # attribute evidence (a literal object) has no edge to hang on
            if subject is None:
                continue
            row = (record[EV_SOURCE], record[EV_CONFIDENCE], record[EV_EXTRACTOR], record[EV_TEXT])
            rows = self.evidenced.get((subject, predicate, obj))
            if rows is None:
                self.evidenced[(subject, predicate, obj)] = [row]
            else:
                rows.append(row)
        self.evidence.clear()


def is_evidence(record: Evidence | None) -> bool:
    """Whether a node's evidence record makes it an evidence node: typed ``kgo:Evidence``, or reifying a statement."""
    return record is not None and (record[EV_TYPED] is not None or (record[EV_SUBJECT] is not None and record[EV_PREDICATE] is not None))


Triple = tuple[str, str, str, int, Any]  # subject, predicate, object's text, its kind, the object term itself


_DROP, _KEEP, _KEEP_IF_NOT_LITERAL = range(3)


def _use(predicate: str) -> int:
    """Whether the scan reads a predicate's triples: kgo:text and the like only when (oddly) their object is not a literal."""
    if predicate in _DISPATCH or predicate in _EVIDENCE_SLOTS:
        return _KEEP
    if predicate in _SKIPPED:
        return _KEEP_IF_NOT_LITERAL
    return _KEEP if predicate.startswith(_KGO) else _DROP


def _oxigraph_triples(triples: Iterable[ox.Triple], use: dict[str, int]) -> Iterator[Triple]:
    """kg's own graphs (a build's quads, a pyoxigraph ``Dataset`` or ``Store``): every graph's triples, a triple in two graphs twice."""
    for triple in triples:
        predicate = triple.predicate.value
        how = use.get(predicate)
        if how is None:
            how = use[predicate] = _use(predicate)
        if how == _DROP:
            continue
        subject, obj = triple.subject, triple.object
        if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
            raise TypeError(f"the page cannot show a quoted triple: {triple}")
        kind = IRI if isinstance(obj, ox.NamedNode) else LITERAL if isinstance(obj, ox.Literal) else BLANK
        if how == _KEEP or kind != LITERAL:  # the object's text is only read (copied) here
            yield subject.value, predicate, obj.value, kind, obj


def _rdflib_triples(dataset: Any) -> Iterator[Triple]:
    """rdflib data as it is (terms rdflib accepts and pyoxigraph would refuse, such as an IRI with ``<``, stay readable).

    For a ``Dataset`` or ``ConjunctiveGraph``, ``store.triples(pattern,
    None)`` is the union over every context (``quads`` would also resolve
    each triple's graphs, which the view does not need).
    """
    from rdflib import ConjunctiveGraph, Literal, URIRef

    if isinstance(dataset, ConjunctiveGraph):
        triples: Iterator[tuple[Any, Any, Any]] = (triple for triple, _ in dataset.store.triples((None, None, None), None))
    else:
        triples = dataset.triples((None, None, None))
    for s, p, o in triples:
        predicate = str(p)
        how = _use(predicate)
        kind = IRI if isinstance(o, URIRef) else LITERAL if isinstance(o, Literal) else BLANK
        if how == _KEEP or (how == _KEEP_IF_NOT_LITERAL and kind != LITERAL):
            yield str(s), predicate, str(o), kind, o


def collect_facts(dataset: Any) -> Facts:
    """Bucket every triple the view uses by what the view does with it, in a single scan.

    One scan instead of a query per entity: a 5,000-node graph holds
    ~250,000 triples and a 10,000-article build about 2.7 million. A build's
    streamed graph (``articles_in_own_graphs``: every evidence node in its
    article's graph, facts only between entities) has its evidence folded
    graph by graph (:meth:`Facts.fold`).
    """
    from kg.graph.quads import GraphQuads

    facts = Facts()
    confidences: dict[Any, tuple[str, float | None]] = {}  # literal -> (text, value): a corpus has few distinct ones
    if type(dataset).__module__.startswith("rdflib"):
        _scan(facts, _rdflib_triples(dataset), confidences)
        facts.fold()
        return facts
    quads = GraphQuads.of(dataset)
    use: dict[str, int] = {}
    if getattr(quads, "articles_in_own_graphs", False):
        for _, triples in quads.graphs():
            _scan(facts, _oxigraph_triples(triples, use), confidences)
            facts.fold(remember_nodes=False)
    else:
        _scan(facts, _oxigraph_triples(quads.triples(), use), confidences)
        facts.fold()
    return facts


def _scan(facts: Facts, triples: Iterable[Triple], confidences: dict[Any, tuple[str, float | None]]) -> None:
    intern = sys.intern
    dispatch, slots, kept_types = _DISPATCH, _EVIDENCE_SLOTS, _TYPES_KEPT
    evidence = facts.evidence
    for s, p, o, kind, term in triples:
        slot = slots.get(p)
        if slot is not None:
            record = evidence.get(s)
            if record is None:
                record = evidence[intern(s)] = [None] * 8
            _keep_least(record, slot, o, kind, term, confidences)
            continue
        what = dispatch.get(p)
        if what == _TYPE:
            if kind == IRI and o in kept_types:
                facts.types.add(intern(s), intern(o))
            elif kind == IRI and o == KGO_EVIDENCE:
                record = evidence.get(s)
                if record is None:
                    record = evidence[intern(s)] = [None] * 8
                record[EV_TYPED] = True
        elif what == _LABEL:
            if kind == LITERAL:
                facts.labels.add(intern(s), (term.language not in (None, "en"), o))
        elif what == _ALT:
            facts.alt_labels.add(intern(s), o)
        elif what == _SAME:
            facts.same_as.add(intern(s), o)
        elif what == _POSITION:
            facts.positions.add(intern(s), o)
        elif what == _TITLE:
            facts.titles.add(intern(s), o)
        elif what == _DATE:
            facts.dates.add(intern(s), o)
        elif what == _MENTIONS:
            if kind != LITERAL:  # a literal is never a node
                facts.mentions.add(intern(o), intern(s))
        elif what == _SIGNED:
            facts.attributes.add(intern(s), ("signedOn", o))
        elif kind == IRI and p.startswith(_KGO):
            facts.links.add((intern(s), intern(p), intern(o)))


def _keep_least(record: Evidence, slot: int, text: str, kind: int, term: Any, confidences: dict[Any, tuple[str, float | None]]) -> None:
    """Keep in ``record[slot]`` the least value by text (what ``min(values, key=str)`` over all of them gives).

    A confidence is kept as (text, numeric value or None), one tuple per distinct literal.
    """
    old = record[slot]
    if slot == EV_CONFIDENCE:
        if old is None or text < old[0]:
            value = confidences.get(term)
            if value is None:
                value = confidences[term] = (text, as_float(term) if kind == LITERAL else None)
            record[slot] = value
        return
    if old is not None and not text < old:
        return
    if slot in (EV_PREDICATE, EV_OBJECT) and kind != IRI:
        record[slot] = NonIri(text)
    else:
        record[slot] = sys.intern(text)


def local_name(iri: str) -> str:
    """Last segment of an IRI: ``…/ontology#signs`` -> ``signs``."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
            break
    return text


def pick_label(labels: set[tuple[bool, str]], iri: str) -> str:
    """The canonical name: an English or untagged rdfs:label (the least), else the IRI's tail.

    >>> pick_label({(True, "Alfa"), (False, "Alpha")}, "x"), pick_label(set(), "https://e/id/state/south-africa")
    ('Alpha', 'south africa')
    """
    if not labels:
        return local_name(iri).replace("-", " ") or str(iri)
    return min(labels)[1]


def as_float(term: Any) -> float | None:
    """A literal's numeric value (rounded to 4 places), or None when it has none.

    ``xsd:decimal`` (what kg writes) is read directly; any other literal as
    rdflib reads it (``toPython``), so foreign data means what it meant.

    >>> import pyoxigraph as ox
    >>> as_float(ox.Literal("0.85", datatype=ox.NamedNode(_XSD_DECIMAL))), as_float(ox.Literal("high"))
    (0.85, None)
    """
    if isinstance(term, ox.Literal):
        if term.datatype.value == _XSD_DECIMAL and _DECIMAL.fullmatch(term.value):
            return round(float(term.value), 4)
        from kg.graph.terms import RdflibConverter

        term = RdflibConverter._convert(term)
    try:
        return round(float(term.toPython()), 4)
    except (TypeError, ValueError):
        return None
