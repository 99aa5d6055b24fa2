"""A small graph held in memory by the query processes (:mod:`kg.sparql.server.held`), a large one or a live folder not.

Why: the workers answer light queries much faster from Oxigraph's in-memory
storage than from the store folder, but each holds its own copy, and a store
folder served in place may change under them. What is pinned: the copy has
every quad with its blank-node labels; a server with a private copy of a
small graph has its workers (and its front) load it, and answers as from the
folder; a large graph and a store folder keep to the folder.
"""

from __future__ import annotations

import doctest
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sparql.run import store_graphs
from kg.sparql.server import held, make_server
from kg.sparql.server.held import open_served, write_copy
from kg.sparql.server.outcomes import Job
from kg.sparql.server.worker import answer
from kg.sparql.store import GraphStore, open_graph
from tests.conftest import sample_store

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
QUERIES = (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
)


def test_the_docstring_example_runs() -> None:
    result = doctest.testmod(held)
    assert result.attempted > 0 and result.failed == 0


def test_the_copy_holds_every_quad_with_its_blank_node_labels(tmp_path: Path) -> None:
    graph = open_graph(SAMPLE)
    graph.add(ox.Quad(ox.BlankNode("kept"), ox.NamedNode("http://example.org/p"), ox.BlankNode("too"), ox.NamedNode("http://example.org/g")))
    copy = write_copy(graph, tmp_path)
    assert copy is not None and copy.suffix == ".nq"
    assert sorted(map(str, open_served(copy))) == sorted(map(str, graph))
    assert len(open_served(sample_store(tmp_path / "store"))) == len(open_graph(SAMPLE))  # a folder opens read-only


def test_a_copy_answers_every_job_as_the_folder_does(tmp_path: Path) -> None:
    folder = ox.Store.read_only(str(sample_store(tmp_path / "store")))
    memory = open_served(write_copy(open_graph(SAMPLE), tmp_path) or "")
    for query in QUERIES:
        for formats in (("json", "json", "turtle"), ("xml", "xml", "ntriples"), ("csv", "csv", "json")):
            job = Job(query, formats)
            expected = answer(folder, store_graphs(folder), job)
            assert expected.status == 200, (query, formats, expected)
            assert answer(memory, store_graphs(memory), job) == expected, (query, formats)


def test_a_large_graph_is_not_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = open_graph(SAMPLE)
    monkeypatch.setattr(held, "MEMORY_QUADS", len(graph) - 1)
    assert write_copy(graph, tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def _ask(server: object, query: str) -> dict[str, object]:
    url = f"{server.endpoint}?{urllib.parse.urlencode({'query': query})}"  # type: ignore[attr-defined]
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}), timeout=30) as response:
        return json.load(response)  # type: ignore[no-any-return]


def test_a_server_of_a_small_graph_has_its_workers_hold_it_and_answers_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = []
    for limit in (held.MEMORY_QUADS, 0):  # held in memory, then from the folder
        monkeypatch.setattr(held, "MEMORY_QUADS", limit)
        with make_server(SAMPLE, port=0, workers=1, cache_mb=0, log=None).start() as server:
            served = server.app.pool.store_dir
            assert (served.suffix == ".nq") == (limit > 0), served
            assert server.app.local is not None and server.app.local.store_dir == served
            answers.append([_ask(server, query) for query in QUERIES[:3]])
    assert answers[0] == answers[1]


def test_a_store_folder_is_served_in_place_from_the_folder(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as graphs:
        graphs.replace_default(open_graph(SAMPLE))
    with make_server(tmp_path / "store", port=0, workers=1, cache_mb=0, log=None).start() as server:
        assert server.app.pool.store_dir == tmp_path / "store"  # it may change: never copied
        assert _ask(server, "ASK { ?s ?p ?o }")["boolean"] is True
