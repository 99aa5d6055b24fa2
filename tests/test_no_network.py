"""kg never touches the network: build, query, export, view, validate and explain run offline.

An audit hook (``sys.addaudithook``) sees every socket connection, name
lookup and ``urllib`` request Python makes, including those deep inside
rdflib, pyshacl and spaCy. While a test holds the ``no_network`` fixture,
each such attempt is recorded and refused, so a failure costs no traffic.
Remote things a user's input may point at (a JSON-LD ``@context``, an
external DTD, links in an article's HTML, SPARQL ``SERVICE`` and ``FROM``)
must be refused or ignored, never fetched.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Dataset

from kg.graph.loading import RemoteAccessError, load_dataset
from kg.sparql.safety import RefusedQuery, check_query

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
    }
)


class _Guard:
    """Audit-hook state: hooks cannot be removed, so one hook is armed and disarmed."""

    installed = False
    armed = False
    attempts: list[tuple[str, Any]] = []  # noqa: RUF012 -- one process-wide record, reset per test

    @classmethod
    def hook(cls, event: str, args: Any) -> None:
        if cls.armed and event in NETWORK_EVENTS:
            cls.attempts.append((event, args))
            raise ConnectionRefusedError(f"network access during a no-network test: {event} {args!r:.200}")


@pytest.fixture
def no_network() -> Iterator[list[tuple[str, Any]]]:
    """Record and refuse every network attempt for the test's duration; yields the record."""
    if not _Guard.installed:
        sys.addaudithook(_Guard.hook)
        _Guard.installed = True
    _Guard.attempts.clear()
    _Guard.armed = True
    try:
        yield _Guard.attempts
    finally:
        _Guard.armed = False


ARTICLE_HTML = """<!doctype html><html><head>
<title>Chile and Japan sign lithium pact</title>
<link rel="stylesheet" href="http://example.org/style.css">
<script src="http://example.org/tracker.js"></script>
<meta property="og:image" content="http://example.org/cover.jpg">
</head><body><h1>Chile and Japan sign lithium pact</h1>
<img src="http://example.org/photo.jpg" alt="Lithium brine">
<p>Chile and Japan signed a lithium agreement on 4 June 2024, <a href="http://example.org/more">officials said</a>.</p>
<iframe src="http://example.org/embed"></iframe>
</body></html>"""


def test_build_export_query_view_validate_and_explain_stay_offline(tmp_path, nlp, no_network):
    import kg
    from kg.cli import main

    article = tmp_path / "article.html"
    article.write_text(ARTICLE_HTML, encoding="utf-8")
    graph = kg.build(article, texts=["Peru and Canada sign copper deal\nPeru and Canada signed a copper agreement in Lima.\n"])
    out = tmp_path / "out"
    written = graph.export(out)
    assert {p.name for p in written} >= {"graph.ttl", "graph.nt", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html"}
    assert len(list(graph.query("SELECT ?s WHERE { ?s a <https://w3id.org/mineral-kg/ontology#Agreement> }"))) == 2
    dataset = load_dataset(out)
    assert len(list(dataset.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5"))) == 5
    assert len(load_dataset(out / "graph.jsonld")) == len(load_dataset(out / "graph.nt"))
    assert main(["view", str(out), "-o", str(tmp_path / "view.html")]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["explain", "Chile", "-g", str(out)]) == 0
    assert no_network == []
    for page in (out / "graph.html", tmp_path / "view.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r"default-src (?:'|&#x27;)none", html), page
        assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html, re.I), page


def test_a_remote_jsonld_context_is_refused_not_fetched(tmp_path, no_network):
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "http://example.org/ctx.jsonld", "@id": "http://example.org/a", "name": "x"}', encoding="utf-8")
    with pytest.raises(RemoteAccessError, match=r"remote\.jsonld: JSON-LD @context refers to 'http://example\.org/ctx\.jsonld'"):
        load_dataset(path)
    assert no_network == []


def test_an_external_dtd_is_not_fetched(tmp_path, no_network):
    path = tmp_path / "dtd.rdf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "http://example.org/rdf.dtd">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>v</ex:p></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    assert len(load_dataset(path)) == 1
    assert no_network == []


REMOTE_QUERIES = {
    "service": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "silent service": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT ?endpoint { ?s ?p ?o } } }",
    "from": "SELECT * FROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }",
    "from named": "SELECT * FROM NAMED <http://example.org/graph.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "load": "LOAD <http://example.org/graph.ttl>",
}


@pytest.mark.parametrize("name", sorted(REMOTE_QUERIES))
def test_sparql_that_would_fetch_is_refused_by_the_gate(name, no_network):
    """rdflib fetches SERVICE endpoints and FROM graphs; with no store, ``graphs=()`` admits no FROM at all."""
    with pytest.raises(RefusedQuery):
        check_query(REMOTE_QUERIES[name], graphs=())
    check_query("SELECT * WHERE { GRAPH <https://w3id.org/mineral-kg/id/article/x> { ?s ?p ?o } }", graphs=())
    assert no_network == []


@pytest.mark.parametrize("name", ["service", "from"])
def test_knowledge_graph_query_never_follows_service_or_from(name, no_network):
    from kg.engine.knowledge_graph import KnowledgeGraph

    graph = KnowledgeGraph(Dataset(), (), (), ())
    try:
        with pytest.raises(RefusedQuery):
            graph.query(REMOTE_QUERIES[name])
    finally:
        assert no_network == []


def test_the_guard_itself_sees_a_connection(no_network):
    """The fixture is not vacuous: a real attempt is seen and refused before any packet."""
    import socket

    with pytest.raises(ConnectionRefusedError), socket.socket() as sock:
        sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed
    assert [event for event, _ in no_network] == ["socket.connect"]
    no_network.clear()
