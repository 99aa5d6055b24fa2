"""Light queries answered in the front (:mod:`kg.sparql.server.local`), and everything that must never be.

Why: answering a query in the front skips the worker's hard time limit and
memory cap, so the front may do it only for a job that workers have measured
light on an unchanging store, only in a process that cannot open a network
socket, and only when the job would otherwise wait for a worker. Each of
those refusals is pinned here; the path itself is checked in a confined
child process (the test process must not lock itself down), with its answers
compared byte for byte with a worker's.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
import pytest

from kg.sparql.run import store_graphs
from kg.sparql.server import local, make_server
from kg.sparql.server.lanes import Lanes
from kg.sparql.server.local import LIGHT_BYTES, LIGHT_CPU, MEMO_SIZE, PROOF_RUNS, FrontEngine, LightJobs
from kg.sparql.server.outcomes import Job
from kg.sparql.server.pool import QueryPool
from kg.sparql.server.worker import answer
from tests.conftest import sample_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).parent / "data" / "sample.trig"
LIGHT = Job("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")


def _prove(jobs: LightJobs, job: tuple[Any, ...], runs: int = PROOF_RUNS) -> None:
    for _ in range(runs):
        jobs.measured(job, 200, 100, LIGHT_CPU / 10)


# --------------------------------------------------------------------------- the verdicts


def test_a_job_is_proven_only_after_enough_light_runs_in_a_confined_process() -> None:
    jobs = LightJobs(confined=lambda: True)
    _prove(jobs, LIGHT, PROOF_RUNS - 1)
    assert not jobs.proven(LIGHT)
    _prove(jobs, LIGHT, 1)
    assert jobs.proven(LIGHT)
    assert jobs.proven(tuple(LIGHT))  # the pool reports plain tuples: the same key
    assert not jobs.proven(LIGHT._replace(max_rows=10))  # another cap, another job


def test_an_unconfined_process_never_proves_a_job() -> None:
    jobs = LightJobs(confined=lambda: False)
    _prove(jobs, LIGHT, 10 * PROOF_RUNS)
    assert not jobs.proven(LIGHT)


@pytest.mark.parametrize(
    ("status", "size", "cpu"),
    [(200, 100, LIGHT_CPU * 1.01), (200, LIGHT_BYTES + 1, LIGHT_CPU / 10), (400, 100, LIGHT_CPU / 10), (503, 100, LIGHT_CPU / 10)],
)
def test_one_run_that_is_not_light_sends_a_job_back_to_prove_again(status: int, size: int, cpu: float) -> None:
    jobs = LightJobs(confined=lambda: True)
    _prove(jobs, LIGHT)
    assert jobs.proven(LIGHT)
    jobs.measured(LIGHT, status, size, cpu)  # a front's own run measured heavy, or a worker's
    assert not jobs.proven(LIGHT)
    _prove(jobs, LIGHT, PROOF_RUNS - 1)
    assert not jobs.proven(LIGHT)  # from naught again


def test_a_heavy_job_is_never_proven_however_often_it_runs() -> None:
    jobs = LightJobs(confined=lambda: True)
    heavy = Job("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1")
    for _ in range(10):
        jobs.measured(heavy, 200, 100, 0.8)
    assert not jobs.proven(heavy)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT (RAND() AS ?r) WHERE {}",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY rand() LIMIT 1",
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (UUID() AS ?u) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "SELECT (BNODE() AS ?b) WHERE {}",
        "SELECT ?s WHERE { ?s <http://x/\\u0041> ?o }",
        "SELECT ?s WHERE { ?s <http://x/\\U00000041> ?o }",
    ],
)
def test_texts_that_may_differ_from_run_to_run_are_never_proven(sparql: str) -> None:
    jobs = LightJobs(confined=lambda: True)
    _prove(jobs, Job(sparql), 10)
    assert not jobs.proven(Job(sparql))


def test_the_memo_stays_bounded() -> None:
    jobs = LightJobs(confined=lambda: True)
    for number in range(MEMO_SIZE + 10):
        jobs.measured(Job(f"ASK {{ ?s ?p {number} }}"), 200, 10, LIGHT_CPU / 10)
    assert len(jobs._runs) <= MEMO_SIZE


# --------------------------------------------------------------------------- when a job would wait


def _worker(pending: int, started: float = 100.0) -> Any:
    entries = collections.deque(SimpleNamespace(started=started if index == 0 else None) for index in range(pending))
    return SimpleNamespace(channel=SimpleNamespace(pending=entries), retiring=False, generation=0)


def test_lanes_are_full_only_when_choose_would_find_no_worker() -> None:
    lanes = Lanes(lanes=2, depth=3, move_after=0.02)
    soon, late = 100.01, 101.0  # current jobs begun at 100.0: young, then stuck
    idle: collections.deque[Any] = collections.deque([_worker(0)])
    assert not lanes.full(idle, soon, 0)  # an idle worker opens a lane
    lanes.active = [_worker(3), _worker(2)]
    assert not lanes.full(idle, soon, 0)  # the second line has room
    lanes.active = [_worker(3), _worker(3)]
    assert lanes.full(idle, soon, 0)  # two young lanes at depth, no third lane may open
    assert lanes.full(collections.deque(), soon, 0)
    lanes.active = [_worker(3), _worker(1)]
    assert lanes.full(collections.deque(), late, 0)  # both stuck on slow jobs, nobody idle
    assert not lanes.full(idle, late, 0)  # stuck lanes do not count: the idle worker opens one
    for state, now in (([_worker(1)], soon), ([_worker(3), _worker(3)], soon), ([_worker(1)], late), ([_worker(2), _worker(3)], soon)):
        for spare in (collections.deque(), collections.deque([_worker(0)])):
            lanes.active = list(state)
            full = lanes.full(spare, now, 0)
            assert full == (lanes.choose(spare, now, 0) is None)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("local") / "store")


def test_workers_report_each_jobs_cpu_and_size_to_the_pool(store_dir: Path) -> None:
    seen: list[tuple[Any, ...]] = []

    async def scenario() -> bool:
        pool = QueryPool(store_dir, workers=1)
        pool.measured = lambda job, status, size, cpu: seen.append((job, status, size, cpu))
        await pool.start()
        try:
            busy = pool.would_wait()
            reply, _ = await pool.execute(LIGHT, 30)
            await pool.execute(Job("SELECT WHERE {"), 30)
            assert reply.status == 200
            return busy
        finally:
            await pool.close()

    assert asyncio.run(scenario()) is False  # an idle pool: nothing would wait
    (job, status, size, cpu), (_, bad_status, _, _) = seen
    assert job == tuple(LIGHT) and status == 200 and size > 0 and 0 < cpu < 1
    assert bad_status == 400


def test_the_front_answers_in_the_workers_bytes_within_a_budget_per_loop_turn(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "CONTENDED", float("inf"))  # this busy test machine's run-queue waits are not the point here
    engine = FrontEngine(store_dir, turn_budget=1e-9)
    engine.jobs = LightJobs(confined=lambda: True)
    _prove(engine.jobs, LIGHT)
    store = ox.Store.read_only(str(store_dir))
    expected = answer(store, store_graphs(store), LIGHT)

    async def scenario() -> list[object]:
        seen: list[object] = [engine.may_answer(LIGHT)]
        seen.append(engine.answer(LIGHT))
        seen.append(engine.may_answer(LIGHT))  # this turn's budget is spent
        await asyncio.sleep(0)  # the next turn of the loop
        await asyncio.sleep(0)
        seen.append(engine.may_answer(LIGHT))
        return seen

    before, reply, same_turn, next_turn = asyncio.run(scenario())
    assert before is True and same_turn is False and next_turn is True
    assert reply == expected and engine.answered == 1
    assert not engine.may_answer(Job("ASK { ?s ?p ?o }"))  # never measured: never here


def test_a_library_server_never_answers_in_the_front() -> None:
    """This test process is not confined: its server proves nothing and sends every query to a worker."""
    with make_server(SAMPLE, port=0, log=None, cache_mb=0).start() as server:
        import urllib.parse
        import urllib.request

        url = server.endpoint + "?" + urllib.parse.urlencode({"query": LIGHT.sparql})
        for _ in range(PROOF_RUNS + 2):
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
        local = server.app.local
        assert local is not None and local.answered == 0
        assert not any(local.jobs.proven(job) for job in list(local.jobs._runs))


# --------------------------------------------------------------------------- in a confined process

_CONFINED = textwrap.dedent(
    """
    import json, socket, sys, time, urllib.parse
    from kg.sparql.sandbox import deny_network
    from kg.sparql.server import local, make_server

    sample, light, slow, unseen, service = sys.argv[1:6]
    local._run_and_wait = lambda: (0, 0)  # on a busy test machine the front would step aside: what it may answer is tested here, not when
    # a long time limit: the slow query drops to nice 19 after 50 ms of CPU, and on a machine whose other tenants
    # keep both cores busy it ran past 20 s; it was killed then, and the unseen query, in line behind it as long, turned away
    server = make_server(sample, port=0, workers=1, timeout=90, cache_mb=0, log=None).start()
    server.app.local.turn_budget = 3600.0  # nor a slow first answer's CPU spending the turn's budget
    clients = [socket.socket() for _ in range(3)]  # made before the lock: it forbids new network sockets
    assert deny_network()
    for client in clients:
        client.connect(("127.0.0.1", server.port))
    try:
        socket.socket()
        denied = False
    except PermissionError:
        denied = True

    def send(client, query):
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        client.sendall(f"GET {target} HTTP/1.1\\r\\nHost: 127.0.0.1:{server.port}\\r\\nAccept: application/sparql-results+json\\r\\n\\r\\n".encode())

    def read(client):
        data = b""
        while b"\\r\\n\\r\\n" not in data:
            data += client.recv(65536)
        head, body = data.split(b"\\r\\n\\r\\n", 1)
        length = int(next(line.split(b":")[1] for line in head.split(b"\\r\\n") if line.lower().startswith(b"content-length")))
        while len(body) < length:
            body += client.recv(65536)
        return int(head.split()[1]), body

    local = server.app.local
    out = {"denied": denied}
    answers = []
    for _ in range(3):  # proven after two; the idle worker answers all three all the same
        send(clients[0], light)
        answers.append(read(clients[0]))
    out["after_three_idle"] = local.answered
    send(clients[1], slow)  # the only worker is stuck on it from now on
    time.sleep(0.2)
    send(clients[0], light)
    answers.append(read(clients[0]))
    out["proven_while_stuck"] = local.answered
    for _ in range(3):
        send(clients[0], service)
        out.setdefault("service", []).append(read(clients[0])[0])
    out["after_service"] = local.answered
    send(clients[2], unseen)  # never measured: waits for the worker, never answered here
    out["unseen"] = read(clients[2])[0]
    out["slow"] = read(clients[1])[0]
    out["after_unseen"] = local.answered
    out["same_bytes"] = len({body for _, body in answers}) == 1 and {status for status, _ in answers} == {200}
    server.close()
    print(json.dumps(out))
    """
)


def test_a_confined_front_answers_a_proven_light_query_while_its_worker_is_stuck_and_nothing_else() -> None:
    values = " ".join(map(str, range(400)))
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values[:300]} }} }}"  # ~0.5 s of CPU; at nice 19 on a busy machine far longer
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    argv = [str(SAMPLE), LIGHT.sparql, slow, "ASK { ?s ?p ?o . FILTER(true) }", service]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CONFINED, *argv], capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["denied"]  # the front cannot open a network socket
    assert out["after_three_idle"] == 0  # an idle worker takes every job, proven or not
    assert out["proven_while_stuck"] == 1  # the job would have waited: answered here
    assert out["same_bytes"]  # the worker's three answers and the front's are the same bytes
    assert out["service"] == [400, 400, 400] and out["after_service"] == 1  # refused by the guard before any run
    assert out["unseen"] == 200 and out["after_unseen"] == 1  # not proven: it waited for the worker
    assert out["slow"] in (200, 503)  # answered, or stopped at its time limit on a busy machine (reniced after 50 ms)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_kg_serve_confines_its_front_once_bound() -> None:
    """``kg serve`` (one front) cannot open a network socket once it listens, like its workers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kg.cli", "serve", "-g", str(SAMPLE), "--port", "0", "--workers", "1", "--cache", "0"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "SPARQL endpoint" in line:
                break
        status = Path(f"/proc/{process.pid}/status").read_text()
        seccomp = next(line.split()[1] for line in status.splitlines() if line.startswith("Seccomp:"))
        assert seccomp == "2"  # a filter: the one of kg.sparql.sandbox.deny_network
    finally:
        process.terminate()
        process.wait(30)


def test_a_front_that_waits_for_a_cpu_leaves_proven_jobs_to_the_workers(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine whose cores are taken, the front looks at its run-queue wait and stops answering itself."""
    clock = iter([(0, 0), (1_000_000, 10_000_000), (2_000_000, 10_100_000)])  # ran 1 ms and waited 10 ms; then ran 1, waited 0.1
    monkeypatch.setattr(local, "_run_and_wait", lambda: next(clock))
    monkeypatch.setattr(local, "LOOK_EVERY", 60.0)  # looked at by hand below
    engine = FrontEngine(store_dir, turn_budget=3600.0)  # the turn's CPU budget is another test's: a slow first query must not spend it here
    engine.jobs = LightJobs(confined=lambda: True)
    _prove(engine.jobs, LIGHT)

    async def scenario() -> list[bool]:
        engine.answer(LIGHT)  # the first answer starts the looks: (0, 0)
        seen = [engine.may_answer(LIGHT)]
        engine._look_at_the_cpu()  # waited ten times what it ran: contended
        seen.append(engine.may_answer(LIGHT))
        engine._look_at_the_cpu()  # a CPU of its own again
        seen.append(engine.may_answer(LIGHT))
        assert engine._look is not None
        engine._look.cancel()
        return seen

    assert asyncio.run(scenario()) == [True, False, True]
