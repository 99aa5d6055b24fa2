"""Every RDF export is the same dataset to every reader users have: rdflib, pyoxigraph, pyld, rapper and kg itself.

A dataset is compared as a set of canonical N-Quads (pyoxigraph's blank-node
canonicalization), default graph included: Turtle and N-Triples hold every
triple merged into the default graph, TriG and JSON-LD the build's graphs as
they are. pyld runs with a document loader that refuses every fetch, so a
test passes only if the file needs nothing from the network. rapper (Debian
``raptor2-utils``) is used when it is installed and skipped otherwise; it
reads no JSON-LD.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.export import exporters

XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
RAPPER_FORMATS = {"ttl": "turtle", "nt": "ntriples", "trig": "trig"}
#: Formats that keep the graphs apart; the others merge every graph into the default graph.
WITH_GRAPHS = {"trig", "jsonld"}
RDF_EXPORTS = sorted(name for name, e in exporters().items() if e.filename.rpartition(".")[2] in OX_FORMATS)
#: What each reader reads: pyld only JSON-LD, rapper everything but JSON-LD.
READS = {"rdflib": set(OX_FORMATS), "pyoxigraph": set(OX_FORMATS), "pyld": {"jsonld"}, "rapper": set(RAPPER_FORMATS), "kg": set(OX_FORMATS)}


def _canonical(quads: Iterable[ox.Quad]) -> set[str]:
    """Quads as N-Quads lines, blank nodes relabelled canonically (so two parsers' labels compare)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # stable within one pyoxigraph version: enough here
    return {str(quad) for quad in dataset}


def _merged(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]


# --------------------------------------------------------------------------- readers: file -> quads


def _read_pyoxigraph(path: Path, ext: str) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=OX_FORMATS[ext]))


def _rdflib_term(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term, written here rather than taken from kg (kg is what is tested)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, URIRef), term
    return ox.NamedNode(str(term))


def _read_rdflib(path: Path, ext: str) -> list[ox.Quad]:
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    dataset = Dataset()
    dataset.parse(path, format=RDFLIB_FORMATS[ext])
    return [
        ox.Quad(*(_rdflib_term(t) for t in (s, p, o)), ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else _rdflib_term(g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    ]


def _refuse_fetch(url: str, options: Any = None) -> Any:
    raise AssertionError(f"pyld tried to fetch {url}: the JSON-LD must be self-contained")


def _read_pyld(path: Path, ext: str) -> list[ox.Quad]:
    pyld = pytest.importorskip("pyld")
    document = json.loads(path.read_text(encoding="utf-8"))
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _refuse_fetch})
    return list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def _read_rapper(path: Path, ext: str) -> list[ox.Quad]:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper is not installed (apt-get install raptor2-utils)")
    done = subprocess.run([rapper, "-q", "-i", RAPPER_FORMATS[ext], "-o", "nquads", str(path)], capture_output=True, timeout=120, check=True)
    return list(ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS))


def _read_kg(path: Path, ext: str) -> list[ox.Quad]:
    """kg's own loader (``kg query -g``, ``kg push -g``): a store holds canonical literals, so this also checks they are."""
    from kg.sparql.store import open_graph

    return list(open_graph(path))


READERS: dict[str, Callable[[Path, str], list[ox.Quad]]] = {
    "rdflib": _read_rdflib,
    "pyoxigraph": _read_pyoxigraph,
    "pyld": _read_pyld,
    "rapper": _read_rapper,
    "kg": _read_kg,
}
#: (export name, reader) for every reader of every RDF export.
PAIRS = [(name, reader) for name in RDF_EXPORTS for reader in sorted(READERS) if exporters()[name].filename.rpartition(".")[2] in READS[reader]]


def _expected(quads: Iterable[ox.Quad], ext: str) -> set[str]:
    quads = list(quads)
    return _canonical(quads if ext in WITH_GRAPHS else _merged(quads))


# --------------------------------------------------------------------------- the seed build


@pytest.fixture(scope="module")
def exported(seed_graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    seed_graph.export(folder, RDF_EXPORTS)
    return folder


def test_every_rdf_export_is_tested():
    assert RDF_EXPORTS == ["jsonld", "ntriples", "trig", "turtle"]
    assert len(PAIRS) == 4 * 3 + 1 + 3  # rdflib, pyoxigraph and kg read all four; pyld one; rapper three


@pytest.mark.parametrize("name,reader", PAIRS)
def test_every_reader_reads_the_build_from_every_rdf_export(seed_graph, exported, name, reader):
    filename = exporters()[name].filename
    ext = filename.rpartition(".")[2]
    got = _canonical(READERS[reader](exported / filename, ext))
    want = _expected(seed_graph.quads, ext)
    assert len(want) > 1000
    assert got == want, f"{reader} reads {filename}: {len(got - want)} quads not built, {len(want - got)} built quads missing"


@pytest.mark.parametrize("reader", ["rdflib", "pyoxigraph", "pyld", "kg"])
def test_jsonld_default_graph_is_the_default_graph(seed_graph, exported, reader):
    """The issue as users met it: the corpus graph read back as a blank-node named graph, a sixth graph."""
    quads = READERS[reader](exported / "graph.jsonld", "jsonld")
    default = sum(1 for q in quads if isinstance(q.graph_name, ox.DefaultGraph))
    assert default == len(seed_graph.quads.default) > 200
    assert not any(isinstance(q.graph_name, ox.BlankNode) for q in quads)
    assert len({q.graph_name for q in quads} - {ox.DefaultGraph()}) == len(seed_graph.documents) == 5


# --------------------------------------------------------------------------- corner cases, built by hand (no model)

EX = "https://example.org/"
B1, GB = ox.BlankNode("b1"), ox.BlankNode("gb")


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def _lit(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype))


P, G = _n("p"), _n("graph")
D = ox.DefaultGraph()
#: Literals as kg writes them, canonical (a store or rdflib would respell "007"^^xsd:integer as "7").
CORNERS: dict[str, list[ox.Quad]] = {
    "graphs": [
        ox.Quad(_n("a"), P, B1, D),  # a blank node shared by the default graph and a named graph
        ox.Quad(B1, P, ox.Literal("x"), D),
        ox.Quad(G, P, ox.Literal("the graph's name is a subject of the default graph too"), D),
        ox.Quad(_n("a"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), _n("Thing"), D),
        ox.Quad(_n("a"), P, ox.Literal("chat", language="fr"), D),
        ox.Quad(_n("a"), P, _lit("12345678901234567890", "integer"), D),  # beyond a double's exact integers
        ox.Quad(_n("a"), P, _lit("42", "integer"), D),
        ox.Quad(_n("a"), P, _lit("true", "boolean"), D),
        ox.Quad(_n("a"), P, _lit("0.5", "decimal"), D),
        ox.Quad(_n("a"), P, _lit("1", "decimal"), D),
        ox.Quad(_n("a"), P, _lit("2025-04-30", "date"), D),
        ox.Quad(_n("a"), P, ox.Literal(""), D),
        ox.Quad(B1, P, ox.Literal("y"), G),
        ox.Quad(G, P, ox.Literal("and a subject of its own graph"), G),
    ],
    "blank graph name": [ox.Quad(_n("c"), P, B1, GB), ox.Quad(B1, P, ox.Literal("x"), D)],
    "default graph only": [ox.Quad(_n("a"), P, ox.Literal("x"), D)],
    "named graphs only": [ox.Quad(_n("a"), P, ox.Literal("x"), G), ox.Quad(_n("b"), P, _n("a"), _n("other"))],
    "empty": [],
}


@pytest.mark.parametrize("name,reader", PAIRS)
@pytest.mark.parametrize("case", sorted(CORNERS))
def test_corner_cases_read_back_the_same_everywhere(tmp_path, case, name, reader):
    exporter = exporters()[name]
    ext = exporter.filename.rpartition(".")[2]
    quads = CORNERS[case]
    if reader == "rapper" and ext == "trig" and case == "blank graph name":
        pytest.skip("raptor 2.0.15 predates TriG 1.1's blank-node graph labels (kg names every graph by IRI)")
    path = tmp_path / exporter.filename
    path.write_text(exporter.render(quads), encoding="utf-8")
    assert _canonical(READERS[reader](path, ext)) == _expected(quads, ext)


@pytest.mark.parametrize("reader", ["pyoxigraph", "pyld"])
def test_jsonld_keeps_literal_spellings_that_json_numbers_would_change(tmp_path, reader):
    """Only canonical integers below 2**53 become JSON numbers: "007" or "+5" as a number would read back "7", "5"."""
    from kg.export.rdf import to_jsonld

    quads = [ox.Quad(_n("a"), P, _lit(v, "integer"), D) for v in ("007", "+5", "-0", "12345678901234567890", "-42")]
    quads += [ox.Quad(_n("a"), P, _lit(v, "boolean"), D) for v in ("1", "0", "false")]
    path = tmp_path / "graph.jsonld"
    path.write_text(to_jsonld(quads), encoding="utf-8")
    (node,) = json.loads(path.read_text(encoding="utf-8"))["@graph"]
    assert {"@type": "xsd:integer", "@value": "007"} in node[EX + "p"] and -42 in node[EX + "p"] and False in node[EX + "p"]
    assert _canonical(READERS[reader](path, "jsonld")) == _canonical(quads)


def _store(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def test_jsonld_is_deterministic_and_sorted():
    """Same bytes whatever the input order; default-graph nodes by ``@id`` first, then the named graphs by name."""
    from kg.export.rdf import to_jsonld

    quads = CORNERS["graphs"] + CORNERS["blank graph name"]
    text = to_jsonld(quads)
    assert to_jsonld(list(reversed(quads))) == text
    lines = text.splitlines()
    assert lines[0].startswith('{"@context": {') and lines[0].endswith('"@graph": [') and lines[-1] == "]}"
    top = [(match.group(1), '"@graph": [' in line) for line in lines if (match := re.match(r' \{"@id": "([^"]*)"', line))]
    default = [node for node, is_graph in top if not is_graph]
    named = [node for node, is_graph in top if is_graph]
    assert top == [(node, False) for node in default] + [(node, True) for node in named]
    assert default == sorted(default) == ["_:b1", EX + "a", EX + "graph"]
    assert named == ["_:gb", EX + "graph"]


# --------------------------------------------------------------------------- canonical literals


#: XSD 1.1 canonical decimal: no sign on zero, no leading zeros, no trailing zeros, no point for a whole number.
CANONICAL_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")


def test_every_literal_of_the_build_survives_a_store_round_trip(seed_graph):
    """A store keeps values, not spellings: a literal that is not canonical ("0.50") comes back as another term."""
    quads = set(seed_graph.quads)
    decimals = [q.object.value for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype.value == XSD_DECIMAL]
    assert len(decimals) > 100
    assert [d for d in decimals if not CANONICAL_DECIMAL.fullmatch(d) or d == "-0"] == []
    assert set(_store(quads)) == quads


def test_decimals_are_spelled_as_oxigraph_spells_them():
    from kg.graph.quads import _decimal

    for value in (0.0, 0.05, 0.1, 0.5, 0.55, 0.85, 0.9, 0.999, 1.0, 10.0):
        spelled = _decimal(value)
        literal = _lit(spelled, "decimal")
        (quad,) = _store([ox.Quad(_n("a"), P, literal, D)])
        assert quad.object == literal, value
