"""A read-only SPARQL 1.1 endpoint over kg's graph, for people and tools.

Why it looks like this:

* **SPARQL 1.1 Protocol** at ``/sparql`` (GET ``?query=``, POST form, POST
  ``application/sparql-query``) with content negotiation, so SPARQLWrapper,
  YASGUI-style tools, ``curl`` and notebooks work unchanged; a small offline
  query page at ``/`` for people (no external scripts, fonts or styles).
* **Read-only and offline**: updates get ``403``; ``SERVICE``, ``LOAD``,
  foreign ``FROM`` and engine-crashing shapes are refused with ``400`` by
  :mod:`kg.sparql.safety` before any engine sees them.
* **A timeout that really stops the work**: Oxigraph cannot cancel a running
  query, so each query runs in a worker *process* (a fresh interpreter
  started with ``subprocess``, talking over a socket pair; no fork, so the
  server's threads are no hazard, and no re-import of the caller's
  ``__main__``). Workers open the same on-disk Oxigraph store read-only, so a
  replacement starts in milliseconds: when a query passes the timeout its
  worker is killed (``503 … timed out after N s``), a fresh one takes its
  place, and the other workers keep answering meanwhile. A query that crashes
  its worker costs a ``500`` and a respawn, never the server.
* **Result cap**: at most ``max_rows`` rows (or triples) are sent; a larger
  result is *truncated*, not refused, and the response carries the header
  ``X-KG-Truncated: <max_rows>`` (a person paging through a big result gets
  the first rows; a tool can check the header).
* One access-log line per request: time, client, method, path, status,
  bytes, duration.

Sources (``source`` argument of :func:`make_server`/:func:`serve`):

* a path (a folder of exports or one RDF file): loaded once with
  :func:`kg.sparql.store.open_graph`, copied into a temporary on-disk store that
  the workers share, deleted on close;
* a :class:`kg.sparql.store.GraphStore` folder: used in place, read-only (do not
  run ``kg build`` into it while serving);
* a ``pyoxigraph.Store``, or a zero-argument callable returning one: copied
  like a loaded file.

Example (port 0 picks a free port):

>>> from pathlib import Path
>>> sample = Path(__file__).parents[2] / "tests" / "data" / "sample.trig"
>>> with make_server(sample, port=0, log=None).start() as server:
...     server.endpoint.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.sparql.results import MEDIA_TYPES, UnknownFormat, canonical_format, format_result
from kg.sparql.safety import QueryError, RefusedQuery, inspect_query
from kg.sparql.sandbox import deny_network
from kg.sparql.store import (
    QuerySyntaxError,
    is_store_dir,
    list_queries,
    open_graph,
    run_query,
    store_graphs,
)

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "QueryPool",
    "ServerError",
    "SparqlServer",
    "make_server",
    "negotiate",
    "serve",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 2
#: Largest POST body accepted (a query is at most 1,000,000 characters).
MAX_BODY_BYTES = 4 * 1024 * 1024
#: How long a (re)started worker may take to open the store.
READY_TIMEOUT = 120.0

Source = Path | str | ox.Store | Callable[[], ox.Store]


class ServerError(Exception):
    """The endpoint could not be set up (a worker failed to start, …)."""


class _PoolBusy(Exception):
    pass


class _WorkerCrashed(Exception):
    pass


class _WorkerTimeout(Exception):
    pass


# --------------------------------------------------------------------------- worker processes


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


_WORKER_CODE = "import sys; from kg.sparql.server import _worker_entry; _worker_entry(int(sys.argv[1]), sys.argv[2])"


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
        """Run one job; raise _PoolBusy, _WorkerTimeout or _WorkerCrashed."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise _PoolBusy from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise _WorkerTimeout
            reply: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise _WorkerCrashed from None
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


# --------------------------------------------------------------------------- content negotiation

_ACCEPT_ALIASES: dict[str, dict[str, str]] = {
    "solutions": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
        "text/plain": "table",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "ntriples",
        "text/plain": "ntriples",
        "application/ld+json": "json",
        "application/json": "json",
        "application/rdf+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
}
_DEFAULT_FORMAT = {"solutions": "json", "graph": "turtle"}
_FORMAT_PARAMS = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "table": "table", "text": "table",
    "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "json-ld": "json", "jsonld": "json", "rdf+xml": "xml",
}  # fmt: skip


class _NotAcceptable(Exception):
    pass


def negotiate(accept: str | None, format_param: str | None, family: str) -> str:
    """Pick a result format name for ``family`` (``solutions`` or ``graph``).

    A ``format``/``output`` parameter naming a format that fits wins (tools
    such as SPARQLWrapper send one); otherwise the ``Accept`` header, by
    q-value; wildcards and no header give JSON for SELECT/ASK and Turtle for
    CONSTRUCT/DESCRIBE.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", None, "solutions")
    'xml'
    """
    aliases = _ACCEPT_ALIASES[family]
    if format_param:
        wanted = format_param.strip().lower()
        name = _FORMAT_PARAMS.get(wanted) or aliases.get(wanted)
        if name and name in aliases.values():
            return name
    if not accept or not accept.strip():
        return _DEFAULT_FORMAT[family]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    for _, _, media in sorted(ranked):
        if media in aliases:
            return aliases[media]
        if media == "*/*" or media.endswith("/*"):
            return _DEFAULT_FORMAT[family]
    offered = ", ".join(dict.fromkeys(MEDIA_TYPES[family].values()))
    raise _NotAcceptable(f"cannot answer with {accept!r}; this result can be sent as: {offered}")


# --------------------------------------------------------------------------- HTTP


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: _App) -> None:
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        super().__init__(address, _Handler)


@dataclass
class _App:
    """What every request handler needs: the pool, the limits, the log."""

    pool: QueryPool
    graphs: frozenset[str]
    timeout: float
    max_rows: int | None
    log: TextIO | None
    loopback: bool
    log_lock: threading.Lock

    def write_log(self, line: str) -> None:
        if self.log is None:
            return
        with self.log_lock:
            self.log.write(line + "\n")
            self.log.flush()


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    _started: float | None = None

    # -- plumbing ---------------------------------------------------------------

    def parse_request(self) -> bool:
        self._started = time.monotonic()
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the base class; :meth:`_send` writes one line per request."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True
        self._send(code, (message or self.responses.get(code, ("error",))[0]) + "\n", "text/plain")

    def _send(self, status: int, body: bytes | str, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status >= 400:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        started = self._started if self._started is not None else time.monotonic()
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.server.app.write_log(
            f"{when} {self.client_address[0]} {getattr(self, 'command', None) or '-'} {path} "
            f"{status} {len(data)} {(time.monotonic() - started) * 1000:.1f}ms"
        )

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, message.rstrip("\n") + "\n", "text/plain", headers)

    def _host_ok(self) -> bool:
        """On a loopback bind, refuse requests addressed to other host names
        (a web page using DNS rebinding to reach the endpoint)."""
        if not self.server.app.loopback:
            return True
        host = (self.headers.get("Host") or "").strip()
        if not host:
            return True
        name = host[1:].partition("]")[0] if host.startswith("[") else host.rpartition(":")[0] or host
        if name.count(":") > 1:  # bare IPv6 without brackets
            name = host
        return name.lower() in _LOOPBACK_NAMES

    # -- routes -----------------------------------------------------------------

    def do_GET(self) -> None:
        self._route("GET")

    def do_HEAD(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._read_only()

    def do_DELETE(self) -> None:
        self._read_only()

    def do_PATCH(self) -> None:
        self._read_only()

    def _read_only(self) -> None:
        self._text(405, "this SPARQL endpoint is read-only; use GET or POST /sparql with a query",
                   {"Allow": "GET, HEAD, POST"})  # fmt: skip

    def _route(self, method: str) -> None:
        if not self._host_ok():
            self._text(403, "unexpected Host header; this endpoint answers on localhost only")
            return
        parts = urlsplit(self.path)
        if parts.path in ("/", "/index.html") and method == "GET":
            self._send(200, _INDEX_HTML, "text/html", {"Content-Security-Policy": _CSP})
        elif parts.path == "/app.js" and method == "GET":
            self._send(200, _APP_JS, "text/javascript")
        elif parts.path == "/app.css" and method == "GET":
            self._send(200, _APP_CSS, "text/css")
        elif parts.path == "/queries.json" and method == "GET":
            queries = [{"name": n, "description": d, "query": q} for n, (d, q) in list_queries().items()]
            self._send(200, json.dumps(queries, ensure_ascii=False), "application/json")
        elif parts.path in ("/sparql", "/query"):
            self._sparql(method, parts.query)
        elif parts.path in ("/update", "/store", "/data"):
            self._text(403, "this SPARQL endpoint is read-only: no updates and no Graph Store writes")
        else:
            self._text(404, f"no such page: {parts.path}; the SPARQL endpoint is /sparql, the query page /")

    def _sparql(self, method: str, query_string: str) -> None:
        try:
            params = parse_qs(query_string, keep_blank_values=True, max_num_fields=1000)
        except ValueError as error:
            self._text(400, f"bad query string: {error}")
            return
        sparql: str | None = None
        if method == "POST":
            body = self._read_body()
            if body is None:
                return
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                self._text(403, "this SPARQL endpoint is read-only: SPARQL Update is not accepted")
                return
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
                except (UnicodeDecodeError, ValueError) as error:
                    self._text(400, f"bad form body: {error}")
                    return
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    sparql = body.decode("utf-8")
                except UnicodeDecodeError:
                    self._text(400, "the query is not valid UTF-8")
                    return
            else:
                self._text(415, "POST a query as application/x-www-form-urlencoded (query=…) "
                                "or as application/sparql-query")  # fmt: skip
                return
        if "update" in params:
            self._text(403, "this SPARQL endpoint is read-only: SPARQL Update is not accepted")
            return
        if sparql is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                self._text(400, "send exactly one 'query' parameter (SPARQL 1.1 Protocol)")
                return
            sparql = queries[0]
        self._answer(sparql, params)

    def _read_body(self) -> bytes | None:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self._text(411, "a POST needs a Content-Length")
            return None
        try:
            length = int(length_header)
        except ValueError:
            self._text(400, "bad Content-Length")
            return None
        if length < 0 or length > MAX_BODY_BYTES:
            self._text(413, f"request body over {MAX_BODY_BYTES:,} bytes")
            return None
        return self.rfile.read(length)

    def _answer(self, sparql: str, params: dict[str, list[str]]) -> None:
        app = self.server.app
        try:
            info = inspect_query(sparql, graphs=app.graphs)
            default_graphs = params.get("default-graph-uri") or None
            named_graphs = params.get("named-graph-uri") or None
            for iri in (*(default_graphs or ()), *(named_graphs or ())):
                if iri not in app.graphs:
                    raise RefusedQuery(f"graph <{iri}> is not a graph of this store")
        except RefusedQuery as error:
            self._text(400, str(error))
            return
        format_values = params.get("format") or params.get("output") or []
        format_param = format_values[0] if format_values else None
        accept = self.headers.get("Accept")
        fmt: dict[str, str] = {}
        for kind, family in (("select", "solutions"), ("ask", "solutions"), ("graph", "graph")):
            try:
                fmt[kind] = negotiate(accept, format_param, family)
            except _NotAcceptable as error:
                if info.kind == kind:
                    self._text(406, str(error))
                    return
                fmt[kind] = _DEFAULT_FORMAT[family]  # not this query's kind, or it will not parse
        job = (sparql, fmt, app.max_rows, default_graphs, named_graphs)
        try:
            reply = app.pool.execute(job, app.timeout)
        except _WorkerTimeout:
            self._text(503, f"query timed out after {app.timeout:g} s and was stopped")
            return
        except _PoolBusy:
            self._text(503, f"all query workers stayed busy for {app.timeout:g} s; try again")
            return
        except _WorkerCrashed:
            self._text(500, "the query crashed its worker process; the server carries on")
            return
        if reply[0] == "error":
            self._text(reply[1], reply[2])
            return
        _, kind, name, body, truncated, _count = reply
        family = "graph" if kind == "graph" else "solutions"
        headers = {"X-KG-Truncated": str(app.max_rows)} if truncated else {}
        self._send(200, body, MEDIA_TYPES[family][name], headers)


# --------------------------------------------------------------------------- server object


class SparqlServer:
    """A bound, not yet running endpoint; :meth:`start` or :meth:`serve_forever` runs it.

    Attributes:
        host, port: where it listens (``port`` is the real one when 0 was asked).
        url: ``http://host:port/`` (the query page).
        endpoint: ``http://host:port/sparql``.
    """

    def __init__(self, httpd: _HTTPServer, pool: QueryPool, scratch: Path | None) -> None:
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
        app = _App(pool, graphs, timeout, max_rows, log, _is_loopback(host), lock)
        httpd = _HTTPServer((host, port), app)
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


# --------------------------------------------------------------------------- the query page
# Static text: nothing from a request or the graph is ever put into it; the
# script fills the page with textContent only, so query results cannot inject
# markup. No external resource: the CSP below forbids anything but this origin.

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_INDEX_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header><h1>kg SPARQL</h1>
<p>Read-only query page for the critical-minerals knowledge graph. The default graph is the union of all graphs.
Tools can use the endpoint <code>/sparql</code> (SPARQL 1.1 Protocol).</p></header>
<main>
<label for="examples">Example queries</label>
<select id="examples"><option value="">(choose one)</option></select>
<p id="description"></p>
<textarea id="query" rows="14" spellcheck="false" aria-label="SPARQL query">
PREFIX kgo: &lt;https://w3id.org/mineral-kg/ontology#&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;

SELECT ?entity ?label ?class WHERE {
  ?entity a ?class ; rdfs:label ?label .
}
ORDER BY ?class ?label
LIMIT 100
</textarea>
<div class="controls">
<button id="run" type="button">Run (Ctrl+Enter)</button>
<label for="format">Answer as</label>
<select id="format">
<option value="">table / Turtle</option>
<option value="text/csv">CSV</option>
<option value="text/tab-separated-values">TSV</option>
<option value="application/sparql-results+xml">SPARQL XML</option>
<option value="application/sparql-results+json">SPARQL JSON</option>
<option value="application/n-triples">N-Triples (graphs)</option>
</select>
<span id="status" role="status"></span>
</div>
<div id="error" class="error" hidden></div>
<div id="results"></div>
</main>
</body>
</html>
"""

_APP_CSS = """body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
header p, #description { color: #555; margin: .2rem 0 1rem; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: .9rem; box-sizing: border-box; }
.controls { margin: .6rem 0; display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
button { padding: .35rem .9rem; }
.error { background: #fdecea; border: 1px solid #e0a0a0; padding: .6rem; white-space: pre-wrap; }
table { border-collapse: collapse; font-size: .88rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f1f1; position: sticky; top: 0; }
td.iri { font-family: ui-monospace, monospace; }
pre { background: #f7f7f7; padding: .6rem; overflow: auto; }
"""

_APP_JS = """"use strict";
const PREFIXES = [
  ["kgo:", "https://w3id.org/mineral-kg/ontology#"], ["kgr:", "https://w3id.org/mineral-kg/id/"],
  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["owl:", "http://www.w3.org/2002/07/owl#"], ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"], ["prov:", "http://www.w3.org/ns/prov#"],
  ["dcterms:", "http://purl.org/dc/terms/"], ["wd:", "http://www.wikidata.org/entity/"]];
const $ = (id) => document.getElementById(id);

function shorten(iri) {
  for (const [prefix, ns] of PREFIXES) { if (iri.startsWith(ns)) return prefix + iri.slice(ns.length); }
  return "<" + iri + ">";
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function showError(message) { const box = $("error"); box.textContent = message; box.hidden = false; }

function renderJson(data) {
  const out = $("results");
  if (typeof data.boolean === "boolean") { out.appendChild(el("p", "Answer: " + data.boolean)); return 1; }
  const vars = data.head.vars || [];
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.appendChild(el("th", v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) {
      const term = row[v];
      if (!term) { tr.appendChild(el("td", "")); continue; }
      const text = term.type === "uri" ? shorten(term.value) : term.type === "bnode" ? "_:" + term.value : term.value;
      const td = el("td", text, term.type === "uri" ? "iri" : "");
      if (term.type === "uri") td.title = term.value;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  out.appendChild(table);
  return data.results.bindings.length;
}

async function run() {
  const query = $("query").value;
  const chosen = $("format").value;
  const accept = chosen || "application/sparql-results+json, text/turtle;q=0.9";
  $("results").textContent = ""; $("error").hidden = true; $("status").textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query }),
    });
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) { showError(response.status + " " + response.statusText + "\\n" + text); $("status").textContent = ""; return; }
    let count = "";
    if (type.startsWith("application/sparql-results+json") && !chosen) count = renderJson(JSON.parse(text)) + " rows, ";
    else $("results").appendChild(el("pre", text));
    const cap = response.headers.get("X-KG-Truncated");
    $("status").textContent = count + seconds + " s" + (cap ? " — truncated at " + cap + " rows" : "");
  } catch (error) { showError(String(error)); $("status").textContent = ""; }
}

async function loadExamples() {
  try {
    const response = await fetch("/queries.json");
    const queries = await response.json();
    const select = $("examples");
    for (const q of queries) { const option = el("option", q.name + " — " + q.description); option.value = q.name; select.appendChild(option); }
    select.addEventListener("change", () => {
      const q = queries.find((item) => item.name === select.value);
      if (q) { $("query").value = q.query; $("description").textContent = q.description; }
    });
  } catch (error) { showError("could not load the example queries: " + error); }
}

document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(); });
  loadExamples();
});
"""
