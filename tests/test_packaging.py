"""A normal (non-editable) install carries the ontology, the data tables and the page's own files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytest.importorskip("hatchling")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("kg-*.whl")
    return path


def test_wheel_holds_what_kg_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "kg/_ontology/kg.ttl",
        "kg/_ontology/shapes.ttl",
        "kg/lexicon/data/states.json",
        "kg/lexicon/data/minerals.json",
        "kg/lexicon/data/people.json",
        "kg/sparql/queries/agreement-parties.rq",
        "kg/export/html/assets/graph.js",
        "kg/export/html/assets/graph.css",
        "kg/export/html/assets/graph.html",
        "kg/sparql/server/page/index.html",
        "kg/sparql/server/page/app.js",
    ):
        assert needed in names, needed


def test_installed_package_finds_its_ontology(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = "import kg.ontology as o, kg.lexicon.tables as l; print(o.ontology_path()); print(len(l.load_lexicon().entries))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    path, entries = result.stdout.split()
    assert path == str(tmp_path / "kg" / "_ontology" / "kg.ttl")
    assert int(entries) > 500
