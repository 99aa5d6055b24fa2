"""Tests of kg.sparql.server: the SPARQL 1.1 Protocol endpoint, its limits and its page, and the protocol alone.

The server runs in a background thread of this process on a free loopback
port; its query workers are child processes. Every wait is bounded.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from kg.sparql.server import SparqlServer, make_server, negotiate
from kg.sparql.server.outcomes import Job, PoolBusy, QueueFull, Reply, WorkerCrashed, WorkerTimeout
from kg.sparql.server.protocol import Endpoint, Request
from kg.sparql.store import GraphStore, open_graph

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
TIMEOUT = 2.0
MAX_ROWS = 50
LABEL_QUERY = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?s rdfs:label "India" }'
RUNAWAY_VALUES = " ".join(str(i) for i in range(2000))
RUNAWAY = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {RUNAWAY_VALUES} }} VALUES ?b {{ {RUNAWAY_VALUES} }} VALUES ?c {{ {RUNAWAY_VALUES} }} }}"


class _Log(io.StringIO):
    """The access log: a string buffer the test can read while the server writes."""


@pytest.fixture(scope="module")
def log() -> _Log:
    return _Log()


@pytest.fixture(scope="module")
def server(log: _Log) -> Iterator[SparqlServer]:
    with make_server(SAMPLE, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2, log=log).start() as running:
        yield running


def _request(
    server: SparqlServer,
    path: str = "/sparql",
    *,
    params: dict[str, str] | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 30,
) -> tuple[int, Any, str]:
    url = server.url.rstrip("/") + path + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def _wrapper(server: SparqlServer, query: str, fmt: str, method: str = "GET") -> Any:
    sparql = SPARQLWrapper.SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setTimeout(30)
    return sparql


# --------------------------------------------------------------------------- protocol


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(server: SparqlServer, method: str) -> None:
    result = _wrapper(server, LABEL_QUERY, SPARQLWrapper.JSON, method).queryAndConvert()
    assert result["head"]["vars"] == ["s"]
    assert result["results"]["bindings"] == [{"s": {"type": "uri", "value": "https://w3id.org/mineral-kg/id/state/india"}}]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_xml(server: SparqlServer, method: str) -> None:
    document = _wrapper(server, LABEL_QUERY, SPARQLWrapper.XML, method).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == ["https://w3id.org/mineral-kg/id/state/india"]


@pytest.mark.parametrize(("method", "request_method"), [("GET", "urlencoded"), ("POST", "urlencoded"), ("POST", "postdirectly")])
def test_sparqlwrapper_csv(server: SparqlServer, method: str, request_method: str) -> None:
    sparql = _wrapper(server, LABEL_QUERY, SPARQLWrapper.CSV, method)
    sparql.setRequestMethod(request_method)
    rows = list(csv.reader(io.StringIO(sparql.queryAndConvert().decode("utf-8"))))
    assert rows == [["s"], ["https://w3id.org/mineral-kg/id/state/india"]]


def test_sparqlwrapper_ask(server: SparqlServer) -> None:
    assert _wrapper(server, "ASK { ?s ?p ?o }", SPARQLWrapper.JSON).queryAndConvert()["boolean"] is True


def test_construct_returns_turtle(server: SparqlServer) -> None:
    query = "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    status, headers, body = _request(server, params={"query": query})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(body.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 9
    turtle = _wrapper(server, query, SPARQLWrapper.TURTLE).queryAndConvert()
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == 9
    status, headers, body = _request(server, params={"query": query}, headers={"Accept": "application/n-triples"})
    assert headers["Content-Type"].startswith("application/n-triples") and len(body.splitlines()) == 9


def test_content_negotiation_by_accept_header(server: SparqlServer) -> None:
    status, headers, body = _request(server, params={"query": LABEL_QUERY}, headers={"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body == "?s\n<https://w3id.org/mineral-kg/id/state/india>\n"
    status, headers, _ = _request(server, params={"query": LABEL_QUERY})
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    status, _, body = _request(server, params={"query": LABEL_QUERY}, headers={"Accept": "image/png"})
    assert status == 406 and "application/sparql-results+json" in body


def test_negotiate_prefers_quality_then_order() -> None:
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml;q=0.9", None, "solutions") == "xml"
    assert negotiate("*/*", None, "graph") == "turtle"
    assert negotiate("application/sparql-results+json", "csv", "solutions") == "csv"
    assert negotiate(None, "json", "graph") == "json"


def test_a_result_over_the_cap_is_refused_in_words_unless_truncation_is_asked(server: SparqlServer) -> None:
    """A client that reads only the body never takes part of a result for the whole of it."""
    status, headers, body = _request(server, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert status == 400 and f"more than {MAX_ROWS:,} rows" in body and "truncate=true" in body
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed, match="more than 50 rows"):
        _wrapper(server, "SELECT * WHERE { ?s ?p ?o }", SPARQLWrapper.JSON).query()
    status, headers, body = _request(server, params={"query": "SELECT * WHERE { ?s ?p ?o }", "truncate": "true"})
    assert status == 200 and headers["X-KG-Truncated"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = _request(server, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS


# --------------------------------------------------------------------------- refusals


def test_updates_get_4xx(server: SparqlServer) -> None:
    update = "INSERT DATA { <http://e/a> <http://e/p> <http://e/o> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _, body = _request(server, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body
    status, _, body = _request(server, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    status, _, body = _request(server, params={"query": update})
    assert status == 400 and "INSERT" in body
    status, _, _ = _request(server, data=b"x", method="PUT", headers={"Content-Type": "text/turtle"})
    assert status == 405
    sparql = _wrapper(server, update, SPARQLWrapper.JSON, "POST")
    with pytest.raises(urllib.error.HTTPError, match=r"HTTP Error 403"):
        sparql.query()
    assert _wrapper(server, "ASK { ?s ?p <http://e/o> }", SPARQLWrapper.JSON).queryAndConvert()["boolean"] is False


def test_service_is_refused_with_400(server: SparqlServer) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = _request(server, params={"query": query})
    assert status == 400 and "SERVICE" in body
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed):
        _wrapper(server, query, SPARQLWrapper.JSON).query()


def test_deep_nesting_and_syntax_errors_are_400(server: SparqlServer) -> None:
    deep = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    status, _, body = _request(server, data=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "nests brackets" in body
    status, _, body = _request(server, params={"query": "SELEC ?s WHERE { ?s ?p ?o }"})
    assert status == 400 and "syntax error" in body


def test_dns_rebinding_host_is_refused(server: SparqlServer) -> None:
    status, _, _ = _request(server, params={"query": LABEL_QUERY}, headers={"Host": "evil.example:80"})
    assert status == 403


# --------------------------------------------------------------------------- timeout


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server: SparqlServer) -> None:
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = _request(server, params={"query": RUNAWAY})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, _ = _request(server, params={"query": LABEL_QUERY})  # answered while the runaway runs
    assert status == 200 and time.monotonic() - started < TIMEOUT
    thread.join(TIMEOUT + 20)
    assert not thread.is_alive()
    status, _, body = outcome["response"]
    assert status == 503 and f"timed out after {TIMEOUT:g} s" in body
    assert outcome["seconds"] < TIMEOUT + 5
    status, _, _ = _request(server, params={"query": LABEL_QUERY})
    assert status == 200
    pool = server.app.pool
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (len(pool._idle) < 2 or len(pool._all) != 2):
        time.sleep(0.1)
    assert len(pool._all) == 2 and all(worker.process.poll() is None for worker in pool._all)


# --------------------------------------------------------------------------- page and log


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in ("src", "href", "action", "data", "poster")]


def test_index_page_is_offline(server: SparqlServer) -> None:
    status, headers, html = _request(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    parser = _Links()
    parser.feed(html)
    assert parser.links and all(not urlsplit(link).scheme and not link.startswith("//") for link in parser.links)
    for path in [link for link in parser.links if link.startswith("/")]:
        status, _, text = _request(server, path)
        assert status == 200
        assert not re.search(r"(fetch|import|url)\s*\(\s*['\"]?(https?:)?//", text), path
        assert "@import" not in text
    status, _, queries = _request(server, "/queries.json")
    assert {"agreement-minerals", "evidence"} <= {q["name"] for q in json.loads(queries)}


def test_access_log_has_one_line_per_request(server: SparqlServer, log: _Log) -> None:
    before = -1
    deadline = time.monotonic() + 5
    while before != len(log.getvalue().splitlines()) and time.monotonic() < deadline:  # let earlier lines land
        before = len(log.getvalue().splitlines())
        time.sleep(0.2)
    _request(server, params={"query": LABEL_QUERY})
    _request(server, "/no-such-page")
    deadline = time.monotonic() + 5  # the line is written just after the response is sent
    while len(log.getvalue().splitlines()) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    lines = log.getvalue().splitlines()[before:]
    assert len(lines) == 2
    pattern = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 GET PATH \d+ [\d.]+ms$"
    assert re.match(pattern.replace("PATH", "/sparql 200"), lines[0]), lines[0]
    assert re.match(pattern.replace("PATH", "/no-such-page 404"), lines[1]), lines[1]


# --------------------------------------------------------------------------- other sources


def test_serves_a_graph_store_folder_and_a_live_store(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as graphs:
        graphs.replace_default(open_graph(SAMPLE))
    with make_server(tmp_path / "store", port=0, workers=1, log=None).start() as running:
        assert _wrapper(running, LABEL_QUERY, SPARQLWrapper.JSON).queryAndConvert()["results"]["bindings"]
    with make_server(lambda: open_graph(SAMPLE), port=0, workers=1, log=None).start() as running:
        assert _wrapper(running, LABEL_QUERY, SPARQLWrapper.JSON).queryAndConvert()["results"]["bindings"]
    assert (tmp_path / "store").is_dir()


# --------------------------------------------------------------------------- the page's own files and the protocol alone

PAGE = Path(__file__).resolve().parent.parent / "kg" / "sparql" / "server" / "page"


def test_the_query_page_script_is_valid_javascript() -> None:
    """app.js is a real file, checked by a JavaScript parser (Node.js, when the machine has it)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    result = subprocess.run([node, "--check", str(PAGE / "app.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_page_files_are_served_as_they_are(server: SparqlServer) -> None:
    for path, name, media in (
        ("/", "index.html", "text/html"),
        ("/app.js", "app.js", "text/javascript"),
        ("/app.css", "app.css", "text/css"),
    ):
        status, headers, body = _request(server, path)
        assert (status, headers["Content-Type"]) == (200, f"{media}; charset=utf-8")
        assert body == (PAGE / name).read_text(encoding="utf-8")


def _endpoint(outcome: Any) -> tuple[Endpoint, list[Job]]:
    """An endpoint and a runner that records jobs and answers from a script, for the protocol without workers."""
    jobs: list[Job] = []

    def run(job: Job) -> Reply:
        jobs.append(job)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    endpoint = Endpoint(frozenset({"https://w3id.org/mineral-kg/id/article/a1"}), 2.0, 10, loopback=True)
    endpoint.run = run  # type: ignore[attr-defined]
    return endpoint, jobs


def test_the_protocol_answers_without_http() -> None:
    endpoint, jobs = _endpoint(Reply(200, b"s\r\n", "select", "csv", True, 0))
    request = Request("GET", "/sparql", urllib.parse.urlencode({"query": LABEL_QUERY, "truncate": "true"}), (("accept", "text/csv"),))
    response = endpoint.handle(request, endpoint.run)  # type: ignore[attr-defined]
    assert (response.status, response.content_type, response.body) == (200, "text/csv; charset=utf-8", b"s\r\n")
    assert ("X-KG-Truncated", "10") in response.headers
    assert jobs == [Job(LABEL_QUERY, ("csv", "csv", "csv"), 10, True, None, None)]
    assert endpoint.handle(Request("GET", "/sparql", "query=ASK%20%7B%7D", (("Host", "evil.example"),)), endpoint.run).status == 403  # type: ignore[attr-defined]
    assert endpoint.handle(Request("PUT", "/sparql", "", (("Host", "evil.example"),)), endpoint.run).status == 405  # type: ignore[attr-defined]
    assert jobs[1:] == []


@pytest.mark.parametrize(
    ("outcome", "status", "words"),
    [
        (WorkerTimeout(), 503, "timed out after 2 s"),
        (PoolBusy("all 2 query workers stayed busy for 2 s; try again", retry_after=2), 503, "busy"),
        (QueueFull("256 requests already wait", retry_after=1), 503, "already wait"),
        (WorkerCrashed(), 500, "crashed"),
        (Reply.error(400, "bad"), 400, "bad"),
    ],
)
def test_the_protocol_turns_executor_outcomes_into_statuses(outcome: Any, status: int, words: str) -> None:
    endpoint, _ = _endpoint(outcome)
    response = endpoint.handle(Request("GET", "/sparql", "query=ASK%20%7B%7D"), endpoint.run)  # type: ignore[attr-defined]
    assert response.status == status and words in response.body.decode()
    if isinstance(outcome, PoolBusy):
        assert ("Retry-After", str(outcome.retry_after)) in response.headers


def test_the_body_is_wanted_only_after_the_checks_that_come_first() -> None:
    endpoint, _ = _endpoint(Reply(200, b"{}", "ask", "json", False, 1))
    assert endpoint.wants_body(Request("POST", "/sparql"))
    assert endpoint.wants_body(Request("POST", "/query", "format=csv"))
    assert not endpoint.wants_body(Request("GET", "/sparql", "query=ASK%20%7B%7D"))
    assert not endpoint.wants_body(Request("POST", "/"))  # 404 without reading a body
    assert not endpoint.wants_body(Request("POST", "/sparql", "", (("Host", "evil.example"),)))  # 403 first
    assert not endpoint.wants_body(Request("POST", "/sparql", "&".join(["a=1"] * 1001)))  # 400 first
    form = Request("POST", "/sparql", "", (("Content-Type", "application/x-www-form-urlencoded"),), b"query=ASK%20%7B%7D")
    assert endpoint.handle(form, endpoint.run).status == 200  # type: ignore[attr-defined]


def test_every_query_worker_is_locked_away_from_the_network(server: SparqlServer) -> None:
    """The kernel layer of issue 18 item 1 holds for the new workers too: seccomp on, no new privileges;
    the front, which must accept connections, is not locked."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("seccomp is Linux-only")
    pids = server.worker_pids
    assert len(pids) == 2
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        assert re.search(r"^Seccomp:\s+2$", status, re.M) and re.search(r"^NoNewPrivs:\s+1$", status, re.M), status
    assert re.search(r"^Seccomp:\s+0$", Path(f"/proc/{os.getpid()}/status").read_text(), re.M)
