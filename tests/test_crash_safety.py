"""``kill -9`` at any moment leaves every export whole (old or new, never cut), and a re-run completes.

Exports are written by :func:`kg.files.write_atomic` (temporary file,
fsync, rename). These tests SIGKILL real processes while they write: a loop
of large alternating writes killed at random moments, and a ``kg build``
killed the moment its first temporary file appears. Stray temporary files
may remain (hidden, ``.graph.ttl.*.tmp``); they never break a later run, and
abandoned ones are removed by the next write.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.engine.spill import STORE_NAME
from kg.files import STALE_AFTER, remove_stale_temps, write_atomic
from tests.conftest import SEEDS as SEEDS_DIR

TARGETS = ("graph.ttl", "graph.nt", "graph.html")
VERSIONS = (b"old " * 750_000, b"NEW! " * 800_000)  # 3 MB and 4 MB: each write takes a while

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kg.files import write_atomic

    folder = Path(sys.argv[1])
    versions = (b"old " * 750_000, b"NEW! " * 800_000)
    print("ready", flush=True)
    turn = 1
    while True:
        for name in {targets!r}:
            write_atomic(folder / name, versions[turn % 2])
        turn += 1
    """
).format(targets=TARGETS)


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_atomic_writes_leaves_old_or_new_never_a_mix(tmp_path):
    folder = tmp_path / "exports"
    for name in TARGETS:
        write_atomic(folder / name, VERSIONS[0])
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20240604)
    for _ in range(6):
        process = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.3))
        process.kill()  # SIGKILL: no handler, no cleanup, no flush
        process.wait()
        process.stdout.close()
        for name in TARGETS:
            assert (folder / name).read_bytes() in VERSIONS, f"{name} is neither the old nor the new version"
    for name in TARGETS:  # a re-run writes over whatever the kills left
        write_atomic(folder / name, b"rerun")
        assert (folder / name).read_bytes() == b"rerun"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(TARGETS)


def test_abandoned_temporary_files_are_removed_and_fresh_ones_kept(tmp_path):
    target = tmp_path / "graph.ttl"
    old = tmp_path / ".graph.ttl.a1b2c3d4.tmp"
    fresh = tmp_path / ".graph.ttl.e5f6g7h8.tmp"
    unrelated = tmp_path / ".graph.nt.a1b2c3d4.tmp"
    mine_not = tmp_path / ".graph.ttl.notes.tmp"
    for path in (old, fresh, unrelated, mine_not):
        path.write_bytes(b"half a file")
    past = time.time() - STALE_AFTER - 60
    for path in (old, unrelated, mine_not):
        os.utime(path, (past, past))
    write_atomic(target, "whole")
    assert target.read_text() == "whole"
    assert not old.exists() and fresh.exists() and unrelated.exists() and mine_not.exists()
    assert remove_stale_temps(tmp_path / "graph.nt") == [unrelated]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_kg_build_then_a_rerun_completes(tmp_path, nlp):
    import kg
    from kg.export import exporters

    first = "Chile and Japan sign lithium pact\nChile and Japan signed a lithium agreement on 4 June 2024.\n"
    second = "Peru and Canada sign copper deal\nPeru and Canada signed a copper agreement in Lima.\n"
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "a.txt").write_text(first, encoding="utf-8")
    kg.build(articles).export(out)
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    (articles / "b.txt").write_text(second, encoding="utf-8")
    new_graph = kg.build(articles)
    new = {e.filename: e.render(new_graph.dataset).encode("utf-8") for e in exporters().values()}
    assert set(old) == set(new) and all(old[name] != new[name] for name in old)

    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(articles), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and not _temps(out) and time.monotonic() < deadline:
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for name, content in sorted(((p.name, p.read_bytes()) for p in out.iterdir() if not p.name.startswith(".")), key=lambda x: x[0]):
        assert content in (old[name], new[name]), f"{name} is cut or mixed after kill -9"

    kg.build(articles).export(out)  # the re-run, with any stray temporary file still there
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == new


def _export_set(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_any_moment_of_kg_build_leaves_the_old_exports_or_the_new_ones_never_a_mix(tmp_path, nlp):
    """The exports of a build replace the previous set as one folder (issue 18, item 4): kill -9 at many moments of the export phase."""
    seeds = sorted(SEEDS_DIR.iterdir())
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for path in seeds[:2]:
        (articles / path.name).write_bytes(path.read_bytes())
    command = [sys.executable, "-m", "kg.cli", "build", str(articles), "-o", str(out), "-q"]
    subprocess.run(command, check=True)
    old = _export_set(out)
    for path in seeds[2:]:
        (articles / path.name).write_bytes(path.read_bytes())
    subprocess.run([*command[:-3], "-o", str(tmp_path / "fresh"), "-q"], check=True)
    new = _export_set(tmp_path / "fresh")
    assert set(old) == set(new) and all(old[name] != new[name] for name in old)
    started = time.monotonic()
    subprocess.run(command, check=True)
    whole = time.monotonic() - started  # a rebuild that reanalyses three articles, then writes every export
    seen = set()
    rng = random.Random(18)
    for _ in range(8):
        for path in seeds[2:]:  # back to the old corpus's exports, then kill a build of the new one
            (articles / path.name).unlink()
        subprocess.run(command, check=True)
        assert _export_set(out) == old
        for path in seeds[2:]:
            (articles / path.name).write_bytes(path.read_bytes())
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * whole)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = _export_set(out)
        assert found in (old, new), f"a mix of two builds after kill -9: {sorted(n for n in found if found[n] != old.get(n))} are new"
        seen.add("new" if found == new else "old")
    subprocess.run(command, check=True)  # a re-run after all that completes
    assert _export_set(out) == new


def test_exchange_folders_swaps_two_folders_in_one_step(tmp_path):
    from kg.files import exchange_folders

    new, target = tmp_path / ".out.kg-new", tmp_path / "out"
    new.mkdir()
    (new / "graph.ttl").write_text("new")
    assert exchange_folders(new, target)  # no target yet: a rename
    assert (target / "graph.ttl").read_text() == "new" and not new.exists()
    new.mkdir()
    (new / "graph.ttl").write_text("newer")
    if exchange_folders(new, target):
        assert (target / "graph.ttl").read_text() == "newer"
        assert (new / "graph.ttl").read_text() == "new"  # the old set, for the build to remove


def test_a_build_into_the_working_folder_or_one_with_subfolders_writes_in_place(tmp_path, monkeypatch):
    from kg.engine.folder_build import _staging

    shared = tmp_path / "shared"
    (shared / "notes").mkdir(parents=True)
    assert _staging(shared) is None
    monkeypatch.chdir(tmp_path)
    assert _staging(Path(".")) is None
    assert _staging(tmp_path / "fresh") == tmp_path / ".fresh.kg-new"


def test_a_full_disk_during_the_exports_leaves_the_old_set_whole_and_no_half_made_folder(tmp_path, nlp, monkeypatch):
    """ENOSPC on the third export (simulated at the write: a real small tmpfs gave the same, docs/performance.md).

    The old exports stay byte for byte, the error names the file, and the
    sibling staging folder is removed (on a full disk it would keep the disk full).
    """
    import kg.files
    from kg.engine.folder_build import build_folder
    from kg.read.inputs import read_inputs

    seeds = sorted(SEEDS_DIR.iterdir())
    out = tmp_path / "out"
    build_folder(out, list(read_inputs(seeds[:2])))
    old = _export_set(out)
    real = kg.files.write_atomic_chunks
    calls = []

    def full_disk(path, chunks):
        calls.append(path)
        if len(calls) == 3:
            real(path, _fill_then_fail(chunks))
        real(path, chunks)

    monkeypatch.setattr(kg.files, "write_atomic_chunks", full_disk)
    with pytest.raises(OSError, match=r"\.out\.kg-new/graph\.\w+: No space left") as caught:
        build_folder(out, list(read_inputs(seeds[:3])))
    assert caught.value.errno == 28 and len(calls) == 3
    assert _export_set(out) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _fill_then_fail(chunks):
    yield next(iter(chunks))
    raise OSError(28, "No space left on device")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_kg_build_j2_at_any_moment_leaves_no_process_and_old_or_new_exports(tmp_path, nlp, how):
    """``kg build -j 2`` stopped at random moments (model load, NLP, resolution, exports): no process outlives it, no mix.

    tests/test_signals.py stops it mid-NLP only; this spreads the moment over the whole build.
    """
    import psutil

    seeds = sorted(SEEDS_DIR.iterdir())
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for path in seeds[:2]:
        (articles / path.name).write_bytes(path.read_bytes())
    command = [sys.executable, "-m", "kg.cli", "build", str(articles), "-o", str(out), "-j", "2", "-q"]
    subprocess.run(command, check=True)
    old = _export_set(out)
    for path in seeds[2:]:
        (articles / path.name).write_bytes(path.read_bytes())
    started = time.monotonic()
    subprocess.run([*command[:5], "-o", str(tmp_path / "fresh"), "-j", "2", "-q"], check=True)
    whole = time.monotonic() - started
    new = _export_set(tmp_path / "fresh")
    rng = random.Random(int(how))
    for _ in range(4):
        (out / STORE_NAME).unlink(missing_ok=True)  # no resumable cache: every run goes through every phase
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        parent = psutil.Process(process.pid)
        deadline = time.monotonic() + rng.uniform(0.2, 1.0) * whole
        family: set[psutil.Process] = set()
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(psutil.NoSuchProcess):
                family.update(parent.children(recursive=True))
            time.sleep(0.05)
        process.send_signal(how)
        process.wait(timeout=60)
        time.sleep(0.5)
        alive = [p.pid for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert not alive, f"processes {alive} outlived kg build -j 2 after {how.name}"
        found = _export_set(out)
        assert found in (old, new), f"a mix of two builds after {how.name}"
        for name, content in old.items():  # back to the old set for the next round
            (out / name).write_bytes(content)
        assert not (tmp_path / ".out.kg-new").exists() or how == signal.SIGKILL
