"""The public surface of the library, and that importing it is cheap."""

from __future__ import annotations

import re
import subprocess
import sys

import kg
from tests.conftest import ROOT


def test_public_surface_is_pinned():
    assert kg.__all__ == sorted(kg.__all__) == ["KnowledgeGraph", "__version__", "build", "open"]


def test_import_is_cheap():
    code = "import sys, kg; print(sorted(m for m in ('spacy', 'rdflib', 'pyoxigraph', 'networkx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_readme_library_example_runs(nlp):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    example = next(b for b in blocks if "kg.build" in b)
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)  # the example asserts its own results


def test_build_from_texts_and_query(nlp):
    graph = kg.build(texts=["Peru and Canada sign copper pact\nPeru and Canada signed a copper agreement in Lima on 2 May 2024."])
    rows = list(
        graph.query("PREFIX kgo: <https://w3id.org/mineral-kg/ontology#> SELECT DISTINCT ?d WHERE { ?a kgo:signs ?x . ?x kgo:signedOn ?d }")
    )
    assert [str(r[0]) for r in rows] == ["2024-05-02"]
    assert graph.entity("Peru").wikidata == "Q419"
    assert "KnowledgeGraph(1 article, " in repr(graph)


def test_missing_model_fails_with_a_clear_message(monkeypatch):
    import pytest

    from kg.nlp.model import ModelNotFoundError, load_pipeline

    with pytest.raises(ModelNotFoundError, match="not installed"):
        load_pipeline.__wrapped__("no_such_model_xyz")
