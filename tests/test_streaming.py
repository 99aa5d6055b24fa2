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
    assert {"turtle", "ntriples", "trig", "jsonld"} <= set(streamed)
    for exporter in exporters().values():
        pieces = list(exporter.stream(seed_graph.quads))
        assert "".join(pieces) == exporter.render(seed_graph.quads), exporter.name
        if exporter.name in ("turtle", "ntriples", "trig"):
            assert len(pieces) > 2, exporter.name


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
