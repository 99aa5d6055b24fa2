"""Conventions browser and tool users expect of a SPARQL endpoint: CORS, preflights, a service description.

The browser test serves a page from another origin (its own little HTTP
server) and lets headless Debian Chromium ``fetch`` the endpoint, with CORS
on (answers arrive) and off (the browser refuses them). Chromium is never
downloaded: the test skips when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from kg.sparql.server import SparqlServer, make_server
from kg.sparql.server.description import SD
from kg.sparql.store import open_graph, store_graphs

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
LABEL_QUERY = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?s rdfs:label "India" }'
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    with make_server(SAMPLE, port=0, timeout=5, workers=2, max_rows=50, log=None).start() as running:
        yield running


@pytest.fixture(scope="module")
def private() -> Iterator[SparqlServer]:
    with make_server(SAMPLE, port=0, timeout=5, workers=1, cors=False, log=None).start() as running:
        yield running


def _call(url: str, method: str = "GET", headers: dict[str, str] | None = None, data: bytes | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --------------------------------------------------------------------------- CORS


def test_answers_and_errors_carry_cors_headers(server: SparqlServer) -> None:
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": LABEL_QUERY})
    status, headers, _ = _call(url, headers={"Origin": "http://example.org"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    everything = server.endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }", "truncate": "true"})
    status, headers, _ = _call(everything, headers={"Origin": "http://example.org"})
    assert headers["X-KG-Truncated"] == "50" and headers["Access-Control-Expose-Headers"] == "X-KG-Truncated"  # a page may read it
    status, headers, body = _call(server.endpoint + "?query=SELEC", headers={"Origin": "http://example.org"})
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*" and b"SPARQL syntax error" in body  # a page can read why


def test_a_preflight_allows_get_and_post_only(server: SparqlServer) -> None:
    preflight = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, accept"}
    status, headers, body = _call(server.endpoint, "OPTIONS", preflight)
    assert (status, body) == (204, b"")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST"
    assert headers["Access-Control-Allow-Headers"] == "content-type, accept"
    status, headers, _ = _call(server.endpoint, "OPTIONS", {**preflight, "Access-Control-Request-Method": "PUT"})
    assert status == 403 and "Access-Control-Allow-Methods" not in headers
    status, headers, _ = _call(server.endpoint, "OPTIONS")  # not a preflight: what the endpoint answers
    assert status == 204 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_no_cors_means_no_cors_headers(private: SparqlServer) -> None:
    url = private.endpoint + "?" + urllib.parse.urlencode({"query": LABEL_QUERY})
    status, headers, _ = _call(url, headers={"Origin": "http://example.org"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = _call(private.endpoint, "OPTIONS", {"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers


# --------------------------------------------------------------------------- service description


def test_the_endpoint_url_describes_the_service_in_turtle(server: SparqlServer) -> None:
    status, headers, body = _call(server.endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")  # validates as Turtle (rdflib)
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))  # and for Oxigraph's parser
    assert len(triples) == len(graph)
    service = rdflib.URIRef(server.endpoint)
    sd = rdflib.Namespace(SD)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.endpoint, service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    names = {str(name) for name in graph.objects(None, sd.name)}
    assert names == set(store_graphs(open_graph(SAMPLE))) and names
    description = str(next(graph.objects(service, rdflib.DCTERMS.description)))
    assert "read-only" in description and "50 rows" in description and "truncate=true" in description


def test_the_service_description_by_content_negotiation(server: SparqlServer) -> None:
    status, headers, body = _call(server.endpoint, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert list(ox.parse(body, format=ox.RdfFormat.JSON_LD))
    status, headers, _ = _call(server.endpoint)  # no Accept: Turtle
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    status, _, body = _call(server.endpoint, headers={"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    request = urllib.request.Request(server.endpoint, headers=browser)
    with urllib.request.urlopen(request, timeout=30) as response:  # followed: the query page
        assert response.url == server.url and b"<html" in response.read().lower()


def test_sparqlwrapper_reads_a_truncated_result_only_when_it_asks(server: SparqlServer) -> None:
    sparql_wrapper = pytest.importorskip("SPARQLWrapper")
    wrapper = sparql_wrapper.SPARQLWrapper(server.endpoint)
    wrapper.setQuery("SELECT * WHERE { ?s ?p ?o }")
    wrapper.setReturnFormat(sparql_wrapper.JSON)
    with pytest.raises(sparql_wrapper.SPARQLExceptions.QueryBadFormed, match="more than 50 rows"):
        wrapper.queryAndConvert()
    wrapper.addParameter("truncate", "true")
    assert len(wrapper.queryAndConvert()["results"]["bindings"]) == 50


# --------------------------------------------------------------------------- a page of another origin, in a browser

PAGE = """<!doctype html><html><body><script>
window.outcome = (async () => {
  const query = %s;
  const endpoint = %s;
  const out = {};
  try {
    const get = await fetch(endpoint + "?query=" + encodeURIComponent(query), {headers: {"Accept": "application/sparql-results+json"}});
    out.get = (await get.json()).results.bindings.length;
  } catch (error) { out.get = "refused: " + error; }
  try {  // application/sparql-query is not a simple content type: the browser sends a preflight first
    const post = await fetch(endpoint, {method: "POST", body: query,
      headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}});
    out.post = (await post.json()).results.bindings.length;
  } catch (error) { out.post = "refused: " + error; }
  return out;
})();
</script></body></html>"""


def _page_server(html: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://localhost:{httpd.server_address[1]}/"  # localhost: another origin than 127.0.0.1


@pytest.mark.browser
def test_a_page_of_another_origin_queries_the_endpoint_in_chromium(server: SparqlServer, private: SparqlServer) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    results = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            for name, target in (("cors", server), ("no-cors", private)):
                httpd, origin = _page_server(PAGE % (json.dumps(LABEL_QUERY), json.dumps(target.endpoint)))
                try:
                    page = browser.new_page()
                    page.goto(origin)
                    results[name] = page.evaluate("window.outcome")
                    page.close()
                finally:
                    httpd.shutdown()
        finally:
            browser.close()
    assert results["cors"] == {"get": 1, "post": 1}
    assert str(results["no-cors"]["get"]).startswith("refused") and str(results["no-cors"]["post"]).startswith("refused")
