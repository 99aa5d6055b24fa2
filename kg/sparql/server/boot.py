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
  started by a :class:`~kg.sparql.server.nursery.Nursery`, a small thread that stays at the starting
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
import signal
import sys
import threading
from collections.abc import Callable

from kg.sparql.server.nursery import Nursery

__all__ = ["WORKER_CODE", "boot"]

#: What a worker interpreter runs: ``python -c WORKER_CODE FD STORE_DIR MAX_MEMORY_MB SERVER_PID``.
WORKER_CODE = "import sys; from kg.sparql.server.boot import boot; boot(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))"
#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


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
