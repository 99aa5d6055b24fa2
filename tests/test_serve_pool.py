"""The query pool when callers leave and when jobs wait behind slow ones.

Why: the pool awaits a worker's answer directly (no ``asyncio.shield``), so a
caller that is cancelled cancels that wait; the answer that comes later must
still free the worker, or it would never be idle again. A short job is left
to finish (same worker afterwards), a long one is stopped (a new worker).
A worker may be sent several jobs at once (:mod:`kg.sparql.server.lanes`):
one waiting behind a slow job must be taken back and answered elsewhere.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from kg.sparql.server.outcomes import Job
from kg.sparql.server.pool import QueryPool
from tests.conftest import sample_store

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
VALUES = " ".join(str(i) for i in range(400))
SLOWISH = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ 1 2 3 4 5 6 7 8 }} }}"
QUICK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("pool") / "store")


async def _abandon(pool: QueryPool, sparql: str, after: float) -> None:
    task = asyncio.ensure_future(pool.execute(Job(sparql), 30))
    await asyncio.sleep(after)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.parametrize("slow_after", [60.0, 0.0])
def test_an_abandoned_job_frees_its_worker(store_dir: Path, slow_after: float) -> None:
    async def scenario() -> tuple[list[int], list[int], int]:
        pool = QueryPool(store_dir, workers=1, slow_after=slow_after)
        await pool.start()
        try:
            before = pool.pids
            await _abandon(pool, SLOWISH, 0.05)
            reply, _ = await asyncio.wait_for(pool.execute(Job(QUICK), 30), 60)
            return before, pool.pids, reply.status
        finally:
            await pool.close()

    before, after, status = asyncio.run(scenario())
    assert status == 200
    if slow_after:  # left to finish: the same worker answers next
        assert after == before
    else:  # stopped at once: a fresh worker answers next
        assert after != before


def test_a_job_behind_a_slow_one_moves_to_another_worker(store_dir: Path) -> None:
    """One lane, jobs sent three at a time: a quick job sent behind a slow one is taken back after
    ``MOVE_AFTER`` and answered by the idle worker, long before the slow one ends."""

    async def scenario() -> list[str]:
        pool = QueryPool(store_dir, workers=2, lanes=1, depth=3)
        await pool.start()
        finished: list[str] = []

        async def run(name: str, sparql: str) -> None:
            reply, _ = await pool.execute(Job(sparql), 30)
            assert reply.status == 200
            finished.append(name)

        try:
            slow = asyncio.ensure_future(run("slow", SLOWISH))
            await asyncio.sleep(0)  # the slow job is sent first, to the one lane
            lane = pool._lanes.active[0]
            quick = asyncio.ensure_future(run("quick", QUICK))
            await asyncio.sleep(0)
            assert len(lane.channel.pending) == 2  # sent behind the slow job, to the same worker
            await asyncio.wait_for(asyncio.gather(slow, quick), 60)
        finally:
            await pool.close()
        return finished

    assert asyncio.run(scenario()) == ["quick", "slow"]


def test_a_worker_skips_a_job_taken_back_before_it_began() -> None:
    """The worker's inbox: a job taken back before it begins is answered as skipped; one already begun is not."""
    import pickle
    import socket

    from kg.sparql.server.inbox import Inbox

    ours, theirs = socket.socketpair()
    with ours, theirs:

        def frame(message: object) -> bytes:
            data = pickle.dumps(message)
            return len(data).to_bytes(4, "big") + data

        ours.sendall(frame((1, ("a",))) + frame((2, ("b",))) + frame((2, None)))
        inbox = Inbox(theirs)
        assert inbox.next() == (1, ("a",))
        assert inbox.next() == (2, None)
        ours.sendall(frame((3, ("c",))))
        assert inbox.next() == (3, ("c",))
        ours.sendall(frame((3, None)) + frame((4, ("d",))))  # too late for 3: it has begun
        assert inbox.next() == (4, ("d",))
        ours.close()
        assert inbox.next() is None


def test_a_lost_worker_is_replaced_once_even_while_replacements_fail(store_dir: Path, tmp_path: Path) -> None:
    """A worker killed while idle is replaced; a replacement that cannot open the store (moved away
    meanwhile) is tried again by the same loop, so the pool ends with as many workers as before."""
    import os
    import signal

    async def scenario() -> tuple[int, int]:
        pool = QueryPool(store_dir, workers=2)
        await pool.start()
        moved = tmp_path / "elsewhere"
        try:
            store_dir.rename(moved)
            os.kill(pool.pids[0], signal.SIGKILL)
            for _ in range(200):  # the first replacement fails (no store), then waits a second
                await asyncio.sleep(0.05)
                if len(pool._all) == 1 and pool._respawns:
                    break
            await asyncio.sleep(0.3)
        finally:
            moved.rename(store_dir)
        try:
            for _ in range(400):
                await asyncio.sleep(0.05)
                if len(pool._idle) == 2 and not pool._respawns:
                    break
            await asyncio.sleep(0.5)
            reply, _ = await asyncio.wait_for(pool.execute(Job(QUICK), 30), 60)
            return len(pool._all), reply.status
        finally:
            await pool.close()

    assert asyncio.run(scenario()) == (2, 200)


def _nice_values(pid: int, *, cpu: bool = False) -> dict[int, int]:
    """Each thread of process ``pid`` and its nice value (or its CPU time in ticks), from Linux's /proc."""
    values = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        values[int(task.name)] = int(fields[11]) + int(fields[12]) if cpu else int(fields[16])
    return values


def test_a_worker_runs_in_a_session_of_its_own(store_dir: Path) -> None:
    """Each worker is its own session, so its own scheduling group (Linux's autogroups): a runaway's
    CPU is charged to it, not to the server's group (see :mod:`kg.sparql.server.boot`)."""
    import os

    async def scenario() -> tuple[int, list[int]]:
        pool = QueryPool(store_dir, workers=2)
        await pool.start()
        try:
            reply, _ = await asyncio.wait_for(pool.execute(Job(QUICK), 30), 60)
            return reply.status, [os.getsid(pid) for pid in pool.pids] + pool.pids
        finally:
            await pool.close()

    status, sessions = asyncio.run(scenario())
    assert status == 200
    assert sessions[:2] == sessions[2:]  # each is the leader of its own session
    assert os.getsid(0) not in sessions


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread priorities from Linux's /proc")
def test_after_a_long_job_a_worker_goes_on_at_full_priority_without_being_replaced(store_dir: Path) -> None:
    """A job past ``RENICE_AFTER_CPU`` drops its thread to nice 19 for good; the worker then answers
    its next jobs on a fresh thread from its nursery (same process, nothing to start again)."""
    values = " ".join(str(i) for i in range(1000))
    long_job = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ 1 2 3 4 5 6 7 8 }} }}"

    async def scenario() -> tuple[bool, int, list[int], list[int]]:
        pool = QueryPool(store_dir, workers=1)
        await pool.start()
        try:
            before = pool.pids
            task = asyncio.ensure_future(pool.execute(Job(long_job), 60))
            lowered, groups = False, set()
            while not task.done():  # the busiest thread of the worker is the one running the long job
                await asyncio.sleep(0.01)
                cpu, nice = _nice_values(before[0], cpu=True), _nice_values(before[0])
                busiest = max(cpu, key=cpu.__getitem__)
                lowered = lowered or (busiest != before[0] and nice.get(busiest) == 19)
                groups.add(_group_nice(before[0]))
            reply, _ = await task
            assert reply.status == 200
            quick, _ = await asyncio.wait_for(pool.execute(Job(QUICK), 30), 60)
            await asyncio.sleep(0.2)  # a replacement, if one were asked for, would have begun
            return lowered, groups, _group_nice(before[0]), quick.status, before, pool.pids
        finally:
            await pool.close()

    lowered, groups, group_after, status, before, after = asyncio.run(scenario())
    assert lowered
    assert status == 200
    assert after == before
    if _autogroups():  # the worker's scheduling group was at the lowest weight during the job, and is back
        assert 19 in groups
        assert group_after == 0


def _autogroups() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1" and Path("/proc/self/autogroup").is_file()
    except OSError:
        return False


def _group_nice(pid: int) -> int | None:
    """The nice value of process ``pid``'s autogroup (``/autogroup-12 nice 19``), ``None`` without autogroups."""
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="Linux's parent-death signal")
def test_a_worker_busy_on_a_query_dies_with_its_server(store_dir: Path) -> None:
    """In a session of its own, a worker is not stopped with the server's process group; the kernel
    kills it when the server dies, even one busy on a query that would run for a minute."""
    import contextlib
    import os
    import signal
    import subprocess
    import sys
    import time

    values = " ".join(str(i) for i in range(1000))
    endless = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
    code = f"""
import asyncio, sys
from pathlib import Path
from kg.sparql.server.outcomes import Job
from kg.sparql.server.pool import QueryPool

async def main():
    pool = QueryPool(Path({str(store_dir)!r}), workers=1)
    await pool.start()
    asyncio.ensure_future(pool.execute(Job({endless!r}), 600))
    await asyncio.sleep(0.5)
    print(pool.pids[0], flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    worker = 0
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        server.kill()
        server.wait(30)
        for _ in range(200):
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)
    finally:
        server.kill()
        if worker:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


def test_a_replacement_is_taken_after_the_warm_workers(store_dir: Path) -> None:
    """A worker lost is replaced, and the replacement is the last idle worker taken: the others
    answered lately (their caches are warm), it has answered nothing yet."""
    import os
    import signal

    async def scenario() -> tuple[int, int, int]:
        pool = QueryPool(store_dir, workers=3)
        await pool.start()
        try:
            before, lost = set(pool.pids), pool._idle[0].pid
            os.kill(lost, signal.SIGKILL)
            for _ in range(400):
                await asyncio.sleep(0.05)
                if len(pool._idle) == 3 and lost not in pool.pids:
                    break
            fresh = (set(pool.pids) - before).pop()
            reply, _ = await asyncio.wait_for(pool.execute(Job(QUICK), 30), 60)
            return fresh, pool._idle[0].pid, reply.status
        finally:
            await pool.close()

    fresh, coldest, status = asyncio.run(scenario())
    assert status == 200
    assert coldest == fresh  # the job went to a warm worker; the replacement still waits at the cold end


def test_jobs_in_line_go_to_an_idle_worker_when_every_lane_is_stuck(store_dir: Path) -> None:
    """One lane of depth 2 gets a slow job, a quick one behind it, and a third waits in the pool's line.
    No lane answers while the slow job runs, so nothing used to look at the line again: both quick jobs
    waited for the slow one with a worker idle (the shape of the runaway rounds' stalls, serve10).
    Now the pool looks again when the lane turns old, and the idle worker answers both first."""

    async def scenario() -> list[str]:
        pool = QueryPool(store_dir, workers=2, lanes=1, depth=2)
        await pool.start()
        finished: list[str] = []

        async def run(name: str, sparql: str) -> None:
            reply, _ = await pool.execute(Job(sparql), 30)
            assert reply.status == 200
            finished.append(name)

        try:
            slow = asyncio.ensure_future(run("slow", SLOWISH))
            await asyncio.sleep(0)
            lane = pool._lanes.active[0]
            behind = asyncio.ensure_future(run("behind", QUICK))
            await asyncio.sleep(0)
            queued = asyncio.ensure_future(run("queued", QUICK))
            await asyncio.sleep(0)
            assert len(lane.channel.pending) == 2 and len(pool._waiters) == 1  # the lane is full, one in line
            await asyncio.wait_for(asyncio.gather(slow, behind, queued), 60)
        finally:
            await pool.close()
        return finished

    assert asyncio.run(scenario())[-1] == "slow"
