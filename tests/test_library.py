"""The library as notebook users meet it: kg.open, one name lookup, query tables, networkx, export names."""

from __future__ import annotations

import datetime
import doctest
import importlib
import sys
from dataclasses import replace

import pytest

import kg
from kg.lookup import AmbiguousNameError, Candidate, rank_matches
from tests.conftest import ROOT

KGR = "https://w3id.org/mineral-kg/id/"


@pytest.fixture(scope="module")
def exported(seed_graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    seed_graph.export(folder)
    return folder


@pytest.fixture(scope="module")
def opened(exported):
    return kg.open(exported)


# --------------------------------------------------------------------------- kg.open


def test_open_reads_back_what_the_build_holds(seed_graph, opened):
    assert set(opened.entities) == set(seed_graph.entities)
    assert sorted(opened.assertions, key=repr) == sorted(seed_graph.assertions, key=repr)
    assert {replace(d, source="") for d in seed_graph.documents} == set(opened.documents)
    assert _canonical(opened.quads) == _canonical(seed_graph.quads)
    assert opened.summary() == seed_graph.summary() and opened.summary().startswith("5 articles, ")


def _canonical(quads) -> set:
    """Quads as a store holds them (a store writes "0.50"^^xsd:decimal as "0.5")."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(quads)
    return set(store)


def test_open_takes_a_folder_a_file_or_a_store_and_names_what_is_missing(exported, tmp_path):
    from kg.sparql.store import GraphLoadError

    by_file = kg.open(exported / "graph.ttl")  # Turtle flattens the article graphs, the entities stay
    assert len(by_file.entities) == 42
    with pytest.raises(GraphLoadError, match=r"nowhere: no such file or folder"):
        kg.open(tmp_path / "nowhere")


def test_an_opened_graph_exports_the_same_bytes(seed_graph, opened, exported, tmp_path):
    import pyoxigraph as ox

    opened.export(tmp_path, ["trig", "graphml", "html"])
    for name in ("graph.graphml", "graph.html"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name
    again, before = (_canonical(ox.parse(path=str(f / "graph.trig"), format=ox.RdfFormat.TRIG)) for f in (tmp_path, exported))
    assert again == before


# --------------------------------------------------------------------------- one lookup


@pytest.mark.parametrize(
    "name,label",
    [
        (f"{KGR}state/united-states", "United States"),  # an IRI
        ("kgr:state/united-states", "United States"),  # as kg query prints it
        ("<https://w3id.org/mineral-kg/id/state/ukraine>", "Ukraine"),
        ("united states", "United States"),  # the label, any case
        ("US", "United States"),  # an alias the articles use
        ("USA", "United States"),  # a name only kg's lexicon knows
        ("the United States of America", "United States"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),  # alias
        ("ZELÉNSKYY", "Volodymyr Zelenskyy"),  # case and accents
        ("Volodymyr Zelenskii", "Volodymyr Zelenskyy"),  # a transliteration of the full name
        ("Sybiha", "Andrii Sybiha"),  # a surname
        ("Kyiv", "Kyiv"),  # the Place's own name beats Ukraine's alias
        ("Washington", "Washington"),
        ("rare earths", "rare earth elements"),
    ],
)
def test_entity_takes_an_iri_a_label_or_an_alias(seed_graph, name, label):
    found = seed_graph.entity(name)
    assert found is not None and found.label == label, name


def test_entity_refuses_to_guess_and_find_ranks(seed_graph):
    with pytest.raises(AmbiguousNameError, match=r"'Andrii' names 2 entities \(part of a name\): Andrii Sybiha \(Person\)") as info:
        seed_graph.entity("Andrii")
    assert [m.candidate.label for m in info.value.matches] == ["Andrii Sybiha", "Andrii Yermak"]
    assert [e.label for e in seed_graph.find("andrii")] == ["Andrii Sybiha", "Andrii Yermak"]
    assert seed_graph.entity("Atlantis") is None and seed_graph.find("Atlantis") == []
    assert seed_graph.entity("") is None
    ranked = [e.label for e in seed_graph.find("Washington")]
    assert ranked[:2] == ["Washington", "United States"]  # the name first, then the entity it is an alias of


def test_ties_go_to_the_better_known_entity():
    names = [Candidate("a", "Person", "Lee Min", articles=1), Candidate("b", "Person", "Lee Jun", articles=7)]
    assert [m.candidate.iri for m in rank_matches("lee", names)] == ["b", "a"]


def test_the_library_and_kg_explain_find_the_same_entity(exported, seed_graph):
    from kg.graph.loading import load_dataset
    from kg.sparql.explain import explain, find_entities

    dataset = load_dataset(exported)
    for name in ("USA", "Widodo", "Sybiha", "zelenskiy", "andrii", "kgr:state/china"):
        assert [str(i) for i in find_entities(dataset, name)] == [e.iri for e in seed_graph.find(name)], name
    text = explain(dataset, "Andrii")
    assert text.startswith("'Andrii' names 2 entities (part of a name); each is explained below, best first.")
    assert "Andrii Sybiha  [Person]" in text and "Andrii Yermak  [Person]" in text


# --------------------------------------------------------------------------- query


PEOPLE = """
    PREFIX kgo: <https://w3id.org/mineral-kg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?name ?confidence ?date WHERE {
        ?e kgo:confidence ?confidence ; kgo:extractedBy ?rule ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
           <http://www.w3.org/ns/prov#wasDerivedFrom> ?a .
        ?s rdfs:label ?name . ?a <http://purl.org/dc/terms/date> ?date
    } ORDER BY DESC(?confidence) ?name LIMIT 3"""


def test_query_gives_python_values_and_a_dataframe(opened):
    table = opened.query(PEOPLE)
    assert table.columns == ("name", "confidence", "date")
    name, confidence, date = table[0]
    assert isinstance(name, str) and type(confidence) is float and isinstance(date, datetime.date)
    assert len(table) == 3 and list(table) == list(table.rows)
    frame = table.to_dataframe()
    assert list(frame.columns) == ["name", "confidence", "date"] and len(frame) == 3
    assert frame["confidence"].dtype == "float64"
    assert "(3 rows)" in repr(table) and "<table>" in table._repr_html_()


def test_ask_and_construct_are_tables_too(opened):
    ask = opened.query("ASK { ?s a <https://w3id.org/mineral-kg/ontology#Agreement> }")
    assert ask.boolean is True and ask.rows == ((True,),)
    graph = opened.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2")
    assert graph.columns == ("subject", "predicate", "object") and len(graph) == 2


def test_to_dataframe_says_how_to_get_pandas(opened, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"needs pandas, which is not installed: `pip install pandas`"):
        opened.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").to_dataframe()


def test_html_table_escapes_article_text():
    import pyoxigraph as ox

    from kg.engine.table import Table
    from kg.sparql.results import QueryResult

    table = Table.from_result(QueryResult.select(["t"], [(ox.Literal("<script>alert(1)</script>"),)]))
    assert "<script>" not in table._repr_html_() and "&lt;script&gt;" in table._repr_html_()


# --------------------------------------------------------------------------- networkx, export names, counts


def test_to_networkx_has_the_entities_and_facts(opened, seed_graph):
    network = opened.to_networkx()
    assert network.number_of_nodes() == len(seed_graph.entities)
    facts = {(a.subject, a.object, a.predicate) for a in seed_graph.assertions if not a.literal}
    assert {(s, o, d["label"]) for s, o, d in network.edges(data=True)} == facts


@pytest.mark.parametrize("name,file", [("ttl", "graph.ttl"), ("turtle", "graph.ttl"), (".NT", "graph.nt"), ("graph.jsonld", "graph.jsonld")])
def test_export_takes_the_format_name_or_the_file_extension(seed_graph, tmp_path, name, file):
    assert [p.name for p in seed_graph.export(tmp_path, [name])] == [file]


def test_counts_read_in_words():
    from kg.engine.knowledge_graph import count

    assert [count(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert count(1, "entity") == "1 entity" and count(3, "entity") == "3 entities"


# --------------------------------------------------------------------------- docs that run


@pytest.mark.parametrize(
    "module",
    [
        "kg.lookup",
        "kg.engine.table",
        "kg.engine.reader",
        "kg.engine.knowledge_graph",
        "kg.export",
        "kg.export.graphml",
        "kg.export.rdf",
        "kg.graph.quads",
        "kg.export.html.facts",
        "kg.export.html.model",
        "kg.export.html.nodes",
        "kg.export.html.layout",
        "kg.export.html.spiral",
        "kg.export.html.notebook",
        "kg.export.html.page",
        "kg.cli",
        "kg.sparql.push",
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_readme_notebook_example_runs(monkeypatch):
    """The README's "As a library" notebook example, against the committed exports/ (no build)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "kg.open(" in b)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "README.md", "exec"), {})  # the example asserts its own results


def test_world_knowledge_of_archipelagos_and_bare_body_names_is_lexicon_data():
    from kg.lexicon.tables import load_lexicon

    lexicon = load_lexicon()
    assert lexicon.get("indonesia").archipelago and not lexicon.get("chile").archipelago
    commission = lexicon.get("european-commission")
    assert commission.bare_name == "commission" and "european-union" in commission.bare_context
