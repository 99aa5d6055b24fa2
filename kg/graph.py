"""Assertions -> the quads of the graph, in the shape of the ontology.

The default graph holds the corpus view: every entity with its class,
canonical label, aliases, Wikidata link and positions, and every fact
asserted directly (so ``?s kgo:signs ?o`` just works). Each article gets a
named graph (named by the article IRI) with its metadata and one evidence
node per (fact, sentence) it states, so an article's contribution can be
replaced on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Namespace
from rdflib.namespace import DCTERMS, PROV

from kg.iri import article_iri, evidence_iri, wikidata_iri
from kg.ontology import KGO, KGO_NS, KGR, WD
from kg.terms import to_rdflib_dataset
from kg.types import Assertion, Document, Entity

PREFIXES: dict[str, Namespace] = {
    "kgo": KGO_NS,
    "kgr": KGR,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "xsd": Namespace(str(XSD)),
    "wd": WD,
}


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def _decimal(value: float) -> str:
    """A confidence as an ``xsd:decimal`` lexical form with two places ("0.85")."""
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


class _Terms:
    """pyoxigraph terms of kg's vocabulary and IRIs, each made once."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}

    def __call__(self, iri: str) -> ox.NamedNode:
        node = self._iris.get(iri)
        if node is None:
            node = self._iris[iri] = ox.NamedNode(iri)
        return node

    def kgo(self, name: str) -> ox.NamedNode:
        """A term of kg's ontology; an unknown name fails (``KGO`` is a closed namespace)."""
        return self(str(KGO[name]))


def build_quads(
    documents: Iterable[Document], entities: Iterable[Entity], assertions: Iterable[Assertion], article_mentions: dict[str, tuple[str, ...]]
) -> ox.Dataset:
    """The graph of a corpus, with provenance per article, as a pyoxigraph ``Dataset``.

    Why pyoxigraph and not rdflib: a quad costs a few dozen bytes in Rust and
    hundreds in rdflib's indexed Python store (0.35 MB per article), and
    pyoxigraph writes Turtle and N-Triples linearly. rdflib users get the same
    quads from :func:`kg.terms.to_rdflib_dataset`.
    """
    iri = _Terms()
    rdf_type, label, alt_label, same_as = iri(str(RDF.type)), iri(str(RDFS.label)), iri(str(SKOS.altLabel)), iri(str(OWL.sameAs))
    xsd_date, xsd_integer, xsd_decimal = iri(str(XSD.date)), iri(str(XSD.integer)), iri(str(XSD.decimal))
    default = ox.DefaultGraph()
    quads: list[ox.Quad] = []
    add = quads.append
    for entity in entities:
        node = iri(entity.iri)
        add(ox.Quad(node, rdf_type, iri.kgo(entity.kind), default))
        add(ox.Quad(node, label, ox.Literal(entity.label), default))
        for alias in entity.aliases:
            add(ox.Quad(node, alt_label, ox.Literal(alias), default))
        if entity.wikidata:
            add(ox.Quad(node, same_as, iri(wikidata_iri(entity.wikidata)), default))
    articles: dict[str, ox.NamedNode] = {}
    mentions, text, content_hash = iri.kgo("mentions"), iri.kgo("text"), iri.kgo("contentHash")
    for document in documents:
        article = articles[document.doc_id] = iri(article_iri(document.doc_id))
        add(ox.Quad(article, rdf_type, iri.kgo("Article"), article))
        add(ox.Quad(article, iri(str(DCTERMS.title)), ox.Literal(document.title), article))
        if document.date:
            add(ox.Quad(article, iri(str(DCTERMS.date)), ox.Literal(document.date, datatype=xsd_date), article))
        add(ox.Quad(article, content_hash, ox.Literal(document.content_hash), article))
        add(ox.Quad(article, text, ox.Literal(document.text), article))
        for entity_iri in article_mentions.get(document.doc_id, ()):
            add(ox.Quad(article, mentions, iri(entity_iri), article))
    statement, evidence_class, derived_from = iri(str(RDF.Statement)), iri.kgo("Evidence"), iri(str(PROV.wasDerivedFrom))
    rdf_subject, rdf_predicate, rdf_object = iri(str(RDF.subject)), iri(str(RDF.predicate)), iri(str(RDF.object))
    evidence_text, char_start, char_end = iri.kgo("evidenceText"), iri.kgo("charStart"), iri.kgo("charEnd")
    confidence, extracted_by = iri.kgo("confidence"), iri.kgo("extractedBy")
    for assertion in assertions:
        subject, predicate = iri(assertion.subject), iri.kgo(assertion.predicate)
        obj: ox.NamedNode | ox.Literal
        if assertion.literal:
            obj = ox.Literal(assertion.object, datatype=xsd_date) if assertion.datatype == "date" else ox.Literal(assertion.object)
        else:
            obj = iri(assertion.object)
        add(ox.Quad(subject, predicate, obj, default))
        evidence = assertion.evidence
        named = articles.get(evidence.doc_id)
        if named is None:
            continue
        article = named
        node = iri(
            evidence_iri(assertion.subject, assertion.predicate, assertion.object, evidence.doc_id, str(evidence.start), str(evidence.end))
        )
        add(ox.Quad(node, rdf_type, statement, article))
        add(ox.Quad(node, rdf_type, evidence_class, article))
        add(ox.Quad(node, rdf_subject, subject, article))
        add(ox.Quad(node, rdf_predicate, predicate, article))
        add(ox.Quad(node, rdf_object, obj, article))
        add(ox.Quad(node, derived_from, article, article))
        add(ox.Quad(node, evidence_text, ox.Literal(evidence.text), article))
        add(ox.Quad(node, char_start, ox.Literal(str(evidence.start), datatype=xsd_integer), article))
        add(ox.Quad(node, char_end, ox.Literal(str(evidence.end), datatype=xsd_integer), article))
        add(ox.Quad(node, confidence, ox.Literal(_decimal(evidence.confidence), datatype=xsd_decimal), article))
        add(ox.Quad(node, extracted_by, ox.Literal(evidence.rule), article))
    return ox.Dataset(quads)


def build_dataset(
    documents: Iterable[Document], entities: Iterable[Entity], assertions: Iterable[Assertion], article_mentions: dict[str, tuple[str, ...]]
) -> Dataset:
    """The same graph as :func:`build_quads`, as an rdflib ``Dataset``."""
    return to_rdflib_dataset(build_quads(documents, entities, assertions, article_mentions))


def union_graph(dataset: Dataset) -> Graph:
    """All triples of every graph of the dataset in one graph."""
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
