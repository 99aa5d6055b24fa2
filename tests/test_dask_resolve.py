"""``kg build --engine dask`` end to end: resolution's per-article passes and the N-Triples on the workers, the same bytes as a local build.

The pieces (the tally merged range by range, the range-partitioned sort) are
checked in this process; the whole on a 2-worker LocalCluster of processes,
with ranges and partitions made small so that a small corpus crosses many
of them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.engine import dask_exports, dask_resolve, dask_sort
from kg.engine.dask_sort import (
    merge_parts,
    merge_range,
    ntriples_text,
    run_part,
    sample_run,
    sorted_run,
    splitters,
    start_offset,
    write_run,
)
from kg.read.inputs import documents_from_texts
from kg.types import Document
from tests.conftest import load_script

INVENTED = (
    "Kazakhstan and South Korea sign uranium supply deal\n\nAstana, 3 March 2025. Kazakh Energy Minister Almasadam Satkaliyev and "
    "South Korean Trade Minister Ahn Duk-geun signed a memorandum of understanding on uranium and rare earth supply on Monday.",
    "Chile's lithium talks with Japan continue\n\nSantiago. Chilean Mining Minister Aurora Williams met Japan's ambassador on "
    "Tuesday; Williams said the lithium agreement with Japan would be signed in June 2025.",
    "Canada and Germany: critical minerals partnership\n\nOttawa, 12 May 2024. Canada and Germany signed a critical minerals "
    "partnership covering nickel, cobalt and graphite. Prime Minister Justin Trudeau called it historic.",
)

#: People across keys: a typo one letter off with the same title ("Willians"), a lone surname that joins the one full name
#: that fits ("Williams"), and a lone surname that two full names fit, alone in two articles ("Smith", "Smith 2").
CROSS_KEY = (
    "Chile names a mining minister\n\nSantiago, 2 April 2025. Chile's Mining Minister Aurora Williams said on Tuesday that the national lithium strategy would go ahead.",
    "Lithium auction delayed in Chile\n\nSantiago, 9 April 2025. Mining Minister Aurora Willians told reporters on Wednesday that the lithium auction was delayed.",
    "Copper workers meet the minister\n\nAntofagasta, 11 April 2025. Williams met copper workers at the Escondida mine on Friday and promised new roads.",
    "Peru's new copper envoy\n\nLima, 3 May 2025. Peru appointed Tomas Smith as its copper envoy on Monday. Maria Smith, a geologist, welcomed the choice.",
    "Smith visits Arequipa\n\nArequipa, 6 May 2025. Smith visited the Cerro Verde copper mine on Thursday.",
    "Smith in Cusco\n\nCusco, 8 May 2025. Smith said on Saturday that copper exports to China would rise.",
)


@pytest.fixture(scope="module")
def corpus() -> tuple[Document, ...]:
    """The five seeds, three variants of them, and a few invented texts."""
    texts = list(load_script("bench_build").synthetic_articles(8))
    return tuple(documents_from_texts([*texts, *INVENTED]))


@pytest.fixture(scope="module")
def local_build(corpus, nlp, tmp_path_factory) -> Path:
    """The reference: a local ``kg build`` of the corpus into a folder."""
    from kg.engine.folder_build import build_folder

    folder = tmp_path_factory.mktemp("local")
    build_folder(folder, corpus)
    return folder


def _exports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.fixture
def small_pieces(monkeypatch):
    """Ranges of two articles and N-Triples ranges of about 20,000 characters: a small corpus crosses many of each."""
    monkeypatch.setattr(dask_resolve, "range_size", lambda articles, threads: 2)
    monkeypatch.setattr(dask_sort, "SAMPLE_CHARS", 2_000)
    monkeypatch.setattr(dask_sort, "PART_CHARS", 20_000)
    monkeypatch.setattr(dask_resolve, "DEFAULT_SLICE", 50)
    cuts: list[int] = []
    real = dask_sort.splitters
    monkeypatch.setattr(dask_sort, "splitters", lambda samples, part_chars=None: cuts.append(len(found := real(samples, part_chars))) or found)
    return cuts


def test_ranges_tallied_on_their_own_and_merged_in_order_settle_as_one_pass(corpus, nlp):
    """The tally of consecutive ranges, merged, is the tally of the whole: the same choices, to the guesses' order."""
    from kg.engine.pipeline import analyze_all
    from kg.lexicon.tables import load_lexicon
    from kg.resolve.corpus import tally_articles
    from kg.resolve.entity_table import entity_table
    from kg.resolve.facts import LinkedOffices

    analyses = sorted(analyze_all(corpus), key=lambda a: a.document.doc_id)
    rows = [(a.document.doc_id, a.entities, a.facts) for a in analyses]
    lexicon = load_lexicon()
    table = entity_table(((d, e) for d, e, _ in rows), lexicon)
    offices = LinkedOffices(table.linked, table.entities, lexicon)
    whole = tally_articles(rows, table, offices)
    for size in (1, 2, 5):
        merged = tally_articles(rows[:size], table, offices)
        for start in range(size, len(rows), size):
            merged.merge(tally_articles(rows[start : start + size], table, offices))
        assert merged._guesses == whole._guesses, size
        assert list(merged._stated) == list(whole._stated), size  # who holds an office first decides a head-of-state clash
        assert merged.settle() == whole.settle(), size
    assert whole._guesses, "the corpus must give guessed affiliations, or the order of guesses is not tested"


def test_range_partitioned_runs_concatenate_to_the_global_sort(tmp_path):
    """Runs cut at sampled splitters, each range merged: the concatenation is sorted(set(lines)), whatever the sample.

    In memory (``run_part``) and from run files read from a seek to the sample below each range (``read_part``).
    """
    rng = random.Random(7)
    alphabet = "ab<>\"\\ é\u2028\U0001f600z"
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    runs = [sorted_run(lines[i : i + 400] + lines[:50]) for i in range(0, len(lines), 400)]
    expected = "".join(f"{line}\n" for line in sorted(set(lines)))
    for every, part in ((50, 500), (1000, 4000), (10**9, 10**9)):
        cuts = splitters([sample_run(run, every) for run in runs], part)
        bounds = list(zip((None, *cuts), (*cuts, None), strict=True))
        assert len(bounds) > 5 if part == 500 else len(bounds) == 1 if part == 10**9 else True
        assert "".join("".join(ntriples_text(merge_parts(*(run_part(run, low, high) for run in runs)))) for low, high in bounds) == expected
        files = [write_run(run, tmp_path / f"run-{every}-{i}.txt", every) for i, run in enumerate(runs)]
        assert all(s.keys for s in files) or every == 10**9
        out = tmp_path / "part.txt"
        text = b""
        for low, high in bounds:
            merge_range([(f.path, start_offset(f, low)) for f in files], low, high, out)
            text += out.read_bytes()
        assert text.decode("utf-8") == expected


def test_turtle_ranges_end_between_subjects_and_join_into_the_local_turtle(tmp_path, monkeypatch):
    """Turtle's keys cut at subjects (a subject's triples are written together), each range rendered alone: the local body, byte for byte."""
    import pyoxigraph as ox

    from kg.engine.dask_sorted import SORTED
    from kg.export import rdf_stream

    monkeypatch.setattr(rdf_stream, "TURTLE_BATCH", 7)  # batches inside a range too
    rng = random.Random(3)
    ex = "https://example.org/"
    subjects = [ox.NamedNode(f"{ex}s{rng.randint(0, 60)}" + "x" * rng.choice((0, 170))) for _ in range(400)]
    triples = [
        ox.Triple(s, ox.NamedNode(f"{ex}p{rng.randint(0, 3)}"), ox.Literal("v\u2028" * rng.randint(0, 9) + str(i))) for i, s in enumerate(subjects)
    ]
    turtle = SORTED["turtle"]
    files = [write_run(turtle.lines(triples[i : i + 90]), tmp_path / f"run-{i}.txt", 300, turtle.cut) for i in range(0, len(triples), 90)]
    cuts = splitters(files, 2_000)
    assert len(cuts) > 5 and all("\x00" not in cut for cut in cuts)
    text = turtle.head().encode()
    lead = turtle.lead
    for number, (low, high) in enumerate(zip((None, *cuts), (*cuts, None), strict=True)):
        merge_range([(f.path, start_offset(f, low)) for f in files], low, high, tmp_path / f"part-{number}", turtle.render)
        part = (tmp_path / f"part-{number}").read_bytes()
        if part and lead:
            assert part.startswith(lead)
            part, lead = part[len(lead) :], b""
        text += part
    assert text.decode("utf-8") == "".join(rdf_stream.turtle_chunks([ox.Quad(t.subject, t.predicate, t.object) for t in triples]))


def test_dask_build_resolves_and_writes_the_four_rdf_exports_on_the_workers(corpus, local_build, small_pieces, tmp_path, monkeypatch):
    """Same bytes as a local build; the client made no article's assertions and no named graph (TriG's and JSON-LD's in ranges of three articles).

    The sorted exports' runs are files in the output folder's scratch area
    when their ranges are merged (not held by the workers, nor brought to the
    client), and the scratch area is gone once the build is done.
    """
    pytest.importorskip("distributed")
    from kg.engine.folder_build import SCRATCH_NAME, build_folder
    from kg.graph import stream
    from kg.resolve import corpus as resolve_corpus

    made_here: list[str] = []
    monkeypatch.setattr(resolve_corpus, "article_assertions", lambda *a: made_here.append("assertions") or [])
    monkeypatch.setattr(stream, "named_graph", lambda *a: made_here.append("graph") or ("", ()))
    monkeypatch.setattr(dask_exports, "TRIG_ARTICLES", 3)
    on_disk: dict[str, list[str]] = {}
    real_chunks = dask_sort.RangeSort.chunks

    def chunks(self, window=dask_sort.WINDOW):
        on_disk[self.name] = sorted(p.name for p in self.scratch.iterdir() if p.name.startswith(f"{self.name}-run-"))
        assert len(on_disk[self.name]) == len(self.samples) and all(Path(s.path).stat().st_size for s in self.samples[:1])
        yield from real_chunks(self, window)

    monkeypatch.setattr(dask_sort.RangeSort, "chunks", chunks)
    formats = ["trig", "ntriples", "turtle", "jsonld"]
    built = build_folder(tmp_path, [*reversed(corpus), corpus[0]], jobs=2, engine="dask", formats=formats, chunk_size=3)
    assert made_here == []
    assert len(small_pieces) == 2 and min(small_pieces) >= 5, "the N-Triples and the Turtle must be cut into several ranges"
    assert set(on_disk) == {"ntriples", "turtle"} and all(len(runs) > 5 for runs in on_disk.values())
    assert not (tmp_path / SCRATCH_NAME).exists()
    assert built.articles == len(corpus) and built.analysed == len(corpus)
    for name in ("graph.nt", "graph.trig", "graph.ttl", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (local_build / name).read_bytes(), name
    monkeypatch.undo()


def test_a_failed_cluster_build_leaves_no_scratch_area_and_the_next_one_clears_a_killed_ones(corpus, local_build, tmp_path, monkeypatch):
    """The run files go with the build that made them: removed on an error, and a killed build's left over are removed by the next build."""
    pytest.importorskip("distributed")
    from kg.engine import folder_build
    from kg.engine.folder_build import SCRATCH_NAME, build_folder

    def broken(self, window=dask_sort.WINDOW):
        assert any(self.scratch.iterdir())
        raise OSError("disk full, say")
        yield b""

    with monkeypatch.context() as patch:
        patch.setattr(dask_sort.RangeSort, "chunks", broken)
        with pytest.raises(OSError, match="disk full"):
            build_folder(tmp_path, corpus, jobs=2, engine="dask", formats=["ntriples"])
    assert not (tmp_path / SCRATCH_NAME).exists()
    (tmp_path / SCRATCH_NAME).mkdir()
    (tmp_path / SCRATCH_NAME / "ntriples-run-000000.txt").write_text("<a> <b> <c> .\n", encoding="utf-8")
    seen: list[bool] = []
    real = folder_build._staging
    monkeypatch.setattr(folder_build, "_staging", lambda folder: seen.append((folder / SCRATCH_NAME).exists()) or real(folder))
    build_folder(tmp_path, corpus, jobs=2, engine="dask", formats=["ntriples"])
    assert seen == [False], "a killed build's scratch area must be gone before the folder is judged (it is no sub-folder of the user's)"
    assert (tmp_path / "graph.nt").read_bytes() == (local_build / "graph.nt").read_bytes()
    assert not (tmp_path / SCRATCH_NAME).exists()


def test_dask_build_and_rebuild_write_the_same_bytes_as_local_builds(corpus, local_build, small_pieces, tmp_path):
    """Every export of a dask build equals the local build's; a rebuild after adding and removing articles equals a clean local build."""
    pytest.importorskip("distributed")
    from kg.engine.folder_build import build_folder

    first = build_folder(tmp_path / "dask", corpus, jobs=2, engine="dask")
    assert first.analysed == len(corpus)
    assert _exports(tmp_path / "dask") == _exports(local_build)
    changed = (*corpus[1:], *documents_from_texts(["Peru and Japan\n\nLima. Peru and Japan signed a copper agreement on Monday."]))
    again = build_folder(tmp_path / "dask", changed, jobs=2, engine="dask")
    assert again.analysed == 1
    build_folder(tmp_path / "clean", changed)
    assert _exports(tmp_path / "dask") == _exports(tmp_path / "clean")
    assert len(small_pieces) == 4  # N-Triples and Turtle, twice


def test_workers_that_cannot_see_the_store_leave_resolution_to_the_client(corpus, local_build, tmp_path, monkeypatch):
    """A cluster whose workers read another file at that path (no shared file system): resolved here, the same bytes."""
    pytest.importorskip("distributed")
    from kg.engine import spill
    from kg.engine.folder_build import build_folder

    monkeypatch.setattr(spill.AnalysisStore, "identity", lambda self: "not-the-workers-file")
    asked: list[bool] = []
    real = dask_resolve.workers_see
    monkeypatch.setattr(dask_resolve, "workers_see", lambda client, store: asked.append(real(client, store)) or asked[-1])
    build_folder(tmp_path, corpus, jobs=2, engine="dask", formats=["ntriples", "trig"])
    assert asked == [False]
    assert _exports(tmp_path) == {name: _exports(local_build)[name] for name in ("graph.nt", "graph.trig")}


def test_the_entity_table_is_made_on_the_workers_with_the_bytes_of_a_local_build(nlp, small_pieces, tmp_path, monkeypatch):
    """People merged across keys, lone names joined or minted twice: clustered in parts on the workers, every export the local build's.

    The client reads no local entity (the workers read the store) and keeps
    no kept entity's IRI: each range reads its own from the parts' files.
    """
    pytest.importorskip("distributed")
    from kg.engine import dask_table
    from kg.engine.folder_build import build_folder
    from kg.resolve import entity_table, partition

    documents = documents_from_texts([*CROSS_KEY, *INVENTED])
    build_folder(tmp_path / "local", documents)
    ntriples = (tmp_path / "local" / "graph.nt").read_text(encoding="utf-8")
    williams = "<https://w3id.org/mineral-kg/id/person/aurora-williams>"
    assert f'{williams} <http://www.w3.org/2004/02/skos/core#altLabel> "Aurora Willians"' in ntriples
    assert "/person/smith>" in ntriples and "/person/smith-2>" in ntriples
    gathered: list[str] = []
    monkeypatch.setattr(entity_table, "gather", lambda *a: gathered.append("gather"))
    monkeypatch.setattr(partition, "gather", lambda *a: gathered.append("gather"))
    loaded: list[int] = []
    real_load = dask_table.Members.load
    monkeypatch.setattr(dask_table.Members, "load", lambda self, first, last: loaded.append(1) or real_load(self, first, last))
    build_folder(tmp_path / "dask", documents, jobs=2, engine="dask")
    assert gathered == [] and loaded == [], "the first pass and the members' IRIs are the workers'"
    assert _exports(tmp_path / "dask") == _exports(tmp_path / "local")


@pytest.mark.parametrize(
    "module", ["kg.engine.dask_sort", "kg.engine.dask_resolve", "kg.engine.dask_sorted", "kg.export.rdf_stream", "kg.resolve.partition"]
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


class Tripwire:
    """A worker's result that records, in the process that unpickles it, that it was brought there."""

    def __reduce__(self):
        return (_tripped, ())


FETCHED: list[bool] = []


def _tripped() -> Tripwire:
    FETCHED.append(True)
    return Tripwire()


def _tripwire(index: int) -> tuple[int, Tripwire]:
    return index, Tripwire()


def test_ranges_are_waited_for_in_order_without_bringing_their_results_here():
    """A last pass's result holds its range's N-Triples run, which must stay on its worker until merged there."""
    pytest.importorskip("distributed")
    from kg.engine.distributed import connect

    FETCHED.clear()
    with connect(None, 1) as client:
        futures = list(dask_resolve._in_order(client, ((_tripwire, (i,)) for i in range(5)), 2))
        assert [f.status for f in futures] == ["finished"] * 5
        assert FETCHED == []
        index, _ = futures[3].result()
    assert index == 3 and FETCHED == [True]
