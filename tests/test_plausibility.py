"""`kg validate` plausibility warnings (issue 15 item 5), on graphs built by hand: no model.

Each check of ontology/plausibility.ttl fires on the case it names, quotes
the evidence, leaves the graph conforming, and stays silent on a graph
without the case.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Dataset, Literal, Namespace, URIRef

from kg.graph.validate import plausibility_path, validate

KGO = Namespace("https://w3id.org/mineral-kg/ontology#")
KGR = Namespace("https://w3id.org/mineral-kg/id/")
# plain namespaces: pytest probes module globals, and rdflib's closed ones warn on unknown names
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ARTICLE_A, ARTICLE_B = KGR["article/a"], KGR["article/b"]


def _entity(ds: Dataset, iri: URIRef, kind: str, label: str) -> URIRef:
    ds.add((iri, RDF.type, KGO[kind]))
    ds.add((iri, RDFS.label, Literal(label)))
    return iri


def _fact(ds: Dataset, s: URIRef, p: str, o: URIRef, article: URIRef, text: str) -> None:
    ds.add((s, KGO[p], o))
    graph = ds.graph(article)
    node = KGR[f"evidence/{p}-{s.split('/')[-1]}-{o.split('/')[-1]}-{article.split('/')[-1]}"]
    for triple in (
        (node, RDF.type, RDF.Statement),
        (node, RDF.type, KGO.Evidence),
        (node, RDF.subject, s),
        (node, RDF.predicate, KGO[p]),
        (node, RDF.object, o),
        (node, PROV.wasDerivedFrom, article),
        (node, KGO.evidenceText, Literal(text)),
        (node, KGO.charStart, Literal(0)),
        (node, KGO.charEnd, Literal(len(text))),
        (node, KGO.confidence, Literal("0.9", datatype=XSD.decimal)),
        (node, KGO.extractedBy, Literal("verb-pattern")),
    ):
        graph.add(triple)


def _dataset() -> tuple[Dataset, dict[str, URIRef]]:
    ds = Dataset()
    for article, date in ((ARTICLE_A, "2024-06-03"), (ARTICLE_B, "2025-01-05")):
        graph = ds.graph(article)
        graph.add((article, RDF.type, KGO.Article))
        graph.add((article, DCTERMS.title, Literal("a title")))
        graph.add((article, DCTERMS.date, Literal(date, datatype=XSD.date)))
        graph.add((article, KGO.contentHash, Literal("sha256:" + "0" * 64)))
        graph.add((article, KGO.text, Literal("the article text")))
    nodes = {
        "chile": _entity(ds, KGR["state/chile"], "State", "Chile"),
        "peru": _entity(ds, KGR["state/peru"], "State", "Peru"),
        "accord": _entity(ds, KGR["agreement/andes-lithium-accord"], "Agreement", "Andes Lithium Accord"),
        "ruiz": _entity(ds, KGR["person/ana-ruiz"], "Person", "Ana Ruiz"),
        "atacama": _entity(ds, KGR["place/atacama"], "Place", "Atacama"),
    }
    _fact(ds, nodes["chile"], "partyTo", nodes["accord"], ARTICLE_A, "Chile and Peru signed the Andes Lithium Accord.")
    _fact(ds, nodes["chile"], "signs", nodes["accord"], ARTICLE_A, "Chile and Peru signed the Andes Lithium Accord.")
    _fact(ds, nodes["ruiz"], "represents", nodes["chile"], ARTICLE_A, "Chilean Mining Minister Ana Ruiz spoke.")
    return ds, nodes


def test_a_clean_graph_conforms_without_warnings():
    ds, _ = _dataset()
    report = validate(ds)
    assert report.conforms and report.warnings == ()
    assert "Plausibility: no warnings" in report.text


def test_every_check_fires_with_its_evidence_and_the_graph_still_conforms():
    ds, n = _dataset()
    _fact(ds, n["chile"], "rejects", n["accord"], ARTICLE_B, "Chile later rejected the Andes Lithium Accord.")
    ds.add((n["accord"], KGO.signedOn, Literal("2024-05-02", datatype=XSD.date)))
    _fact(ds, n["peru"], "proposes", n["accord"], ARTICLE_B, "Peru proposed the Andes Lithium Accord.")
    _fact(ds, n["ruiz"], "represents", n["peru"], ARTICLE_B, "Peru's envoy Ana Ruiz arrived.")
    _fact(ds, n["atacama"], "partyTo", n["accord"], ARTICLE_B, "The Atacama joined the accord.")
    report = validate(ds)
    by_check = {w.check: w.message for w in report.warnings}
    assert set(by_check) == {"SignsAndRejectsShape", "SignedBeforeProposedShape", "RepresentsTwoStatesShape", "PlacePartyShape"}
    assert "Chile later rejected the Andes Lithium Accord." in by_check["SignsAndRejectsShape"]
    assert "Chile and Peru signed the Andes Lithium Accord." in by_check["SignsAndRejectsShape"]
    assert "2024-05-02" in by_check["SignedBeforeProposedShape"] and "2025-01-05" in by_check["SignedBeforeProposedShape"]
    assert "Chile" in by_check["RepresentsTwoStatesShape"] and "Peru" in by_check["RepresentsTwoStatesShape"]
    assert "Atacama" in by_check["PlacePartyShape"]
    assert "Plausibility warnings (4)" in report.text


def test_a_proposal_reported_before_the_signing_is_no_warning():
    ds, n = _dataset()
    ds.add((n["accord"], KGO.signedOn, Literal("2025-03", datatype=XSD.gYearMonth)))
    _fact(ds, n["peru"], "proposes", n["accord"], ARTICLE_B, "Peru proposed the Andes Lithium Accord.")
    report = validate(ds)
    assert report.conforms and report.warnings == ()  # a month-precision date is a valid signing date too


def test_the_checks_are_plain_shacl_users_can_run():
    from pyshacl import validate as shacl
    from rdflib import Graph

    ds, n = _dataset()
    _fact(ds, n["chile"], "rejects", n["accord"], ARTICLE_B, "Chile later rejected the Andes Lithium Accord.")
    merged = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    conforms, _, text = shacl(merged, shacl_graph=Graph().parse(plausibility_path(), format="turtle"), allow_warnings=True)
    assert conforms and "both signs and rejects" in text
