"""Stopping ``kg build -j 2`` mid-NLP leaves no worker process and no mixed exports.

Why: SIGTERM or SIGKILL of the parent used to leave both workers alive
(196 MB each, parsing for nobody). Workers now die with their parent
(``PR_SET_PDEATHSIG``), and SIGTERM unwinds the parent, which terminates the pool.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kg.engine.spill import STORE_NAME

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

SENTENCES = (
    "{a} and {b} signed a lithium agreement in {c} on 4 June 2024.",
    "The minister of {a} met officials from {b} to discuss cobalt supplies.",
    "Mining companies in {c} expect copper exports to {b} to rise.",
)
STATES = ("Chile", "Japan", "Peru", "Canada", "India", "Brazil", "Germany", "Kenya", "Mongolia", "Ghana")


def _corpus(folder: Path, n: int = 400) -> Path:
    folder.mkdir()
    for i in range(n):
        a, b, c = (STATES[(i + k * 3) % len(STATES)] for k in range(3))
        lines = [f"{a} and {b} talks {i}"] + [s.format(a=a, b=b, c=c) + f" Round {i}.{j}." for j, s in enumerate(SENTENCES * 6)]
        (folder / f"article{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _workers_started(parent: psutil.Process, deadline: float) -> list[psutil.Process]:
    """The parent's worker processes once two are up and parsing (past the model load)."""
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        if len(children) >= 2 and all(c.cpu_times().user > 1.0 for c in children[:2]):
            return children
        time.sleep(0.1)
    raise AssertionError("kg build -j 2 started no workers")


def _gone(process: psutil.Process, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
def test_stopping_kg_build_mid_nlp_leaves_no_worker_and_the_old_exports(tmp_path, how):
    articles = _corpus(tmp_path / "articles")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(b"# the previous build\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(articles), "-o", str(out), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        workers = _workers_started(psutil.Process(process.pid), time.monotonic() + 120)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=60)
        for worker in workers:
            assert _gone(worker), f"worker {worker.pid} outlived kg build after {how.name}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if how == signal.SIGTERM:
        assert process.returncode == 128 + signal.SIGTERM and b"kg: terminated (SIGTERM)" in stderr and b"Traceback" not in stderr
    elif how == signal.SIGINT:
        assert process.returncode == 130 and b"Traceback" not in stderr
    # no temporary file, no new export beside the old one; the analysis store (and SQLite's journal) may stay:
    # it is the build's resumable cache, which the next build reads (tests/test_crash_safety.py reruns after a kill)
    left = sorted(p.name for p in out.iterdir() if not p.name.startswith(STORE_NAME))
    assert left == ["graph.ttl"]
    assert (out / "graph.ttl").read_bytes() == b"# the previous build\n"
