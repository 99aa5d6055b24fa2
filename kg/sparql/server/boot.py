"""The first lines a query worker runs: its query thread at full priority, its slow start at the lowest.

Why: a worker is started when the server starts, and again each time one is
replaced: after a runaway was killed at its time limit or died at the
memory cap, after a long query. Its start (the interpreter importing the
engine and kg's query code, opening the store) costs about 80 ms of CPU on
an idle machine, several times that on a busy one, and it comes exactly
while light queries are being answered on the other workers. At full
priority it took its share of the CPU from them.

Nice values are per thread on Linux, and a new thread starts at its
creator's. So this module, which imports nothing heavy, first starts the
thread that will run every query (at the priority the worker was started
with, and with the big stack the engine needs), then lowers its own thread,
the main one, to the lowest priority and does the slow part there:
importing :mod:`kg.sparql.server.worker`, capping the address space,
denying the network, opening the store (see
:func:`kg.sparql.server.worker.prepare`). Only then is the query thread let
go, so no query runs before the cap and the seccomp filter are in place
(the filter covers every thread of the process, present and future).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
from collections.abc import Callable

__all__ = ["LOWEST_PRIORITY", "STACK_BYTES", "WORKER_CODE", "Nursery", "boot"]

#: Stack of the thread that runs queries (see :func:`kg.sparql.run._on_big_stack`).
STACK_BYTES = 256 * 1024 * 1024
#: The nice value of a worker's start, and of a job that runs too long (see :mod:`kg.sparql.server.worker`).
LOWEST_PRIORITY = 19
#: What a worker interpreter runs: ``python -c WORKER_CODE FD STORE_DIR MAX_MEMORY_MB``.
WORKER_CODE = "import sys; from kg.sparql.server.boot import boot; boot(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))"
_SMALL_STACK = 256 * 1024


class Nursery:
    """A thread at the worker's starting priority that starts the worker's other threads.

    Why: a job that runs too long is moved to the lowest priority (see
    :mod:`kg.sparql.server.worker`), and an unprivileged thread cannot raise
    its priority back. Rather than replace the whole worker after such a job
    (a new interpreter, the store opened again, on every query of a few tens
    of milliseconds), the worker answers its next jobs on a fresh thread
    started here, at the priority it was started with. This thread does
    nothing else: a small stack, asleep in between.
    """

    def __init__(self) -> None:
        self.native_id = 0
        #: Set when a thread started here ends without handing its work on: the worker is done.
        self.finished = threading.Event()
        self._orders: queue.SimpleQueue[tuple[Callable[[], bool], int, queue.SimpleQueue[bool]]] = queue.SimpleQueue()
        ready = threading.Event()
        threading.stack_size(_SMALL_STACK)
        try:
            threading.Thread(target=self._run, args=(ready,), name="kg-nursery", daemon=True).start()
        finally:
            threading.stack_size(0)
        ready.wait()

    def start(self, work: Callable[[], bool], *, stack: int = STACK_BYTES) -> bool:
        """Run ``work`` on a new thread with a ``stack``-byte stack; ``False`` if none can be started (the memory cap).

        ``work`` returns ``True`` when it handed its job on to another thread
        started here; when it returns anything else, or raises, the worker is
        :attr:`finished`.
        """
        started: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._orders.put((work, stack, started))
        return started.get()

    def _run(self, ready: threading.Event) -> None:
        self.native_id = threading.get_native_id()
        ready.set()
        while True:
            work, stack, started = self._orders.get()
            threading.stack_size(stack)  # no other thread of the worker starts threads
            try:
                threading.Thread(target=self._life, args=(work,), name="kg-query", daemon=True).start()
            except (RuntimeError, MemoryError):
                started.put(False)
            else:
                started.put(True)
            finally:
                threading.stack_size(0)

    def _life(self, work: Callable[[], bool]) -> None:
        handed_on = False
        try:
            handed_on = work() is True
        finally:
            if not handed_on:
                self.finished.set()


def boot(fd: int, store_dir: str, max_memory_mb: int) -> None:
    """Entry point of a worker interpreter (see :data:`WORKER_CODE`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl-C and stops us
    nursery = Nursery()
    go = threading.Event()
    work: list[Callable[[], bool]] = []
    if not nursery.start(lambda: _when_ready(go, work)):
        raise SystemExit("a query worker cannot start its query thread")
    with contextlib.suppress(OSError):  # not allowed somewhere: then the start runs at full priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
    try:
        from kg.sparql.server.worker import prepare  # the slow part, from here on

        work.append(prepare(fd, store_dir, max_memory_mb, nursery))
    finally:
        go.set()  # with nothing to do if the start failed: the query thread ends
    nursery.finished.wait()  # the worker's last query thread ended (the server closed its socket)


def _when_ready(go: threading.Event, work: list[Callable[[], bool]]) -> bool:
    go.wait()
    return bool(work) and work[0]()
