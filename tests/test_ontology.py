"""Tests for ontology/kg.ttl, ontology/shapes.ttl and kg.ontology.

They check that the Python vocabulary (KGO, RELATIONS, ...) and the Turtle
files agree in both directions, and that the SHACL shapes accept a small
conforming graph and reject each kind of broken one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from inspect import get_annotations
from typing import Any

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from kg.ontology import (
    ATTRIBUTES,
    ENTITY_CLASS_NAMES,
    ENTITY_CLASSES,
    KGO,
    KGO_NS,
    KGR,
    ONTOLOGY_IRI,
    RELATIONS,
    SYMMETRIC,
    WD,
    check_relation,
    load_ontology,
    ontology_dir,
    ontology_path,
    shapes_path,
)

NS = str(KGO_NS)
# A plain Namespace, not rdflib's warning DefinedNamespace (pytest probes module
# attributes during collection, which would make XSD warn).
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)


# --------------------------------------------------------------------------
# fixtures and helpers
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ont() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    graph.parse(shapes_path(), format="turtle")
    return graph


def kgo(name: str) -> URIRef:
    return URIRef(NS + name)


def local(term: object) -> str:
    text = str(term)
    assert text.startswith(NS), f"{text} is not a kgo: term"
    return text[len(NS) :]


def declared_terms(ont: Graph, rdf_type: URIRef) -> set[str]:
    return {local(s) for s in ont.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and str(s).startswith(NS)}


def class_names(ont: Graph, node: Any) -> frozenset[str]:
    """A domain/range node as kgo class local names, expanding owl:unionOf."""
    if isinstance(node, URIRef):
        return frozenset({local(node)})
    union = ont.value(node, OWL.unionOf)
    assert union is not None, f"class expression {node} is not a union"
    return frozenset(local(member) for member in Collection(ont, union))


def single(ont: Graph, subject: URIRef, predicate: URIRef) -> Any:
    values = list(ont.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


# --------------------------------------------------------------------------
# kg.ttl
# --------------------------------------------------------------------------


def test_files_are_found() -> None:
    directory = ontology_dir()
    assert ontology_path() == directory / "kg.ttl"
    assert shapes_path() == directory / "shapes.ttl"
    assert ontology_path().is_file()
    assert shapes_path().is_file()


def test_kg_ttl_parses_with_rdflib(ont: Graph) -> None:
    assert len(ont) > 100
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ont
    assert single(ont, ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")


def test_load_ontology_is_fresh_each_call() -> None:
    assert load_ontology() is not load_ontology()


def test_turtle_parses_with_pyoxigraph() -> None:
    for path in (ontology_path(), shapes_path()):
        triples = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
        assert triples, path


def test_declared_terms_equal_kgo_attributes(ont: Graph) -> None:
    declared: set[str] = set()
    for rdf_type in TERM_TYPES:
        declared |= declared_terms(ont, rdf_type)
    from_dir = {local(term) for term in dir(KGO)}
    from_annotations = set(get_annotations(KGO))
    assert from_dir == from_annotations
    assert declared - from_dir == set(), "declared in kg.ttl but missing from KGO"
    assert from_dir - declared == set(), "in KGO but not declared in kg.ttl"
    for name in from_dir:
        assert getattr(KGO, name) == URIRef(NS + name)


def test_every_kgo_iri_used_in_kg_ttl_is_declared(ont: Graph) -> None:
    used = {str(term) for triple in ont for term in triple if isinstance(term, URIRef) and str(term).startswith(NS)}
    assert {local(term) for term in used} <= set(get_annotations(KGO))


def test_classes(ont: Graph) -> None:
    classes = declared_terms(ont, OWL.Class)
    assert classes == set(ENTITY_CLASS_NAMES) | {"Article", "Evidence"}
    for name in classes:
        term = kgo(name)
        assert single(ont, term, RDFS.label).language == "en"
        assert single(ont, term, RDFS.comment).language == "en"
    assert (KGO.Evidence, RDFS.subClassOf, RDF.Statement) in ont
    assert (KGO.Evidence, RDFS.subClassOf, PROV.Entity) in ont
    assert (KGO.Article, RDFS.subClassOf, PROV.Entity) in ont


def test_entity_classes() -> None:
    assert len(ENTITY_CLASSES) == 6
    assert tuple(local(c) for c in ENTITY_CLASSES) == ENTITY_CLASS_NAMES


def test_every_property_has_domain_range_label_comment(ont: Graph) -> None:
    properties = declared_terms(ont, OWL.ObjectProperty) | declared_terms(ont, OWL.DatatypeProperty)
    assert len(properties) == 23
    for name in properties:
        term = kgo(name)
        assert single(ont, term, RDFS.label).language == "en", name
        assert single(ont, term, RDFS.comment).language == "en", name
        single(ont, term, RDFS.domain)
        single(ont, term, RDFS.range)


def test_datatype_property_ranges_are_xsd(ont: Graph) -> None:
    expected = {
        "holdsPosition": XSD.string,
        "signedOn": KGO.SigningDate,
        "evidenceText": XSD.string,
        "charStart": XSD.integer,
        "charEnd": XSD.integer,
        "confidence": XSD.decimal,
        "extractedBy": XSD.string,
        "contentHash": XSD.string,
        "text": XSD.string,
    }
    assert declared_terms(ont, OWL.DatatypeProperty) == set(expected)
    for name, datatype in expected.items():
        assert single(ont, kgo(name), RDFS.range) == datatype, name


def test_in_conflict_with_is_the_only_symmetric_property(ont: Graph) -> None:
    assert (KGO.inConflictWith, RDF.type, OWL.SymmetricProperty) in ont
    assert declared_terms(ont, OWL.SymmetricProperty) == set(SYMMETRIC)
    assert frozenset({"inConflictWith"}) == SYMMETRIC


def test_relations_agree_with_kg_ttl(ont: Graph) -> None:
    object_properties = declared_terms(ont, OWL.ObjectProperty)
    assert object_properties - {"mentions"} == set(RELATIONS)
    assert len(RELATIONS) == 13
    for name, (subjects, objects) in RELATIONS.items():
        assert class_names(ont, single(ont, kgo(name), RDFS.domain)) == subjects, name
        assert class_names(ont, single(ont, kgo(name), RDFS.range)) == objects, name
        assert (subjects | objects) <= set(ENTITY_CLASS_NAMES)


def test_attributes_agree_with_kg_ttl(ont: Graph) -> None:
    for name, (subjects, datatype) in ATTRIBUTES.items():
        assert class_names(ont, single(ont, kgo(name), RDFS.domain)) == subjects
        assert single(ont, kgo(name), RDFS.range) == datatype


def test_mentions_ranges_over_all_entities(ont: Graph) -> None:
    assert class_names(ont, single(ont, KGO.mentions, RDFS.domain)) == {"Article"}
    assert class_names(ont, single(ont, KGO.mentions, RDFS.range)) == set(ENTITY_CLASS_NAMES)


def test_check_relation() -> None:
    assert check_relation("partyTo", "State", "Agreement")
    assert check_relation("partyTo", "Organization", "Agreement")
    assert not check_relation("partyTo", "Person", "Agreement")
    assert not check_relation("partyTo", "State", "Mineral")
    assert check_relation("signs", "Person", "Agreement")
    assert check_relation("kgo:locatedIn", "Place", "Place")
    assert check_relation(str(KGO.inConflictWith), str(KGO.State), str(KGO.State))
    assert not check_relation("inConflictWith", "State", "Organization")
    assert not check_relation("sgins", "State", "Agreement")
    assert not check_relation("mentions", "Article", "State")


def test_closed_namespace() -> None:
    with pytest.raises(AttributeError):
        _ = KGO.sgins  # type: ignore[attr-defined]
    assert KGO.signs == URIRef("https://w3id.org/mineral-kg/ontology#signs")
    assert str(KGR) == "https://w3id.org/mineral-kg/id/"
    assert str(WD) == "http://www.wikidata.org/entity/"


# --------------------------------------------------------------------------
# shapes.ttl
# --------------------------------------------------------------------------


def test_shapes_parse_and_are_shacl_core(shapes: Graph) -> None:
    assert len(shapes) > 100
    assert not set(shapes.subjects(SH.sparql, None))
    assert not set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    for class_name in (*ENTITY_CLASS_NAMES, "Article", "Evidence"):
        assert set(shapes.subjects(SH.targetClass, kgo(class_name))), class_name
    for name in list(RELATIONS) + list(ATTRIBUTES) + ["mentions"]:
        assert set(shapes.subjects(SH.targetSubjectsOf, kgo(name))), name


E = Namespace(str(KGR))
BORIC = E["person/gabriel-boric"]
TAI = E["person/katherine-tai"]
US = E["state/united-states"]
CHILE = E["state/chile"]
RUSSIA = E["state/russia"]
CHINA = E["state/china"]
EU = E["organization/european-union"]
DEAL = E["agreement/chile-united-states-minerals-agreement"]
LITHIUM = E["mineral/lithium"]
ATACAMA = E["place/atacama"]
TEXT = (
    "The United States and Chile have signed an agreement on critical minerals, Trade Representative Katherine Tai said."
)
ARTICLE = E["article/" + hashlib.sha256(TEXT.encode()).hexdigest()[:16]]
EVIDENCE = E["evidence/0001"]


def conforming_graph() -> Graph:
    g = Graph()
    g.bind("kgo", KGO_NS)
    g.bind("kgr", KGR)
    entities = {
        BORIC: (KGO.Person, "Gabriel Boric"),
        TAI: (KGO.Person, "Katherine Tai"),
        US: (KGO.State, "United States"),
        CHILE: (KGO.State, "Chile"),
        RUSSIA: (KGO.State, "Russia"),
        CHINA: (KGO.State, "China"),
        EU: (KGO.Organization, "European Union"),
        DEAL: (KGO.Agreement, "Chile–United States minerals agreement"),
        LITHIUM: (KGO.Mineral, "lithium"),
        ATACAMA: (KGO.Place, "Atacama"),
    }
    for node, (cls, label) in entities.items():
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        g.add((ARTICLE, KGO.mentions, node))
    g.add((BORIC, SKOS.altLabel, Literal("Boric")))
    g.add((CHILE, OWL.sameAs, WD.Q212))
    relations = [
        (BORIC, KGO.represents, CHILE),
        (TAI, KGO.represents, US),
        (US, KGO.partyTo, DEAL),
        (CHILE, KGO.partyTo, DEAL),
        (DEAL, KGO.covers, LITHIUM),
        (ATACAMA, KGO.hasDeposit, LITHIUM),
        (CHILE, KGO.hasDeposit, LITHIUM),
        (ATACAMA, KGO.locatedIn, CHILE),
        (TAI, KGO.negotiates, DEAL),
        (US, KGO.proposes, DEAL),
        (US, KGO.signs, DEAL),
        (BORIC, KGO.rejects, DEAL),
        (CHINA, KGO.dominatesSupplyOf, LITHIUM),
        (CHILE, KGO.seeksMembershipIn, EU),
        (EU, KGO.providesAidTo, CHILE),
        (RUSSIA, KGO.inConflictWith, CHILE),
    ]
    for triple in relations:
        g.add(triple)
    g.add((TAI, KGO.holdsPosition, Literal("Treasury Secretary")))
    g.add((DEAL, KGO.signedOn, Literal("2023-06-01", datatype=XSD.date)))

    g.add((ARTICLE, RDF.type, KGO.Article))
    g.add((ARTICLE, DCTERMS.title, Literal("US and Chile sign lithium pact")))
    g.add((ARTICLE, DCTERMS.date, Literal("2023-06-01", datatype=XSD.date)))
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    g.add((ARTICLE, KGO.contentHash, Literal("sha256:" + digest)))
    g.add((ARTICLE, KGO.text, Literal(TEXT)))

    start = TEXT.index("The United States")
    end = TEXT.index(" on critical")
    g.add((EVIDENCE, RDF.type, RDF.Statement))
    g.add((EVIDENCE, RDF.type, KGO.Evidence))
    g.add((EVIDENCE, RDF.subject, US))
    g.add((EVIDENCE, RDF.predicate, KGO.signs))
    g.add((EVIDENCE, RDF.object, DEAL))
    g.add((EVIDENCE, PROV.wasDerivedFrom, ARTICLE))
    g.add((EVIDENCE, KGO.evidenceText, Literal(TEXT[start:end])))
    g.add((EVIDENCE, KGO.charStart, Literal(start)))
    g.add((EVIDENCE, KGO.charEnd, Literal(end)))
    g.add((EVIDENCE, KGO.confidence, Literal(Decimal("0.9"))))
    g.add((EVIDENCE, KGO.extractedBy, Literal("verb-pattern")))
    return g


def run_shacl(data: Graph, shapes: Graph, ont: Graph) -> tuple[bool, Graph, str]:
    conforms, results_graph, results_text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ont,
        inference="none",
        advanced=False,
    )
    return bool(conforms), results_graph, str(results_text)


def test_conforming_graph_passes(shapes: Graph, ont: Graph) -> None:
    data = conforming_graph()
    conforms, _, text = run_shacl(data, shapes, ont)
    assert conforms, text


def test_conforming_graph_offsets_index_the_text() -> None:
    data = conforming_graph()
    text = str(data.value(ARTICLE, KGO.text))
    start = int(str(data.value(EVIDENCE, KGO.charStart)))
    end = int(str(data.value(EVIDENCE, KGO.charEnd)))
    assert text[start:end] == str(data.value(EVIDENCE, KGO.evidenceText))


Mutation = Callable[[Graph], None]


def _party_to_mineral(g: Graph) -> None:
    g.add((US, KGO.partyTo, LITHIUM))


def _two_labels(g: Graph) -> None:
    g.add((LITHIUM, RDFS.label, Literal("Lithium")))


def _evidence_without_text(g: Graph) -> None:
    g.remove((EVIDENCE, KGO.evidenceText, None))


def _signed_on_plain_string(g: Graph) -> None:
    g.remove((DEAL, KGO.signedOn, None))
    g.add((DEAL, KGO.signedOn, Literal("30 April 2025")))


def _wrong_subject_class(g: Graph) -> None:
    g.add((LITHIUM, KGO.partyTo, DEAL))


def _represents_a_mineral(g: Graph) -> None:
    g.add((BORIC, KGO.represents, LITHIUM))


def _confidence_above_one(g: Graph) -> None:
    g.set((EVIDENCE, KGO.confidence, Literal(Decimal("1.5"))))


def _confidence_as_float(g: Graph) -> None:
    g.set((EVIDENCE, KGO.confidence, Literal(0.9)))  # xsd:double


def _start_after_end(g: Graph) -> None:
    g.set((EVIDENCE, KGO.charStart, Literal(500)))


def _negative_start(g: Graph) -> None:
    g.set((EVIDENCE, KGO.charStart, Literal(-1)))


def _evidence_from_non_article(g: Graph) -> None:
    g.set((EVIDENCE, PROV.wasDerivedFrom, US))


def _bad_content_hash(g: Graph) -> None:
    g.set((ARTICLE, KGO.contentHash, Literal("sha256:ABC")))


def _article_without_text(g: Graph) -> None:
    g.remove((ARTICLE, KGO.text, None))


def _entity_without_label(g: Graph) -> None:
    g.remove((CHINA, RDFS.label, None))


def _blank_node_entity(g: Graph) -> None:
    node = BNode()
    g.add((node, RDF.type, KGO.State))
    g.add((node, RDFS.label, Literal("Atlantis")))


def _mentions_an_article(g: Graph) -> None:
    g.add((ARTICLE, KGO.mentions, ARTICLE))


BROKEN: dict[str, tuple[Mutation, URIRef, URIRef | None]] = {
    "partyTo-object-is-mineral": (_party_to_mineral, US, KGO.partyTo),
    "entity-with-two-labels": (_two_labels, LITHIUM, RDFS.label),
    "evidence-without-text": (_evidence_without_text, EVIDENCE, KGO.evidenceText),
    "signedOn-plain-string": (_signed_on_plain_string, DEAL, KGO.signedOn),
    "partyTo-subject-is-mineral": (_wrong_subject_class, LITHIUM, None),
    "represents-a-mineral": (_represents_a_mineral, BORIC, KGO.represents),
    "confidence-above-one": (_confidence_above_one, EVIDENCE, KGO.confidence),
    "confidence-as-double": (_confidence_as_float, EVIDENCE, KGO.confidence),
    "charStart-after-charEnd": (_start_after_end, EVIDENCE, KGO.charStart),
    "negative-charStart": (_negative_start, EVIDENCE, KGO.charStart),
    "derived-from-non-article": (
        _evidence_from_non_article,
        EVIDENCE,
        PROV.wasDerivedFrom,
    ),
    "bad-content-hash": (_bad_content_hash, ARTICLE, KGO.contentHash),
    "article-without-text": (_article_without_text, ARTICLE, KGO.text),
    "entity-without-label": (_entity_without_label, CHINA, RDFS.label),
    "mentions-an-article": (_mentions_an_article, ARTICLE, KGO.mentions),
}


def _results(report: Graph) -> Iterator[tuple[Any, Any]]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        yield report.value(result, SH.focusNode), report.value(result, SH.resultPath)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_fails(case: str, shapes: Graph, ont: Graph) -> None:
    mutate, focus, path = BROKEN[case]
    data = conforming_graph()
    mutate(data)
    conforms, report, text = run_shacl(data, shapes, ont)
    assert not conforms, f"{case}: expected a violation"
    results = list(_results(report))
    assert focus in {f for f, _ in results}, text
    assert str(focus) in text
    if path is not None:
        assert (focus, path) in results, text


def test_blank_node_entity_fails(shapes: Graph, ont: Graph) -> None:
    data = conforming_graph()
    _blank_node_entity(data)
    conforms, report, text = run_shacl(data, shapes, ont)
    assert not conforms
    assert any(isinstance(f, BNode) for f, _ in _results(report)), text


def test_a_signing_date_is_a_day_a_month_or_a_year(ont: Graph) -> None:
    """kgo:signedOn keeps the precision the text gives: its range is a union of xsd:date, xsd:gYearMonth and xsd:gYear."""
    from rdflib.collection import Collection

    union = single(ont, KGO.SigningDate, OWL.equivalentClass)
    assert (KGO.SigningDate, RDF.type, RDFS.Datatype) in ont
    members = list(Collection(ont, single(ont, union, OWL.unionOf)))
    assert members == [XSD.date, XSD.gYearMonth, XSD.gYear]
