"""Query worker processes and the pool that runs one query with a hard timeout.

Why processes: Oxigraph cannot cancel a running query, so each query runs in
a worker *process* (a fresh interpreter started with ``subprocess``, talking
over a socket pair; no fork, so the server's threads are no hazard, and no
re-import of the caller's ``__main__``). Workers open the same on-disk
Oxigraph store read-only, so a replacement starts in milliseconds: when a
query passes the timeout its worker is killed, a fresh one takes its place,
and the other workers keep answering meanwhile. A query that crashes its
worker costs that query, never the caller.

The parent and a worker speak in plain tuples (pickled over the socket):

* a job is ``(sparql, fmt, max_rows, default_graphs, named_graphs)``, where
  ``fmt`` maps each result kind (``select``, ``ask``, ``graph``) to a format
  name of :mod:`kg.sparql.formats`;
* the reply is ``("ok", kind, fmt, body, truncated, count)`` with ``body``
  the rendered bytes, or ``("error", status, message)`` with an HTTP status.

Nothing here knows about HTTP beyond those status numbers;
:class:`QueryPool` is usable without the server (e.g. by a CLI that wants a
hard timeout).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.sparql.formats import UnknownFormat, canonical_format, format_result
from kg.sparql.run import QuerySyntaxError, run_query
from kg.sparql.safety import QueryError, RefusedQuery
from kg.sparql.sandbox import deny_network
from kg.sparql.store import store_graphs

__all__ = [
    "DEFAULT_WORKERS",
    "READY_TIMEOUT",
    "PoolBusy",
    "QueryPool",
    "ServerError",
    "WorkerCrashed",
    "WorkerTimeout",
]

DEFAULT_WORKERS = 2
#: How long a (re)started worker may take to open the store.
READY_TIMEOUT = 120.0


class ServerError(Exception):
    """The endpoint could not be set up (a worker failed to start, …)."""


class PoolBusy(Exception):
    """No worker became free within the timeout."""


class WorkerCrashed(Exception):
    """The worker died while running the job (it has been replaced)."""


class WorkerTimeout(Exception):
    """The job ran past the timeout; its worker was killed and is being replaced."""


# --------------------------------------------------------------------------- inside a worker


def _worker_main(conn: Connection, store_dir: str) -> None:
    """Body of a worker process: open the store, then answer jobs until told to stop.

    A job is ``(sparql, fmt, max_rows, default_graphs, named_graphs)``; the reply
    is ``("ok", kind, fmt, body, truncated, count)`` or ``("error", status, message)``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    deny_network()  # a worker only evaluates queries: the kernel refuses it any network socket
    try:
        store = ox.Store.read_only(store_dir)
        graphs = store_graphs(store)
    except OSError as error:
        conn.send(("error", 500, f"cannot open the store {store_dir}: {error}"))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        sparql, fmt, max_rows, default_graphs, named_graphs = job
        try:
            result = run_query(
                store,
                sparql,
                max_rows=max_rows,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                graphs=graphs,
            )
            name = canonical_format(fmt[result.kind], result.kind)
            body = format_result(result, name).encode("utf-8")
            reply: tuple[Any, ...] = ("ok", result.kind, name, body, result.truncated, len(result))
        except (RefusedQuery, QuerySyntaxError) as error:
            reply = ("error", 400, str(error))
        except UnknownFormat as error:
            reply = ("error", 406, str(error))
        except QueryError as error:
            reply = ("error", 500, str(error))
        except Exception as error:
            reply = ("error", 500, f"internal error: {type(error).__name__}: {error}")
        conn.send(reply)


def _worker_entry(fd: int, store_dir: str) -> None:
    """Entry point of a worker interpreter: wrap the inherited socket and serve."""
    _worker_main(Connection(fd), store_dir)


_WORKER_CODE = "import sys; from kg.sparql.server.workers import _worker_entry; _worker_entry(int(sys.argv[1]), sys.argv[2])"


# --------------------------------------------------------------------------- in the parent


class _Worker:
    """One worker process and the parent's end of its socket."""

    def __init__(self, store_dir: Path) -> None:
        parent, child = socket.socketpair()
        # the worker must import the same kg as this process, wherever it came from
        search_path = [entry or os.getcwd() for entry in sys.path]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(search_path)}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(child.fileno()), str(store_dir)],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise ServerError(f"a query worker did not start within {timeout:g} s")
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise ServerError("a query worker died while opening the store") from None
        if message[0] != "ready":
            self.kill()
            raise ServerError(message[2])

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored; reaped later at worst
            self.process.wait(5)
        self.conn.close()


class QueryPool:
    """Worker processes that share one read-only Oxigraph store folder.

    ``execute`` hands a query to an idle worker and waits at most ``timeout``
    seconds; past that the worker is killed and replaced in the background.
    Usable without the HTTP server (e.g. for a CLI that wants a hard timeout).
    """

    def __init__(self, store_dir: Path, *, workers: int = DEFAULT_WORKERS, log: Callable[[str], None] | None = None):
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store_dir = Path(store_dir)
        self.size = workers
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self._log = log or (lambda message: None)

    def start(self) -> None:
        """Start the workers and wait until every one has opened the store."""
        if self._started:
            return
        self._started = True
        fresh = [_Worker(self.store_dir) for _ in range(self.size)]
        with self._lock:
            self._all.update(fresh)
        try:
            for worker in fresh:
                worker.wait_ready(READY_TIMEOUT)
        except ServerError:
            self.close()
            raise
        for worker in fresh:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return

        def respawn() -> None:
            try:
                fresh = _Worker(self.store_dir)
                with self._lock:
                    if self._closed:
                        fresh.kill()
                        return
                    self._all.add(fresh)
                fresh.wait_ready(READY_TIMEOUT)
            except ServerError as error:
                self._log(f"kg serve: could not replace a query worker: {error}")
                return
            self._idle.put(fresh)

        threading.Thread(target=respawn, name="kg-respawn", daemon=True).start()

    def execute(self, job: tuple[Any, ...], timeout: float) -> tuple[Any, ...]:
        """Run one job (see the module docstring for its shape and the reply's).

        Raises:
            PoolBusy: no worker became free within ``timeout``.
            WorkerTimeout: the job ran past ``timeout`` (its worker is replaced).
            WorkerCrashed: the worker died on the job (it is replaced).
        """
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise WorkerTimeout
            reply: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerCrashed from None
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
