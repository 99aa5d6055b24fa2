"""Assertions -> the quads of the graph, in the shape of the ontology.

The default graph holds the corpus view: every entity with its class,
canonical label, aliases, Wikidata link and positions, and every fact
asserted directly (so ``?s kgo:signs ?o`` just works). Each article gets a
named graph (named by the article IRI) with its metadata and one evidence
node per (fact, sentence) it states, so an article's contribution can be
replaced on its own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
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
from kg.types import Assertion, Document, Entity, Fact


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


class QuadGraphs(ABC):
    """What exporters read: the graphs one by one (default first, then named graphs in IRI order), or every triple.

    Two kinds: :class:`GraphQuads` holds every graph; a build into a folder
    makes each article's graph when it is read (:class:`kg.graph.stream.StreamedQuads`).
    """

    @abstractmethod
    def graphs(self) -> Iterator[tuple[str | None, Iterable[ox.Triple]]]:
        """(graph name, or None for the default graph; its triples, each read once), the default graph first."""

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every graph (a triple in two graphs comes twice)."""
        for _, triples in self.graphs():
            yield from triples

    def __iter__(self) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        for name, triples in self.graphs():
            graph = default if name is None else ox.BlankNode(name[2:]) if name.startswith("_:") else ox.NamedNode(name)
            for triple in triples:
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)


@dataclass(frozen=True)
class GraphQuads(QuadGraphs):
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

    def __len__(self) -> int:
        return len(self.default) + sum(len(triples) for _, triples in self.named)

    def graphs(self) -> Iterator[tuple[str | None, tuple[ox.Triple, ...]]]:
        """(graph name, or None for the default graph; its triples), the default graph first."""
        yield None, self.default
        yield from self.named

    def to_dataset(self) -> ox.Dataset:
        """The same quads as a pyoxigraph ``Dataset`` (indexed: pattern lookups, SPARQL-free filtering)."""
        return ox.Dataset(self)

    @classmethod
    def of(cls, source: Any) -> GraphQuads | QuadGraphs:
        """``source`` as it is when it reads graph by graph (a ``GraphQuads``, a streamed build); else grouped from a pyoxigraph ``Dataset``/``Store``, quads, or rdflib data."""
        if isinstance(source, QuadGraphs):
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


class Vocabulary:
    """The terms every graph of a build uses, each made once, and the triples of one entity, article or evidence.

    :func:`build_quads` (the whole graph in memory) and
    :class:`kg.graph.stream.StreamedQuads` (one article's graph at a time)
    make their triples here, so both give the same triples in the same order.
    """

    def __init__(self) -> None:
        self.iri = TermConverter().iri  # each shared IRI made once
        iri = self.iri
        self.rdf_type, self.label, self.alt_label, self.same_as = (
            iri(str(RDF.type)),
            iri(str(RDFS.label)),
            iri(str(SKOS.altLabel)),
            iri(str(OWL.sameAs)),
        )
        self.xsd_date, self.xsd_integer, self.xsd_decimal = iri(str(XSD.date)), iri(str(XSD.integer)), iri(str(XSD.decimal))
        self.mentions, self.text, self.content_hash, self.article = (
            self.kgo("mentions"),
            self.kgo("text"),
            self.kgo("contentHash"),
            self.kgo("Article"),
        )
        self.title, self.date = iri(str(DCTERMS.title)), iri(str(DCTERMS.date))
        self.statement, self.evidence_class, self.derived_from = (
            iri(str(RDF.Statement)),
            self.kgo("Evidence"),
            iri(str(PROV.wasDerivedFrom)),
        )
        self.rdf_subject, self.rdf_predicate, self.rdf_object = iri(str(RDF.subject)), iri(str(RDF.predicate)), iri(str(RDF.object))
        self.evidence_text, self.char_start, self.char_end = self.kgo("evidenceText"), self.kgo("charStart"), self.kgo("charEnd")
        self.confidence, self.extracted_by = self.kgo("confidence"), self.kgo("extractedBy")

    def kgo(self, name: str) -> ox.NamedNode:
        """A term of kg's ontology; an unknown name fails (``KGO`` is a closed namespace)."""
        return self.iri(str(KGO[name]))

    def entity_triples(self, entity: Entity) -> Iterator[ox.Triple]:
        node = self.iri(entity.iri)
        yield ox.Triple(node, self.rdf_type, self.kgo(entity.kind))
        yield ox.Triple(node, self.label, ox.Literal(entity.label))
        for alias in entity.aliases:
            yield ox.Triple(node, self.alt_label, ox.Literal(alias))
        if entity.wikidata:
            yield ox.Triple(node, self.same_as, self.iri(wikidata_iri(entity.wikidata)))

    def article_node(self, doc_id: str) -> ox.NamedNode:
        return ox.NamedNode(article_iri(doc_id))

    def article_triples(self, article: ox.NamedNode, document: Document, mentioned: Iterable[str]) -> Iterator[ox.Triple]:
        """An article's metadata and text, and the entities it mentions."""
        yield ox.Triple(article, self.rdf_type, self.article)
        yield ox.Triple(article, self.title, ox.Literal(document.title))
        if document.date:
            yield ox.Triple(article, self.date, ox.Literal(document.date, datatype=self.xsd_date))
        yield ox.Triple(article, self.content_hash, ox.Literal(document.content_hash))
        yield ox.Triple(article, self.text, ox.Literal(document.text))
        for entity_iri in mentioned:
            yield ox.Triple(article, self.mentions, self.iri(entity_iri))

    def fact(self, assertion: Assertion) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]:
        """(subject, predicate, object) of an assertion as terms."""
        return self.fact_terms((assertion.subject, assertion.predicate, assertion.object, assertion.literal, assertion.datatype))

    def fact_terms(self, fact: Fact) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]:
        """(subject, predicate, object) of a fact as terms."""
        subject, predicate = self.iri(fact[0]), self.kgo(fact[1])
        value, literal, datatype = fact[2:]
        obj: ox.NamedNode | ox.Literal
        if literal:
            obj = ox.Literal(value, datatype=self.iri(f"{XSD}{datatype}")) if datatype else ox.Literal(value)
        else:
            obj = self.iri(value)
        return subject, predicate, obj

    def evidence_triples(
        self, assertion: Assertion, fact: tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], source: ox.NamedNode
    ) -> Iterator[ox.Triple]:
        """The evidence node of one (fact, sentence): a reified statement with its sentence, offsets, confidence and rule.

        The node's IRI is not cached: there is one per evidence, as many as the corpus has.
        """
        subject, predicate, obj = fact
        evidence = assertion.evidence
        node = ox.NamedNode(
            evidence_iri(assertion.subject, assertion.predicate, assertion.object, evidence.doc_id, str(evidence.start), str(evidence.end))
        )
        yield ox.Triple(node, self.rdf_type, self.statement)
        yield ox.Triple(node, self.rdf_type, self.evidence_class)
        yield ox.Triple(node, self.rdf_subject, subject)
        yield ox.Triple(node, self.rdf_predicate, predicate)
        yield ox.Triple(node, self.rdf_object, obj)
        yield ox.Triple(node, self.derived_from, source)
        yield ox.Triple(node, self.evidence_text, ox.Literal(evidence.text))
        yield ox.Triple(node, self.char_start, ox.Literal(str(evidence.start), datatype=self.xsd_integer))
        yield ox.Triple(node, self.char_end, ox.Literal(str(evidence.end), datatype=self.xsd_integer))
        yield ox.Triple(node, self.confidence, ox.Literal(_decimal(evidence.confidence), datatype=self.xsd_decimal))
        yield ox.Triple(node, self.extracted_by, ox.Literal(evidence.rule))


def default_triples(vocabulary: Vocabulary, entities: Iterable[Entity], assertions: Iterable[Assertion]) -> tuple[ox.Triple, ...]:
    """The default graph: every entity, then every fact once, in order."""
    facts = ((a.subject, a.predicate, a.object, a.literal, a.datatype) for a in assertions)
    return default_from_facts(vocabulary, entities, facts)


def default_from_facts(vocabulary: Vocabulary, entities: Iterable[Entity], facts: Iterable[Fact]) -> tuple[ox.Triple, ...]:
    """The default graph from the facts of the sorted assertions: every entity, then every fact once, in order."""
    default: dict[ox.Triple, None] = {}  # ordered and free of repeats (a fact stated twice is asserted once)
    for entity in entities:
        default.update(dict.fromkeys(vocabulary.entity_triples(entity)))
    for fact in facts:
        default[ox.Triple(*vocabulary.fact_terms(fact))] = None
    return tuple(default)


def iter_default(vocabulary: Vocabulary, entities: Iterable[Entity], facts: Iterable[Fact]) -> Iterator[ox.Triple]:
    """The triples of :func:`default_from_facts`, made as they are read (``facts`` sorted, as resolution gives them).

    Why the same triples without the dict: two entities never share a
    triple (each has its own IRI as subject), an entity's triple never
    equals a fact's (their predicates are RDF, RDFS, SKOS and OWL terms, a
    fact's is kg's), and two facts that make one triple have the same
    subject, predicate and object, so they are neighbours in ``facts``.
    The default graph has a triple per entity attribute and per fact
    (about 50,000 at 3,000 replayed articles, growing with the corpus):
    held with that dict, it was the largest thing an export read.
    """
    for entity in entities:
        yield from dict.fromkeys(vocabulary.entity_triples(entity))
    group: tuple[str, str, str] | None = None
    seen: set[ox.Triple] = set()
    for fact in facts:
        triple = ox.Triple(*vocabulary.fact_terms(fact))
        if fact[:3] != group:
            group, seen = fact[:3], set()
        if triple not in seen:
            seen.add(triple)
            yield triple


def build_quads(
    documents: Iterable[Document], entities: Iterable[Entity], assertions: Iterable[Assertion], article_mentions: dict[str, tuple[str, ...]]
) -> GraphQuads:
    """The graph of a corpus, with provenance per article, as pyoxigraph triples graph by graph.

    Why pyoxigraph terms and not rdflib's: a triple costs a few dozen bytes in
    Rust and hundreds in rdflib's indexed Python store (0.35 MB per article),
    and pyoxigraph writes Turtle and N-Triples linearly. rdflib users get the
    same graph from :func:`kg.graph.terms.to_rdflib_dataset`.
    """
    vocabulary = Vocabulary()
    assertions = tuple(assertions)
    default = default_triples(vocabulary, entities, assertions)
    named: dict[str, dict[ox.Triple, None]] = {}
    articles: dict[str, ox.NamedNode] = {}
    for document in documents:
        article = articles[document.doc_id] = vocabulary.article_node(document.doc_id)
        named.setdefault(article.value, {}).update(
            dict.fromkeys(vocabulary.article_triples(article, document, article_mentions.get(document.doc_id, ())))
        )
    for assertion in assertions:
        source = articles.get(assertion.evidence.doc_id)
        if source is not None:
            named[source.value].update(dict.fromkeys(vocabulary.evidence_triples(assertion, vocabulary.fact(assertion), source)))
    return GraphQuads(default, tuple((name, tuple(named[name])) for name in sorted(named)))


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
