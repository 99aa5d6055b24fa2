"""The HTTP layer: Python's ``http.server`` in front of :class:`kg.sparql.server.protocol.Endpoint`.

Why so thin: this is plumbing meant to be swapped for a real ASGI server
later, so it does only what HTTP itself needs: turn the request line and
headers into a :class:`~kg.sparql.server.protocol.Request`, read the body
when the endpoint wants it (``Content-Length`` required, at most
:data:`MAX_BODY_BYTES`), write the :class:`~kg.sparql.server.protocol.Response`
(no body for ``HEAD``, ``Connection: close`` after an error), and write one
access-log line per request: time, client, method, path, status, bytes,
duration. Every decision about the request is the endpoint's.
"""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from kg.sparql.server.protocol import Endpoint, Request, Response, respond, text_response

__all__ = ["MAX_BODY_BYTES", "HTTPServer"]

#: Largest POST body accepted (a query is at most 1,000,000 characters).
MAX_BODY_BYTES = 4 * 1024 * 1024


class HTTPServer(ThreadingHTTPServer):
    """A threading HTTP server (IPv4 or IPv6 by the host's form) answering with ``endpoint``.

    Args:
        address: ``(host, port)`` to bind; port 0 picks a free one.
        endpoint: decides every answer.
        access_log: called with one line per request.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], endpoint: Endpoint, access_log: Callable[[str], None]) -> None:
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.endpoint = endpoint
        self.access_log = access_log
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    server: HTTPServer

    _started: float | None = None

    def parse_request(self) -> bool:
        self._started = time.monotonic()
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the base class; :meth:`_send` writes one line per request."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True
        self._send(respond(code, (message or self.responses.get(code, ("error",))[0]) + "\n", "text/plain"))

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _handle(self) -> None:
        target = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=target.path,
            query_string=target.query,
            headers=tuple((name, str(value)) for name, value in self.headers.items()),
            client=str(self.client_address[0]),
        )
        endpoint = self.server.endpoint
        if endpoint.wants_body(request):
            body = self._read_body()
            if isinstance(body, Response):
                self._send(body)
                return
            request = dataclasses.replace(request, body=body)
        self._send(endpoint.handle(request))

    def _read_body(self) -> bytes | Response:
        """The body, or the refusal when its length is missing, malformed or too large."""
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return text_response(411, "a POST needs a Content-Length")
        try:
            length = int(length_header)
        except ValueError:
            return text_response(400, "bad Content-Length")
        if length < 0 or length > MAX_BODY_BYTES:
            return text_response(413, f"request body over {MAX_BODY_BYTES:,} bytes")
        return self.rfile.read(length)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers:
            self.send_header(key, value)
        if response.status >= 400:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        started = self._started if self._started is not None else time.monotonic()
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.server.access_log(
            f"{when} {self.client_address[0]} {getattr(self, 'command', None) or '-'} {path} "
            f"{response.status} {len(response.body)} {(time.monotonic() - started) * 1000:.1f}ms"
        )
