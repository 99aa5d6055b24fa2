"""The query workers' JSON written by Oxigraph itself is byte for byte kg's own JSON rendering.

Why: a worker lets the engine's Rust writer produce SPARQL JSON results (the
endpoint's default format) instead of building them in Python
(:func:`kg.sparql.server.worker._engine_json`). Clients must not see the
difference, so every body is compared with what :func:`kg.sparql.formats.format_result`
writes for the same result: awkward characters (every control character,
quotes, backslashes, line and paragraph separators, astral planes),
languages, datatypes, blank nodes, triple terms, unbound values, empty
results; and the row cap is kept exactly at, just past and far past its
limit, with and without ``truncate=true``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql.formats import format_result
from kg.sparql.run import evaluate, store_graphs
from kg.sparql.server import worker
from kg.sparql.server.outcomes import Job

XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = ox.NamedNode("http://example.org/g")
P = ox.NamedNode("http://example.org/p")
UNION = {"use_default_graph_as_union": True}


def _awkward_literals() -> list[ox.Literal]:
    """Every character below U+0300 inside a plain literal, and a few famous troublemakers."""
    odd = [chr(code) for code in range(0x300)] + ["\u2028", "\u2029", "\ufeff", "\U0001f600", "\ud7ff", "\ue000", "\ufffd", "\uffff"]
    literals = [ox.Literal(f"a{ch}b") for ch in odd]
    literals += [
        ox.Literal('quote " backslash \\ slash / tab \t', language="en-GB"),
        ox.Literal("x", datatype=ox.NamedNode(XSD + "string")),
    ]
    literals += [
        ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal(True),
        ox.Literal(1.5),
        ox.Literal("v", datatype=ox.NamedNode("http://e/dt")),
    ]
    return literals


@pytest.fixture(scope="module")
def store() -> ox.Store:
    graph = ox.Store()
    for index, literal in enumerate(_awkward_literals()):
        graph.add(ox.Quad(ox.NamedNode(f"http://example.org/s{index}"), P, literal, GRAPH))
    graph.add(ox.Quad(ox.BlankNode("b1"), P, ox.NamedNode("http://example.org/é%20x"), GRAPH))
    graph.add(ox.Quad(ox.BlankNode("b2"), P, ox.Triple(ox.NamedNode("http://e/a"), P, ox.Literal("c", language="fr")), GRAPH))
    return graph


def _reference(store: ox.Store, sparql: str, max_rows: int | None, fmt: str = "json") -> bytes:
    """What kg's Python renderer writes (the bytes the endpoint sent before the engine wrote them)."""
    return format_result(evaluate(store, sparql, UNION, max_rows), fmt).encode("utf-8")


def _answer(store: ox.Store, sparql: str, max_rows: int | None = None, truncate: bool = False) -> worker.Reply:
    return worker.answer(store, store_graphs(store), Job(sparql, ("json", "json", "turtle"), max_rows, truncate))


QUERIES = [
    "SELECT ?s ?o WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?s ?x ?o WHERE { ?s ?p ?o OPTIONAL { ?s <http://nope> ?x } }",
    "SELECT * WHERE { ?s <http://nope> ?o }",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 0",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?o (STRLEN(STR(?o)) AS ?n) (LANG(?o) AS ?l) (DATATYPE(?o) AS ?d) WHERE { ?s ?p ?o FILTER(!isTriple(?o)) }",
    "SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (UNDEF 2) (UNDEF UNDEF) } }",
    "SELECT (BNODE() AS ?b) WHERE {}",
]


@pytest.mark.parametrize("sparql", QUERIES)
def test_engine_json_is_kg_json(store: ox.Store, sparql: str) -> None:
    reply = _answer(store, sparql)
    assert reply.status == 200 and reply.fmt == "json"
    if "BNODE()" in sparql:  # a fresh blank node per evaluation: the same shape, a new label
        assert json.loads(reply.body)["results"]["bindings"][0]["b"]["type"] == "bnode"
        return
    assert reply.body == _reference(store, sparql, None)


def test_ask_and_graph_results_are_rendered_as_before(store: ox.Store) -> None:
    for sparql in ("ASK { ?s ?p ?o }", "ASK { ?s <http://nope> ?o }"):
        assert _answer(store, sparql).body == _reference(store, sparql, None)
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isTriple(?o)) } LIMIT 5"
    assert _answer(store, construct).body == _reference(store, construct, None, "turtle")


@given(text=st.text(max_size=12), language=st.sampled_from([None, "en", "de-CH"]))
@settings(max_examples=150, deadline=None)
def test_any_literal_text(text: str, language: str | None) -> None:
    graph = ox.Store()
    graph.add(ox.Quad(ox.NamedNode("http://e/s"), P, ox.Literal(text, language=language) if language else ox.Literal(text), GRAPH))
    sparql = "SELECT ?o WHERE { ?s ?p ?o }"
    assert _answer(graph, sparql).body == _reference(graph, sparql, None)


def test_directional_language_tags_keep_kg_rendering(store: ox.Store) -> None:
    """RDF 1.2 base directions: the engine writes ``its:dir``, kg's renderer does not; kg's bytes win."""
    sparql = 'SELECT (STRLANGDIR("a", "en", "ltr") AS ?x) WHERE {}'
    reply = _answer(store, sparql)
    assert reply.body == _reference(store, sparql, None) and b"its:dir" not in reply.body


@pytest.mark.parametrize("extra", [-1, 0, 1, 5000])
def test_row_cap_kept_exactly(extra: int) -> None:
    """At, just past and far past the cap, the answer is what the Python path gives: all rows, a refusal, or the first rows."""
    cap = 40
    graph = ox.Store()
    for index in range(cap + extra):
        graph.add(ox.Quad(ox.NamedNode(f"http://e/s{index}"), P, ox.Literal(str(index)), GRAPH))
    sparql = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    refused = _answer(graph, sparql, cap)
    cut = _answer(graph, sparql, cap, truncate=True)
    if extra <= 0:
        assert refused.status == 200 and refused.body == _reference(graph, sparql, cap) and not cut.truncated
    else:
        assert refused.status == 400 and f"more than {cap:,} rows" in refused.message
        assert cut.status == 200 and cut.truncated and cut.body == _reference(graph, sparql, cap)
        assert len(json.loads(cut.body)["results"]["bindings"]) == cap


def test_rows_of_empty_bindings_count_towards_the_cap() -> None:
    """The smallest rows (``{}``, all unbound) are what the size bound is built on."""
    sparql = "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF UNDEF } }"
    graph = ox.Store()
    assert _answer(graph, sparql, 4).body == _reference(graph, sparql, 4)
    assert _answer(graph, sparql, 3).status == 400
