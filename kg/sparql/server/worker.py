"""Inside a query worker process: lock it down, open the store, answer jobs until told to stop.

Why a process per worker: Oxigraph cannot cancel a running query, so the
only hard stop for a runaway is to kill the process that runs it. A worker
is a fresh interpreter (``subprocess``, no fork, so the server's threads and
event loop are no hazard) that talks to the server over a Unix socket pair
in length-prefixed pickles (:func:`send_message` out, :class:`~kg.sparql.server.inbox.Inbox`
in: the server may send several jobs at once and take one back before it begins).
Before it touches a query, a worker:

* caps its own address space with ``RLIMIT_AS`` (``--max-memory``): the
  kernel refuses it any memory past the cap, so its resident size can never
  pass it; a query that needs more makes the engine abort, and the pool
  reports the memory limit (glibc is told to keep one malloc arena, so the
  cap is spent on queries rather than on per-thread reservations);
* forbids itself the network (:func:`kg.sparql.sandbox.deny_network`);
* opens the store read-only (or loads a small graph into memory, see
  :mod:`kg.sparql.server.held`), while one thread with a 256 MiB stack (the
  engine recurses on a query's shape), started before (see
  :mod:`kg.sparql.server.boot`), waits to run every job: no thread is
  started per query;
* watches that thread: once a job has used :data:`RENICE_AFTER_CPU` seconds
  of CPU (no light query does: they use well under a millisecond), the
  thread drops to the lowest CPU priority, so a runaway burns only CPU that
  light queries on the other workers leave idle until its time limit kills
  it. The worker's scheduling group (its own session's, see
  :mod:`kg.sparql.server.boot`) drops to the lowest weight with it, since
  between groups nice values do not count. Nice values are per thread on
  Linux, and an unprivileged process cannot raise its priority back, so the
  worker answers its next jobs on a fresh thread at the starting priority
  (from the :class:`~kg.sparql.server.nursery.Nursery`), its group back at the
  starting weight; only if no thread can be started does the reply to such
  a job ask the server to replace the worker.

The answer to a :class:`~kg.sparql.server.outcomes.Job` is a
:class:`~kg.sparql.server.outcomes.Reply` with the rendered body (a SELECT
asked for as JSON, the endpoint's default, is written by Oxigraph itself in
the same bytes, see :func:`_engine_json`); a refused or malformed query, a
result over the row cap and a Python ``MemoryError`` are replies, never a
dead worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import pickle
import resource
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from kg.sparql.formats import UnknownFormat, canonical_format, format_result
from kg.sparql.run import QuerySyntaxError, materialise, query_options, start, store_graphs
from kg.sparql.safety import QueryError, RefusedQuery
from kg.sparql.sandbox import deny_network
from kg.sparql.server.held import open_served
from kg.sparql.server.inbox import Inbox
from kg.sparql.server.nursery import Nursery
from kg.sparql.server.outcomes import Job, Reply

__all__ = ["LOWEST_PRIORITY", "RENICE_AFTER_CPU", "answer", "prepare", "send_message"]

#: The nice value of a job that runs too long, and of its worker's scheduling group meanwhile.
LOWEST_PRIORITY = 19
#: CPU seconds a job may use before its thread yields to every other query. It was 0.25 s: on a
#: busy machine a runaway took 1.5 s or more to use that much, at full priority beside the light queries.
RENICE_AFTER_CPU = 0.05
#: How often the watch looks at a running job's CPU time (and, in brackets, while no job runs).
_WATCH_EVERY = (0.01, 0.05)
_WATCH_STACK = 256 * 1024
_HEADER = struct.Struct("!I")


def send_message(sock: socket.socket, message: Any) -> None:
    """Send one pickled message, length first."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


# --------------------------------------------------------------------------- answering


def _over_the_cap(max_rows: int) -> str:
    return (
        f"the result has more than {max_rows:,} rows, this endpoint's limit; page through it with "
        f"LIMIT and OFFSET, or add truncate=true to the request to get the first {max_rows:,} rows only"
    )


def answer(store: ox.Store, graphs: frozenset[str], job: Job, max_memory_mb: int = 0) -> Reply:
    """Run one job on this thread and render its result; every failure is a :class:`Reply` too."""
    try:
        options = _options(job.sparql, graphs, job.default_graphs, job.named_graphs) if len(job.sparql) <= 8192 else query_options(
            job.sparql, graphs=graphs, default_graphs=job.default_graphs, named_graphs=job.named_graphs
        )
        raw = start(store, job.sparql, options)
        try:
            if isinstance(raw, ox.QuerySolutions) and job.formats[0] == "json":
                body = _engine_json(raw, job.max_rows)
                if body is not None:
                    return Reply(200, body, "select", "json", False, None)
                # over the size that proves the row cap kept, or an RDF 1.2 direction: counted and rendered in Python
                raw = start(store, job.sparql, options)
            result = materialise(raw, job.max_rows)
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"query failed: {error}") from None
        finally:
            del raw  # free the engine's plan on this (big-stack) thread
        if result.truncated and not job.truncate:
            return Reply.error(400, _over_the_cap(job.max_rows or 0))
        name = canonical_format(job.format_for(result.kind), result.kind)
        body = format_result(result, name).encode("utf-8")
        return Reply(200, body, result.kind, name, result.truncated, len(result))
    except (RefusedQuery, QuerySyntaxError) as error:
        return Reply.error(400, str(error))
    except UnknownFormat as error:
        return Reply.error(406, str(error))
    except QueryError as error:
        return Reply.error(500, str(error))
    except MemoryError:
        limit = f" of {max_memory_mb:,} MB" if max_memory_mb else ""
        return Reply.error(503, f"the query needed more memory than a query worker may use{limit} and was stopped")
    except Exception as error:
        return Reply.error(500, f"internal error: {type(error).__name__}: {error}")


class _OverBudget(Exception):
    """The engine wrote more than :class:`_Budget` allows."""


class _Budget:
    """A binary sink for the engine's serializer that stops it past ``limit`` bytes (``None``: no limit)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise _OverBudget
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _engine_json(solutions: ox.QuerySolutions, max_rows: int | None) -> bytes | None:
    """A SELECT result as SPARQL JSON written by the engine itself, or ``None`` to render it in Python.

    Why: Oxigraph's own writer (Rust) evaluates and writes in one pass, without
    a Python object per term; for a light query that is most of a worker's
    Python work. Its bytes are exactly what :func:`kg.sparql.formats.format_result`
    writes for JSON (the same member order, escapes and compact separators:
    ``tests/test_serve_engine_json.py`` checks a battery of terms) but for the
    final newline, added here, and for directional language tags (RDF 1.2
    ``its:dir``, which kg's renderer leaves out): a body that may hold one is
    rendered in Python instead.

    The row cap without counting rows: a row takes at least three bytes of
    JSON (``{}`` and a comma), so a body of at most ``3 * max_rows + 2``
    bytes has at most ``max_rows`` rows. The engine is stopped at that size
    (so memory stays bounded by the cap as before) and such a result is
    counted and, if need be, refused or cut in Python.
    """
    sink = _Budget(None if max_rows is None else 3 * max_rows + 2)
    try:
        solutions.serialize(sink, format=ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]  # any object with write()
    except _OverBudget:
        return None
    body = b"".join(sink.parts)
    if b'"its:dir"' in body:
        return None
    return body + b"\n"


@functools.lru_cache(maxsize=512)
def _options(
    sparql: str, graphs: frozenset[str], default_graphs: tuple[str, ...] | None, named_graphs: tuple[str, ...] | None
) -> dict[str, Any]:
    """The checked query's engine options, remembered: the guard is a pure function of the text."""
    return query_options(sparql, graphs=graphs, default_graphs=default_graphs, named_graphs=named_graphs)


# --------------------------------------------------------------------------- the process


class _Watch:
    """Lowers the query thread's priority once the running job has used enough CPU.

    It runs on a thread of its own started by the nursery, so at the
    worker's starting priority, and outlives the query threads: each one
    :meth:`attach`-es it when it begins answering jobs.
    """

    def __init__(self, nursery_id: int) -> None:
        self.started: float | None = None  # the query thread's CPU clock at job start; None when idle
        self.reniced = False
        self._spared = {nursery_id}  # threads that keep the starting priority: the nursery and the watch
        self._thread_id = 0
        self._clock = 0

    def attach(self) -> None:
        """Called on a new query thread: watch this one (and the worker's group back at its starting weight)."""
        self.started = None
        self._thread_id = threading.get_native_id()
        self._clock = time.pthread_getcpuclockid(threading.get_ident())
        if self.reniced:
            _group_nice(0)
        self.reniced = False

    def begin(self) -> float:
        """A job begins: the query thread's CPU clock now (returned, to measure the job)."""
        self.started = now = time.thread_time()
        return now

    def end(self) -> None:
        self.started = None

    def run(self) -> bool:
        self._spared.add(threading.get_native_id())
        while True:
            time.sleep(_WATCH_EVERY[self.started is None])
            started = self.started
            if started is None or self.reniced:
                continue
            with contextlib.suppress(OSError):  # the thread ended meanwhile
                if time.clock_gettime(self._clock) - started >= RENICE_AFTER_CPU:
                    self._renice()
                    self.reniced = True

    def _renice(self) -> None:
        """Every thread but the nursery and the watch at the lowest priority, the query's first:
        whichever thread tears the process down after a kill (freeing a gigabyte at the memory cap
        is real work) does it at nice 19 too, most likely (the two spared threads sleep)."""
        threads = [self._thread_id]
        with contextlib.suppress(OSError):  # /proc is Linux's; elsewhere the query thread alone
            threads += [int(task.name) for task in os.scandir("/proc/self/task") if task.name.isdigit()]
        for thread in threads:
            if thread not in self._spared:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, thread, LOWEST_PRIORITY)
        _group_nice(LOWEST_PRIORITY)


def _group_nice(nice: int) -> None:
    """Set the weight of this worker's scheduling group (Linux's autogroup of its session, see
    :mod:`kg.sparql.server.boot`): between groups, threads' nice values do not count. Any process may
    set its group between 0 and 19 and back; without autogroups the file is absent or ignored."""
    with contextlib.suppress(OSError), open("/proc/self/autogroup", "w") as group:
        group.write(str(nice))


def prepare(fd: int, store_dir: str, max_memory_mb: int, nursery: Nursery) -> Callable[[], bool]:
    """A worker's start, on its main thread (see :mod:`kg.sparql.server.boot`):
    cap the address space, deny the network, open the store (a folder, or an N-Quads copy to hold
    in memory: :func:`kg.sparql.server.held.open_served`). Returns what the query thread runs:
    the job loop, or telling the server why the worker cannot start."""
    sock = socket.socket(fileno=fd)
    if max_memory_mb > 0:
        cap = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    deny_network()  # a worker only evaluates queries: the kernel refuses it any network socket
    try:
        store = open_served(store_dir)
        graphs = store_graphs(store)
    except (OSError, MemoryError) as error:
        reason = f"cannot open the store {store_dir}: {error}"
        if isinstance(error, MemoryError) or "memory" in str(error).lower():
            reason += f" (the worker's memory limit is {max_memory_mb:,} MB; raise --max-memory)"
        return functools.partial(_fail, sock, reason)
    return functools.partial(_serve, _Worker(sock, store, graphs, max_memory_mb, nursery))


def _fail(sock: socket.socket, reason: str) -> bool:
    send_message(sock, ("failed", reason))
    return False


@dataclasses.dataclass
class _Worker:
    """What a worker's query threads share (one thread at a time answers jobs)."""

    sock: socket.socket
    store: ox.Store
    graphs: frozenset[str]
    max_memory_mb: int
    nursery: Nursery
    inbox: Inbox | None = None
    watch: _Watch | None = None


def _serve(worker: _Worker) -> bool:
    """On the first query thread: start the watch (from the nursery: at the starting priority), say ready, answer jobs."""
    watch = worker.watch = _Watch(worker.nursery.native_id)
    if not worker.nursery.start(watch.run, stack=_WATCH_STACK):
        return _fail(worker.sock, f"a query worker cannot start within its memory limit of {worker.max_memory_mb:,} MB; raise --max-memory")
    worker.inbox = Inbox(worker.sock)
    send_message(worker.sock, ("ready",))
    return _answer_jobs(worker)


def _answer_jobs(worker: _Worker) -> bool:
    """Answer jobs in order until the server closes the socket (``False``), or until a job was moved
    to the lowest priority and the next jobs go to a fresh thread (``True``)."""
    watch, inbox, sock = worker.watch, worker.inbox, worker.sock
    assert watch is not None and inbox is not None
    watch.attach()
    while True:
        try:
            job = inbox.next()
        except OSError:
            return False
        if job is None:
            return False
        number, fields = job
        cpu = 0.0
        if fields is None:  # taken back by the server before it began: answered with None
            reply: tuple[Any, ...] | None = None
        else:
            began = watch.begin()
            reply = tuple(answer(worker.store, worker.graphs, Job(*fields), worker.max_memory_mb))
            cpu = time.thread_time() - began  # the server learns which jobs are light (kg.sparql.server.local)
            watch.end()
        # only after a long job: a fresh thread at the starting priority (an Event costs ~2 µs, a light job ~60)
        go_on = threading.Event() if watch.reniced else None
        fresh = go_on is not None and worker.nursery.start(functools.partial(_go_on, go_on, worker))
        try:
            # plain tuples both ways (they pickle ten times faster); the flag asks for a replacement
            send_message(sock, (number, reply, watch.reniced and not fresh, cpu))
        except MemoryError:
            message = (number, tuple(Reply.error(503, "the result is too large to send within the worker's memory limit")), watch.reniced and not fresh, cpu)
            send_message(sock, message)
        except OSError:
            return False
        finally:
            if go_on is not None:
                go_on.set()  # a fresh thread goes on only once this one has answered (or failed to)
        del reply
        if fresh:
            return True  # this thread, at the lowest priority now, ends


def _go_on(ready: threading.Event, worker: _Worker) -> bool:
    ready.wait()
    return _answer_jobs(worker)
