"""Tests of kg.sparql.store, run, shipped, safety, results and formats: loading, querying, refusing, rendering."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.terms import to_oxigraph_quads
from kg.sparql.formats import FORMATS, GRAPH_FORMATS, UnknownFormat, format_result
from kg.sparql.results import QueryResult
from kg.sparql.run import QuerySyntaxError, QueryTimeout, run_query
from kg.sparql.safety import MAX_NESTING, RefusedQuery, check_query, inspect_query
from kg.sparql.shipped import UnknownQuery, get_query, list_queries
from kg.sparql.store import GraphLoadError, GraphStore, is_store_dir, open_graph

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
KGO = "https://w3id.org/mineral-kg/ontology#"
KGR = "https://w3id.org/mineral-kg/id/"
PREFIXES = f"PREFIX kgo: <{KGO}>\nPREFIX kgr: <{KGR}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SAMPLE_QUADS = 129  # 42 in the default graph, 56 in article a1, 31 in article a2


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_graph(SAMPLE)


def _export_folder(tmp_path: Path, *suffixes: str) -> Path:
    """A folder of exports like ``kg build`` writes, in the given syntaxes."""
    source = open_graph(SAMPLE)
    folder = tmp_path / "exports"
    folder.mkdir()
    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
    for suffix in suffixes:
        rdf_format = formats[suffix]
        if rdf_format.supports_datasets:
            data = source.dump(format=rdf_format) or b""
        else:  # a flat export: every triple, graph names dropped
            data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in source], format=rdf_format) or b""
        (folder / f"graph{suffix}").write_bytes(data)
    (folder / "graph.html").write_text("<html></html>")
    return folder


def _labels(store: ox.Store, label: str) -> list[str]:
    result = run_query(store, PREFIXES + f'SELECT ?s WHERE {{ ?s rdfs:label "{label}" }}')
    return sorted(row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode))


# --------------------------------------------------------------------------- open_graph


def test_open_graph_loads_sample_trig_with_named_graphs(store: ox.Store) -> None:
    assert len(store) == SAMPLE_QUADS
    assert sorted(g.value for g in store.named_graphs()) == [KGR + "article/a1", KGR + "article/a2"]


def test_default_graph_is_union_of_all_graphs(store: ox.Store) -> None:
    result = run_query(store, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(result.rows[0][0].value) == SAMPLE_QUADS  # type: ignore[union-attr]
    titles = run_query(store, "SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t }")
    assert len(titles) == 2  # the titles live in the article graphs


def test_open_graph_on_folder_prefers_trig_and_loads_one_file(tmp_path: Path) -> None:
    folder = _export_folder(tmp_path, ".trig", ".ttl", ".nt")
    store = open_graph(folder)
    assert len(store) == SAMPLE_QUADS  # exactly one file was loaded
    assert len(list(store.named_graphs())) == 2  # TriG, not the flattened Turtle


def test_open_graph_on_folder_falls_back_to_flat_exports(tmp_path: Path) -> None:
    store = open_graph(_export_folder(tmp_path, ".nt"))
    assert list(store.named_graphs()) == []
    assert _labels(store, "India") == [KGR + "state/india"]


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq"])
def test_label_lookup_matches_plain_literals(tmp_path: Path, suffix: str) -> None:
    folder = _export_folder(tmp_path, suffix)
    store = open_graph(folder / f"graph{suffix}")
    assert _labels(store, "India") == [KGR + "state/india"]
    assert _labels(store, "rare earth elements") == [KGR + "mineral/rare-earth-elements"]


def test_label_lookup_after_rdflib_conversion() -> None:
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph()
    ukraine = rdflib.URIRef(KGR + "state/ukraine")
    graph.add((ukraine, rdflib.RDFS.label, rdflib.Literal("Ukraine")))
    graph.add((ukraine, rdflib.URIRef(KGO + "holdsPosition"), rdflib.Literal("Kyiv", lang="en")))
    store = ox.Store()
    store.extend(to_oxigraph_quads(graph))
    assert _labels(store, "Ukraine") == [str(ukraine)]


def test_rdflib_dataset_keeps_named_graphs_and_default() -> None:
    rdflib = pytest.importorskip("rdflib")
    dataset = rdflib.Dataset()
    article = rdflib.URIRef(KGR + "article/x")
    dataset.add((rdflib.URIRef(KGR + "state/india"), rdflib.RDFS.label, rdflib.Literal("India")))
    dataset.graph(article).add((article, rdflib.URIRef(KGO + "contentHash"), rdflib.Literal("sha256:9")))
    quads = to_oxigraph_quads(dataset)
    graphs = {q.graph_name for q in quads}
    assert graphs == {ox.DefaultGraph(), ox.NamedNode(str(article))}


def test_open_graph_errors_name_the_file_and_reason(tmp_path: Path) -> None:
    with pytest.raises(GraphLoadError, match="no such file"):
        open_graph(tmp_path / "missing.trig")
    odd = tmp_path / "graph.xyz"
    odd.write_text("x")
    with pytest.raises(GraphLoadError, match=r"unknown RDF format '.xyz'.*\.trig"):
        open_graph(odd)
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix : <http://e/> .\n:a :b :c .\n:a :b "unterminated .\n')
    with pytest.raises(GraphLoadError, match=r"bad\.ttl.*line 3") as caught:
        open_graph(bad)
    assert caught.value.path == bad
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GraphLoadError, match="no RDF export found"):
        open_graph(empty)


def test_rdfxml_doctype_entity_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!-- harmless comment -->\n'
        f'<!DOCTYPE rdf:RDF [ <!ENTITY e0 "lol">{levels} ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>&e9;</e:p></rdf:Description></rdf:RDF>'
    )
    started = time.monotonic()
    with pytest.raises(GraphLoadError, match=r"ENTITY declaration .* refused"):
        open_graph(bomb)
    assert time.monotonic() - started < 5


def test_plain_rdfxml_loads(tmp_path: Path) -> None:
    file = tmp_path / "ok.owl"
    file.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        '<rdf:Description rdf:about="https://w3id.org/mineral-kg/id/state/india"><rdfs:label>India</rdfs:label>'
        "<rdfs:comment><![CDATA[<!DOCTYPE is only text here>]]></rdfs:comment></rdf:Description></rdf:RDF>"
    )
    assert _labels(open_graph(file), "India") == [KGR + "state/india"]


def test_absurdly_deep_jsonld_is_refused_not_a_crash(tmp_path: Path) -> None:
    depth = 100_000  # pyoxigraph's parser segfaults from about 5,000
    file = tmp_path / "deep.jsonld"
    file.write_text('{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * depth + '"x"' + "}" * depth + "}")
    with pytest.raises(GraphLoadError, match="nested more than"):
        open_graph(file)


def test_absurdly_deep_turtle_loads_without_crashing(tmp_path: Path) -> None:
    depth = 50_000
    file = tmp_path / "deep.ttl"
    file.write_text("@prefix : <http://e/> .\n:a :p " + "[ :p " * depth + ":b" + " ]" * depth + " .\n")
    assert len(open_graph(file)) == depth + 1


def test_jsonld_remote_context_is_not_fetched(tmp_path: Path) -> None:
    file = tmp_path / "remote.jsonld"
    file.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://e/a", "name": "x"}')
    with pytest.raises(GraphLoadError, match=r"@context refers to .*never fetches"):
        open_graph(file)


# --------------------------------------------------------------------------- GraphStore


def _article(iri: str, content_hash: str, label: str) -> list[ox.Triple]:
    node = ox.NamedNode(iri)
    return [
        ox.Triple(node, ox.NamedNode(KGO + "contentHash"), ox.Literal(content_hash)),
        ox.Triple(node, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(label)),
    ]


def test_graph_store_incremental_add_unchanged_replace(tmp_path: Path) -> None:
    a1, a2 = KGR + "article/a1", KGR + "article/a2"
    with GraphStore(tmp_path / "store") as graphs:
        assert graphs.add_article(a1, _article(a1, "sha256:1", "first")) == "added"
        assert graphs.add_article(a2, _article(a2, "sha256:2", "second")) == "added"
        assert graphs.add_article(a1, _article(a1, "sha256:1", "ignored: same hash")) == "unchanged"
        assert graphs.add_article(a2, _article(a2, "sha256:3", "second, revised")) == "replaced"
        assert graphs.add_article(a2, _article(a2, "sha256:3", "forced"), force=True) == "replaced"
        assert graphs.articles() == {a1: "sha256:1", a2: "sha256:3"}
        india = ox.NamedNode(KGR + "state/india")
        assert (
            graphs.replace_default([ox.Triple(india, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Indai"))]) == 1
        )
        assert (
            graphs.replace_default([ox.Triple(india, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("India"))]) == 1
        )
        assert len(graphs) == 5
        titles = run_query(graphs.store, "SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t } ORDER BY ?t")
        assert [row[0].value for row in titles.rows] == ["first", "forced"]  # type: ignore[union-attr]
        assert graphs.remove_article(a1) is True
        assert graphs.remove_article(a1) is False
    assert is_store_dir(tmp_path / "store")


def test_graph_store_folder_opens_read_only_with_open_graph(tmp_path: Path) -> None:
    a1 = KGR + "article/a1"
    graphs = GraphStore(tmp_path / "store")
    graphs.add_article(a1, _article(a1, "sha256:1", "first"))
    graphs.replace_default(to_oxigraph_quads(open_graph(SAMPLE).quads_for_pattern(None, None, None, ox.DefaultGraph())))
    graphs.close()
    del graphs
    store = open_graph(tmp_path / "store")
    assert _labels(store, "India") == [KGR + "state/india"]
    assert run_query(store, "ASK { GRAPH ?g { ?a <http://purl.org/dc/terms/title> 'first' } }").boolean is True


def test_graph_store_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(GraphLoadError, match="not an Oxigraph store"):
        GraphStore(tmp_path)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "FROM <http://example.org/remote.ttl>"),
        ("PREFIX ex: <http://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }", "not a graph of this store"),
        (f"SELECT * FROM <{KGR}article/unknown> WHERE {{ ?s ?p ?o }}", "not a graph of this store"),
        ("INSERT DATA { <http://e/a> <http://e/p> <http://e/o> }", "INSERT"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://e/g>", "DROP"),
        ("SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000, "nests brackets"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests brackets"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * 20_000) + " > 0) }", "operators"),
        ("SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 20_000) + " ?o }", "operators"),
    ],
)
def test_refused_queries(store: ox.Store, query: str, reason: str) -> None:
    with pytest.raises(RefusedQuery, match=reason):
        run_query(store, query)


def test_keywords_inside_strings_iris_comments_and_names_are_not_refused(store: ox.Store) -> None:
    query = (
        PREFIXES + "PREFIX load: <http://e/load#>\n"
        "# SERVICE <http://evil> { } INSERT DATA DELETE\n"
        "SELECT ?s ?insert WHERE {\n"
        '  ?s rdfs:label ?insert . FILTER(?insert != "SERVICE <http://x> { }" && ?insert != """DROP\n ALL""")\n'
        "  OPTIONAL { ?s <http://e/service/load> load:drop }\n"
        "} ORDER BY ?s LIMIT 3"
    )
    check_query(query)
    assert len(run_query(store, query)) == 3


def test_from_a_store_graph_is_allowed_and_restricts_the_dataset(store: ox.Store) -> None:
    query = PREFIXES + "SELECT (COUNT(*) AS ?n) FROM kgr:article\\/a2 WHERE { ?s ?p ?o }"
    assert inspect_query(query).default_graphs == (KGR + "article/a2",)
    assert run_query(store, query).rows[0][0].value == "31"  # type: ignore[union-attr]
    named = "SELECT DISTINCT ?g FROM NAMED <" + KGR + "article/a1> WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert [row[0].value for row in run_query(store, named).rows] == [KGR + "article/a1"]  # type: ignore[union-attr]


def test_nesting_under_the_limit_runs(store: ox.Store) -> None:
    depth = MAX_NESTING - 6
    query = "ASK " + "{ " * depth + "?s ?p ?o" + " }" * depth
    assert run_query(store, query).boolean is True


def test_long_pattern_chain_runs_on_the_big_stack() -> None:
    # 2,600 BINDs crash pyoxigraph on an 8 MiB main-thread stack; kg runs it on 256 MiB
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/a")))
    query = "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND({i} AS ?b{i})" for i in range(2600)) + " }"
    result = run_query(store, query)
    assert len(result.rows) == 1 and len(result.variables) == 2603


def test_syntax_error_is_a_query_syntax_error(store: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError, match="syntax error"):
        run_query(store, "SELEC ?s WHERE { ?s ?p ?o }")


def test_run_query_timeout_and_row_cap() -> None:
    store = ox.Store()
    values = " ".join(str(i) for i in range(1000))
    slow = f"SELECT * WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} FILTER(?a + ?b = ?c) }}"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"timed out after 0\.5 s"):
        run_query(store, slow, timeout=0.5)
    assert time.monotonic() - started < 3
    capped = run_query(store, f"SELECT ?a WHERE {{ VALUES ?a {{ {values} }} }}", max_rows=10)
    assert len(capped.rows) == 10 and capped.truncated
    assert not run_query(store, f"SELECT ?a WHERE {{ VALUES ?a {{ {values} }} }}", max_rows=1000).truncated


# --------------------------------------------------------------------------- rendering


def _select(store: ox.Store) -> QueryResult:
    return run_query(
        store,
        PREFIXES + "SELECT ?entity ?label ?date ?missing WHERE { ?entity rdfs:label ?label "
        "OPTIONAL { ?entity kgo:signedOn ?date } OPTIONAL { ?entity <http://e/none> ?missing } } ORDER BY ?entity",
    )


def _construct(store: ox.Store) -> QueryResult:
    return run_query(store, PREFIXES + "CONSTRUCT { ?s rdfs:label ?l ; kgo:note [ rdfs:label ?l ] } WHERE { ?s rdfs:label ?l }")


def test_select_renders_in_every_format_and_parses_back(store: ox.Store) -> None:
    result = _select(store)
    count = len(result.rows)
    assert count >= 8
    table = format_result(result, "table")
    assert "kgr:state/india" in table and "| India" in table and f"({count} rows)" in table
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert rows[0] == ["entity", "label", "date", "missing"] and len(rows) == count + 1
    assert [KGR + "state/india", "India", "", ""] in rows
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?entity\t?label\t?date\t?missing" and len(tsv) == count + 1
    assert f'<{KGR}agreement/australia-india-minerals-agreement>\t"Australia–India minerals agreement"\t' in "\n".join(tsv)
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["entity", "label", "date", "missing"]
    assert len(data["results"]["bindings"]) == count
    dates = [b["date"] for b in data["results"]["bindings"] if "date" in b]
    assert dates == [{"type": "literal", "value": "2024-03-11", "datatype": "http://www.w3.org/2001/XMLSchema#date"}]
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(format_result(result, "xml"))
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["entity", "label", "date", "missing"]
    assert len(root.findall("s:results/s:result", ns)) == count


def test_ask_renders_in_every_format(store: ox.Store) -> None:
    result = run_query(store, PREFIXES + 'ASK { ?s rdfs:label "India" }')
    assert format_result(result, "table") == "true"
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": True}
    root = ET.fromstring(format_result(result, "xml"))
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"  # type: ignore[union-attr]
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [["boolean"], ["true"]]
    assert format_result(result, "tsv") == "?boolean\ntrue\n"


def test_graph_results_render_and_parse_back(store: ox.Store) -> None:
    result = _construct(store)
    n = len(result.triples)
    assert n > 10
    for fmt, rdf_format in [
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("json", ox.RdfFormat.JSON_LD),
        ("xml", ox.RdfFormat.RDF_XML),
    ]:
        text = format_result(result, fmt)
        assert len(list(ox.parse(text.encode(), format=rdf_format))) == n, fmt
    assert "kgr:state\\/india rdfs:label" in format_result(result, "turtle").replace("\n\t", " ")
    assert len(list(csv.reader(io.StringIO(format_result(result, "csv"))))) == n + 1
    assert f"({n} triples)" in format_result(result, "table")


def test_rendering_is_deterministic_even_with_blank_nodes(store: ox.Store) -> None:
    for fmt in GRAPH_FORMATS:
        assert format_result(_construct(store), fmt) == format_result(_construct(store), fmt), fmt
    for fmt in FORMATS:
        assert format_result(_select(store), fmt) == format_result(_select(store), fmt), fmt


def test_awkward_literals_survive_every_format() -> None:
    awkward = ox.Literal('tab\tquote" <b>&amp; new\nline \x01 ünï')
    result = QueryResult.select(["x", "y"], [(awkward, ox.Literal("fr", language="fr")), (None, ox.BlankNode("b0"))])
    assert json.loads(format_result(result, "json"))["results"]["bindings"][0]["x"]["value"] == awkward.value
    assert json.loads(format_result(result, "json"))["results"]["bindings"][0]["y"]["xml:lang"] == "fr"
    ET.fromstring(format_result(result, "xml"))  # the control character must not break the XML
    assert list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))[1][0] == awkward.value
    assert len(format_result(result, "tsv").splitlines()) == 3
    assert len(format_result(result, "table").splitlines()) == 5


def test_unknown_or_mismatched_format_lists_known_names(store: ox.Store) -> None:
    with pytest.raises(UnknownFormat, match="available: table, csv, tsv, json, xml"):
        format_result(_select(store), "yaml")
    with pytest.raises(UnknownFormat, match="SELECT/ASK"):
        format_result(_select(store), "turtle")


# --------------------------------------------------------------------------- shipped queries


def test_every_shipped_query_is_described_and_runs(store: ox.Store) -> None:
    queries = list_queries()
    assert len(queries) >= 13
    answered = 0
    for name, (description, text) in queries.items():
        assert text.startswith("#") and len(description) > 15, name
        check_query(text)
        result = run_query(store, text)
        assert result.kind == "select", name
        answered += bool(result.rows)
    assert answered >= 10  # the sample has no rejections or membership bids


def test_shipped_query_answers_on_the_sample(store: ox.Store) -> None:
    rows = run_query(store, get_query("agreement-parties")).rows
    assert [(r[1].value, r[2].value) for r in rows] == [("Australia", "State"), ("India", "State")]  # type: ignore[union-attr]
    evidence = run_query(store, get_query("evidence.rq")).rows
    assert any(r[0].value == "Priya Raman" and "negotiated" in r[3].value for r in evidence)  # type: ignore[union-attr]


def test_unknown_query_lists_the_names() -> None:
    with pytest.raises(UnknownQuery, match=r"available: .*agreement-minerals"):
        get_query("no-such-query")


def test_graph_store_add_dataset_from_an_export(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as graphs:
        first = graphs.add_dataset(open_graph(SAMPLE))
        assert first == {"added": 2, "unchanged": 0, "replaced": 0, "removed": 0, "default": 42}
        again = graphs.add_dataset(open_graph(SAMPLE))
        assert again["unchanged"] == 2 and again["added"] == 0
        only_a1 = [q for q in open_graph(SAMPLE) if q.graph_name != ox.NamedNode(KGR + "article/a2")]
        assert graphs.add_dataset(only_a1, prune=True)["removed"] == 1
        assert list(graphs.articles()) == [KGR + "article/a1"]


def test_list_queries_values_unpack_and_have_names() -> None:
    shipped = list_queries()["evidence"]
    description, text = shipped
    assert shipped.description == description and shipped.text == text == get_query("evidence")


def test_codepoint_escaped_service_never_runs(store: ox.Store) -> None:
    # SPARQL allows \u escapes; if the engine ever decoded them outside strings,
    # this would become a SERVICE call that the lexical check did not see.
    with pytest.raises((QuerySyntaxError, RefusedQuery)):
        run_query(store, r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
