"""Assertions -> an ``rdflib.Dataset`` in the shape of the ontology.

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

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.iri import article_iri, evidence_iri, wikidata_iri
from kg.ontology import KGO, KGO_NS, KGR, WD
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


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)).quantize(Decimal("0.01")), datatype=XSD.decimal)


def build_dataset(documents: Iterable[Document], entities: Iterable[Entity], assertions: Iterable[Assertion], article_mentions: dict[str, tuple[str, ...]]) -> Dataset:
    """The graph of a corpus, with provenance per article."""
    dataset = Dataset()
    bind_prefixes(dataset)
    default = dataset.default_graph
    for entity in entities:
        node = URIRef(entity.iri)
        default.add((node, RDF.type, KGO[entity.kind]))
        default.add((node, RDFS.label, Literal(entity.label)))
        for alias in entity.aliases:
            default.add((node, SKOS.altLabel, Literal(alias)))
        if entity.wikidata:
            default.add((node, OWL.sameAs, URIRef(wikidata_iri(entity.wikidata))))
    graphs: dict[str, Graph] = {}
    named: Graph | None
    for document in documents:
        article = URIRef(article_iri(document.doc_id))
        graph = graphs[document.doc_id] = dataset.graph(article)
        graph.add((article, RDF.type, KGO.Article))
        graph.add((article, DCTERMS.title, Literal(document.title)))
        if document.date:
            graph.add((article, DCTERMS.date, Literal(document.date, datatype=XSD.date)))
        graph.add((article, KGO.contentHash, Literal(document.content_hash)))
        graph.add((article, KGO.text, Literal(document.text)))
        for iri in article_mentions.get(document.doc_id, ()):
            graph.add((article, KGO.mentions, URIRef(iri)))
    for assertion in assertions:
        subject, predicate = URIRef(assertion.subject), KGO[assertion.predicate]
        if assertion.literal:
            obj: URIRef | Literal = Literal(assertion.object, datatype=XSD.date if assertion.datatype == "date" else None)
        else:
            obj = URIRef(assertion.object)
        default.add((subject, predicate, obj))
        evidence = assertion.evidence
        named = graphs.get(evidence.doc_id)
        if named is None:
            continue
        graph = named
        node = URIRef(evidence_iri(assertion.subject, assertion.predicate, assertion.object, evidence.doc_id, str(evidence.start), str(evidence.end)))
        graph.add((node, RDF.type, RDF.Statement))
        graph.add((node, RDF.type, KGO.Evidence))
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, predicate))
        graph.add((node, RDF.object, obj))
        graph.add((node, PROV.wasDerivedFrom, URIRef(article_iri(evidence.doc_id))))
        graph.add((node, KGO.evidenceText, Literal(evidence.text)))
        graph.add((node, KGO.charStart, Literal(evidence.start, datatype=XSD.integer)))
        graph.add((node, KGO.charEnd, Literal(evidence.end, datatype=XSD.integer)))
        graph.add((node, KGO.confidence, _decimal(evidence.confidence)))
        graph.add((node, KGO.extractedBy, Literal(evidence.rule)))
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All triples of every graph of the dataset in one graph."""
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
