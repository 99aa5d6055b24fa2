"""Tests of kg.sparql.push against the real Oxigraph server binary (``pip install oxigraph``).

The server runs on a free loopback port with a temporary location and is
stopped in teardown; every wait is bounded. Tests that need the binary are
skipped only when it is not installed.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from kg.sparql.push import PushError, graph_store_url, push

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
EXPORTS = Path(__file__).parent.parent / "exports"  # the committed build of seeds/ (tests/test_exports.py keeps it fresh)
KGR = "https://w3id.org/mineral-kg/id/"


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """Base URL of a fresh Oxigraph server."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the oxigraph server did not start")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _select(base: str, query: str) -> list[list[str]]:
    url = base + "/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as response:
        lines = response.read().decode("utf-8").splitlines()
    return [line.split(",") for line in lines[1:]]


def test_push_sends_named_graphs_and_default_graph(oxigraph: str) -> None:
    sent: list[str] = []
    report = push(SAMPLE, oxigraph, progress=sent.append)
    assert report.endpoint == oxigraph + "/store"
    assert (report.graphs, report.triples, report.default_triples) == (2, 129, 42)
    assert len(sent) == 3
    counts = _select(oxigraph, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert counts == [[KGR + "article/a1", "56"], [KGR + "article/a2", "31"]]
    default = _select(oxigraph, 'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "India" }')
    assert default == [[KGR + "state/india"]]
    titles = _select(oxigraph, "SELECT ?t WHERE { GRAPH ?g { ?a <http://purl.org/dc/terms/title> ?t } } ORDER BY ?t")
    assert titles[0][0] == "Australia and India sign lithium pact"


def _dump(base: str) -> set[str]:
    """Every quad in the server's store, as N-Quads lines."""
    request = urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {line for line in response.read().decode("utf-8").splitlines() if line}


def _drop_all(base: str) -> None:
    request = urllib.request.Request(base + "/update", data=b"DROP ALL", method="POST", headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def test_pushing_the_jsonld_or_the_trig_export_leaves_the_same_store(oxigraph: str) -> None:
    """graph.jsonld once left the default graph empty: its corpus graph read as a blank-node graph, which push skips."""
    pushed = {}
    for name in ("graph.trig", "graph.jsonld"):
        report = push(EXPORTS / name, oxigraph)
        pushed[name] = (report, _dump(oxigraph))
        _drop_all(oxigraph)
        assert _dump(oxigraph) == set()
    (trig_report, trig), (jsonld_report, jsonld) = pushed["graph.trig"], pushed["graph.jsonld"]
    assert jsonld == trig and len(trig) == trig_report.triples > 1000
    assert jsonld_report == trig_report and (trig_report.graphs, trig_report.default_triples > 200) == (5, True)
    assert str(jsonld_report).count("\n") == 0 and str(jsonld_report).startswith(f"pushed {trig_report.triples:,} triples to {oxigraph}/store: 5 article graphs")


def test_push_twice_replaces_instead_of_duplicating(oxigraph: str) -> None:
    push(SAMPLE, oxigraph + "/store")
    push(SAMPLE, oxigraph, graph_store_path="/store")
    assert _select(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }") == [["129"]]


def test_push_an_rdflib_dataset(oxigraph: str) -> None:
    rdflib = pytest.importorskip("rdflib")
    dataset = rdflib.Dataset()
    article = rdflib.URIRef(KGR + "article/x")
    dataset.add((rdflib.URIRef(KGR + "state/india"), rdflib.RDFS.label, rdflib.Literal("India")))
    dataset.graph(article).add((article, rdflib.URIRef("http://purl.org/dc/terms/title"), rdflib.Literal("x")))
    report = push(dataset, oxigraph)
    assert (report.graphs, report.triples) == (1, 2)
    assert _select(oxigraph, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") == [[str(article)]]


def test_http_error_names_endpoint_and_status(oxigraph: str) -> None:
    with pytest.raises(PushError, match=r"/nowhere failed: HTTP 404"):
        push(SAMPLE, oxigraph + "/nowhere")


def test_unreachable_endpoint_and_bad_url() -> None:
    with pytest.raises(PushError, match=r"cannot reach http://127\.0\.0\.1:\d+/store"):
        push(SAMPLE, f"http://127.0.0.1:{_free_port()}", timeout=5)
    with pytest.raises(PushError, match="not an http"):
        push(SAMPLE, "ftp://example.org/store")
    assert graph_store_url("http://localhost:3030/kg/data") == "http://localhost:3030/kg/data"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every PUT with a redirect to ``target`` and counts requests."""

    hits: ClassVar[list[str]]
    target = ""

    def do_PUT(self) -> None:
        self.hits.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(307)
        self.send_header("Location", self.target + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_redirects_are_not_followed() -> None:
    class Elsewhere(_Recorder):
        hits: ClassVar[list[str]] = []

    class Redirecting(_Recorder):
        hits: ClassVar[list[str]] = []

    elsewhere = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)
    Redirecting.target = f"http://127.0.0.1:{elsewhere.server_address[1]}"
    redirecting = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (elsewhere, redirecting)]
    for thread in threads:
        thread.start()
    try:
        with pytest.raises(PushError, match="redirect"):
            push(SAMPLE, f"http://127.0.0.1:{redirecting.server_address[1]}/store", timeout=5)
        assert len(Redirecting.hits) == 1 and Elsewhere.hits == []
    finally:
        for server in (elsewhere, redirecting):
            server.shutdown()
            server.server_close()
