"""The query pool when callers leave: a job whose caller went away still frees its worker.

Why: the pool awaits a worker's reply directly (no ``asyncio.shield``), so a
caller that is cancelled cancels that wait; the reply that comes later must
reach the pool through the channel's orphan hook, or the worker would never
be idle again. A short job is left to finish (same worker afterwards), a long
one is stopped (a new worker).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sparql.server.outcomes import Job
from kg.sparql.server.pool import QueryPool
from kg.sparql.store import open_graph

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
VALUES = " ".join(str(i) for i in range(400))
SLOWISH = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ 1 2 3 4 5 6 7 8 }} }}"
QUICK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pool") / "store"
    store = ox.Store(str(folder))
    store.bulk_extend(open_graph(SAMPLE))
    store.flush()
    del store
    return folder


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
