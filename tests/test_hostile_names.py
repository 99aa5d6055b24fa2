"""Hostile names survive every export: each RDF file parses strictly and says exactly what the graph says.

Names and evidence hold quotes, angle brackets, backslashes, newlines, tabs,
bidi and zero-width characters, emoji, Turtle and JSON-LD syntax. Two
sources: articles built by kg (ingest cleans what it must), and graphs
assembled by hand from hypothesis-generated text (nothing cleaned), which
is the exporters' own contract. Every Turtle, N-Triples, TriG and JSON-LD
output goes through pyoxigraph's strict parser and rdflib; both readings
must be the graph itself (same triple count, isomorphic).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import get_exporter
from kg.graph.quads import build_dataset, union_graph
from kg.iri import entity_iri, slugify, wikidata_iri
from kg.ontology import ENTITY_CLASS_NAMES, RELATIONS
from kg.types import Assertion, Document, Entity, Evidence

RDF_FORMATS = {
    "turtle": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    "ntriples": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    "trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    "jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld"),
}
HOSTILE_TEXTS = [
    'Lithium deal signed\nMinister of Mines Zoë "<script>" O\'Brien\u202e signed the lithium deal with Chile on 4 June 2024.\n',
    'Copper pact\nThe "Andes <Copper> & Co." company of Peru signed a copper agreement with Canada.\tIt was "final".\n',
    "Cobalt 🙂 talks\nPresident Félix Tshisekedi\u200b of the Democratic Republic of the Congo met Jean-Luc 🙂 Dupont to discuss cobalt.\n",
    "Nickel \"\"\" pact\nIndonesia and Japan signed a nickel agreement in Jakarta on 3 May 2024. '''Quoted''' \\ \"a\\\"b\" }}@id{{\n",
]
#: Pieces of text that break naive writers: quoting, escaping, markup, direction, invisibles.
HOSTILE_PIECES = [
    '"',
    "'",
    '"""',
    "'''",
    "<",
    ">",
    "&",
    "\\",
    "\\u0022",
    "\n",
    "\r",
    "\t",
    "\r\n",
    "\u202e",
    "\u200b",
    "\u200f",
    "\u2028",
    "🙂",
    "👩\u200d🔬",
    "}",
    "{",
    "@id",
    "@context",
    "_:b0",
    "^^",
    "@en",
    "#",
    "%20",
    "</script>",
    "<!--",
    "]]>",
    "\x00",
    "\x7f",
    "\x1b[31m",
    "\ufeff",
    "\ufffd",
    "Zoë",
    "O'Brien",
    " ",
]
#: Line breaks other than \n and \r: str.splitlines() splits at them, and kg/export/rdf.py's
#: _turtle_body uses it, so Turtle and TriG break a literal in two (see test_line_separators...).
SPLITLINES_ONLY = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: Never empty: rdflib's JSON-LD writer drops an empty literal beside another value (see test_empty_literal...).
hostile_text = (
    st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=4), min_size=1, max_size=8)
    .map("".join)
    .map(lambda text: text.translate(dict.fromkeys(map(ord, SPLITLINES_ONLY))) or "·")
)


def assert_round_trips(dataset: Dataset) -> None:
    """Every RDF export parses strictly and both parsers read back exactly the graph."""
    reference = union_graph(dataset)
    for name, (oxigraph_format, rdflib_format) in RDF_FORMATS.items():
        text = get_exporter(name).render(dataset)
        quads = list(pyoxigraph.parse(text.encode("utf-8"), format=oxigraph_format))
        strict = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads}
        assert len(strict) == len(reference), name
        as_ntriples = pyoxigraph.serialize(strict, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        assert isomorphic(Graph().parse(data=as_ntriples, format="nt"), reference), f"{name}: pyoxigraph reads another graph"
        parsed = Dataset()
        parsed.parse(data=text, format=rdflib_format)
        union = Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(union, reference), f"{name}: rdflib reads another graph"


def assert_html_is_contained(dataset: Dataset) -> None:
    """No text ends the page's scripts early: exactly kg's three script elements."""
    page = get_exporter("html").render(dataset)
    assert page.count("<script") == 3 and page.count("</script") == 3


def test_built_graph_with_hostile_names_round_trips(build_texts):
    graph = build_texts(*HOSTILE_TEXTS)
    evidence = {a.evidence.text for a in graph.assertions}
    assert any('"<script>"' in text for text in evidence) and any("<Copper> & Co." in text for text in evidence)
    assert "O'Brien" in {e.label for e in graph.entities}
    assert all("\u202e" not in text and "\u200b" not in text for text in evidence)
    assert_round_trips(graph.dataset)
    assert_html_is_contained(graph.dataset)
    page = get_exporter("html").render(graph.dataset)
    assert '"<script>"' not in page and "<Copper>" not in page
    network = ET.fromstring(get_exporter("graphml").render(graph.dataset))
    labels = {data.text for data in network.iter() if data.text and "'" in data.text}
    assert "O'Brien" in labels


@st.composite
def hostile_graphs(draw: st.DrawFn) -> Dataset:
    """A small graph in kg's shape whose every text is drawn from hostile pieces."""
    entities: dict[str, Entity] = {}
    for kind, label in draw(st.lists(st.tuples(st.sampled_from(ENTITY_CLASS_NAMES), hostile_text), min_size=2, max_size=5)):
        iri = entity_iri(kind, label)
        entities.setdefault(iri, Entity(iri=iri, kind=kind, label=label, aliases=tuple(draw(st.lists(hostile_text, max_size=2)))))
    text, title = draw(hostile_text), draw(hostile_text)
    document = Document(
        text=text,
        title=title,
        content_hash="sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        date=draw(st.none() | st.just("2024-06-04")),
    )
    iris = sorted(entities)
    assertions = []
    for _ in range(draw(st.integers(1, 4))):
        evidence = Evidence(
            document.doc_id,
            draw(st.integers(0, 50)),
            draw(st.integers(50, 99)),
            draw(hostile_text),
            draw(st.floats(0, 1)),
            draw(hostile_text),
        )
        if draw(st.booleans()):
            predicate = draw(st.sampled_from(sorted(RELATIONS)))
            assertions.append(Assertion(draw(st.sampled_from(iris)), predicate, draw(st.sampled_from(iris)), evidence))
        else:
            assertions.append(Assertion(draw(st.sampled_from(iris)), "holdsPosition", draw(hostile_text), evidence, literal=True))
    return build_dataset([document], list(entities.values()), assertions, {document.doc_id: tuple(iris)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset=hostile_graphs())
def test_generated_hostile_graphs_round_trip_through_every_rdf_export(dataset):
    assert_round_trips(dataset)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset=hostile_graphs())
def test_generated_hostile_graphs_stay_inside_the_html_scripts(dataset):
    assert_html_is_contained(dataset)


@pytest.mark.parametrize("separator", list(SPLITLINES_ONLY))
def test_line_separators_inside_literals_survive_turtle_and_trig(separator):
    entity = Entity(entity_iri("Person", "Zoë"), "Person", f"Zoë{separator}O'Brien")
    assert_round_trips(build_dataset([], [entity], [], {}))


def test_empty_literal_beside_another_value_survives_jsonld():
    entity = Entity(entity_iri("Person", "Zoë"), "Person", "Zoë", aliases=("", "Zoe"))
    assert_round_trips(build_dataset([], [entity], [], {}))


def test_graphml_of_control_characters_is_well_formed_xml():
    entity = Entity(entity_iri("Person", "a\x01b\ufffe"), "Person", "a\x01b\ufffe")
    ET.fromstring(get_exporter("graphml").render(build_dataset([], [entity], [], {})))


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(ENTITY_CLASS_NAMES), name=hostile_text | st.text(), tail=st.text(min_size=1, max_size=5))
def test_hostile_names_mint_valid_iris_that_truncation_never_merges(kind, name, tail):
    iri = entity_iri(kind, name)
    assert pyoxigraph.NamedNode(iri).value == iri == entity_iri(kind, name)
    long_name = "Ministry of Mines " * 6 + name
    if slugify(long_name + tail) != slugify(long_name):  # differ in a letter or digit, if only after 80 characters
        assert entity_iri(kind, long_name + tail) != entity_iri(kind, long_name)


def test_slugs_keep_latin_letters_and_wikidata_ids_are_checked():
    assert entity_iri("Place", "Łódź") == entity_iri("Place", "Lodz")
    assert entity_iri("Person", "Søren Østergaard").endswith("/person/soren-ostergaard")
    assert entity_iri("Organization", "A" * 100 + " 2") != entity_iri("Organization", "A" * 100)
    assert len(slugify("word " * 100)) <= 80
    assert pyoxigraph.NamedNode(entity_iri("Person", "\ud800\udfff")).value.startswith("https://w3id.org/mineral-kg/id/person/x-")
    assert wikidata_iri("Q212") == "http://www.wikidata.org/entity/Q212"
    for bad in ("Q212> <http://evil", "", "Q", "212", "Q0"):
        with pytest.raises(ValueError, match="not a Wikidata id"):
            wikidata_iri(bad)
