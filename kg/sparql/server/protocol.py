"""The SPARQL 1.1 Protocol as a function from a :class:`Request` to a :class:`Response`.

Why apart from the HTTP server: everything the endpoint *decides* lives
here, as plain values in and out, so it can be tested without a socket and
the HTTP layer (today :mod:`kg.sparql.server.http` on Python's
``http.server``, later an ASGI server) stays plumbing. Decided here:

* routing: the query page (``/``, ``/app.js``, ``/app.css``), the shipped
  examples (``/queries.json``), the endpoint (``/sparql``, ``/query``), and
  the read-only refusals (``405`` for PUT/DELETE/PATCH, ``403`` for
  ``/update``, ``/store``, ``/data``, ``update=`` and SPARQL Update bodies);
* the Host check against DNS rebinding on a loopback bind;
* query-string and form parsing, the query guard
  (:func:`kg.sparql.safety.inspect_query`, ``400`` before any worker is
  involved), ``default-graph-uri``/``named-graph-uri`` checks;
* content negotiation (:func:`negotiate`, ``406`` when nothing fits);
* running the job through an injected executor (the
  :class:`kg.sparql.server.workers.QueryPool`) and turning its outcome into a
  status: ``503`` on a timeout or a busy pool, ``500`` on a crashed worker,
  ``X-KG-Truncated`` on a capped result.

The HTTP layer reads the body (it owns ``Content-Length`` and the size
limit) only when :meth:`Endpoint.wants_body` says so, then calls
:meth:`Endpoint.handle`.

The query page is static package data (``page/index.html``, ``app.css``,
``app.js``): nothing from a request or the graph is ever put into it; the
script fills the page with ``textContent`` only, so query results cannot
inject markup. No external resource: the CSP forbids anything but this origin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol
from urllib.parse import parse_qs

from kg.sparql.formats import MEDIA_TYPES
from kg.sparql.safety import RefusedQuery, inspect_query
from kg.sparql.server.workers import PoolBusy, WorkerCrashed, WorkerTimeout
from kg.sparql.shipped import list_queries

__all__ = ["CSP", "Endpoint", "Executor", "NotAcceptable", "Request", "Response", "negotiate", "respond", "text_response"]

#: Content-Security-Policy of the query page: its own origin's script, style and fetches, nothing else.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_READ_ONLY_METHODS = ("PUT", "DELETE", "PATCH")
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Request:
    """One HTTP request, as the protocol needs it.

    Attributes:
        method: ``GET``, ``HEAD``, ``POST``, … (``HEAD`` is answered as ``GET``;
            the HTTP layer leaves the body out).
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

    def header(self, name: str) -> str | None:
        """The first header called ``name``, whatever its case; ``None`` if absent."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


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


class NotAcceptable(Exception):
    """No format of this result kind fits the ``Accept`` header; the message lists those that exist."""


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
    raise NotAcceptable(f"cannot answer with {accept!r}; this result can be sent as: {offered}")


# --------------------------------------------------------------------------- the endpoint


class Executor(Protocol):
    """Runs one job within ``timeout`` seconds (the shape of jobs and replies is in
    :mod:`kg.sparql.server.workers`); raises ``PoolBusy``, ``WorkerTimeout`` or ``WorkerCrashed``."""

    def execute(self, job: tuple[Any, ...], timeout: float) -> tuple[Any, ...]: ...


def _page_file(name: str) -> bytes:
    """A file of the query page (package data in ``page/``, so it works from a wheel)."""
    return resources.files("kg.sparql.server").joinpath("page", name).read_text(encoding="utf-8").encode("utf-8")


class Endpoint:
    """The read-only SPARQL endpoint over one store: :meth:`handle` maps a request to a response.

    Args:
        executor: runs the queries (a started :class:`kg.sparql.server.workers.QueryPool`).
        graphs: IRIs of the store's named graphs (what ``FROM`` and the
            dataset parameters may name).
        timeout: seconds a query may run (and may wait for a worker).
        max_rows: most rows/triples sent; ``None``: no cap.
        loopback: the server listens on a loopback address, so requests
            addressed to other host names are refused (DNS rebinding).
    """

    def __init__(self, executor: Executor, graphs: frozenset[str], timeout: float, max_rows: int | None, loopback: bool) -> None:
        self.executor = executor
        self.graphs = graphs
        self.timeout = timeout
        self.max_rows = max_rows
        self.loopback = loopback
        self._pages = {
            "/": respond(200, _page_file("index.html"), "text/html", {"Content-Security-Policy": CSP}),
            "/app.js": respond(200, _page_file("app.js"), "text/javascript"),
            "/app.css": respond(200, _page_file("app.css"), "text/css"),
        }
        self._pages["/index.html"] = self._pages["/"]

    def wants_body(self, request: Request) -> bool:
        """Whether answering ``request`` needs its body: a POST to the endpoint
        that passed the checks made before the body (method, Host, path, query string).

        The HTTP layer reads the body only then, so a request refused for
        another reason gets that refusal, not a complaint about its body.
        """
        return request.method == "POST" and not isinstance(self._before_body(request), Response)

    def handle(self, request: Request) -> Response:
        """Answer one request (its body read if :meth:`wants_body`)."""
        early = self._before_body(request)
        if isinstance(early, Response):
            return early
        return self._sparql(request, early)

    def _host_ok(self, request: Request) -> bool:
        """On a loopback bind, refuse requests addressed to other host names
        (a web page using DNS rebinding to reach the endpoint)."""
        if not self.loopback:
            return True
        host = (request.header("Host") or "").strip()
        if not host:
            return True
        name = host[1:].partition("]")[0] if host.startswith("[") else host.rpartition(":")[0] or host
        if name.count(":") > 1:  # bare IPv6 without brackets
            name = host
        return name.lower() in _LOOPBACK_NAMES

    def _before_body(self, request: Request) -> Response | dict[str, list[str]]:
        """The answer to anything but an endpoint request, else the query-string parameters."""
        if request.method in _READ_ONLY_METHODS:
            return text_response(405, "this SPARQL endpoint is read-only; use GET or POST /sparql with a query",
                                 {"Allow": "GET, HEAD, POST"})  # fmt: skip
        method = "GET" if request.method == "HEAD" else request.method
        if method not in ("GET", "POST"):  # what http.server itself answers to a method it has no handler for
            return text_response(501, f"Unsupported method ({request.method!r})")
        if not self._host_ok(request):
            return text_response(403, "unexpected Host header; this endpoint answers on localhost only")
        path = request.path
        if path in self._pages and method == "GET":
            return self._pages[path]
        if path == "/queries.json" and method == "GET":
            queries = [{"name": n, "description": d, "query": q} for n, (d, q) in list_queries().items()]
            return respond(200, json.dumps(queries, ensure_ascii=False), "application/json")
        if path in ("/sparql", "/query"):
            try:
                return parse_qs(request.query_string, keep_blank_values=True, max_num_fields=1000)
            except ValueError as error:
                return text_response(400, f"bad query string: {error}")
        if path in ("/update", "/store", "/data"):
            return text_response(403, "this SPARQL endpoint is read-only: no updates and no Graph Store writes")
        return text_response(404, f"no such page: {path}; the SPARQL endpoint is /sparql, the query page /")

    def _sparql(self, request: Request, params: dict[str, list[str]]) -> Response:
        """The query of an endpoint request (query string, form or body), then its answer."""
        sparql: str | None = None
        if request.method == "POST":
            content_type = (request.header("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return text_response(403, "this SPARQL endpoint is read-only: SPARQL Update is not accepted")
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
                except (UnicodeDecodeError, ValueError) as error:
                    return text_response(400, f"bad form body: {error}")
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    sparql = request.body.decode("utf-8")
                except UnicodeDecodeError:
                    return text_response(400, "the query is not valid UTF-8")
            else:
                return text_response(415, "POST a query as application/x-www-form-urlencoded (query=…) "
                                          "or as application/sparql-query")  # fmt: skip
        if "update" in params:
            return text_response(403, "this SPARQL endpoint is read-only: SPARQL Update is not accepted")
        if sparql is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                return text_response(400, "send exactly one 'query' parameter (SPARQL 1.1 Protocol)")
            sparql = queries[0]
        return self._answer(request, sparql, params)

    def _answer(self, request: Request, sparql: str, params: dict[str, list[str]]) -> Response:
        """Check the query and its dataset, pick the formats, run it, and say how it went."""
        try:
            info = inspect_query(sparql, graphs=self.graphs)
            default_graphs = params.get("default-graph-uri") or None
            named_graphs = params.get("named-graph-uri") or None
            for iri in (*(default_graphs or ()), *(named_graphs or ())):
                if iri not in self.graphs:
                    raise RefusedQuery(f"graph <{iri}> is not a graph of this store")
        except RefusedQuery as error:
            return text_response(400, str(error))
        format_values = params.get("format") or params.get("output") or []
        format_param = format_values[0] if format_values else None
        accept = request.header("Accept")
        fmt: dict[str, str] = {}
        for kind, family in (("select", "solutions"), ("ask", "solutions"), ("graph", "graph")):
            try:
                fmt[kind] = negotiate(accept, format_param, family)
            except NotAcceptable as error:
                if info.kind == kind:
                    return text_response(406, str(error))
                fmt[kind] = _DEFAULT_FORMAT[family]  # not this query's kind, or it will not parse
        job = (sparql, fmt, self.max_rows, default_graphs, named_graphs)
        try:
            reply = self.executor.execute(job, self.timeout)
        except WorkerTimeout:
            return text_response(503, f"query timed out after {self.timeout:g} s and was stopped")
        except PoolBusy:
            return text_response(503, f"all query workers stayed busy for {self.timeout:g} s; try again")
        except WorkerCrashed:
            return text_response(500, "the query crashed its worker process; the server carries on")
        if reply[0] == "error":
            return text_response(reply[1], reply[2])
        _, kind, name, body, truncated, _count = reply
        family = "graph" if kind == "graph" else "solutions"
        headers = {"X-KG-Truncated": str(self.max_rows)} if truncated else {}
        return respond(200, body, MEDIA_TYPES[family][name], headers)
