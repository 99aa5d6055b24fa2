"""Shared fixtures: the spaCy pipeline and the seed graph, built once per session."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_graph():
    import kg

    return kg.build(SEEDS)


@pytest.fixture(scope="session")
def build_texts(nlp):
    """Build a graph from texts (the model is already loaded)."""
    import kg

    def _build(*texts: str):
        return kg.build(texts=list(texts))

    return _build


def facts(graph, predicate: str | None = None) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label or literal) of a built graph."""
    labels = {e.iri: e.label for e in graph.entities}
    return {
        (labels[a.subject], a.predicate, a.object if a.literal else labels[a.object])
        for a in graph.assertions
        if predicate is None or a.predicate == predicate
    }


@functools.cache
def load_script(name: str):
    """A module of scripts/ (loaded once), for the generators and helpers tests share with the benchmarks."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # picklable by worker processes
    spec.loader.exec_module(module)
    return module


def sample_store(folder: Path) -> Path:
    """An on-disk Oxigraph store of ``tests/data/sample.trig`` in ``folder``, closed again (for the endpoint's worker tests)."""
    import pyoxigraph as ox

    from kg.sparql.store import open_graph

    store = ox.Store(str(folder))
    store.bulk_extend(open_graph(Path(__file__).parent / "data" / "sample.trig"))
    store.flush()
    del store
    return folder
