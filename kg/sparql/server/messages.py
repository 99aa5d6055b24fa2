"""HTTP requests and responses as plain frozen values: what the protocol reads and what it answers.

Why a module of its own: the protocol (:mod:`kg.sparql.server.protocol`), the
ASGI glue (:mod:`kg.sparql.server.asgi`) and the tests all speak in these
values, and none of them should need an HTTP library to build one.

>>> Request("GET", "/sparql", headers=(("ACCEPT", "text/csv"),)).header("Accept")
'text/csv'
>>> text_response(404, "no such page").body
b'no such page\\n'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Request", "Response", "respond", "text_response", "with_headers"]


@dataclass(frozen=True)
class Request:
    """One HTTP request, as the protocol needs it.

    Attributes:
        method: ``GET``, ``HEAD``, ``POST``, ``OPTIONS``, … (``HEAD`` is
            answered as ``GET``; the HTTP layer leaves the body out).
        path: the path of the request target, not decoded (``/sparql``).
        query_string: what follows ``?`` in the target, not decoded.
        headers: ``(name, value)`` pairs as received; see :meth:`header`.
        body: the request body (empty unless :meth:`Endpoint.wants_body`).
        client: the client's address, for logs.
    """

    method: str
    path: str
    query_string: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    client: str = ""
    _by_name: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, str] = {}
        for key, value in self.headers:
            by_name.setdefault(key.lower(), value)
        object.__setattr__(self, "_by_name", by_name)

    def header(self, name: str) -> str | None:
        """The first header called ``name``, whatever its case; ``None`` if absent."""
        return self._by_name.get(name.lower())


@dataclass(frozen=True)
class Response:
    """What to send back: status, full ``Content-Type``, extra headers in order, body.

    The HTTP layer adds only transport headers (``Content-Length``,
    ``Connection``, ``Date``, ``Server``).
    """

    status: int
    content_type: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def respond(status: int, body: bytes | str, media_type: str, headers: Mapping[str, str] | None = None) -> Response:
    """A response with kg's fixed headers: UTF-8, ``nosniff``, ``no-store``, then ``headers``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    fixed = (("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"))
    return Response(status, f"{media_type}; charset=utf-8", fixed + tuple((headers or {}).items()), data)


def text_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A plain-text response: ``message`` and one final newline."""
    return respond(status, message.rstrip("\n") + "\n", "text/plain", headers)


def with_headers(response: Response, headers: tuple[tuple[str, str], ...]) -> Response:
    return response if not headers else Response(response.status, response.content_type, response.headers + headers, response.body)
