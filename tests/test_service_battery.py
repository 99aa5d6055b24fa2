"""No query reaches the network, however SERVICE is spelt: the library, the store, `kg query` and `kg serve`.

A listener on a loopback port stands in for a remote endpoint. Hypothesis
writes queries that try to call it: SERVICE in any case, with ``\\u``
escapes in the keyword or the IRI, a prefixed name, a BASE-relative IRI, a
variable bound by VALUES, comments and odd whitespace between tokens, and the
prologue that once hid a SERVICE from kg's lexical check
(``PREFIX ex: <http://x/\\u0041#>``). Whatever each layer answers — a
refusal, a syntax error — the listener must see no connection.

The last tests prove the operating-system layer on its own: with the lexical
check bypassed, a process locked by :func:`kg.sparql.sandbox.deny_network` still
cannot connect.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from kg.sparql.run import run_query
from kg.sparql.safety import QueryError
from kg.sparql.sandbox import NetworkRefused, no_network

SAMPLE = Path(__file__).parent / "data" / "sample.trig"


class Listener:
    """A TCP listener on loopback that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def settle(self) -> int:
        """The connection count after in-flight connects had time to land."""
        time.sleep(0.05)
        return self.connections

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


def _escape(text: str, which: list[int], wide: bool) -> str:
    """Write the characters at the positions ``which`` as \\u or \\U escapes."""
    out = []
    for i, char in enumerate(text):
        if i in which:
            out.append(f"\\U{ord(char):08X}" if wide else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


@st.composite
def service_queries(draw: st.DrawFn, port: int) -> str:
    """A query that, run by a naive engine, would call http://127.0.0.1:port/."""
    keyword = draw(st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]))
    if draw(st.booleans()):
        keyword = _escape(keyword, draw(st.lists(st.integers(0, 6), max_size=2)), draw(st.booleans()))
    if draw(st.booleans()):
        keyword += " SILENT"
    gap = draw(st.sampled_from([" ", "\t", "\n", "\r\n", " # a } comment {\n", "\n#\n"]))
    endpoint = f"http://127.0.0.1:{port}/sparql"
    prologue = draw(
        st.sampled_from(
            ["", "PREFIX ex: <http://x/\\u0041#> ", "PREFIX ex: <http://x/a\\U00000023b> ", "# SELECT {\n", "PREFIX : <http://x/> "]
        )
    )
    form = draw(st.sampled_from(["iri", "escaped-iri", "pname", "base", "variable"]))
    values = ""
    if form == "iri":
        target = f"<{endpoint}>"
    elif form == "escaped-iri":
        target = (
            "<" + _escape(endpoint, draw(st.lists(st.integers(0, len(endpoint) - 1), min_size=1, max_size=4)), draw(st.booleans())) + ">"
        )
    elif form == "pname":
        prologue += f"PREFIX ep: <http://127.0.0.1:{port}/> "
        target = "ep:sparql"
    elif form == "base":
        prologue = f"BASE <http://127.0.0.1:{port}/> " + prologue
        target = "<sparql>"
    else:
        target = "?endpoint"
        values = f"VALUES ?endpoint {{ <{endpoint}> }} "
    call = f"{keyword}{gap}{target}{gap}{{ ?s ?p ?o }}"
    where = draw(st.sampled_from(["{ %s }", "{ ?a ?b ?c OPTIONAL { %s } }", "{ { SELECT * WHERE { %s } } }"]))
    return f"{prologue}SELECT * WHERE {where % (values + call)}"


BATTERY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_the_listener_counts_a_real_connection(listener: Listener) -> None:
    """The battery is not vacuous: a connection to the port is seen."""
    before = listener.settle()
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert listener.settle() == before + 1


def test_an_unguarded_engine_would_call_the_listener(listener: Listener) -> None:
    """The threat is real: pyoxigraph itself follows SERVICE when nothing stops it."""
    before = listener.settle()
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"))
    assert listener.settle() == before + 1


@given(data=st.data())
@BATTERY
def test_the_store_never_connects(listener: Listener, data: st.DataObject) -> None:
    """kg's store path (what `kg query` and the server run), in this process: the lexical check alone."""
    query = data.draw(service_queries(listener.port))
    store = ox.Store()
    before = listener.settle()
    with pytest.raises(QueryError):
        run_query(store, query, timeout=10)
    assert listener.settle() == before, query


@given(data=st.data())
@BATTERY
def test_the_library_never_connects(listener: Listener, data: st.DataObject) -> None:
    """`KnowledgeGraph.query` (Oxigraph through `run_query`, as `kg query`; the query is checked as the engine will read it)."""
    from kg.engine.knowledge_graph import KnowledgeGraph

    query = data.draw(service_queries(listener.port))
    graph = KnowledgeGraph(Dataset(), (), (), ())  # type: ignore[arg-type]
    before = listener.settle()
    with pytest.raises(QueryError):
        graph.query(query)
    assert listener.settle() == before, query


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    from kg.sparql.server import make_server

    with make_server(SAMPLE, port=0, timeout=5, workers=1).start() as running:
        yield running


@given(data=st.data())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_server_never_connects(listener: Listener, server: object, data: st.DataObject) -> None:
    query = data.draw(service_queries(listener.port))
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(server.endpoint, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})  # type: ignore[attr-defined]
    before = listener.settle()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert listener.settle() == before, query


def test_kg_query_never_connects(listener: Listener) -> None:
    """`kg query` as a user runs it (a process of its own), for a few spellings."""
    queries = [
        f"PREFIX ex: <http://x/\\u0041#> SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/q> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVI\\u0043E <http://127.0.0.1:{listener.port}/q> {{ ?s ?p ?o }} }}",
        f"BASE <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ service#x\n<q> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        before = listener.settle()
        result = subprocess.run(
            [sys.executable, "-m", "kg.cli", "query", query, "-g", str(SAMPLE)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert listener.settle() == before, query


def test_no_network_refuses_python_connections_only_inside_the_block(listener: Listener) -> None:
    with no_network(), pytest.raises(NetworkRefused):
        socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()  # outside: untouched


def _locked_process(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a Python that starts a thread, then locks itself; ``early`` runs ``code``'s
    ``probe()`` on that thread, which existed before the lock."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import threading
        from kg.sparql.sandbox import deny_network
        go = threading.Event()
        early = threading.Thread(target=lambda: (go.wait(), probe("early thread")))
        early.start()
        assert deny_network()
        probe("main thread")
        go.set()
        early.join()
        """
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux-only")
def test_a_locked_process_cannot_connect_even_with_the_check_bypassed(listener: Listener) -> None:
    """The kernel layer on its own: pyoxigraph called directly, no lexical check, from a thread started before the lock too."""
    before = listener.settle()
    result = _locked_process(
        f"""
        import socket, pyoxigraph as ox
        def probe(where):
            try:
                list(ox.Store().query("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/q> {{ ?s ?p ?o }} }}"))
            except OSError as error:
                print(where, "engine refused:", error)
            try:
                socket.create_connection(("127.0.0.1", {listener.port}), timeout=2)
            except PermissionError as error:
                print(where, "python refused:", error)
            a, b = socket.socketpair()  # local pipes still work
            print(where, "pipes ok")
        """
    )
    assert result.returncode == 0, result.stderr
    for where in ("main thread", "early thread"):
        assert f"{where} engine refused:" in result.stdout
        assert f"{where} python refused: [Errno 13]" in result.stdout
        assert f"{where} pipes ok" in result.stdout
    assert listener.settle() == before


def test_an_escaped_iri_does_not_hide_deep_nesting_either() -> None:
    """The same comment trick once smuggled 200,000 nested braces past the nesting limit."""
    from kg.sparql.safety import RefusedQuery, check_query

    deep = "PREFIX ex: <http://x/\\u0041#> SELECT * WHERE " + "{" * 200_000 + " ?s ?p ?o " + "}" * 200_000
    with pytest.raises(RefusedQuery, match="nests brackets"):
        check_query(deep)
