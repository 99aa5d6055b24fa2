"""Exports in pieces and graphs made an article at a time: the same bytes as the whole-string renderers.

Run sizes and batch sizes are made tiny here so the on-disk merge and the
batch joins are exercised on the seed graph, not only on a huge corpus.
"""

from __future__ import annotations

import pytest

from kg.export import exporters
from kg.export.sorting import sorted_distinct
from kg.files import write_atomic_chunks


@pytest.mark.parametrize("run_chars", [1, 7, 1000, None])
def test_sorted_distinct_equals_sorted_set(run_chars):
    import random

    rng = random.Random(run_chars)
    lines = [f"<s{rng.randint(0, 300)}> \"é{rng.randint(0, 50)}\u2028\"" for _ in range(2000)]
    assert list(sorted_distinct(lines, run_chars=run_chars)) == sorted(set(lines))


@pytest.mark.slow
def test_every_exporter_streams_the_bytes_it_renders(seed_graph, monkeypatch):
    import kg.export.rdf_stream as rdf_stream
    import kg.export.sorting as sorting

    monkeypatch.setattr(sorting, "RUN_CHARS", 20_000)  # several runs on disk, merged
    monkeypatch.setattr(rdf_stream, "TURTLE_BATCH", 7)  # many Turtle pieces joined
    monkeypatch.setattr(rdf_stream, "NTRIPLES_BATCH", 100)
    streamed = [e.name for e in exporters().values() if e.chunks is not None]
    assert {"turtle", "ntriples", "trig", "jsonld", "graphml", "html"} <= set(streamed)
    for exporter in exporters().values():
        pieces = list(exporter.stream(seed_graph.quads))
        assert "".join(pieces) == exporter.render(seed_graph.quads), exporter.name
        if exporter.name in ("turtle", "ntriples", "trig", "html"):
            assert len(pieces) > 2, exporter.name


@pytest.mark.slow
def test_trig_of_quads_read_once_is_the_whole_graph(seed_graph):
    """TriG's head (the default graph) and its named graphs come from one grouping of a source that can be read only once."""
    from kg.export import get_exporter

    trig = get_exporter("trig")
    assert "".join(trig.stream(iter(list(seed_graph.quads)))) == trig.render(seed_graph.quads)


@pytest.mark.slow
def test_streamed_named_graphs_equal_the_in_memory_ones(seed_graph):
    from kg.graph.stream import StreamedQuads

    documents = sorted(seed_graph.documents, key=lambda d: d.doc_id)
    streamed = StreamedQuads(lambda: documents, seed_graph.entities, seed_graph.assertions, _article_mentions(seed_graph))
    assert list(streamed.graphs()) == list(seed_graph.quads.graphs())
    assert len(streamed) == len(seed_graph.quads)


def _article_mentions(graph) -> dict[str, tuple[str, ...]]:
    """doc_id -> entity IRIs, read back from the in-memory graph's kgo:mentions triples."""
    from kg.ontology import KGO

    mentions = str(KGO["mentions"])
    result: dict[str, list[str]] = {}
    for name, triples in graph.quads.named:
        for triple in triples:
            if triple.predicate.value == mentions:
                result.setdefault(name.rsplit("/", 1)[-1], []).append(triple.object.value)
    return {k: tuple(v) for k, v in result.items()}


def test_a_failing_write_names_the_path_and_leaves_no_file(tmp_path):
    target = tmp_path / "graph.nt"

    def pieces():
        yield "half"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match=r"graph\.nt") as caught:
        write_atomic_chunks(target, pieces())
    assert caught.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def _awkward_graph():
    """Two states with every character GraphML escapes or splits lines at, an empty label, a fact between them."""
    from rdflib import Dataset, Literal
    from rdflib.namespace import RDF, RDFS

    from kg.ontology import KGO, KGR

    dataset = Dataset()
    dataset.add((KGR["state/x"], RDF.type, KGO.State))
    dataset.add((KGR["state/x"], RDFS.label, Literal("a\r\nb<&>\"'\t é\u2028\x85 z\r")))
    dataset.add((KGR["state/y"], RDF.type, KGO.State))
    dataset.add((KGR["state/y"], RDFS.label, Literal("")))
    dataset.add((KGR["state/x"], KGO.signs, KGR["state/y"]))
    return dataset


@pytest.mark.parametrize("batch", [1, 2048])
def test_streamed_graphml_is_what_networkx_writes(batch, monkeypatch):
    import networkx as nx
    from rdflib import Dataset

    import kg.export.graphml as graphml

    monkeypatch.setattr(graphml, "GRAPHML_BATCH", batch)
    for dataset in (_awkward_graph(), Dataset()):
        expected = "\n".join(nx.generate_graphml(graphml.to_networkx(dataset))) + "\n"
        pieces = list(graphml.graphml_chunks(dataset))
        assert "".join(pieces) == expected
    assert len(list(graphml.graphml_chunks(_awkward_graph()))) == (5 if batch == 1 else 2)  # the head, each node and edge alone, the end


def test_streamed_html_data_is_the_one_json_text():
    from kg.export.html import graph_to_view_data
    from kg.export.html.page import json_chunks, json_for_script

    data = graph_to_view_data(_awkward_graph())
    pieces = list(json_chunks(data))
    assert "".join(pieces) == json_for_script(data)
    assert len(pieces) > len(data["nodes"]) + len(data["edges"])
