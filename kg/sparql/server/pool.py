"""The query workers seen from the server: a pool with a queue, hard time and memory limits.

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
  by default, and a worker lowers the CPU priority of a job that has used a
  quarter second of CPU (see :mod:`kg.sparql.server.worker`), so light
  queries on the other workers keep their latency while a runaway burns only
  idle CPU until its timeout. Such a worker asks to be replaced after its
  job (an unprivileged process cannot raise its priority back).
* **The warmest worker first**: an idle worker is taken last in, first out,
  so light traffic keeps to the few workers whose caches are warm instead
  of rotating through all of them.
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
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.sparql.server.outcomes import Job, MemoryLimit, PoolBusy, QueueFull, Reply, WorkerCrashed, WorkerTimeout
from kg.sparql.server.process import ServerError, WorkerProcess

__all__ = [
    "DEFAULT_MAX_MEMORY_MB",
    "DEFAULT_QUEUE",
    "DEFAULT_WORKERS",
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


class QueryPool:
    """Worker processes sharing one read-only Oxigraph store folder.

    Args:
        store_dir: the store the workers open read-only.
        workers: worker processes (queries that can run at once).
        max_memory_mb: address-space cap of each worker; 0: none.
        queue_size: requests that may wait for a worker.
        slow_after: seconds after which a query whose client went away is stopped
            rather than left to finish.
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
        #: Bumped by :meth:`refresh`; a reply's generation says which state of the store it read.
        self.generation = 0
        self._log = log or (lambda message: None)
        self._idle: collections.deque[WorkerProcess] = collections.deque()
        self._waiters: collections.deque[asyncio.Future[WorkerProcess]] = collections.deque()
        self._all: set[WorkerProcess] = set()
        self._respawns: set[asyncio.Task[None]] = set()
        self._closed = False

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

    def _spawn(self) -> WorkerProcess:
        worker = WorkerProcess(self.store_dir, self.max_memory_mb, self.generation, self._log)
        self._all.add(worker)
        return worker

    async def close(self) -> None:
        """Stop every worker; requests still waiting get :class:`PoolBusy`."""
        self._closed = True
        respawns = list(self._respawns)
        for task in respawns:
            task.cancel()
        await asyncio.gather(*respawns, return_exceptions=True)
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(PoolBusy("the server is shutting down"))
        workers = list(self._all)
        self._all.clear()
        self._idle.clear()
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

    async def _acquire(self, timeout: float) -> WorkerProcess:
        if self._closed:
            raise PoolBusy("the server is shutting down")
        if self._idle:
            # the most recently used worker: its caches are warm; rotating through all of
            # them made every light query pay for a cold process (about 60 µs of CPU more)
            return self._idle.pop()
        if len(self._waiters) >= self.queue_size:
            raise QueueFull(f"{len(self._waiters)} requests already wait for a query worker; try again shortly", retry_after=1)
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[WorkerProcess] = loop.create_future()
        self._waiters.append(waiter)

        def give_up() -> None:
            if not waiter.done():
                waiter.set_exception(
                    PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s; try again", retry_after=max(1, round(timeout)))
                )

        timer = loop.call_later(timeout, give_up)
        try:
            return await waiter
        except BaseException:
            # given up or cancelled: still queued, unless a worker was handed over just before
            # (then it goes back, or it would be lost to the pool)
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            elif waiter in self._waiters:  # never remove() a missing future: its error message reprs it
                self._waiters.remove(waiter)
            raise
        finally:
            timer.cancel()

    def _release(self, worker: WorkerProcess) -> None:
        """A worker is free: hand it to the first waiter, or put it back."""
        if self._closed or worker not in self._all:
            return
        if worker.retiring or worker.generation != self.generation:
            self._retire(worker)
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _retire(self, worker: WorkerProcess) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        threading.Thread(target=worker.reap, name="kg-reap", daemon=True).start()
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._replace())
            self._respawns.add(task)
            task.add_done_callback(self._respawns.discard)

    async def _replace(self) -> None:
        """Start one worker, retrying with a growing pause: the pool must not shrink for good."""
        pause = 1.0
        while not self._closed:
            try:
                worker = self._spawn()
                await worker.connect(READY_TIMEOUT)
            except (ServerError, OSError) as error:
                self._log(f"kg serve: could not replace a query worker ({error}); trying again in {pause:g} s")
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            self._release(worker)
            return

    # ------------------------------------------------------------------ one job

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
        worker = await self._acquire(timeout)
        loop = asyncio.get_running_loop()
        deadline: asyncio.TimerHandle | None = loop.call_later(timeout, worker.expire)
        worker.busy_since = loop.time()
        reply_future = worker.channel.send(tuple(job))  # plain tuples both ways: they pickle ten times faster
        try:
            fields, worker.retiring = await reply_future
            reply = Reply(*fields)
        except EOFError:
            raise await self._lost(worker, timeout) from None
        except asyncio.CancelledError:
            # the caller went away (client disconnected): a short job may finish and
            # free its worker (its reply goes to the channel's orphan hook); a long one
            # is not worth the CPU
            timer, deadline = deadline, None
            assert timer is not None
            if reply_future.done() and not reply_future.cancelled():  # the reply came as the caller left
                self._after_abandoned(worker, reply_future.exception() or reply_future.result(), timer)
            elif loop.time() - worker.busy_since >= self.slow_after:
                self._retire(worker)
                timer.cancel()
            else:
                worker.channel.orphan = lambda outcome: self._after_abandoned(worker, outcome, timer)
            raise
        finally:
            if deadline is not None:
                deadline.cancel()
        self._release(worker)
        return reply, worker.generation

    def _after_abandoned(self, worker: WorkerProcess, outcome: Any, deadline: asyncio.TimerHandle) -> None:
        """The end of a job whose caller left: its reply (the worker is free) or an error (it is replaced)."""
        deadline.cancel()
        if isinstance(outcome, BaseException):
            if worker in self._all:
                self._retire(worker)
            return
        worker.retiring = bool(outcome[1])
        self._release(worker)

    async def _lost(self, worker: WorkerProcess, timeout: float) -> Exception:
        """Why the worker of a job died, as the exception to raise; a replacement is on its way."""
        self._retire(worker)
        if worker.expired:
            return WorkerTimeout(f"query timed out after {timeout:g} s and was stopped")
        status = await worker.exit_status()
        words = " ".join(worker.last_words)
        memory = "memory allocation" in words or "MemoryError" in words or "out of memory" in words.lower()
        if self.max_memory_mb and (memory or status == -signal.SIGABRT):
            self._log(f"kg serve: a query reached the memory limit of {self.max_memory_mb:,} MB; worker {worker.pid} was replaced")
            return MemoryLimit(f"the query needed more memory than a query worker may use ({self.max_memory_mb:,} MB) and was stopped")
        how = f"signal {-status}" if status is not None and status < 0 else f"status {status}"
        self._log(f"kg serve: worker {worker.pid} died on a query ({how}); it was replaced")
        return WorkerCrashed("the query crashed its worker process; the server carries on")
