"""Every export: parses strictly, says the same thing, conforms, and is reproducible byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import UnknownFormatError, exporters, get_exporter
from tests.conftest import ROOT, SEEDS

RDF_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.trig": "trig", "graph.jsonld": "json-ld"}


@pytest.fixture(scope="module")
def exported(seed_graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    seed_graph.export(folder)
    return folder


def _union(path: Path, fmt: str) -> Graph:
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_all_six_files_are_written(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        ["graph.ttl", "graph.nt", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html"]
    )


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("graph.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("graph.trig", pyoxigraph.RdfFormat.TRIG),
        ("graph.jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_strict_parser_accepts_every_rdf_export(exported, name, fmt):
    quads = list(pyoxigraph.parse(path=str(exported / name), format=fmt))
    assert len(quads) > 500


def test_rdf_exports_are_isomorphic(exported, seed_graph):
    reference = _union(exported / "graph.nt", "nt")
    assert len(reference) == len({(s, p, o) for s, p, o, _ in seed_graph.dataset.quads((None, None, None, None))})
    for name, fmt in RDF_FILES.items():
        assert isomorphic(reference, _union(exported / name, fmt)), name


def test_trig_has_a_named_graph_per_article(exported, seed_graph):
    dataset = Dataset()
    dataset.parse(exported / "graph.trig", format="trig")
    named = {
        str(g.identifier) for g in dataset.graphs() if len(g) and str(g.identifier).startswith("https://w3id.org/mineral-kg/id/article/")
    }
    assert len(named) == len(seed_graph.documents) == 5


def test_jsonld_context_is_inline(exported):
    text = (exported / "graph.jsonld").read_text(encoding="utf-8")
    assert '"@context": {' in text
    assert "http://schema.org" not in text and '.jsonld"' not in text


def test_graphml_has_entities_and_labelled_edges(exported, seed_graph):
    import networkx as nx

    network = nx.read_graphml(exported / "graph.graphml")
    assert network.number_of_nodes() == len(seed_graph.entities)
    labels = {data["label"] for _, _, data in network.edges(data=True)}
    assert {"signs", "covers", "represents"} <= labels


def test_shacl_conforms(seed_graph):
    from kg.graph.validate import validate

    report = validate(seed_graph.dataset)
    assert report.conforms, report.text


def test_evidence_offsets_index_the_stored_text(seed_graph):
    texts = {d.doc_id: d.text for d in seed_graph.documents}
    for assertion in seed_graph.assertions:
        evidence = assertion.evidence
        assert texts[evidence.doc_id][evidence.start : evidence.end] == evidence.text


def test_unknown_format_lists_the_known_ones():
    with pytest.raises(UnknownFormatError, match=r"Available names: .*turtle"):
        get_exporter("rdfxml")
    assert set(exporters()) == {"turtle", "ntriples", "trig", "jsonld", "graphml", "html"}


def test_committed_exports_equal_a_fresh_build(exported):
    committed = ROOT / "exports"
    for path in sorted(exported.iterdir()):
        assert (committed / path.name).read_bytes() == path.read_bytes(), f"exports/{path.name} is stale: run `kg build`"


def test_output_does_not_depend_on_hash_seed_or_input_order(exported, tmp_path):
    shuffled = tmp_path / "in"
    shuffled.mkdir()
    for i, path in enumerate(sorted(SEEDS.iterdir(), reverse=True)):
        (shuffled / f"{i}-renamed.txt").write_bytes(path.read_bytes())
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(shuffled), "-o", str(tmp_path / "out"), "-q"], check=True, env=env)
    for path in sorted(exported.iterdir()):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name
