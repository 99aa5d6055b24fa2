"""Scale without changing a byte: -j N, the Dask engine, streaming, and the benchmark's corpus.

Nothing here is timed: the benchmark (scripts/bench_build.py) is run by hand.
"""

from __future__ import annotations

import doctest
import gc
import importlib
import importlib.util
import pickle
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kg.read.inputs import documents_from_texts
from kg.types import Document
from tests.conftest import load_script

GENERATED = 3  # variants of the seeds on top of the five seeds themselves


def _bench() -> ModuleType:
    return load_script("bench_build")


@pytest.fixture(scope="module")
def corpus() -> tuple[Document, ...]:
    """The five seeds plus a few deterministic variants of them."""
    return tuple(documents_from_texts(list(_bench().synthetic_articles(5 + GENERATED))))


@pytest.fixture(scope="module")
def one_job(corpus, nlp, tmp_path_factory) -> Path:
    """Exports of the corpus built in this process: the reference bytes."""
    from kg.engine.pipeline import build_from_documents

    folder = tmp_path_factory.mktemp("one-job")
    build_from_documents(corpus, jobs=1).export(folder)
    return folder


def _assert_same_exports(expected: Path, actual: Path) -> None:
    names = sorted(p.name for p in expected.iterdir())
    assert names == sorted(p.name for p in actual.iterdir()) and len(names) == 6
    for name in names:
        assert (actual / name).read_bytes() == (expected / name).read_bytes(), name


def test_the_generated_corpus_is_distinct_and_deterministic():
    bench = _bench()
    texts = list(bench.synthetic_articles(40))
    assert len(set(texts)) == 40
    assert texts[:5] == bench.seed_texts()
    assert list(bench.synthetic_articles(40)) == texts
    assert all(len(t) > 1000 for t in texts)


def test_two_jobs_write_the_same_bytes_as_one(corpus, one_job, tmp_path):
    from kg.engine.pipeline import build_from_documents

    progress: list[int] = []
    build_from_documents(corpus, jobs=2, progress=progress.append, chunk_size=2).export(tmp_path)
    _assert_same_exports(one_job, tmp_path)
    assert sum(progress) == len(corpus) and max(progress) <= 2


def test_dask_writes_the_same_bytes_as_a_local_build(corpus, one_job, tmp_path):
    pytest.importorskip("distributed")
    from kg.engine.distributed import build_with_dask

    progress: list[int] = []
    # input order reversed and one article twice: the engine must not care
    documents = [*reversed(corpus), corpus[0]]
    build_with_dask(documents, workers=2, progress=progress.append, chunk_size=3).export(tmp_path)
    _assert_same_exports(one_job, tmp_path)
    assert sum(progress) == len(corpus)


def test_dask_builds_a_folder_through_the_analysis_store_with_the_same_bytes(corpus, one_job, tmp_path):
    """kg build --engine dask: analyses come back in order into the store; exports streamed; a rebuild sends nothing."""
    pytest.importorskip("distributed")
    from kg.engine.folder_build import build_folder
    from kg.engine.spill import STORE_NAME

    documents = [*reversed(corpus), corpus[0]]
    progress: list[int] = []
    built = build_folder(tmp_path, documents, jobs=2, progress=progress.append, engine="dask", chunk_size=2)
    assert (built.articles, built.analysed, sum(progress)) == (len(corpus), len(corpus), len(corpus))
    (tmp_path / STORE_NAME).rename(tmp_path.parent / f"{tmp_path.name}-store")
    _assert_same_exports(one_job, tmp_path)
    (tmp_path.parent / f"{tmp_path.name}-store").rename(tmp_path / STORE_NAME)
    (tmp_path / "graph.nt").unlink()
    again = build_folder(tmp_path, corpus, formats=["ntriples"], engine="dask")
    assert again.analysed == 0
    assert (tmp_path / "graph.nt").read_bytes() == (one_job / "graph.nt").read_bytes()


def _counting(documents: tuple[Document, ...], pulled: list[int]) -> Iterator[Document]:
    for document in documents:
        pulled.append(1)
        yield document


def _live_docs() -> int:
    from spacy.tokens import Doc

    gc.collect()
    return sum(isinstance(o, Doc) for o in gc.get_objects())


def test_one_job_streams_and_keeps_no_spacy_doc(corpus, nlp, monkeypatch):
    """Articles are read a batch at a time, and no spaCy Doc outlives its batch's analyses."""
    import kg.engine.analyze
    from kg.engine.parallel import iter_analyses

    monkeypatch.setattr(kg.engine.analyze, "ARTICLES_PER_BATCH", 3)
    pulled: list[int] = []
    before = _live_docs()
    seen = 0
    for analysis in iter_analyses(_counting(corpus, pulled)):
        seen += 1
        assert len(pulled) == min(len(corpus), 3 * -(-seen // 3))  # one batch read, nothing more
        assert _live_docs() == before  # the batch's Docs are gone already
        assert b"spacy" not in pickle.dumps(analysis)  # only offsets and strings cross processes
    assert seen == len(corpus)


def test_many_jobs_read_a_bounded_window_ahead(corpus, nlp):
    from kg.engine.parallel import IN_FLIGHT_PER_JOB, iter_analyses

    pulled: list[int] = []
    stream = iter_analyses(_counting(corpus, pulled), jobs=2, chunk_size=1)
    first = next(stream)
    assert len(pulled) <= 2 * IN_FLIGHT_PER_JOB + 1 < len(corpus)
    rest = list(stream)
    assert [a.document for a in [first, *rest]] == list(corpus)


def test_a_failing_article_is_named(corpus, nlp, monkeypatch):
    import kg.engine.analyze
    from kg.engine.parallel import AnalysisError, analyze_parallel

    broken = corpus[1]

    def analyze_parsed(document, *args):
        if document is broken:
            raise ValueError("no sentence boundary")
        return real(document, *args)

    real = kg.engine.analyze._analyze_parsed
    monkeypatch.setattr(kg.engine.analyze, "_analyze_parsed", analyze_parsed)
    with pytest.raises(AnalysisError, match=rf"^{re.escape(broken.source)}: analysis failed: ValueError: no sentence boundary$"):
        analyze_parallel(corpus[:3])


@pytest.mark.parametrize("module", ["kg.engine.parallel", "kg.export.rdf"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_bench_docstring_examples_run():
    result = doctest.testmod(_bench())
    assert result.attempted > 0 and result.failed == 0
