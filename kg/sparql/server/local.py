"""Light queries answered in the front itself, once workers have measured them light.

Why: over keep-alive, a light query costs kg about 55 µs in the engine and
about 45 µs more for the hop to a query worker and back (two processes
woken, the job and the reply framed, sent and read, a deadline armed and
cancelled), more than the engine's own work. The hop is what gives the
hard time limit, the memory cap and the network sandbox, so a query keeps
to the workers until those are proven not to matter for it:

* **Light by measurement, not by guess.** The store a front serves without
  a live folder never changes, and a query on an unchanging store does the
  same work every time. A job (the exact text, formats, row cap and
  dataset: :class:`~kg.sparql.server.outcomes.Job`) is answered in the front
  only after :data:`PROOF_RUNS` runs on workers each used at most
  :data:`LIGHT_CPU` seconds of CPU and answered at most :data:`LIGHT_BYTES`
  of body, with status 200. No time limit can be reached by such a job,
  and the memory it can touch is bounded by the little time it runs. A
  query whose text may call for randomness or the clock (``RAND``, ``NOW``,
  ``UUID``, ``STRUUID``, ``BNODE``, or a ``\\u`` escape) is never proven; nor is any job while
  the front serves a live store folder (another process may change it).
  Every run in the front is measured too: one over :data:`LIGHT_CPU` sends
  the job back to the workers for good.
* **The front is confined like a worker.** Only a front whose process
  cannot open a network socket (:func:`kg.sparql.sandbox.deny_network`,
  which ``kg serve`` calls once it has bound its port) answers any job
  itself; the guard (:func:`kg.sparql.safety.inspect_query`, through
  :func:`kg.sparql.server.worker.answer`) decides each text as in a worker.
  A server started in a library process (``make_server().start()``), which
  kg must not lock down, never answers in the front.
* **Results are never reused**: the engine runs for every request. What is
  remembered is a verdict about a text's cost, not its answer (the result
  cache, :mod:`kg.sparql.server.cache`, is a separate option).

A front answers a proven job itself only when the job would otherwise wait
in the pool's line for a worker (every lane full, see
:meth:`kg.sparql.server.pool.QueryPool.would_wait`): the workers keep the
other cores busy with their lines of jobs, and the front takes the rest
instead of queueing it. Measured with ``scripts/profile_serve.py`` (50
keep-alive clients, the light mix): answering in the front whenever a
worker's line held two jobs or more left the workers idle while the front
ran a loop turn's worth of queries, and gave less throughput.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.sparql.run import store_graphs
from kg.sparql.sandbox import network_denied
from kg.sparql.server.held import open_served
from kg.sparql.server.outcomes import Job, Reply
from kg.sparql.server.worker import answer

__all__ = ["LIGHT_BYTES", "LIGHT_CPU", "PROOF_RUNS", "TURN_BUDGET", "FrontEngine", "LightJobs"]
#: CPU seconds a run may use, on a worker or in the front, for its job to count as light.
LIGHT_CPU = 0.001
#: Largest body (bytes) of a light job's answer.
LIGHT_BYTES = 64 * 1024
#: Light runs on workers before a job is answered in the front.
PROOF_RUNS = 2
#: CPU seconds the front may spend answering jobs itself in one turn of its event loop; past it,
#: jobs wait for a worker as before, and the turn ends sooner, so the workers' answers are read
#: and their lines refilled (see the module's docstring).
TURN_BUDGET = 0.0005
#: The front leaves every job to the workers while it waits for a CPU more than this share of the
#: time it runs (over the last :data:`LOOK_EVERY` seconds): on a machine whose cores are taken, the
#: front is one scheduling group (as is each worker, see :mod:`kg.sparql.server.boot`) and gets
#: only its share of a core; work it took on itself would wait there.
CONTENDED = 0.5
LOOK_EVERY = 0.1
#: Jobs remembered at most (a full memo starts again empty).
MEMO_SIZE = 4096
#: Functions whose result changes from run to run (and any ``\\u`` escape, which could spell one):
#: such a query is never proven light.
_UNSTABLE = re.compile(r"RAND|NOW|UUID|BNODE|\\u", re.IGNORECASE)
_PROVEN = -1


class LightJobs:
    """What the workers' measurements say about each job: runs seen light so far, or proven.

    >>> jobs = LightJobs(confined=lambda: True)
    >>> job = Job("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    >>> jobs.measured(job, 200, 120, 0.0002); jobs.proven(job)
    False
    >>> jobs.measured(job, 200, 120, 0.0003); jobs.proven(job)
    True
    >>> jobs.measured(job, 200, 120, 0.5); jobs.proven(job)  # a slow run, anywhere: back to the workers
    False
    >>> jobs.measured(Job("SELECT (RAND() AS ?r) {}"), 200, 80, 0.0001)  # never proven: see _UNSTABLE
    """

    def __init__(self, confined: Any = network_denied) -> None:
        self._confined = confined
        self._runs: dict[tuple[Any, ...], int] = {}

    def proven(self, job: tuple[Any, ...]) -> bool:
        """Whether ``job`` may be answered in the front."""
        return self._runs.get(job) == _PROVEN

    def measured(self, job: tuple[Any, ...], status: int, size: int, cpu: float) -> None:
        """One run of ``job`` (on a worker or in the front): its status, body size and CPU seconds.

        A run that is not light sends the job back to the workers, to be proven again from naught.
        """
        if status != 200 or size > LIGHT_BYTES or cpu > LIGHT_CPU:
            self._runs.pop(job, None)
            return
        runs = self._runs.get(job, 0)
        if runs == _PROVEN:
            return
        if runs == 0:
            if _UNSTABLE.search(job[0]):
                return
            if len(self._runs) >= MEMO_SIZE:
                self._runs.clear()
        runs += 1
        self._runs[job] = _PROVEN if runs >= PROOF_RUNS and self._confined() else runs


class FrontEngine:
    """The served store opened read-only in the front, to answer proven-light jobs on the calling thread.

    Args:
        store_dir: the store folder or N-Quads copy the workers query (never a live folder; see
            :func:`kg.sparql.server.held.open_served`).
    """

    def __init__(self, store_dir: Path, turn_budget: float = TURN_BUDGET) -> None:
        self.store_dir = Path(store_dir)
        self.jobs = LightJobs()
        self.turn_budget = turn_budget
        self.answered = 0  #: jobs answered in the front (for tests and monitoring)
        self._store: ox.Store | None = None
        self._graphs: frozenset[str] = frozenset()
        self._spent = 0.0  # CPU seconds of this turn of the event loop spent answering here
        self._turn: asyncio.Handle | None = None
        self.contended = False  #: the front waited for a CPU more than CONTENDED of the time it ran, lately
        self._look: asyncio.TimerHandle | None = None
        self._clock = (0, 0)

    def may_answer(self, job: tuple[Any, ...]) -> bool:
        """Whether ``job`` is proven light, the front has a CPU to itself and this turn of the event loop has budget left."""
        return not self.contended and self._spent < self.turn_budget and self.jobs.proven(job)

    def open(self) -> None:
        """Open (or load) the store now: ``kg serve`` does once it has confined the front, before it
        answers anything, so the first query answered here does not wait for a graph to load."""
        if self._store is None:
            self._store = open_served(self.store_dir)
            self._graphs = store_graphs(self._store)

    def answer(self, job: Job) -> Reply:
        """Run ``job`` here (it must be :meth:`LightJobs.proven`) and measure it."""
        if self._store is None:
            self.open()
        assert self._store is not None
        began = time.thread_time()
        reply = answer(self._store, self._graphs, job)
        cpu = time.thread_time() - began
        self.jobs.measured(job, reply.status, len(reply.body), cpu)
        self.answered += 1
        self._spent += cpu
        if self._turn is None:
            self._turn = asyncio.get_running_loop().call_soon(self._next_turn)
            if self._look is None:
                self._look_at_the_cpu()
        return reply

    def _next_turn(self) -> None:
        self._spent = 0.0
        self._turn = None

    def _look_at_the_cpu(self) -> None:
        """Every :data:`LOOK_EVERY` s, on the loop's thread: did it wait for a CPU more than :data:`CONTENDED` of the time it ran?"""
        clock = _run_and_wait()
        run, wait = clock[0] - self._clock[0], clock[1] - self._clock[1]
        self._clock = clock
        self.contended = run > 0 and wait > CONTENDED * run
        self._look = asyncio.get_running_loop().call_later(LOOK_EVERY, self._look_at_the_cpu)


def _run_and_wait() -> tuple[int, int]:
    """Nanoseconds this thread has run, and waited runnable for a CPU (Linux's schedstat; zeros elsewhere)."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as stat:
            run, wait, _ = stat.read().split()
    except (OSError, ValueError):
        return 0, 0
    return int(run), int(wait)
