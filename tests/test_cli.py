"""The command line: thin over the library, clear errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kg {kg.__version__}"


def test_missing_input_is_an_error_without_traceback(tmp_path):
    result = run("build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "missing: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_folder_is_an_error(tmp_path):
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "no readable article" in result.stderr


def test_build_validate_and_explain(tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Chile and Japan sign lithium pact\nChile and Japan signed a lithium agreement on 4 June 2024.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(article), "-o", str(out), "-q"]) == 0
    assert (out / "graph.ttl").is_file() and (out / "graph.html").is_file()
    assert main(["validate", str(out)]) == 0
    result = run("explain", "Chile", "signs", "-g", str(out))
    assert result.returncode == 0, result.stderr
    assert "Chile --signs--> minerals agreement (Chile–Japan)" in result.stdout
    assert "Chile and Japan signed a lithium agreement on 4 June 2024." in result.stdout


def test_explain_unknown_entity(tmp_path, seed_graph):
    seed_graph.export(tmp_path, ["trig"])
    result = run("explain", "Atlantis", "-g", str(tmp_path))
    assert result.returncode == 1 and "no entity named 'Atlantis'" in result.stderr


def test_bad_graph_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1 and "bad.ttl: cannot parse as turtle" in result.stderr
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', encoding="utf-8")
    result = run("validate", str(bomb))
    assert result.returncode == 1 and "entity expansion" in result.stderr


def test_query_formats_and_shipped_queries(tmp_path, seed_graph):
    import json

    seed_graph.export(tmp_path, ["trig", "turtle"])
    listed = run("query", "--list")
    assert listed.returncode == 0 and "agreement-parties" in listed.stdout
    table = run("query", "agreement-parties", "-g", str(tmp_path))
    assert table.returncode == 0 and "United States" in table.stdout and "(2 rows)" in table.stdout
    query = "PREFIX kgo: <https://w3id.org/mineral-kg/ontology#> SELECT ?s WHERE { ?s kgo:signs ?d } ORDER BY ?s"
    result = run("query", query, "-g", str(tmp_path / "graph.ttl"), "-f", "json")
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["s"]["value"].rsplit("/", 1)[1] for b in bindings] == ["ukraine", "united-states"]
    refused = run("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "-g", str(tmp_path))
    assert refused.returncode == 1 and "SERVICE" in refused.stderr and "Traceback" not in refused.stderr
    unknown = run("query", "no-such-query", "-g", str(tmp_path))
    assert unknown.returncode == 1 and "agreement-parties" in unknown.stderr


def test_incremental_store_equals_a_full_build(tmp_path, seed_graph):
    import shutil

    import pyoxigraph as ox

    from tests.conftest import SEEDS

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(sorted(SEEDS.iterdir())):
        shutil.copy(path, (first if i < 3 else second) / path.name)
    store = tmp_path / "store"
    for batch in (first, second, second):
        result = run("build", str(batch), "-o", str(tmp_path / "out"), "--store", str(store), "--formats", "trig")
        assert result.returncode == 0, result.stderr
    assert "'added': 0, 'unchanged': 5" in result.stderr  # the same articles again change nothing
    full = tmp_path / "full"
    seed_graph.export(full, ["trig"])
    expected = ox.Store()
    expected.load(path=str(full / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert set(ox.Store(str(store))) == set(expected)
