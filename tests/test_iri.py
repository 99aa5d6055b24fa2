import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.iri import article_iri, entity_iri, evidence_iri, slugify


def test_examples():
    assert entity_iri("Person", "Volodymyr Zelenskyy").endswith("/person/volodymyr-zelenskyy")
    assert entity_iri("Agreement", "Australia–India minerals agreement").endswith("/agreement/australia-india-minerals-agreement")
    assert slugify("<script>alert(1)</script>") == "script-alert-1-script"


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["Person", "State", "Organization", "Mineral", "Agreement", "Place"]), name=st.text())
def test_every_minted_iri_is_valid(kind, name):
    iri = entity_iri(kind, name)
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI
    assert iri == entity_iri(kind, name)


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.text(), min_size=1, max_size=5))
def test_article_and_evidence_iris_are_valid(parts):
    pyoxigraph.NamedNode(evidence_iri(*parts))
    pyoxigraph.NamedNode(article_iri(parts[0]))
