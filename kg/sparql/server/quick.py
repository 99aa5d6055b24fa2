"""A repeated GET answered without the ASGI machinery: the transport's quick path.

Why: for a light query most of the front's time per request was uvicorn's
ASGI plumbing, not kg's decisions: a scope, a request-response cycle with
its event, ``receive``/``send`` coroutines, a header check per header
(regular expressions), two writes. A GET whose plan is remembered (the same
request target and headers were planned before, see
:meth:`kg.sparql.server.asgi.SparqlApp.remembered`: the guard's verdict
and the negotiation are already made, for exactly these bytes) needs none of
that: the plan goes to the pool (or the cache), and the status line, headers
and body are written at once. Everything kg decides is unchanged: the same
plan, the same :meth:`~kg.sparql.server.asgi.SparqlApp.run` (cache, live
store check, the pool with its limits), the same
:meth:`~kg.sparql.server.protocol.Endpoint.answer`, the same access-log line.

Only the plain case takes it: HTTP/1.1, GET, no upgrade, no request being
answered on the connection (a pipelined request waits its turn on uvicorn's
path), no write backlog (a client that does not read is slowed down by
uvicorn's flow control). A client that goes away cancels its query at once
(a short one finishes and frees its worker, a long one is stopped).
"""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING, Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE

from kg.sparql.server.messages import Response, text_response
from kg.sparql.server.protocol import Planned

if TYPE_CHECKING:
    from kg.sparql.server.asgi import SparqlApp

__all__ = ["QuickCycle", "answer_quickly", "head"]


class _NoEvent:
    """What uvicorn calls on a cycle's event when the connection is lost: nothing to wake here."""

    def set(self) -> None:
        pass


class QuickCycle:
    """The request being answered on the quick path, as uvicorn's protocol sees its current cycle."""

    __slots__ = ("body", "disconnected", "keep_alive", "message_event", "more_body", "response_complete", "response_started", "task")

    def __init__(self, keep_alive: bool) -> None:
        self.keep_alive = keep_alive  # uvicorn's graceful shutdown turns it off
        self.response_started = False
        self.response_complete = False
        self.disconnected = False
        self.body = bytearray()  # a GET's body is never read; uvicorn's parser callbacks fill it
        self.more_body = True
        self.message_event = _NoEvent()
        self.task: asyncio.Task[None] | None = None


def head(response: Response, extra: list[tuple[bytes, bytes]], keep_alive: bool) -> bytes:
    """The status line and headers of ``response``, as uvicorn writes them for kg's ASGI answers."""
    parts = [STATUS_LINE[response.status]]
    for name, value in extra:  # uvicorn's own (the date), first
        parts += (name, b": ", value, b"\r\n")
    before, after = _around_length(response.status, response.content_type, response.headers, keep_alive)
    parts += (before, b"%d" % len(response.body), after)
    return b"".join(parts)


@functools.lru_cache(maxsize=256)
def _around_length(status: int, content_type: str, headers: tuple[tuple[str, str], ...], keep_alive: bool) -> tuple[bytes, bytes]:
    """A head's bytes before and after the body's length (remembered: most answers share a few)."""
    after = [b"\r\n"]
    for name, value in headers:
        after += (name.lower().encode("latin-1"), b": ", value.encode("latin-1"), b"\r\n")
    if not keep_alive:
        after.append(b"connection: close\r\n")
    after.append(b"\r\n")
    return b"content-type: " + content_type.encode("latin-1") + b"\r\ncontent-length: ", b"".join(after)


async def answer_quickly(protocol: Any, app: SparqlApp, cycle: QuickCycle, plan: Response | Planned, path: str, started: float) -> None:
    """Answer one remembered GET on ``protocol`` (a :class:`kg.sparql.server.transport` protocol) and log it."""
    client = protocol.client[0] if protocol.client else ""
    try:
        response = plan if isinstance(plan, Response) else await app.run(plan, None)
    except asyncio.CancelledError:
        app.log_request(str(client), path, 499, 0, started, " client closed the connection before the answer")
        return
    except Exception as error:  # never a traceback in the log, never a connection left hanging
        response = text_response(500, "internal error; the server carries on")
        app.log_error("GET", path, error)
    transport = protocol.transport
    if cycle.disconnected or transport.is_closing():
        app.log_request(str(client), path, 499, 0, started, " client closed the connection before the answer")
        return
    cycle.response_started = True
    transport.write(head(response, protocol.server_state.default_headers, cycle.keep_alive) + response.body)
    cycle.response_complete = True
    app.log_request(str(client), path, response.status, len(response.body), started)
    if not cycle.keep_alive:
        transport.close()
    protocol.on_response_complete()

