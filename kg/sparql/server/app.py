"""The endpoint's lifecycle: prepare the store, bind, start the workers, serve, shut down gracefully, clean up.

Why a module of its own: this is where the parts meet. :func:`make_server`
turns a source into an on-disk store the workers can share, builds the
:class:`~kg.sparql.server.protocol.Endpoint`, the
:class:`~kg.sparql.server.pool.QueryPool`, the result cache and the ASGI
application (:mod:`kg.sparql.server.asgi`), and binds the listening socket
(so a port in use fails here, at once); :class:`SparqlServer` runs uvicorn
(:mod:`kg.sparql.server.transport`) and the pool on one event loop, in a
background thread (:meth:`SparqlServer.start`, for tests and notebooks) or in
the calling thread (:meth:`SparqlServer.serve_forever`, for ``kg serve``),
and on close lets running requests finish, stops the workers and deletes any
temporary store; :func:`serve` is what ``kg serve`` runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from kg.sparql.sandbox import deny_network
from kg.sparql.server.asgi import SparqlApp
from kg.sparql.server.assembly import Settings, assemble, line_writer
from kg.sparql.server.cache import DEFAULT_CACHE_MB
from kg.sparql.server.fronts import Fronts
from kg.sparql.server.held import write_copy
from kg.sparql.server.pool import DEFAULT_MAX_MEMORY_MB, DEFAULT_QUEUE, DEFAULT_WORKERS, READY_TIMEOUT, ServerError
from kg.sparql.server.transport import HEADER_TIMEOUT, Config, Server, bind
from kg.sparql.store import is_store_dir, open_graph

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


def _new_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (it is a dependency on Linux and macOS), else asyncio's."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


class SparqlServer:
    """A bound, not yet running endpoint; :meth:`start` or :meth:`serve_forever` runs it.

    Attributes:
        host, port: where it listens (``port`` is the real one when 0 was asked).
        url: ``http://host:port/`` (the query page; IPv6 hosts in brackets).
        endpoint: ``http://host:port/sparql``.
        app: the ASGI application (its ``pool`` and ``cache`` can be inspected).
    """

    def __init__(
        self, sock: socket.socket, app: SparqlApp, config: Config, scratch: Path | None, note: Callable[[str], None], fronts: Fronts | None = None
    ) -> None:
        self._sock = sock
        self._fronts = fronts
        self.app = app
        self._config = config
        self._scratch = scratch
        self._note = note
        self._uvicorn: Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        address = sock.getsockname()
        self.host = str(address[0])
        self.port = int(address[1])
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}/"
        self.endpoint = self.url + "sparql"

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of this front's query workers now alive."""
        return self.app.pool.pids

    @property
    def front_pids(self) -> list[int]:
        """Process ids of the extra front processes now alive (``--fronts``)."""
        return self._fronts.pids if self._fronts is not None else []

    async def _main(self, ready: Callable[[BaseException | None], None]) -> None:
        try:
            await self.app.pool.start()
        except BaseException as error:
            ready(error)
            return
        self._uvicorn = Server(self._config)
        serving = asyncio.ensure_future(self._uvicorn.serve(sockets=[self._sock]))
        watching: asyncio.Task[None] | None = None
        try:
            while not self._uvicorn.started and not serving.done():
                await asyncio.sleep(0.005)
            if self._fronts is not None:
                try:
                    await asyncio.get_running_loop().run_in_executor(None, self._fronts.start, READY_TIMEOUT)
                except ServerError as error:
                    ready(error)
                    self._uvicorn.should_exit = True
                    raise
                watching = asyncio.ensure_future(self._watch_fronts(self._fronts))
            ready(None)
            await serving
        finally:
            if watching is not None:
                watching.cancel()
            self.app.flush_log()
            if self._fronts is not None:
                await asyncio.get_running_loop().run_in_executor(None, self._fronts.stop, self.app.endpoint.timeout + 5)
            await self.app.pool.close()

    @staticmethod
    async def _watch_fronts(fronts: Fronts) -> None:
        while True:
            await asyncio.sleep(1.0)
            fronts.check()

    def start(self) -> SparqlServer:
        """Start the workers and serve in a background thread; returns self once requests are answered."""
        started = threading.Event()
        failure: list[BaseException] = []

        def ready(error: BaseException | None) -> None:
            if error is not None:
                failure.append(error)
            started.set()

        def run() -> None:
            loop = self._loop = _new_loop()
            try:
                loop.run_until_complete(self._main(ready))
            except BaseException as error:  # the thread must not die silently
                failure.append(error)
                started.set()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="kg-sparql-server", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            self.close()
            raise failure[0]
        return self

    def serve_forever(self, on_ready: Callable[[], None] | None = None) -> None:
        """Start the workers and serve in this thread until :meth:`close`, SIGTERM or Ctrl-C (twice: at once).

        ``on_ready`` is called once requests are answered.
        """
        loop = self._loop = _new_loop()
        failure: list[BaseException] = []

        def ready(error: BaseException | None) -> None:
            if error is not None:
                failure.append(error)
            elif on_ready is not None:
                on_ready()

        on_main_thread = threading.current_thread() is threading.main_thread()
        try:
            if on_main_thread:
                for signum in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(signum, self._on_signal, signum)
            loop.run_until_complete(self._main(ready))
        finally:
            if on_main_thread:
                for signum in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(signum)
            loop.close()
            self._cleanup()
        if failure:
            raise failure[0]

    def _on_signal(self, signum: int) -> None:
        server = self._uvicorn
        if server is None:
            return
        if server.should_exit and signum == signal.SIGINT:
            server.force_exit = True
            self._note("kg serve: stopping now")
            return
        server.should_exit = True
        self._note("kg serve: stopping: running queries may finish (Ctrl-C again to stop at once)")

    def close(self) -> None:
        """Stop serving (running requests may finish), stop the workers, delete the temporary store."""
        if self._closed:
            return
        self._closed = True
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(self.app.endpoint.timeout + 20)
            self._thread = None
        self._cleanup()

    def _cleanup(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _store_folder(source: Source) -> tuple[Path, Path | None, Path | None]:
    """The on-disk store, a scratch folder to delete later, and the N-Quads copy the workers hold in memory
    (a small graph's, see :mod:`kg.sparql.server.held`; never of a store folder served in place)."""
    if isinstance(source, str | Path) and is_store_dir(Path(source)):
        return Path(source), None, None
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
        copy = write_copy(loaded, scratch)
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ServerError(f"cannot prepare the store in {scratch}: {error}") from None
    return scratch / "store", scratch, copy


def make_server(
    source: Source,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    max_memory: int = DEFAULT_MAX_MEMORY_MB,
    queue: int = DEFAULT_QUEUE,
    cors: bool = True,
    cache_mb: int = DEFAULT_CACHE_MB,
    fronts: int = 1,
    header_timeout: float = HEADER_TIMEOUT,
    log: TextIO | None = sys.stderr,
) -> SparqlServer:
    """Load ``source`` and bind the endpoint; call ``.start()`` or ``.serve_forever()``.

    Args:
        source: a path (exports folder, RDF file or GraphStore folder), a
            ``pyoxigraph.Store``, or a callable returning one.
        host: interface to bind (IPv4 or IPv6); loopback unless told otherwise.
        port: TCP port; 0 picks a free one (see ``.port``).
        timeout: seconds a query may run before its worker is killed (503),
            and may wait for a free worker.
        max_rows: most rows/triples a result may have; a larger one is refused
            with a clear 400, or cut and flagged with ``X-KG-Truncated`` when the
            request says ``truncate=true``. ``None``: no cap.
        workers: worker processes (queries that can run at once), shared out
            among the fronts.
        max_memory: address-space cap of each worker in MB (0: none).
        queue: requests that may wait for a worker; more get 503 + ``Retry-After``.
        cors: let web pages of any origin query the endpoint.
        cache_mb: size of the result cache of each front (0: no cache).
        fronts: front processes serving the port (see
            :mod:`kg.sparql.server.fronts`); more than one to use more cores.
            Log lines of extra fronts go to their standard error.
        header_timeout: seconds a client has from connecting (or from the first
            byte of its next request) to the end of the request's headers; then 408.
        log: stream for access-log lines; ``None`` for silence.

    Raises:
        GraphLoadError: the source cannot be loaded.
        OSError: the address cannot be bound (port in use).
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if 0 < max_memory < 512:
        raise ValueError(f"--max-memory {max_memory} MB is too small: a query worker reserves about 380 MB of address space before any query")
    if fronts < 1:
        raise ValueError("a server needs at least one front process")
    store_dir, scratch, copy = _store_folder(source)
    sock = None
    try:
        note = line_writer(log)
        sock = bind(host, port, shared=fronts > 1)
        settings = Settings(
            store_dir=str(store_dir),
            live=scratch is None,
            held=str(copy) if copy is not None else None,
            host=str(sock.getsockname()[0]),
            port=int(sock.getsockname()[1]),
            timeout=timeout,
            max_rows=max_rows,
            workers=max(1, -(-workers // fronts)),
            max_memory=max_memory,
            queue=max(1, -(-queue // fronts)),
            cors=cors,
            cache_mb=cache_mb,
            header_timeout=header_timeout,
            fronts=fronts,
            log=log is not None,
        )
        app, config = assemble(settings, note)
    except BaseException:
        if sock is not None:
            sock.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    return SparqlServer(sock, app, config, scratch, note, Fronts(settings, note) if fronts > 1 else None)


def serve(
    source: Source,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    max_memory: int = DEFAULT_MAX_MEMORY_MB,
    queue: int = DEFAULT_QUEUE,
    cors: bool = True,
    cache_mb: int = DEFAULT_CACHE_MB,
    fronts: int = 1,
    log: TextIO | None = sys.stderr,
) -> None:
    """Serve ``source`` until Ctrl-C or SIGTERM (what ``kg serve`` runs); see :func:`make_server`.

    Stops gracefully: no new connections, running queries may finish (within
    their timeout), idle connections are closed, the workers stopped and any
    temporary store deleted.
    """
    server = make_server(
        source, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
        max_memory=max_memory, queue=queue, cors=cors, cache_mb=cache_mb, fronts=fronts, log=log,
    )  # fmt: skip

    if fronts == 1:
        # this process only serves from now on: like a query worker, it may not open a network socket,
        # and only then does it answer proven-light queries itself (kg.sparql.server.local);
        # with more fronts it must stay able to start (bind) a replacement front
        deny_network()
        if server.app.local is not None:
            server.app.local.open()  # now, not on the first query it answers

    def announce() -> None:  # once every front answers
        if log is not None:
            log.write(f"kg: SPARQL endpoint {server.endpoint} (query page {server.url}); Ctrl-C stops\n")
            log.flush()

    server.serve_forever(on_ready=announce)
