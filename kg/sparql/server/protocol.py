"""The SPARQL 1.1 Protocol as plain functions: a :class:`Request` in, a :class:`Response` or a :class:`Job` out.

Why apart from the HTTP server: everything the endpoint *decides* lives
here, as plain values in and out, with no HTTP library and no event loop, so
it can be tested without a socket and the server under it
(:mod:`kg.sparql.server.asgi` on uvicorn today) stays plumbing. A request is
answered in two steps, so that the HTTP layer may run the query however it
likes (an async pool, a cache):

1. :meth:`Endpoint.plan` answers everything that needs no query (pages,
   refusals, the service description, CORS preflights) with a
   :class:`Response`, or returns a :class:`Planned` query: the
   :class:`~kg.sparql.server.outcomes.Job` for a worker, checked by the
   guard (:func:`kg.sparql.safety.inspect_query`, ``400`` before any worker
   is involved) and with its formats negotiated;
2. :meth:`Endpoint.answer` turns the worker's
   :class:`~kg.sparql.server.outcomes.Reply` (or the pool's exception) into
   the response: ``503`` + ``Retry-After`` for a full queue, ``503`` at the
   time or memory limit, ``500`` for a crashed worker.

Also decided here: routing (query page ``/``, ``/app.js``, ``/app.css``,
``/queries.json``, the endpoint at ``/sparql`` and ``/query``, ``405`` for
PUT/DELETE/PATCH, ``403`` for ``/update``, ``/store``, ``/data``,
``update=`` and SPARQL Update bodies); the Host check against DNS rebinding
on a loopback bind (IPv6 literals such as ``[::1]:7878`` included); CORS
(any origin by default, for GET and POST, with preflight answers); the row
cap (a result over ``max_rows`` is refused with a clear ``400`` unless the
request says ``truncate=true``, so a client that reads only the body never
mistakes a part for the whole).

The query page is static package data (``page/index.html``, ``app.css``,
``app.js``): nothing from a request or the graph is ever put into it; the
script fills the page with ``textContent`` only, so query results cannot
inject markup. No external resource: the CSP forbids anything but this origin.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from urllib.parse import parse_qs

from kg.sparql.errors import QueryError, RefusedQuery
from kg.sparql.formats import MEDIA_TYPES
from kg.sparql.safety import inspect_query
from kg.sparql.server.description import describe
from kg.sparql.server.messages import Request, Response, respond, text_response, with_headers
from kg.sparql.server.negotiation import DEFAULT_FORMAT, NotAcceptable, negotiate, ranked_media_types
from kg.sparql.server.outcomes import Job, MemoryLimit, PoolBusy, Reply, WorkerCrashed, WorkerTimeout
from kg.sparql.shipped import list_queries
from kg.sparql.syntax import check_syntax

__all__ = ["CSP", "Endpoint", "NotAcceptable", "Planned", "Request", "Response", "negotiate", "respond", "text_response"]

#: Content-Security-Policy of the query page: its own origin's script, style and fetches, nothing else.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_READ_ONLY_METHODS = ("PUT", "DELETE", "PATCH")
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
_ENDPOINT_PATHS = ("/sparql", "/query")
_CORS_PATHS = (*_ENDPOINT_PATHS, "/queries.json")
_ALLOW = "GET, HEAD, POST, OPTIONS"
_TRUE = ("true", "yes", "1", "on")
#: A Host header fit to be put in an IRI: a name or an IP literal, and a port.
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
_TOKEN_LIST_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$")


@dataclass(frozen=True)
class Planned:
    """A query to run for a request: the job, and the headers its answer will carry (CORS)."""

    job: Job
    headers: tuple[tuple[str, str], ...] = ()


_ALLOW_ORIGIN = (("Access-Control-Allow-Origin", "*"),)
_EXPOSABLE = ("X-KG-Truncated", "Retry-After")


def _exposed(response: Response) -> Response:
    """A cross-origin answer that carries kg's own headers names them, so a page's script may read them."""
    names = [name for name, _ in response.headers]
    if "Access-Control-Allow-Origin" not in names:
        return response
    shown = [name for name in _EXPOSABLE if name in names]
    return with_headers(response, (("Access-Control-Expose-Headers", ", ".join(shown)),)) if shown else response


#: Longest text whose parse or verdict is remembered (tools repeat short queries; long ones are rare).
_MEMO_CHARS = 8192


def _parse_query_string(query_string: str) -> dict[str, tuple[str, ...]]:
    """``parse_qs`` of a request's query string (remembered when short: the same line parses the same way)."""
    if len(query_string) > _MEMO_CHARS:
        return _parse_query_string_now(query_string)
    return _parse_query_string_memo(query_string)


def _parse_query_string_now(query_string: str) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in parse_qs(query_string, keep_blank_values=True, max_num_fields=1000).items()}


_parse_query_string_memo = functools.lru_cache(maxsize=1024)(_parse_query_string_now)


def _inspect(sparql: str, graphs: frozenset[str]) -> str | None:
    """The guard's verdict on a query: the result kind, or ``None`` when the text starts with no
    query form (the engine will explain). Remembered for short texts: a pure function of the text
    and the store's graphs."""
    if len(sparql) > _MEMO_CHARS:
        return _inspect_now(sparql, graphs)
    return _inspect_memo(sparql, graphs)


def _inspect_now(sparql: str, graphs: frozenset[str]) -> str | None:
    kind = inspect_query(sparql, graphs=graphs).kind
    check_syntax(sparql)  # the mistakes named for certain, in the words the engine's errors get too
    return kind


_inspect_memo = functools.lru_cache(maxsize=1024)(_inspect_now)


def _page_file(name: str) -> bytes:
    """A file of the query page (package data in ``page/``, so it works from a wheel)."""
    return resources.files("kg.sparql.server").joinpath("page", name).read_text(encoding="utf-8").encode("utf-8")


class Endpoint:
    """The read-only SPARQL endpoint over one store.

    Args:
        graphs: IRIs of the store's named graphs (what ``FROM`` and the
            dataset parameters may name).
        timeout: seconds a query may run (and may wait for a worker).
        max_rows: most rows/triples sent; ``None``: no cap.
        loopback: the server listens on a loopback address, so requests
            addressed to other host names are refused (DNS rebinding).
        cors: let pages of any origin query the endpoint (GET and POST).
        base_url: the server's own ``http://host:port`` (for the service
            description when the ``Host`` header cannot be used).
        triples: quads in the store, for the service description.
        limits: the worker limits in words, for the service description.
    """

    def __init__(
        self,
        graphs: frozenset[str],
        timeout: float,
        max_rows: int | None,
        loopback: bool,
        *,
        cors: bool = True,
        base_url: str = "http://127.0.0.1",
        triples: int | None = None,
        limits: str = "",
    ) -> None:
        self.graphs = graphs
        self.timeout = timeout
        self.max_rows = max_rows
        self.loopback = loopback
        self.cors = cors
        self.base_url = base_url.rstrip("/")
        self.triples = triples
        self.limits = limits
        self._descriptions: dict[tuple[str, str], Response] = {}
        self._heads: dict[tuple[object, ...], Response] = {}
        self._pages = {
            "/": respond(200, _page_file("index.html"), "text/html", {"Content-Security-Policy": CSP}),
            "/app.js": respond(200, _page_file("app.js"), "text/javascript"),
            "/app.css": respond(200, _page_file("app.css"), "text/css"),
        }
        self._pages["/index.html"] = self._pages["/"]

    def update_store(self, graphs: frozenset[str], triples: int | None) -> None:
        """The store changed (a live store folder): new graphs and count for the checks and the description."""
        self.graphs = graphs
        self.triples = triples
        self._descriptions.clear()

    # ------------------------------------------------------------------ the two steps

    def wants_body(self, request: Request) -> bool:
        """Whether answering ``request`` needs its body: a POST to the endpoint
        that passed the checks made before the body (method, Host, path, query string).

        The HTTP layer reads the body only then, so a request refused for
        another reason gets that refusal, not a complaint about its body.
        """
        return request.method == "POST" and not isinstance(self._before_body(request), Response)

    def plan(self, request: Request) -> Response | Planned:
        """The response to ``request``, or the query to run for it (its body read if :meth:`wants_body`)."""
        early = self._before_body(request)
        if isinstance(early, Response):
            return self._cors(request, early)
        outcome = self._sparql(request, early)
        if isinstance(outcome, Response):
            return self._cors(request, outcome)
        return Planned(outcome, self._cors_headers(request))

    def answer(self, planned: Planned, outcome: Reply | BaseException) -> Response:
        """The response for a planned query, from the worker's reply or the pool's exception."""
        if not isinstance(outcome, Reply) or outcome.status != 200:
            return _exposed(with_headers(self._outcome(planned.job, outcome), planned.headers))
        key = (planned.headers, outcome.kind, outcome.fmt, planned.job.max_rows if outcome.truncated else None)
        head = self._heads.get(key)  # a success's status and headers depend on these alone: made once each
        if head is None:
            head = self._heads[key] = _exposed(with_headers(self._outcome(planned.job, outcome._replace(body=b"")), planned.headers))
        return Response(head.status, head.content_type, head.headers, outcome.body)

    def handle(self, request: Request, run: Callable[[Job], Reply]) -> Response:
        """Both steps at once with a synchronous ``run(job) -> Reply`` (tests, simple callers)."""
        planned = self.plan(request)
        if isinstance(planned, Response):
            return planned
        try:
            outcome: Reply | BaseException = run(planned.job)
        except Exception as error:
            outcome = error
        return self.answer(planned, outcome)

    # ------------------------------------------------------------------ before the body

    def _host(self, request: Request) -> str:
        """The host name the request was addressed to, without port or IPv6 brackets, lower case."""
        host = (request.header("Host") or "").strip()
        if host.startswith("["):
            return host[1:].partition("]")[0].lower()
        if host.count(":") > 1:  # a bare IPv6 address without brackets
            return host.lower()
        return host.partition(":")[0].lower()

    def _host_ok(self, request: Request) -> bool:
        """On a loopback bind, refuse requests addressed to other host names
        (a web page using DNS rebinding to reach the endpoint)."""
        if not self.loopback or request.header("Host") is None:
            return True
        return self._host(request) in _LOOPBACK_NAMES

    def _before_body(self, request: Request) -> Response | dict[str, list[str]]:
        """The answer to anything but an endpoint query, else the query-string parameters."""
        if request.method in _READ_ONLY_METHODS:
            return text_response(405, "this SPARQL endpoint is read-only; use GET or POST /sparql with a query", {"Allow": _ALLOW})
        method = "GET" if request.method == "HEAD" else request.method
        if method not in ("GET", "POST", "OPTIONS"):
            return text_response(501, f"unsupported method {request.method!r}; this endpoint answers {_ALLOW}", {"Allow": _ALLOW})
        if not self._host_ok(request):
            return text_response(403, "unexpected Host header; this endpoint answers on localhost only")
        path = request.path
        if method == "OPTIONS":
            return self._options(request)
        if path in self._pages and method == "GET":
            return self._pages[path]
        if path == "/queries.json" and method == "GET":
            queries = [{"name": n, "description": d, "query": q} for n, (d, q) in list_queries().items()]
            return respond(200, json.dumps(queries, ensure_ascii=False), "application/json")
        if path in _ENDPOINT_PATHS:
            try:
                params = {key: list(values) for key, values in _parse_query_string(request.query_string).items()}
            except ValueError as error:
                return text_response(400, f"bad query string: {error}")
            if method == "GET" and not params:
                return self._description(request)
            return params
        if path in ("/update", "/store", "/data"):
            return text_response(403, "this SPARQL endpoint is read-only: no updates and no Graph Store writes")
        return text_response(404, f"no such page: {path}; the SPARQL endpoint is /sparql, the query page /")

    # ------------------------------------------------------------------ CORS

    def _cors_headers(self, request: Request) -> tuple[tuple[str, str], ...]:
        if not self.cors or request.path not in _CORS_PATHS:
            return ()
        return _ALLOW_ORIGIN

    def _cors(self, request: Request, response: Response) -> Response:
        return _exposed(with_headers(response, self._cors_headers(request)))

    def _options(self, request: Request) -> Response:
        """``OPTIONS``: a CORS preflight (when CORS is on), or the methods this endpoint answers."""
        headers = {"Allow": _ALLOW}
        wanted_method = (request.header("Access-Control-Request-Method") or "").strip().upper()
        if self.cors and request.path in _CORS_PATHS and request.header("Origin") and wanted_method:
            if wanted_method not in ("GET", "HEAD", "POST"):
                return Response(403, "text/plain; charset=utf-8", tuple(headers.items()), f"{wanted_method} is not allowed: this endpoint is read-only\n".encode())
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
            asked = (request.header("Access-Control-Request-Headers") or "").strip()
            headers["Access-Control-Allow-Headers"] = asked if _TOKEN_LIST_RE.match(asked) else "Accept, Content-Type"
            headers["Access-Control-Max-Age"] = "86400"
            if (request.header("Access-Control-Request-Private-Network") or "").lower() == "true":
                headers["Access-Control-Allow-Private-Network"] = "true"
        return Response(204, "text/plain; charset=utf-8", tuple(headers.items()), b"")

    # ------------------------------------------------------------------ service description

    def _description(self, request: Request) -> Response:
        """``GET /sparql`` without a query: the service description, by content negotiation.

        A browser (HTML first in its ``Accept``) is sent to the query page instead.
        """
        accept = request.header("Accept")
        if accept and ranked_media_types(accept)[:1] == ["text/html"]:
            return respond(303, "see the query page at /\n", "text/plain", {"Location": "/"})
        try:
            fmt = negotiate(accept, None, "graph")
        except NotAcceptable as error:
            return text_response(406, str(error))
        host = (request.header("Host") or "").strip()
        base = f"http://{host}" if host and _HOST_RE.match(host) else self.base_url
        key = (base, fmt)
        if key not in self._descriptions:
            if len(self._descriptions) > 64:
                self._descriptions.clear()
            text = describe(base + request.path, self.graphs, self.triples, self.limits, fmt)
            self._descriptions[key] = respond(200, text, MEDIA_TYPES["graph"][fmt], {"Vary": "Accept"})
        return self._descriptions[key]

    # ------------------------------------------------------------------ the query

    def _sparql(self, request: Request, params: dict[str, list[str]]) -> Response | Job:
        """The query of an endpoint request (query string, form or body), then its job."""
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
                return text_response(415, "POST a query as application/x-www-form-urlencoded (query=…) or as application/sparql-query")
        if "update" in params:
            return text_response(403, "this SPARQL endpoint is read-only: SPARQL Update is not accepted")
        if sparql is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                return text_response(400, "send exactly one 'query' parameter (SPARQL 1.1 Protocol)")
            sparql = queries[0]
        return self._job(request, sparql, params)

    def _job(self, request: Request, sparql: str, params: dict[str, list[str]]) -> Response | Job:
        """Check the query and its dataset, pick the formats: the job for a worker."""
        try:
            kind = _inspect(sparql, self.graphs)
            default_graphs = tuple(params["default-graph-uri"]) if params.get("default-graph-uri") else None
            named_graphs = tuple(params["named-graph-uri"]) if params.get("named-graph-uri") else None
            for iri in (*(default_graphs or ()), *(named_graphs or ())):
                if iri not in self.graphs:
                    raise RefusedQuery(f"graph <{iri}> is not a graph of this store")
        except QueryError as error:  # refused, or a syntax mistake named for certain
            return text_response(400, str(error))
        format_values = params.get("format") or params.get("output") or []
        format_param = format_values[0] if format_values else None
        accept = request.header("Accept")
        formats: list[str] = []
        for result_kind, family in (("select", "solutions"), ("ask", "solutions"), ("graph", "graph")):
            try:
                formats.append(negotiate(accept, format_param, family))
            except NotAcceptable as error:
                if kind == result_kind:
                    return text_response(406, str(error))
                formats.append(DEFAULT_FORMAT[family])  # not this query's kind, or it will not parse
        truncate = (params.get("truncate") or [""])[0].strip().lower() in _TRUE
        return Job(sparql, (formats[0], formats[1], formats[2]), self.max_rows, truncate, default_graphs, named_graphs)

    def _outcome(self, job: Job, outcome: Reply | BaseException) -> Response:
        if isinstance(outcome, PoolBusy):
            return text_response(503, str(outcome), {"Retry-After": str(outcome.retry_after)})
        if isinstance(outcome, WorkerTimeout):
            return text_response(503, f"query timed out after {self.timeout:g} s and was stopped")
        if isinstance(outcome, MemoryLimit):
            return text_response(503, str(outcome))
        if isinstance(outcome, WorkerCrashed):
            return text_response(500, "the query crashed its worker process; the server carries on")
        if isinstance(outcome, BaseException):
            return text_response(500, f"internal error: {type(outcome).__name__}")
        if outcome.status != 200:
            return text_response(outcome.status, outcome.message)
        family = "graph" if outcome.kind == "graph" else "solutions"
        headers = {"X-KG-Truncated": str(job.max_rows)} if outcome.truncated else {}
        return respond(200, outcome.body, MEDIA_TYPES[family][outcome.fmt or DEFAULT_FORMAT[family]], headers)
