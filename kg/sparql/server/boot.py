"""The first lines a query worker runs: its own scheduling group, its threads, then the slow start.

Why a module of its own: it imports nothing heavy, so what it sets up comes
before the interpreter spends its start (importing the engine and kg's
query code, opening the store) and holds for every thread the worker
starts later.

* **Its own session, so its own scheduling group.** Linux's scheduler
  (with autogroups, the default on most systems) shares the CPU fairly
  between sessions first and only then between the threads of a session,
  whatever their nice values. When the workers shared the server's
  session, a runaway query at the lowest priority still spent the
  session's share: every CPU second it burnt was one the front and the
  light queries' workers waited for, in stalls of 100–500 ms on a busy
  machine. The server starts each worker in a new session (``setsid``), so
  a runaway is charged to its own group, whose weight the worker lowers to
  the minimum while the job runs (:mod:`kg.sparql.server.worker`).
* **It dies with the server.** Being in another session, a worker is no
  longer stopped with the server's process group; the kernel kills it when
  the server goes (``PR_SET_PDEATHSIG``), even on ``kill -9``, and a worker
  whose server went before that was set ends at once.
* **A nursery for query threads.** A job that runs too long drops its thread
  to the lowest priority for good (an unprivileged thread cannot raise its
  nice value back); the worker then answers its next jobs on a fresh thread
  started by a :class:`Nursery`, a small thread that stays at the starting
  priority, instead of being replaced.

The query thread is started before the slow start and waits for it: no
query runs before the address-space cap and the seccomp filter are in
place (see :func:`kg.sparql.server.worker.prepare`; the filter covers every
thread of the process, present and future).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable

__all__ = ["LOWEST_PRIORITY", "STACK_BYTES", "WORKER_CODE", "Nursery", "boot"]

#: Stack of the thread that runs queries (see :func:`kg.sparql.run._on_big_stack`).
STACK_BYTES = 256 * 1024 * 1024
#: The nice value of a job that runs too long, and of its worker's scheduling group meanwhile (see :mod:`kg.sparql.server.worker`).
LOWEST_PRIORITY = 19
#: What a worker interpreter runs: ``python -c WORKER_CODE FD STORE_DIR MAX_MEMORY_MB SERVER_PID``.
WORKER_CODE = "import sys; from kg.sparql.server.boot import boot; boot(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))"
#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1
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


def boot(fd: int, store_dir: str, max_memory_mb: int, server: int) -> None:
    """Entry point of a worker interpreter (see :data:`WORKER_CODE`); ``server``: the server's process id."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl-C and stops us
    _die_with(server)
    nursery = Nursery()
    go = threading.Event()
    work: list[Callable[[], bool]] = []
    if not nursery.start(lambda: _when_ready(go, work)):
        raise SystemExit("a query worker cannot start its query thread")
    try:
        from kg.sparql.server.worker import prepare  # the slow part, from here on

        work.append(prepare(fd, store_dir, max_memory_mb, nursery))
    finally:
        go.set()  # with nothing to do if the start failed: the query thread ends
    nursery.finished.wait()  # the worker's last query thread ended (the server closed its socket)


def _die_with(server: int) -> None:
    """The kernel kills this worker when the server dies; one whose server is gone already ends now."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != server:
        os._exit(1)


def _when_ready(go: threading.Event, work: list[Callable[[], bool]]) -> bool:
    go.wait()
    return bool(work) and work[0]()
