"""A thread at a query worker's starting priority that starts the worker's query threads.

Why a module of its own: both the worker's first lines
(:mod:`kg.sparql.server.boot`, which must import nothing heavy) and its job
loop (:mod:`kg.sparql.server.worker`) use it; here, neither imports the other
for it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

__all__ = ["STACK_BYTES", "Nursery"]

#: Stack of the thread that runs queries (see :func:`kg.sparql.run._on_big_stack`).
STACK_BYTES = 256 * 1024 * 1024
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
