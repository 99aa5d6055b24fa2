"""SPARQL syntax errors in plain words, the same from `kg query`, the library and the endpoint.

Each message says where (line and column, the line itself with a caret under
the place) and what is wrong in words: never Oxigraph's "expected
CONSTRUCT" for a typo in SELECT, never a wall of Unicode ranges.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sparql.errors import QuerySyntaxError
from kg.sparql.run import run_query
from kg.sparql.safety import check_query
from kg.sparql.server import SparqlServer, make_server
from kg.sparql.store import open_graph
from kg.sparql.syntax import describe_syntax_error

SAMPLE = Path(__file__).parent / "data" / "sample.trig"

#: query -> (line, column, words the message must contain)
CASES = {
    "SELEC ?s WHERE { ?s ?p ?o }": (1, 1, "not 'SELEC'; did you mean SELECT?"),
    "SELECT ?s WHERE { ?s kgo:signs ?o }": (1, 22, "the prefix kgo: is not declared; add PREFIX kgo: <https://w3id.org/mineral-kg/ontology#>"),
    "SELECT ?s WHERE { ?s ex:p ?o }": (1, 22, "the prefix ex: is not declared; declare it with PREFIX ex: <…>"),
    "SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?o ?q\n}": (3, 3, "the triple pattern '?o ?q' has 2 terms"),
    "SELECT ?s WHERE { ?s ?p ?o": (1, 17, "this '{' is never closed"),
    "ASK { ?s ?p ?o ) }": (1, 16, "')' does not close the '{' opened at line 1, column 5"),
    "PREFIX kgo <https://w3id.org/mineral-kg/ontology#> SELECT * {}": (1, 8, "PREFIX must be followed by a name ending in ':'"),
    "SELECT * WHERE { ?s ?p ?o } LIMIT x": (1, 35, "expected one of"),
    "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}": (4, None, "expected an expression"),
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_graph(SAMPLE)


def _message(store: ox.Store, query: str) -> str:
    with pytest.raises(QuerySyntaxError) as raised:
        run_query(store, query)
    return str(raised.value)


@pytest.mark.parametrize("query", list(CASES))
def test_the_library_says_where_and_what_in_words(store: ox.Store, query: str) -> None:
    line, column, words = CASES[query]
    message = _message(store, query)
    first, shown, caret = message.split("\n")
    assert first.startswith(f"SPARQL syntax error at line {line}, column ") and words in first, message
    if column is not None:
        assert first.startswith(f"SPARQL syntax error at line {line}, column {column}:")
        assert shown == "  " + query.split("\n")[line - 1] and caret.index("^") == column + 1, message
    assert "\\u{" not in message and "expected CONSTRUCT" not in message and "'A' ..= 'Z'" not in message


def test_kg_query_says_it_in_the_same_words(store: ox.Store) -> None:
    for query in ("SELEC ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { ?s kgo:signs ?o }"):
        result = subprocess.run([sys.executable, "-m", "kg.cli", "query", query, "-g", str(SAMPLE)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr == f"kg: error: {_message(store, query)}\n"


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    with make_server(SAMPLE, port=0, timeout=5, workers=1, log=None).start() as running:
        yield running


@pytest.mark.parametrize("query", list(CASES))
def test_the_endpoint_says_it_in_the_same_words(server: SparqlServer, store: ox.Store, query: str) -> None:
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": query})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 400
    assert refused.value.read().decode() == _message(store, query) + "\n"


def test_the_guard_names_certain_mistakes_but_leaves_prefixes_to_rdflib() -> None:
    """check_query (what KnowledgeGraph.query runs first) gives the same words; rdflib knows kg's prefixes."""
    with pytest.raises(QuerySyntaxError, match=r"did you mean SELECT\?"):
        check_query("SELEC ?s WHERE { ?s ?p ?o }")
    check_query("SELECT ?s WHERE { ?s kgo:signs ?o }")


def test_rdflib_positions_are_read_too() -> None:
    message = describe_syntax_error("SELECT ?s WHERE { ?s ?p ?o } ORDER ?s", "Expected end of text, found 'ORDER'  (at char 29), (line:1, col:30)")
    assert message.startswith("SPARQL syntax error at line 1, column 30:") and message.endswith("^")


def test_valid_queries_pass_the_syntax_check() -> None:
    for query in (
        "SELECT * WHERE { VALUES ?x { 1 2 } ?s ?p ?x }",
        "SELECT * WHERE { VALUES (?x ?y) { (1 2) } ?s ?p ?x . ?s a ?y }",
        'SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } ?s ?p "x"@en . ?s ?p "1"^^<http://x> }',
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ; ?q ?r , ?t . [] ?p ?o . ?s ^?p/?q ?o }",
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s a ?t } FILTER(?n > 1) } GROUP BY ?s",
    ):
        check_query(query)
