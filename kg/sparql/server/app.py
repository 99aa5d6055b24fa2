"""The endpoint's lifecycle: prepare the store, bind, start the workers, serve, clean up.

Why a module of its own: this is where the parts meet. :func:`make_server`
turns a source into an on-disk store the workers can share
(:mod:`kg.sparql.server.workers`), builds the
:class:`~kg.sparql.server.protocol.Endpoint` around the pool and binds the
HTTP layer (:mod:`kg.sparql.server.http`); :class:`SparqlServer` starts and
stops all of it, deleting any temporary store; :func:`serve` is what
``kg serve`` runs.
"""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from kg.sparql.server.http import HTTPServer
from kg.sparql.server.protocol import Endpoint
from kg.sparql.server.workers import DEFAULT_WORKERS, QueryPool, ServerError
from kg.sparql.store import is_store_dir, open_graph, store_graphs

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "Source",
    "SparqlServer",
    "make_server",
    "serve",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000

Source = Path | str | ox.Store | Callable[[], ox.Store]


class SparqlServer:
    """A bound, not yet running endpoint; :meth:`start` or :meth:`serve_forever` runs it.

    Attributes:
        host, port: where it listens (``port`` is the real one when 0 was asked).
        url: ``http://host:port/`` (the query page).
        endpoint: ``http://host:port/sparql``.
    """

    def __init__(self, httpd: HTTPServer, pool: QueryPool, scratch: Path | None) -> None:
        self._httpd = httpd
        self._pool = pool
        self._scratch = scratch
        self._thread: threading.Thread | None = None
        self.host = str(httpd.server_address[0])
        self.port = int(httpd.server_address[1])
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}/"
        self.endpoint = self.url + "sparql"

    def start(self) -> SparqlServer:
        """Start the workers and serve in a background thread; returns self."""
        try:
            self._pool.start()
        except BaseException:
            self.close()  # free the port and the temporary store
            raise
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="kg-sparql-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Start the workers and serve in this thread until :meth:`close` or Ctrl-C."""
        self._pool.start()
        self._httpd.serve_forever()

    def close(self) -> None:
        """Stop serving, stop the workers, delete the temporary store."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(10)
            self._thread = None
        self._httpd.server_close()
        self._pool.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _store_folder(source: Source) -> tuple[Path, Path | None]:
    """The on-disk store the workers open, and a scratch folder to delete later."""
    if isinstance(source, str | Path) and is_store_dir(Path(source)):
        return Path(source), None
    if isinstance(source, str | Path):
        loaded = open_graph(Path(source))
    elif isinstance(source, ox.Store):
        loaded = source
    elif callable(source):
        loaded = source()
    else:
        raise TypeError(f"cannot serve {type(source).__name__}; give a path, a pyoxigraph.Store or a factory")
    scratch = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    try:
        disk = ox.Store(str(scratch / "store"))
        disk.bulk_extend(loaded)
        disk.flush()
        del disk
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ServerError(f"cannot prepare the store in {scratch}: {error}") from None
    return scratch / "store", scratch


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def make_server(
    source: Source,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    log: TextIO | None = sys.stderr,
) -> SparqlServer:
    """Load ``source`` and bind the endpoint; call ``.start()`` or ``.serve_forever()``.

    Args:
        source: a path (exports folder, RDF file or GraphStore folder), a
            ``pyoxigraph.Store``, or a callable returning one.
        host: interface to bind; loopback unless told otherwise.
        port: TCP port; 0 picks a free one (see ``.port``).
        timeout: seconds a query may run before its worker is killed (503).
        max_rows: most rows/triples sent; larger results are truncated and
            flagged with the ``X-KG-Truncated`` header. ``None``: no cap.
        workers: worker processes (queries that can run at once).
        log: stream for access-log lines; ``None`` for silence.

    Raises:
        GraphLoadError: the source cannot be loaded.
        OSError: the address cannot be bound (port in use).
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    store_dir, scratch = _store_folder(source)
    try:
        graphs = store_graphs(ox.Store.read_only(str(store_dir)))
        lock = threading.Lock()

        def note(message: str) -> None:
            if log is not None:
                with lock:
                    log.write(message + "\n")
                    log.flush()

        pool = QueryPool(store_dir, workers=workers, log=note)
        endpoint = Endpoint(pool, graphs, timeout, max_rows, _is_loopback(host))
        httpd = HTTPServer((host, port), endpoint, note)
    except BaseException:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    return SparqlServer(httpd, pool, scratch)


def serve(
    source: Source,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    log: TextIO | None = sys.stderr,
) -> None:
    """Serve ``source`` until Ctrl-C (what ``kg serve`` runs); see :func:`make_server`."""
    server = make_server(source, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers, log=log)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if on_main_thread else None  # clean up on `kill` too
    try:
        with server:
            if log is not None:
                log.write(f"kg: SPARQL endpoint {server.endpoint} (query page {server.url}); Ctrl-C stops\n")
                log.flush()
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM handler: stop like Ctrl-C, so the workers and the temporary store go."""
    raise KeyboardInterrupt
