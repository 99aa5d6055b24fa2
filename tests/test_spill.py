"""Analyses on disk: the codec round-trips every value type, the store keeps what a build needs, and builds reuse it.

The codec derives from the dataclasses of kg/types.py, so these tests
generate values of every type from its type hints (hypothesis) rather
than listing fields: a field added to a type is covered without a change.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.types
from kg.engine.codec import decode, encode, schema
from kg.engine.spill import STORE_NAME, AnalysisStore
from tests.conftest import SEEDS

TYPES = sorted((cls for _, cls in inspect.getmembers(kg.types, inspect.isclass) if dataclasses.is_dataclass(cls)), key=lambda c: c.__name__)


def _has_nan(value: object) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if dataclasses.is_dataclass(value):
        return any(_has_nan(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return any(_has_nan(v) for v in value)
    return False


def test_every_type_of_kg_types_is_covered():
    names = {cls.__name__ for cls in TYPES}
    assert {"Document", "Span", "Mention", "LocalEntity", "Evidence", "LocalFact", "DocumentAnalysis", "Entity", "Assertion"} <= names
    described = schema(*TYPES)
    for cls in TYPES:
        for field in dataclasses.fields(cls):
            assert f"{field.name}:" in described, f"{cls.__name__}.{field.name} is not in the stored schema"


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_type_round_trips(cls, data):
    value = data.draw(st.from_type(cls))
    text = encode(value)
    back = decode(cls, text)
    assert type(back) is cls
    assert encode(back) == text
    if not _has_nan(value):
        assert back == value


def test_a_field_added_to_a_type_is_stored_without_a_codec_change():
    @dataclass(frozen=True)
    class Grown:
        span: kg.types.Span
        new_flag: bool = False
        new_names: tuple[str, ...] = ()
        maybe: str | None = None

    value = Grown(kg.types.Span(1, 5, "Kyiv"), True, ("a", "b"), "x")
    assert decode(Grown, encode(value)) == value
    assert "new_names:tuple[str, ...]" in schema(Grown)


def _analysis(n: int) -> kg.types.DocumentAnalysis:
    doc = kg.types.Document(f"Text {n}.", f"Title {n}", "sha256:" + f"{n:02x}" * 32, "2024-01-0" + str(n % 9 + 1))
    entity = kg.types.LocalEntity(f"e{n}", "State", "Chile", ("Chile", "Chile"), key="chile", maybe_person=bool(n % 2), descriptions=("d",))
    evidence = kg.types.Evidence(doc.doc_id, 0, 5, "Text.", 0.85, "rule")
    fact = kg.types.LocalFact(f"e{n}", "signs", f"e{n}", evidence)
    mention = kg.types.Mention(0, 5, "Chile", "State", "chile", 0)
    return kg.types.DocumentAnalysis(doc, (kg.types.Span(0, 5, "Text."),), (entity,), (fact,), (("e", mention),))


def test_store_reads_columns_in_doc_id_order_and_drops_removed_articles(tmp_path):
    analyses = [_analysis(n) for n in (3, 1, 2)]
    with AnalysisStore(tmp_path / "s.sqlite") as store:
        store.add(analyses, "k")
        ordered = sorted(analyses, key=lambda a: a.document.doc_id)
        assert list(store.analyses()) == ordered
        assert list(store.entities()) == [(a.document.doc_id, a.entities) for a in ordered]
        assert list(store.facts()) == [(a.document.doc_id, a.facts) for a in ordered]
        assert store.keep_only([analyses[0].document.doc_id]) == 2
        assert list(store.analyses()) == [analyses[0]]
    with AnalysisStore(tmp_path / "s.sqlite") as again:  # reopened: the rows are on disk
        assert len(again) == 1


def test_store_written_under_another_schema_is_emptied_not_misread(tmp_path):
    import sqlite3

    path = tmp_path / "s.sqlite"
    with AnalysisStore(path) as store:
        store.add([_analysis(1)], "k")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'Document(text:str)' WHERE name = 'schema'")
    with AnalysisStore(path) as store:
        assert len(store) == 0


def test_store_errors_name_the_path(tmp_path):
    from kg.engine.spill import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="file"):
        AnalysisStore(blocker / STORE_NAME)


def _exports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.mark.slow
def test_incremental_build_equals_a_clean_build_and_analyses_only_new_articles(tmp_path, nlp, monkeypatch):
    from kg.engine import folder_build
    from kg.read.inputs import read_inputs

    seeds = sorted(SEEDS.iterdir())
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in seeds[:3]:
        (articles / path.name).write_bytes(path.read_bytes())
    out, clean = tmp_path / "out", tmp_path / "clean"
    folder_build.build_into(out, read_inputs([articles])).export(out)

    analysed: list[str] = []
    real = folder_build.iter_analyses

    def counting(documents, **options):
        documents = list(documents)
        analysed.extend(d.source for d in documents)
        return real(documents, **options)

    monkeypatch.setattr(folder_build, "iter_analyses", counting)
    (articles / seeds[3].name).write_bytes(seeds[3].read_bytes())  # one added
    (articles / seeds[0].name).unlink()  # one removed
    folder_build.build_into(out, read_inputs([articles])).export(out)
    assert [Path(s).name for s in analysed] == [seeds[3].name]

    folder_build.build_into(clean, read_inputs([articles])).export(clean)
    assert _exports(out) == _exports(clean)
    removed_title = seeds[0].read_text(encoding="utf-8").splitlines()[0].strip()
    assert removed_title.encode() not in _exports(out)["graph.ttl"]


@pytest.mark.slow
def test_folder_build_writes_the_bytes_of_an_in_memory_build(tmp_path, seed_graph):
    from kg.engine.folder_build import build_into
    from kg.read.inputs import read_inputs

    built = build_into(tmp_path / "out", read_inputs([SEEDS]))
    assert built.quads == seed_graph.quads
    assert built.assertions == seed_graph.assertions and built.entities == seed_graph.entities
    assert (tmp_path / "out" / STORE_NAME).exists()
