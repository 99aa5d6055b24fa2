"""``kill -9`` of ``kg build --engine dask`` at any moment: the old exports or the new ones, never a mix, and no worker left behind.

The Dask engine adds phases to a build (a LocalCluster started, the NLP
stage on its workers, resolution's per-article passes there, the N-Triples
and Turtle sorted there through run files in the output folder's scratch area
and copied here range by range, TriG's and JSON-LD's named graphs made there
range by range: see :mod:`kg.engine.dask_resolve` and
:mod:`kg.engine.dask_exports`); each ends in the same folder swap as a local
build, so a kill anywhere leaves the previous set. The worker processes
exit with the client (``distributed`` closes them when their parent's pipe
closes), so none outlives it.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.engine.folder_build import SCRATCH_NAME
from kg.engine.spill import STORE_NAME
from tests.conftest import load_script


def _export_set(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def _outliving(family: set, grace: float = 15.0) -> list[int]:
    """The processes of ``family`` still running after ``grace`` seconds (a worker notices its parent's death in a moment)."""
    import psutil

    deadline = time.monotonic() + grace
    while True:
        alive = [p.pid for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _kill_when(process, staging: Path, trigger: str | None, after: float) -> set:
    """SIGKILL ``process`` once a file named ``trigger...`` appears in ``staging`` (or, with no trigger, after ``after`` seconds); its children."""
    import psutil

    parent = psutil.Process(process.pid)
    family: set[psutil.Process] = set()
    deadline = time.monotonic() + after
    while process.poll() is None:
        with contextlib.suppress(psutil.NoSuchProcess):
            family.update(parent.children(recursive=True))
        if trigger is None and time.monotonic() >= deadline:
            break
        with contextlib.suppress(FileNotFoundError):
            if trigger is not None and any(name.startswith(trigger) for name in os.listdir(staging)):
                break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return family


#: When each round kills: at a random moment (None), or as the staging folder gets a file so named. With a cluster,
#: N-Triples and Turtle are written first (their ranges merged on the workers into part files in the output folder's
#: scratch area, from run files there), then GraphML, TriG and JSON-LD (their named graphs made on the workers), the
#: page last.
ROUNDS = (
    (None, False),
    (None, True),
    (".graph.nt.", True),
    (".graph.ttl.", True),
    (".graph.graphml.", True),
    (".graph.trig.", True),
    (".graph.jsonld.", True),
    (".graph.html.", True),
    (None, True),
)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kills real processes; Linux's process model assumed")
def test_kill_9_of_kg_build_engine_dask_at_any_moment_leaves_old_or_new_exports_and_no_worker(tmp_path, nlp):
    """Rounds with no analysis store (every phase) and with one (the corpus stages on the cluster make most of the run).

    Some rounds kill at random moments, others as a given export starts in
    the staging folder: in the middle of the N-Triples ranges, and after them.
    """
    pytest.importorskip("distributed")
    texts = list(load_script("bench_build").synthetic_articles(12))
    articles, out, staging = tmp_path / "articles", tmp_path / "out", tmp_path / ".out.kg-new"
    articles.mkdir()
    for i, text in enumerate(texts[:8]):
        (articles / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "kg.cli", "build", str(articles), "-o", str(out), "--engine", "dask", "-j", "2", "-q"]
    subprocess.run(command, check=True)
    old = _export_set(out)
    old_store = (out / STORE_NAME).read_bytes()
    for i, text in enumerate(texts[8:], start=8):
        (articles / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    started = time.monotonic()
    subprocess.run([*command[:5], "-o", str(tmp_path / "fresh"), *command[7:]], check=True)
    whole = time.monotonic() - started
    new = _export_set(tmp_path / "fresh")
    assert set(old) == set(new) and all(old[name] != new[name] for name in old)
    rng = random.Random(13)
    triggered = []
    for number, (trigger, stored) in enumerate(ROUNDS):
        for leftover in out.glob(f"{STORE_NAME}*"):  # the store and a killed run's journal, which belongs to that file only
            leftover.unlink()
        if stored:  # the new corpus's analyses are stored: this run is the cluster's start and the corpus stages
            (out / STORE_NAME).write_bytes((tmp_path / "fresh" / STORE_NAME).read_bytes())
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        family = _kill_when(process, staging, trigger, rng.uniform(0.1, 1.0) * whole * (0.6 if stored else 1.0))
        triggered.append(process.returncode == -signal.SIGKILL)
        alive = _outliving(family)
        assert not alive, f"processes {alive} outlived kg build --engine dask after kill -9"
        found = _export_set(out)
        assert found in (old, new), f"a mix of two builds after kill -9 (round {number}, {trigger or 'random'})"
        for name, content in old.items():  # back to the old set for the next round
            (out / name).write_bytes(content)
    assert all(triggered[2:8]), "a round meant to kill as an export starts saw the build end first"
    for leftover in out.glob(f"{STORE_NAME}*"):
        leftover.unlink()
    (out / STORE_NAME).write_bytes(old_store)
    subprocess.run(command, check=True)  # a re-run after all that completes, reusing the old analyses
    assert _export_set(out) == new
    assert not (out / SCRATCH_NAME).exists(), "the killed runs' scratch files must go with the next build"
