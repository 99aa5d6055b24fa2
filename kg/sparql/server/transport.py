"""HTTP/1.1 for the endpoint: uvicorn with httptools (llhttp) on uvloop, and the few things kg adds.

Why uvicorn: a widely used ASGI server with a proven HTTP/1.1 parser
(llhttp, Node.js's), keep-alive, pipelining, a real listen backlog and a
graceful shutdown (stop accepting, let running requests finish, close idle
connections), embeddable in a thread of a test as well as in ``kg serve``.
What kg adds here, each a small hook on uvicorn's documented ``http=``
protocol class or ``Server``:

* **HTTP/1.0 keep-alive**: uvicorn closes every HTTP/1.0 connection; kg
  honours ``Connection: keep-alive`` from a 1.0 client and answers it with
  ``Connection: keep-alive`` (every response has a ``Content-Length``), so
  ``ab -k`` and other 1.0 clients keep their connection instead of waiting.
* **A header timeout**: uvicorn times out idle keep-alive connections but not
  a client that connects and sends its request line and headers slowly (or
  never); kg gives each request :data:`HEADER_TIMEOUT` seconds from its first
  byte (or from the connection) to the end of its headers, then answers 408
  and closes.
* **A garbage request line** gets a real ``HTTP/1.1 400`` status line, kg's
  wording, and one access-log line (not uvicorn's warning on stderr).
* **One write per answer**: uvicorn writes an answer's head and body
  apart; kg holds the head for the body (:class:`_Corked`), one system call
  and one TCP segment fewer per answer.
* **The quick path** (:mod:`kg.sparql.server.quick`): a GET whose plan is
  remembered is answered without the ASGI machinery; and a chunk of bytes
  that was exactly one whole kept-alive GET on the quick path before, read
  from a message boundary, is answered from that plan without running the
  parser again (:meth:`~kg.sparql.server.asgi.SparqlApp.known_request`).
* **Signals are kg's**: :class:`Server` leaves SIGINT/SIGTERM to the caller
  (``kg serve`` stops gracefully on either; a second Ctrl-C stops at once).

uvicorn's own loggers are silenced: every line kg prints about a request is
the access log's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable, Generator, MutableMapping
from typing import Any

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.sparql.server.asgi import SparqlApp, log_line
from kg.sparql.server.quick import QuickCycle, answer_quickly

__all__ = ["BACKLOG", "HEADER_TIMEOUT", "IDLE_TIMEOUT", "Config", "Server", "bind", "make_config"]

#: Pending connections the kernel may queue before the server accepts them.
BACKLOG = 4096
#: Seconds from a request's first byte (or a new connection) to the end of its headers.
HEADER_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection stays open.
IDLE_TIMEOUT = 15.0


class Config(uvicorn.Config):
    """uvicorn's settings plus kg's header timeout and access log."""

    kg_header_timeout: float = HEADER_TIMEOUT
    kg_log: Callable[[str], None] | None = None


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header timeout, HTTP/1.0 keep-alive and kg's 400s."""

    config: Config
    _header_timer: asyncio.TimerHandle | None = None
    _request_started: float = 0.0
    _awaiting_headers: bool = False
    _between_messages: bool = True  # the parser is at a message boundary (no request half read)
    _learned: tuple[Any, str] | None = None  # the plan the quick path took while this chunk was parsed
    _completed: int = 0  # requests completed while this chunk was parsed

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        cycle = self.cycle
        if isinstance(cycle, QuickCycle) and not cycle.response_complete and cycle.task is not None:
            cycle.task.cancel()  # the client left: its query is abandoned (see QueryPool.execute)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        cycle = self.cycle
        idle = self._between_messages and (cycle is None or cycle.response_complete) and not self.flow.write_paused
        app = self.config.app
        if idle and isinstance(app, SparqlApp):
            known = app.known_request(data)
            if known is not None:  # these exact bytes were one whole kept-alive GET on the quick path before
                self._disarm_header_timer()
                self._answer_plan(app, known[0], known[1], keep_alive=True)
                return
        answered = self.cycle if self._header_timer is None and cycle is not None and cycle.response_complete else None
        arrived = time.perf_counter() if answered is not None else 0.0
        self._learned, self._completed = None, 0
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            idle = False  # an upgrade (h2c, websocket) kg does not offer: the request is answered over HTTP/1.1
        except httptools.HttpParserError as error:
            self._refuse(400, f"bad request: {error}; this is an HTTP/1.1 server")
            return
        if idle and self._learned is not None and self._completed == 1 and self._between_messages:
            app.learn_request(data, *self._learned)  # type: ignore[union-attr]  # idle implies SparqlApp here
        # the first bytes of the next request on a kept-alive connection: its headers have HEADER_TIMEOUT
        # from then; a timer only if they did not all come at once (most requests do)
        waiting = answered is not None and self._header_timer is None and (self._awaiting_headers or self.cycle is answered)
        if waiting and not self.transport.is_closing():
            self._arm_header_timer(arrived)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._awaiting_headers = True
        self._between_messages = False

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._between_messages = True
        self._completed += 1

    def on_headers_complete(self) -> None:
        self._awaiting_headers = False
        self._disarm_header_timer()
        if self._answer_quickly():
            return
        self.scope["kg_target"] = self.url  # type: ignore[typeddict-unknown-key]  # the key of SparqlApp's plan memo
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None:
            cycle.transport = _Corked(self.transport, cycle, self.loop)  # type: ignore[assignment]
        if self.scope.get("http_version") == "1.0" and self.parser.should_keep_alive() and cycle is not None and not cycle.response_started:
            cycle.keep_alive = True
            send = cycle.send

            async def send_keep_alive(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start" and cycle.keep_alive:
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"keep-alive")]}
                await send(message)  # type: ignore[arg-type]

            cycle.send = send_keep_alive  # type: ignore[method-assign,assignment]

    # ------------------------------------------------------------------ kg's additions

    def _answer_quickly(self) -> bool:
        """Take the quick path (:mod:`kg.sparql.server.quick`) for a plain GET whose plan is remembered."""
        cycle = self.cycle
        if (cycle is not None and not cycle.response_complete) or self.flow.write_paused:
            return False
        parser = self.parser
        if parser.get_method() != b"GET" or parser.get_http_version() != "1.1" or parser.should_upgrade():
            return False
        app = self.config.app
        if not isinstance(app, SparqlApp):
            return False
        remembered = app.remembered(self.url, self.headers)
        if remembered is None:
            return False
        keep_alive = parser.should_keep_alive()
        if keep_alive:
            self._learned = remembered  # see data_received: the same bytes next time skip the parser
        self._answer_plan(app, remembered[0], remembered[1], keep_alive=keep_alive)
        return True

    def _answer_plan(self, app: SparqlApp, plan: Any, path: str, *, keep_alive: bool) -> None:
        """Answer the request just received from its remembered plan (:func:`kg.sparql.server.quick.answer_quickly`)."""
        quick = QuickCycle(keep_alive)
        self.cycle = quick  # type: ignore[assignment]
        task = self.loop.create_task(answer_quickly(self, app, quick, plan, path, time.perf_counter()))
        quick.task = task
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _arm_header_timer(self, started: float | None = None) -> None:
        self._disarm_header_timer()
        self._request_started = time.perf_counter() if started is None else started
        delay = self.config.kg_header_timeout - (time.perf_counter() - self._request_started)
        self._header_timer = self.loop.call_later(max(0.0, delay), self._header_timeout)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timeout(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered: not ours to cut
        self._refuse(408, f"the request headers did not arrive within {self.config.kg_header_timeout:g} s")

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with ``message`` outside any request cycle, log it, close."""
        self._disarm_header_timer()
        body = (message + "\n").encode("utf-8", "replace")
        reason = {400: b"Bad Request", 408: b"Request Timeout"}[status]
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status, reason, len(body), body)
        )
        self.transport.close()
        log = self.config.kg_log
        if log is not None:
            client = self.client[0] if self.client else "-"
            log(log_line(str(client), "-", "-", status, len(body), self._request_started, f" {message}"))


class _Corked:
    """A request cycle's view of the connection that sends a response's head together with its body.

    Why: uvicorn writes the status line and headers, then the body, as two
    writes: two system calls and two TCP segments per answer (the socket has
    no Nagle delay), and on a loopback connection the kernel's work per
    segment is a good part of a short answer's cost. The head is held from
    the moment it is written until the body or a close follows (a response
    without a body, as to HEAD: until the end of this turn of the event
    loop), so a short answer leaves in one write. Anything else
    (``100 Continue``) passes at once.
    """

    def __init__(self, transport: asyncio.Transport, cycle: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._cycle = cycle
        self._loop = loop
        self._head: bytes | None = None

    def write(self, data: bytes) -> None:
        if self._head is not None:
            data, self._head = self._head + data, None
        elif self._cycle.response_started and not self._cycle.response_complete:
            self._head = data  # the head: held for the body, at most until this turn of the event loop ends
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class Server(uvicorn.Server):
    """uvicorn's server, leaving signal handling to its caller."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def _quiet_uvicorn() -> None:
    """uvicorn logs to its own loggers; kg writes its own one-line records instead."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())


def make_config(app: Any, *, graceful: float, log: Callable[[str], None] | None, header_timeout: float = HEADER_TIMEOUT) -> Config:
    """uvicorn settings for ``app`` (served on a socket the caller binds and passes to ``Server.serve``)."""
    _quiet_uvicorn()
    config = Config(
        app,
        http=_Protocol,
        ws="none",
        lifespan="off",
        interface="asgi3",
        log_config=None,
        access_log=False,
        backlog=BACKLOG,
        timeout_keep_alive=int(IDLE_TIMEOUT),
        timeout_graceful_shutdown=int(graceful) + 1,
        server_header=False,
        proxy_headers=False,  # a local endpoint: the client is the peer, never an X-Forwarded-For
    )
    config.kg_header_timeout = header_timeout
    config.kg_log = log
    return config


def bind(host: str, port: int, *, shared: bool = False) -> socket.socket:
    """A listening TCP socket on ``host`` (IPv4 or IPv6 by its form) and ``port`` (0: any free one).

    ``shared``: with ``SO_REUSEPORT``, so that the other front processes of
    the same server bind the same port and the kernel spreads connections
    over them. Off otherwise, so a second server on a taken port fails
    instead of quietly sharing it.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if shared:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(False)
    return sock
