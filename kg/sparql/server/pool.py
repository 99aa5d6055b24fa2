"""The query workers seen from the server: a pool with a queue, hard time and memory limits.

Why one module: the idle workers, the lanes, the waiting line and the
timers are one state on one event loop, changed together by every job.

Why this shape (each point is something the old thread-per-request server
got wrong under load):

* **Asynchronous**: the HTTP server runs on one event loop, and so does the
  pool: a job is a frame written to a worker's socket and a future resolved
  when the reply frame arrives. No thread per request, no thread per wait.
* **A hard stop at the time limit**: a timer kills the worker at the
  deadline (Oxigraph cannot cancel a query); the caller gets
  :class:`~kg.sparql.server.outcomes.WorkerTimeout` and a fresh worker takes
  the place in the background.
* **A hard memory cap**: workers cap their own address space (see
  :mod:`kg.sparql.server.worker`); a worker that dies on a job at its cap is
  reported as :class:`~kg.sparql.server.outcomes.MemoryLimit`, with the
  engine's own last words in the log.
* **Runaways do not starve the others**: there are more workers than cores
  by default, and a worker lowers the CPU priority of a job that has used
  50 ms of CPU (see :mod:`kg.sparql.server.worker`), so light queries on the
  other workers keep their latency while a runaway burns only idle CPU
  until its timeout. The replacement of a worker killed at a limit is the
  last idle worker taken: the others answered lately, their caches are warm.
* **Lanes, the warmest workers first**: light traffic keeps to one busy
  worker per core (:data:`LANES`), each sent up to :data:`DEPTH` jobs at
  once; a job waiting behind one that has run for :data:`MOVE_AFTER` goes
  to another worker (see :mod:`kg.sparql.server.lanes`).
* **A bounded queue**: requests wait for a worker in FIFO order; past
  ``queue_size`` waiting, or past the timeout, the caller gets
  :class:`~kg.sparql.server.outcomes.QueueFull` /
  :class:`~kg.sparql.server.outcomes.PoolBusy` at once (the endpoint answers
  503 with ``Retry-After``).
* **A fresh snapshot on demand**: :meth:`QueryPool.refresh` retires every
  worker (after its current job), so a store folder that ``kg build --store``
  changed is reopened; :attr:`QueryPool.generation` tells results of the old
  and the new state apart.

Everything here must be called from the event loop the pool was started on.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.sparql.server.lanes import Lanes, Moved
from kg.sparql.server.outcomes import Job, PoolBusy, QueueFull, Reply
from kg.sparql.server.process import Entry, ServerError, WorkerProcess

__all__ = [
    "DEFAULT_MAX_MEMORY_MB",
    "DEFAULT_QUEUE",
    "DEFAULT_WORKERS",
    "DEPTH",
    "LANES",
    "MOVE_AFTER",
    "READY_TIMEOUT",
    "SLOW_AFTER",
    "QueryPool",
    "ServerError",
]

#: Workers by default: four more than the cores, so a couple of runaways never take them all
#: and light queries keep as many workers as cores while they run (at most 16: each idles at about 50 MB).
DEFAULT_WORKERS = min(16, (os.cpu_count() or 2) + 4)
#: Address space a worker may use, in MB. About 380 MB of it is reserved before any query
#: (mostly the untouched 256 MiB query stack); the rest is for queries.
DEFAULT_MAX_MEMORY_MB = 1024
#: Requests that may wait for a free worker before the next one is turned away.
DEFAULT_QUEUE = 256
#: How long a (re)started worker may take to open the store.
READY_TIMEOUT = 120.0
#: Seconds after which a query whose client went away is not worth finishing.
SLOW_AFTER = 0.5
#: Workers that light traffic keeps busy (one per core), and jobs sent to one at once.
LANES = os.cpu_count() or 2
DEPTH = 8
#: Seconds a worker's current job may run before the jobs waiting behind it go to other workers.
MOVE_AFTER = 0.02
#: How long after a lane turns old the pool looks at its line: uvloop's timers have millisecond steps, and one that
#: fired a hair early would find the lane still young and be armed again at once, until the clock moved on.
_LOOK_SLACK = 0.001


class QueryPool:
    """Worker processes sharing one read-only Oxigraph store folder.

    Args:
        store_dir: the store folder the workers open read-only, or the N-Quads copy they load into
            memory (:func:`kg.sparql.server.held.open_served`).
        workers: worker processes (queries that can run at once).
        max_memory_mb: address-space cap of each worker; 0: none.
        queue_size: requests that may wait for a worker.
        slow_after: seconds after which a query whose client went away is stopped
            rather than left to finish.
        lanes, depth: see :data:`LANES` and :data:`DEPTH` (``depth=1``: one job per worker at a time).
        log: gets one line per event worth telling (a worker lost, a respawn failing).

    Use from the event loop: ``await pool.start()``, ``await pool.execute(job,
    timeout)``, ``await pool.close()``.
    """

    def __init__(
        self,
        store_dir: Path,
        *,
        workers: int = DEFAULT_WORKERS,
        max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
        queue_size: int = DEFAULT_QUEUE,
        slow_after: float = SLOW_AFTER,
        lanes: int | None = None,
        depth: int | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        if queue_size < 0:
            raise ValueError("the queue size cannot be negative")
        self.store_dir = Path(store_dir)
        self.size = workers
        self.max_memory_mb = max_memory_mb
        self.queue_size = queue_size
        self.slow_after = slow_after
        self.move_after = MOVE_AFTER
        self._lanes = Lanes(LANES if lanes is None else lanes, DEPTH if depth is None else depth, MOVE_AFTER)
        #: Bumped by :meth:`refresh`; a reply's generation says which state of the store it read.
        self.generation = 0
        self._log = log or (lambda message: None)
        self._idle: collections.deque[WorkerProcess] = collections.deque()  # nothing to do
        # requests waiting for a worker: (future, job, timeout, when it gives up)
        self._waiters: collections.deque[tuple[asyncio.Future[tuple[WorkerProcess, Entry]], tuple[Any, ...], float, float]] = collections.deque()
        self._give_up: asyncio.TimerHandle | None = None
        self._all: set[WorkerProcess] = set()
        self._ids = itertools.count(1)
        self._sweeper: asyncio.TimerHandle | None = None
        self._repump: asyncio.TimerHandle | None = None  # a look at the line when a lane turns old (see _pump)
        self._respawns: set[asyncio.Task[None]] = set()
        self._closed = False
        #: Told of every job a worker ran: ``(job fields, status, body size, CPU seconds)`` (see :mod:`kg.sparql.server.local`).
        self.measured: Callable[[tuple[Any, ...], int, int, float], None] | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        fresh = [self._spawn() for _ in range(self.size)]
        try:
            await asyncio.gather(*(worker.connect(READY_TIMEOUT) for worker in fresh))
        except BaseException:
            await self.close()
            raise
        self._idle.extend(fresh)

    async def close(self) -> None:
        """Stop every worker; requests still waiting get :class:`PoolBusy`."""
        self._closed = True
        respawns = list(self._respawns)
        for task in respawns:
            task.cancel()
        await asyncio.gather(*respawns, return_exceptions=True)
        for timer in (self._sweeper, self._give_up, self._repump):
            if timer is not None:
                timer.cancel()
        while self._waiters:
            waiter = self._waiters.popleft()[0]
            if not waiter.done():
                waiter.set_exception(PoolBusy("the server is shutting down"))
        workers = list(self._all)
        self._all.clear()
        self._idle.clear()
        self._lanes.active.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.reap()

    def refresh(self) -> None:
        """Retire every worker, so the next jobs run on the store as it is now.

        Idle workers are replaced at once, busy ones after their job.
        """
        self.generation += 1
        stale = list(self._idle)
        self._idle.clear()
        for worker in stale:
            self._retire(worker)

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers (for monitoring)."""
        return sorted(worker.pid for worker in self._all)

    # ------------------------------------------------------------------ workers in and out

    def _spawn(self) -> WorkerProcess:
        worker = WorkerProcess(self.store_dir, self.max_memory_mb, self.generation, self._log)
        worker.channel.on_answer = lambda message: self._on_answer(worker, message)
        worker.channel.on_lost = lambda: self._on_lost(worker)
        self._all.add(worker)
        return worker

    def _submit(self, worker: WorkerProcess, fields: tuple[Any, ...], timeout: float) -> Entry:
        """Send a job to ``worker``; it starts now if the worker had nothing else to do."""
        loop = asyncio.get_running_loop()
        entry = Entry(next(self._ids), loop.create_future(), timeout, fields)
        channel = worker.channel
        channel.pending.append(entry)
        if not channel.send((entry.ident, fields)):  # the worker is gone: the job never began, it goes elsewhere
            channel.pending.remove(entry)
            entry.future.set_exception(Moved())
        elif len(channel.pending) == 1:
            self._begin(worker, entry, loop)
        elif self._sweeper is None:
            self._sweeper = loop.call_later(self.move_after / 2, self._sweep)
        return entry

    def _begin(self, worker: WorkerProcess, entry: Entry, loop: asyncio.AbstractEventLoop) -> None:
        """``entry`` is the worker's current job from now: its time limit runs."""
        entry.started = loop.time()
        entry.deadline = loop.call_later(entry.timeout, worker.expire)

    def _on_answer(self, worker: WorkerProcess, message: tuple[int, Any, bool, float]) -> None:
        """A worker's answer to its first pending job: to the caller, and the worker's next job begins."""
        ident, fields, retiring, cpu = message
        pending = worker.channel.pending
        if not pending or pending[0].ident != ident:  # never: the worker answers in order
            self._log(f"kg serve: worker {worker.pid} answered out of turn; it was replaced")
            self._retire(worker)
            return
        entry = pending.popleft()
        if entry.deadline is not None:
            entry.deadline.cancel()
        if not entry.dropped and not entry.future.done():
            if fields is None:  # skipped, though never taken back: cannot happen, but must not hang
                entry.future.set_exception(Moved())
            else:
                entry.future.set_result(fields)
        if fields is not None and self.measured is not None and worker.generation == self.generation:
            self.measured(entry.job, fields[0], len(fields[1]), cpu)
        if retiring:  # reniced by a long job: the jobs behind it go elsewhere
            worker.retiring = True
        if worker not in self._all:
            pass  # retired meanwhile: the jobs still pending move when its socket closes
        elif worker.retiring or worker.generation != self.generation:
            self._retire(worker)
        elif pending:
            self._begin(worker, pending[0], asyncio.get_running_loop())
        else:
            self._lanes.discard(worker)
            self._idle.append(worker)
        self._pump()

    def _on_lost(self, worker: WorkerProcess) -> None:
        """The worker's socket closed (killed, crashed): its current job fails, the others move."""
        if worker in self._all and worker.ready:
            self._retire(worker)  # one that never got ready is the starter's to repeat (start, _replace)
        pending = worker.channel.pending
        while pending:
            entry = pending.popleft()
            if entry.deadline is not None:
                entry.deadline.cancel()
            if not entry.dropped and not entry.future.done():
                entry.future.set_exception(EOFError("the worker closed its socket") if entry.started is not None else Moved())
        self._pump()

    def _sweep(self) -> None:
        """Move the jobs waiting behind a worker's slow current job to other workers."""
        self._sweeper = None
        loop = asyncio.get_running_loop()
        if self._lanes.take_back(loop.time()):
            self._sweeper = loop.call_later(self.move_after / 2, self._sweep)

    def _pump(self) -> None:
        """Hand waiting jobs to workers with room; if none has room but a worker is idle, look again
        when the oldest young lane turns old.

        Why the second look: the line is otherwise pumped when a worker answers, is lost or gets
        ready. When every lane's current job is slow (a runaway resent just after its worker was
        killed lands in a lane), no lane answers, and the waiting jobs, and those taken back from
        behind the slow ones, stayed in line with workers idle until a replacement got ready:
        all 50 light clients waited 0.1–0.9 s after each pair of runaways was killed (serve10).
        """
        if not self._waiters or self._closed:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._waiters:
            waiter, fields, timeout, _ = self._waiters[0]
            if waiter.done():
                self._waiters.popleft()
                continue
            worker = self._lanes.choose(self._idle, now, self.generation)
            if worker is None:
                if self._idle and self._repump is None:
                    opening = self._lanes.next_opening(now, self.generation)
                    if opening is not None:
                        self._repump = loop.call_at(opening + _LOOK_SLACK, self._look_again)
                return
            self._waiters.popleft()
            waiter.set_result((worker, self._submit(worker, fields, timeout)))

    def _look_again(self) -> None:
        self._repump = None
        self._pump()

    def _retire(self, worker: WorkerProcess) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        self._all.discard(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        self._lanes.discard(worker)
        worker.kill()
        threading.Thread(target=worker.reap, name="kg-reap", daemon=True).start()
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._replace())
            self._respawns.add(task)
            task.add_done_callback(self._respawns.discard)

    async def _replace(self) -> None:
        """Start one worker, retrying with a growing pause: the pool must not shrink for good."""
        pause = 1.0
        while not self._closed:
            worker: WorkerProcess | None = None
            try:
                worker = self._spawn()
                await worker.connect(READY_TIMEOUT)
            except (ServerError, OSError) as error:
                if worker is not None:  # it started but never got ready: not a worker of the pool
                    self._all.discard(worker)
                self._log(f"kg serve: could not replace a query worker ({error}); trying again in {pause:g} s")
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            if worker in self._all:
                self._idle.appendleft(worker)  # the coldest: taken after the workers that answered lately
                self._pump()
            return

    # ------------------------------------------------------------------ one job

    def would_wait(self) -> bool:
        """Whether a job sent now would wait in the pool's line for a worker (every lane full, none may open)."""
        if self._waiters:
            return True
        return self._lanes.full(self._idle, asyncio.get_running_loop().time(), self.generation)

    async def _place(self, fields: tuple[Any, ...], timeout: float, moved: bool = False) -> tuple[WorkerProcess, Entry]:
        """Send the job to a worker with room, waiting in line for one if need be (first in line if ``moved``: it has waited)."""
        if self._closed:
            raise PoolBusy("the server is shutting down")
        loop = asyncio.get_running_loop()
        if not self._waiters:
            worker = self._lanes.choose(self._idle, loop.time(), self.generation)
            if worker is not None:
                return worker, self._submit(worker, fields, timeout)
        if len(self._waiters) >= self.queue_size and not moved:  # a moved job was let in already
            raise QueueFull(f"{len(self._waiters)} requests already wait for a query worker; try again shortly", retry_after=1)
        waiter: asyncio.Future[tuple[WorkerProcess, Entry]] = loop.create_future()
        (self._waiters.appendleft if moved else self._waiters.append)((waiter, fields, timeout, loop.time() + timeout))
        if self._give_up is None:
            self._give_up = loop.call_later(timeout, self._expire_waiters)
        if self._idle and self._repump is None:
            # no look at the line is due: a lane may have turned old since the last (or arm the look for when one does);
            # with one due, nothing but time (or an answer, which pumps) can give this job a worker sooner
            self._pump()
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                worker, entry = waiter.result()  # handed a worker just as the caller left
                self._abandon(worker, entry)
            raise

    def _expire_waiters(self) -> None:
        """Turn away the requests that waited their timeout for a worker (:class:`PoolBusy`).

        One timer for the whole line, set for its first request: requests
        wait in order and the server gives all the same timeout, so the first
        in line is the first to expire (a timer per request cost the front
        two timer operations per queued request).
        """
        self._give_up = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._waiters:
            waiter, _, timeout, until = self._waiters[0]
            if not waiter.done() and until > now:
                self._give_up = loop.call_later(until - now, self._expire_waiters)
                return
            self._waiters.popleft()
            if not waiter.done():
                message = f"all {self.size} query workers stayed busy for {timeout:g} s; try again"
                waiter.set_exception(PoolBusy(message, retry_after=max(1, round(timeout))))

    async def execute(self, job: Job, timeout: float) -> tuple[Reply, int]:
        """Run ``job`` on a worker within ``timeout`` seconds (waiting for one counts separately).

        Returns:
            The worker's reply, and the pool generation it was computed in.

        Raises:
            QueueFull: too many requests already wait for a worker.
            PoolBusy: no worker became free within ``timeout``.
            WorkerTimeout: the job ran past ``timeout`` (its worker was killed).
            MemoryLimit: the worker reached its memory cap on the job.
            WorkerCrashed: the worker died on the job.
        """
        fields = tuple(job)  # plain tuples both ways: they pickle ten times faster
        moved = False
        while True:
            worker, entry = await self._place(fields, timeout, moved)
            try:
                return Reply(*await entry.future), worker.generation
            except Moved:
                moved = True  # it never began where it was sent: it goes to another worker
            except EOFError:
                raise await worker.death(timeout, self.max_memory_mb) from None
            except asyncio.CancelledError:
                self._abandon(worker, entry)
                raise

    def _abandon(self, worker: WorkerProcess, entry: Entry) -> None:
        """The caller of ``entry`` left: a job not begun is skipped; a short one may finish; a long one is stopped."""
        if entry.dropped or (entry.future.done() and not entry.future.cancelled()):
            return  # its answer came as the caller left (the wait for it is what was cancelled)
        entry.dropped = True
        if entry.started is None:
            worker.channel.send((entry.ident, None))
        elif asyncio.get_running_loop().time() - entry.started >= self.slow_after and worker in self._all:
            self._retire(worker)
