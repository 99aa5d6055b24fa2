"""The endpoint as an ASGI application: the protocol's decisions, the pool's answers, the cache, the access log.

Why this layer: :mod:`kg.sparql.server.protocol` decides and
:mod:`kg.sparql.server.pool` runs queries; this module is the glue an ASGI
server (uvicorn, see :mod:`kg.sparql.server.transport`) calls for each
request. It does what needs the connection: reading the body (at most
:data:`MAX_BODY_BYTES`, within :data:`BODY_TIMEOUT`), noticing a client that
went away while its query runs (the query is then abandoned, and its worker
freed if it had run long), consulting the result cache, noticing that a live
store folder changed, and one access-log line per request:

``2026-11-22T15:05:03.587Z 127.0.0.1 GET /sparql 200 123 5.4ms``

(UTC time, client, method, path without the query string, status, bytes,
duration; a client gone before its answer is logged with status 499 and
the words ``client closed the connection``, never a traceback).

Why one module: one request's path (plan memo, cache, the front or a worker,
the answer, the log line) reads best in one place.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.sparql.server.cache import ResultCache, store_fingerprint
from kg.sparql.server.local import FrontEngine
from kg.sparql.server.outcomes import MemoryLimit, PoolBusy, Reply, WorkerCrashed, WorkerTimeout
from kg.sparql.server.pool import QueryPool
from kg.sparql.server.protocol import Endpoint, Planned, Request, Response, text_response
from kg.sparql.store import store_graphs

__all__ = ["BODY_TIMEOUT", "MAX_BODY_BYTES", "REFRESH_EVERY", "SparqlApp", "log_line"]

#: Largest POST body accepted (a query is at most 1,000,000 characters).
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Seconds a client may take to send a request body.
BODY_TIMEOUT = 30.0
#: Seconds a query runs before the server starts watching for its client going away.
WATCH_AFTER = 0.2
#: Least seconds between two reopenings of a live store folder that keeps changing.
REFRESH_EVERY = 1.0
#: GET/HEAD requests whose plan is remembered (then the memo starts afresh), and their longest query string.
_MEMO_PLANS = 1024
_MEMO_QUERY_BYTES = 8192

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def log_line(client: str, method: str, path: str, status: int, size: int, started: float, note: str = "") -> str:
    """One access-log line (``started`` from :func:`time.perf_counter`)."""
    now = time.time()
    when = f"{_second(int(now))}.{int(now * 1000) % 1000:03d}Z"
    return f"{when} {client or '-'} {method or '-'} {path or '-'} {status} {size} {(time.perf_counter() - started) * 1000:.1f}ms{note}"


@functools.lru_cache(maxsize=4)
def _second(epoch: int) -> str:
    """``2026-11-22T15:05:03`` for a Unix time in whole seconds (remembered: a busy second has many lines)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S")


class _ClientGone(Exception):
    """The client closed the connection before its answer was ready."""


class _Watch:
    """Watches one request's connection while its query runs, and cancels the request's task when the client leaves.

    Started only for a query that runs past :data:`WATCH_AFTER` (a light
    query is answered before), so most requests cost one timer, not a task.
    """

    __slots__ = ("gone", "receive", "request_task", "task")

    def __init__(self, receive: Receive, request_task: asyncio.Task[Any] | None) -> None:
        self.receive = receive
        self.request_task = request_task
        self.gone = False
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                self.gone = True
                if self.request_task is not None:
                    self.request_task.cancel()
                return


class SparqlApp:
    """The ASGI application of ``kg serve``.

    Args:
        endpoint: decides every answer.
        pool: runs the queries (started on the server's event loop).
        cache: remembers answers; ``None`` for no cache.
        live_store: a store folder that another process may change while
            served (checked before each query); ``None`` for a private copy.
        local: answers proven-light jobs in this process when they would
            wait for a worker (see :mod:`kg.sparql.server.local`); ``None``:
            every job goes to a worker.
        log: gets each access-log line; ``None`` for silence.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        pool: QueryPool,
        *,
        cache: ResultCache | None = None,
        live_store: Path | None = None,
        local: FrontEngine | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.pool = pool
        self.cache = cache
        self.local = local
        if local is not None:
            pool.measured = local.jobs.measured
        self.live_store = live_store
        self._log = log
        self._seen = store_fingerprint(live_store) if live_store is not None else None
        self._loaded = self._seen
        self._refreshed_at = 0.0
        self._refresh_timer: asyncio.TimerHandle | None = None
        self._plans: dict[tuple[str, Any, tuple[tuple[bytes, bytes], ...]], tuple[Response | Planned, str]] = {}
        self._requests: dict[bytes, tuple[Response | Planned, str]] = {}  # see known_request
        self._pending_log: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        method: str = scope["method"]
        raw_path = scope.get("raw_path")
        path: str = raw_path.decode("latin-1") if raw_path else scope.get("path", "/")
        try:
            response = await self._respond(scope, method, path, receive)
        except _ClientGone as gone:
            self._write_log(log_line(_client(scope), method, path, 499, 0, started, f" client closed the connection {gone}"))
            return
        except Exception as error:  # never a traceback in the log, never a connection left hanging
            response = text_response(500, "internal error; the server carries on")
            self.log_error(method, path, error)
        headers = [
            (b"content-type", response.content_type.encode("latin-1")),
            (b"content-length", str(len(response.body)).encode("ascii")),
            *_encoded(response.headers),
        ]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})
        if self._log is not None:
            self._write_log(log_line(_client(scope), method, path, response.status, len(response.body), started))

    def log_request(self, client: str, path: str, status: int, size: int, started: float, note: str = "") -> None:
        """The access-log line of a GET answered outside the ASGI call (the transport's quick path)."""
        if self._log is not None:
            self._write_log(log_line(client, "GET", path, status, size, started, note))

    def log_error(self, method: str, path: str, error: Exception) -> None:
        """An internal error, in one line (never a traceback): the request got a 500."""
        self._write_log(f"kg serve: internal error on {method} {path}: {type(error).__name__}: {error}")

    def _write_log(self, line: str) -> None:
        """Queue one log line; the lines of one turn of the event loop are written together.

        Why: one write and flush per request was a system call per request; under load
        many requests finish in the same turn and now share one. The lines still land
        within that turn, in order, right after their responses were handed to the transport.
        """
        if self._log is None:
            return
        self._pending_log.append(line)
        if len(self._pending_log) == 1:
            try:
                asyncio.get_running_loop().call_soon(self.flush_log)
            except RuntimeError:  # no loop (a direct call in a test): at once
                self.flush_log()

    def flush_log(self) -> None:
        """Write the queued log lines now (also called when the server stops, so none is lost)."""
        lines, self._pending_log = self._pending_log, []
        if lines and self._log is not None:
            self._log("\n".join(lines))

    def _plan(self, scope: Scope, method: str, path: str) -> tuple[Request | None, Response | Planned | None]:
        """A remembered plan for a GET/HEAD seen before (same target, same headers), else the request to plan.

        Why: :meth:`Endpoint.plan` of a GET is a pure function of the method,
        the target and the headers, given the store's graphs (the memo is
        emptied when they change). Light clients repeat a few queries, and
        for them decoding the headers, the guard's memo lookups and the
        negotiation were a good part of the front's time per request. The
        target is the request line's, as received (``kg_target``, set by
        :mod:`kg.sparql.server.transport`), else the path and query string.
        """
        key = None
        if method == "GET" or method == "HEAD":
            target = scope.get("kg_target") or (path, scope.get("query_string", b""))
            if len(target) <= _MEMO_QUERY_BYTES:
                key = (method, target, tuple(scope.get("headers", ())))
                remembered = self._plans.get(key)
                if remembered is not None:
                    return None, remembered[0]
        request = _request(scope, path)
        if key is not None:
            planned = self.endpoint.plan(request)
            if len(self._plans) >= _MEMO_PLANS:
                self._forget_plans()
            self._plans[key] = (planned, path)
            return request, planned
        return request, None

    def remembered(self, target: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[Response | Planned, str] | None:
        """The plan and log path of a GET seen before with this exact request target and these headers, if any."""
        return self._plans.get(("GET", target, tuple(headers)))

    def known_request(self, data: bytes) -> tuple[Response | Planned, str] | None:
        """The plan and log path of a request whose bytes, all of them, were one kept-alive GET before.

        Why: a client repeating a query on a kept connection sends the same bytes each time.
        The transport learns a chunk that was one whole HTTP/1.1 GET from a message boundary,
        answered from a plan of :meth:`remembered` (:meth:`learn_request`): the same bytes from
        a boundary parse the same way, so the parser can be skipped.
        """
        return self._requests.get(data)

    def learn_request(self, data: bytes, plan: Response | Planned, path: str) -> None:
        """Remember ``data`` as one kept-alive GET with this plan (see :meth:`known_request`)."""
        if len(data) <= 2 * _MEMO_QUERY_BYTES:
            if len(self._requests) >= _MEMO_PLANS:
                self._requests.clear()
            self._requests[data] = (plan, path)

    def _forget_plans(self) -> None:
        self._plans.clear()
        self._requests.clear()

    async def _respond(self, scope: Scope, method: str, path: str, receive: Receive) -> Response:
        endpoint = self.endpoint
        request, planned = self._plan(scope, method, path)
        if planned is None:
            assert request is not None
            if endpoint.wants_body(request):
                body = await _read_body(request, receive)
                if isinstance(body, Response):
                    return body
                request = dataclasses.replace(request, body=body)
            planned = endpoint.plan(request)
        if isinstance(planned, Response):
            return planned
        return await self.run(planned, receive)

    async def run(self, planned: Planned, receive: Receive | None) -> Response:
        """The response to a planned query: from the cache, or from a worker.

        ``receive``: the request's ASGI channel, watched for the client going
        away while a slow query runs; ``None`` when the caller watches itself
        (the transport's quick path cancels this coroutine).
        """
        endpoint = self.endpoint
        fresh = self._store_unchanged() if self.live_store is not None else True
        cache = self.cache if fresh else None
        generation = self.pool.generation
        if cache is not None:
            hit = cache.get(generation, planned.job)
            if hit is not None:
                return endpoint.answer(planned, hit)
        local = self.local
        if local is not None and local.may_answer(planned.job) and self.pool.would_wait():
            return endpoint.answer(planned, local.answer(planned.job))
        outcome: Reply | BaseException
        try:
            if receive is None:
                outcome, generation = await self.pool.execute(planned.job, endpoint.timeout)
            else:
                outcome, generation = await self._execute(planned.job, receive)
        except (PoolBusy, WorkerTimeout, MemoryLimit, WorkerCrashed) as error:
            outcome = error
        if cache is not None and isinstance(outcome, Reply):
            cache.put(generation, planned.job, outcome)
        return endpoint.answer(planned, outcome)

    async def _execute(self, job: Any, receive: Receive) -> tuple[Reply, int]:
        """Run ``job`` on the pool; if the client goes away meanwhile, abandon it (:class:`_ClientGone`)."""
        watch = _Watch(receive, asyncio.current_task())
        timer = asyncio.get_running_loop().call_later(WATCH_AFTER, watch.start)
        try:
            return await self.pool.execute(job, self.endpoint.timeout)
        except asyncio.CancelledError:
            if watch.gone:
                raise _ClientGone("before the answer") from None
            raise
        finally:
            timer.cancel()
            if watch.task is not None:
                watch.task.cancel()

    # ------------------------------------------------------------------ a live store folder

    def _store_unchanged(self) -> bool:
        """Check a live store folder; on a change, reopen it (at most every :data:`REFRESH_EVERY` s).

        Returns whether the workers' snapshot is the folder's current state
        (the cache is used only then).
        """
        assert self.live_store is not None
        try:
            seen = store_fingerprint(self.live_store)
        except OSError:
            return False
        if seen != self._seen:
            self._seen = seen
        if self._seen == self._loaded:
            return True
        now = time.monotonic()
        if now - self._refreshed_at >= REFRESH_EVERY:
            self._reload()
        elif self._refresh_timer is None:
            delay = REFRESH_EVERY - (now - self._refreshed_at)
            self._refresh_timer = asyncio.get_running_loop().call_later(delay, self._reload)
        return False

    def _reload(self) -> None:
        """New workers on the folder as it is now; new graphs for the checks; an empty cache."""
        assert self.live_store is not None
        self._refresh_timer = None
        self._refreshed_at = time.monotonic()
        try:
            self._loaded = store_fingerprint(self.live_store)
            store = ox.Store.read_only(str(self.live_store))
            self.endpoint.update_store(store_graphs(store), len(store))
            self._forget_plans()  # plans checked FROM and the dataset against the old graphs
            del store
        except OSError as error:
            self._write_log(f"kg serve: the store {self.live_store} changed but cannot be read yet ({error}); trying again")
            self._loaded = None
            return
        self.pool.refresh()
        if self.cache is not None:
            self.cache.clear()
        self._write_log(f"kg serve: the store {self.live_store} changed; query workers reopened it")


@functools.lru_cache(maxsize=256)
def _encoded(headers: tuple[tuple[str, str], ...]) -> list[tuple[bytes, bytes]]:
    """Response headers as ASGI wants them (remembered: most answers carry the same few)."""
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def _request(scope: Scope, path: str) -> Request:
    """The protocol's view of an ASGI HTTP scope (``path`` not decoded, headers as text)."""
    return Request(
        method=scope["method"],
        path=path,
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in scope.get("headers", ())),
        client=_client(scope),
    )


def _client(scope: Scope) -> str:
    """The client's address, for the log."""
    client = scope.get("client")
    return str(client[0]) if client else ""


async def _read_body(request: Request, receive: Receive) -> bytes | Response:
    """The body, or the refusal when its length is missing, malformed or too large, or it comes too slowly."""
    length_header = request.header("Content-Length")
    if length_header is None and request.header("Transfer-Encoding") is None:
        return text_response(411, "a POST needs a Content-Length")
    if length_header is not None:
        try:
            length = int(length_header)
        except ValueError:
            return text_response(400, "bad Content-Length")
        if length < 0 or length > MAX_BODY_BYTES:
            return text_response(413, f"request body over {MAX_BODY_BYTES:,} bytes")
    chunks: list[bytes] = []
    total = 0
    try:
        async with asyncio.timeout(BODY_TIMEOUT):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise _ClientGone("while sending the request")
                chunk = message.get("body", b"")
                total += len(chunk)
                if total > MAX_BODY_BYTES:
                    return text_response(413, f"request body over {MAX_BODY_BYTES:,} bytes")
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        return text_response(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s")
    return b"".join(chunks)
