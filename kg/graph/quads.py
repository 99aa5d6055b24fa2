"""Assertions -> the quads of the graph, in the shape of the ontology.

The default graph holds the corpus view: every entity with its class,
canonical label, aliases, Wikidata link and positions, and every fact
asserted directly (so ``?s kgo:signs ?o`` just works). Each article gets a
named graph (named by the article IRI) with its metadata and one evidence
node per (fact, sentence) it states, so an article's contribution can be
replaced on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph
from rdflib.namespace import DCTERMS, PROV

from kg.graph.terms import TermConverter, to_oxigraph_quads, to_rdflib_dataset
from kg.iri import article_iri, evidence_iri, wikidata_iri
from kg.ontology import KGO, bind_prefixes
from kg.types import Assertion, Document, Entity


def _decimal(value: float) -> str:
    """A confidence, rounded to two places, in the canonical ``xsd:decimal`` form.

    Why canonical: a triple store keeps the value, not the spelling, and gives
    ``"0.50"^^xsd:decimal`` back as ``"0.5"``, so a term written "0.50" no longer
    equals itself after a round trip (53 of 128 seed confidences did not). The
    form is XSD 1.1's canonical mapping, as Oxigraph writes decimals: no
    trailing zeros and, for a whole number, no point ("1", where XSD 1.0 wrote
    "1.0").

    >>> [_decimal(v) for v in (0.85, 0.5, 0.6000001, 1.0, 0.0, -0.001, 10.0)]
    ['0.85', '0.5', '0.6', '1', '0', '0', '10']
    """
    text = format(Decimal(str(value)).quantize(Decimal("0.01")).normalize(), "f")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class GraphQuads:
    """A graph's triples, graph by graph: what a build makes and every exporter reads.

    ``default`` holds the default graph's triples, ``named`` each non-empty
    named graph's (``(IRI, triples)``, in IRI order; a blank graph name is
    written ``_:id``); no list repeats a triple. Why not a pyoxigraph
    ``Dataset``: building one indexes every quad (1.4 s for 280,000, about
    1,000 articles) and reading it back graph by graph costs as much again,
    while the exporters only need the triples of each graph once. Iterating
    gives pyoxigraph ``Quad`` objects, so ``ox.Dataset(quads)``, a store's
    ``extend`` or :class:`kg.sparql.store.GraphStore` take it as it is.
    """

    default: tuple[ox.Triple, ...]
    named: tuple[tuple[str, tuple[ox.Triple, ...]], ...]

    def __iter__(self) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        for triple in self.default:
            yield ox.Quad(triple.subject, triple.predicate, triple.object, default)
        for name, triples in self.named:
            graph = ox.BlankNode(name[2:]) if name.startswith("_:") else ox.NamedNode(name)
            for triple in triples:
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    def __len__(self) -> int:
        return len(self.default) + sum(len(triples) for _, triples in self.named)

    def graphs(self) -> Iterator[tuple[str | None, tuple[ox.Triple, ...]]]:
        """(graph name, or None for the default graph; its triples), the default graph first."""
        yield None, self.default
        yield from self.named

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every graph (a triple in two graphs comes twice)."""
        for _, triples in self.graphs():
            yield from triples

    def to_dataset(self) -> ox.Dataset:
        """The same quads as a pyoxigraph ``Dataset`` (indexed: pattern lookups, SPARQL-free filtering)."""
        return ox.Dataset(self)

    @classmethod
    def of(cls, source: Any) -> GraphQuads:
        """``source`` as it is when it is one; else grouped from a pyoxigraph ``Dataset``/``Store``, quads, or rdflib data."""
        if isinstance(source, GraphQuads):
            return source
        return cls.group(to_oxigraph_quads(source))

    @classmethod
    def group(cls, quads: Iterable[ox.Quad]) -> GraphQuads:
        """Group quads by graph, dropping repeats (first occurrence kept, so the order is the input's)."""
        default: dict[ox.Triple, None] = {}
        named: dict[str, dict[ox.Triple, None]] = {}
        for quad in quads:
            graph = quad.graph_name
            if isinstance(graph, ox.DefaultGraph):
                default[quad.triple] = None
            else:
                name = str(graph) if isinstance(graph, ox.BlankNode) else graph.value
                named.setdefault(name, {})[quad.triple] = None
        return cls(tuple(default), tuple((name, tuple(named[name])) for name in sorted(named)))


def build_quads(
    documents: Iterable[Document], entities: Iterable[Entity], assertions: Iterable[Assertion], article_mentions: dict[str, tuple[str, ...]]
) -> GraphQuads:
    """The graph of a corpus, with provenance per article, as pyoxigraph triples graph by graph.

    Why pyoxigraph terms and not rdflib's: a triple costs a few dozen bytes in
    Rust and hundreds in rdflib's indexed Python store (0.35 MB per article),
    and pyoxigraph writes Turtle and N-Triples linearly. rdflib users get the
    same graph from :func:`kg.graph.terms.to_rdflib_dataset`.
    """
    iri = TermConverter().iri  # each IRI made once

    def kgo(name: str) -> ox.NamedNode:
        """A term of kg's ontology; an unknown name fails (``KGO`` is a closed namespace)."""
        return iri(str(KGO[name]))

    rdf_type, label, alt_label, same_as = iri(str(RDF.type)), iri(str(RDFS.label)), iri(str(SKOS.altLabel)), iri(str(OWL.sameAs))
    xsd_date, xsd_integer, xsd_decimal = iri(str(XSD.date)), iri(str(XSD.integer)), iri(str(XSD.decimal))
    default: dict[ox.Triple, None] = {}  # ordered and free of repeats (a fact stated twice is asserted once)
    named: dict[str, dict[ox.Triple, None]] = {}
    for entity in entities:
        node = iri(entity.iri)
        default[ox.Triple(node, rdf_type, kgo(entity.kind))] = None
        default[ox.Triple(node, label, ox.Literal(entity.label))] = None
        for alias in entity.aliases:
            default[ox.Triple(node, alt_label, ox.Literal(alias))] = None
        if entity.wikidata:
            default[ox.Triple(node, same_as, iri(wikidata_iri(entity.wikidata)))] = None
    articles: dict[str, ox.NamedNode] = {}
    mentions, text, content_hash = kgo("mentions"), kgo("text"), kgo("contentHash")
    for document in documents:
        article = articles[document.doc_id] = iri(article_iri(document.doc_id))
        graph = named.setdefault(article.value, {})
        graph[ox.Triple(article, rdf_type, kgo("Article"))] = None
        graph[ox.Triple(article, iri(str(DCTERMS.title)), ox.Literal(document.title))] = None
        if document.date:
            graph[ox.Triple(article, iri(str(DCTERMS.date)), ox.Literal(document.date, datatype=xsd_date))] = None
        graph[ox.Triple(article, content_hash, ox.Literal(document.content_hash))] = None
        graph[ox.Triple(article, text, ox.Literal(document.text))] = None
        for entity_iri in article_mentions.get(document.doc_id, ()):
            graph[ox.Triple(article, mentions, iri(entity_iri))] = None
    statement, evidence_class, derived_from = iri(str(RDF.Statement)), kgo("Evidence"), iri(str(PROV.wasDerivedFrom))
    rdf_subject, rdf_predicate, rdf_object = iri(str(RDF.subject)), iri(str(RDF.predicate)), iri(str(RDF.object))
    evidence_text, char_start, char_end = kgo("evidenceText"), kgo("charStart"), kgo("charEnd")
    confidence, extracted_by = kgo("confidence"), kgo("extractedBy")
    for assertion in assertions:
        subject, predicate = iri(assertion.subject), kgo(assertion.predicate)
        obj: ox.NamedNode | ox.Literal
        if assertion.literal:
            obj = ox.Literal(assertion.object, datatype=iri(f"{XSD}{assertion.datatype}")) if assertion.datatype else ox.Literal(assertion.object)
        else:
            obj = iri(assertion.object)
        default[ox.Triple(subject, predicate, obj)] = None
        evidence = assertion.evidence
        source = articles.get(evidence.doc_id)
        if source is None:
            continue
        graph = named[source.value]
        node = iri(
            evidence_iri(assertion.subject, assertion.predicate, assertion.object, evidence.doc_id, str(evidence.start), str(evidence.end))
        )
        graph[ox.Triple(node, rdf_type, statement)] = None
        graph[ox.Triple(node, rdf_type, evidence_class)] = None
        graph[ox.Triple(node, rdf_subject, subject)] = None
        graph[ox.Triple(node, rdf_predicate, predicate)] = None
        graph[ox.Triple(node, rdf_object, obj)] = None
        graph[ox.Triple(node, derived_from, source)] = None
        graph[ox.Triple(node, evidence_text, ox.Literal(evidence.text))] = None
        graph[ox.Triple(node, char_start, ox.Literal(str(evidence.start), datatype=xsd_integer))] = None
        graph[ox.Triple(node, char_end, ox.Literal(str(evidence.end), datatype=xsd_integer))] = None
        graph[ox.Triple(node, confidence, ox.Literal(_decimal(evidence.confidence), datatype=xsd_decimal))] = None
        graph[ox.Triple(node, extracted_by, ox.Literal(evidence.rule))] = None
    return GraphQuads(tuple(default), tuple((name, tuple(named[name])) for name in sorted(named)))


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
