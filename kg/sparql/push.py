"""Send kg's graph to an external triple store (Oxigraph server, Fuseki, GraphDB).

Why the Graph Store HTTP Protocol: every serious triple store speaks it, it
needs no client library (``urllib`` is enough) and ``PUT`` replaces a graph
as a whole, so pushing the same build twice leaves the same data behind, with
no duplicates and no half-deleted leftovers.

What is sent: each article's named graph with ``PUT <endpoint>?graph=<article
IRI>``, then the default graph (entity labels and types, the relations) with
``PUT <endpoint>?default``, each as N-Triples. Graphs at the endpoint that kg
does not send are left alone.

Only the endpoint the user names is contacted: redirects are not followed and
proxy settings from the environment are ignored.

Endpoints (the Graph Store URL):

* Oxigraph server: ``http://127.0.0.1:7878/store`` (``http://127.0.0.1:7878``
  alone is taken to mean that);
* Apache Jena Fuseki: ``http://localhost:3030/DATASET/data``;
* GraphDB: ``http://localhost:7200/repositories/REPO/rdf-graphs/service``.

Blank nodes are local to each graph sent (N-Triples documents do not share
them); kg's own graphs have none.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.graph.terms import to_oxigraph_quads
from kg.sparql.store import open_graph

__all__ = ["PushError", "PushReport", "graph_store_url", "push"]

DEFAULT_TIMEOUT = 60.0
NTRIPLES = "application/n-triples"


class PushError(Exception):
    """A push failed; the message names the endpoint, the graph and the HTTP status."""


@dataclass(frozen=True)
class PushReport:
    """What a push sent.

    Attributes:
        endpoint: the Graph Store URL used.
        graphs: named graphs sent (one per article).
        triples: triples sent in all, named graphs and default graph.
        default_triples: of which in the default graph.
    """

    endpoint: str
    graphs: int
    triples: int
    default_triples: int

    def __str__(self) -> str:
        """One line for people, as ``kg push`` prints it.

        >>> print(PushReport("http://127.0.0.1:7878/store", 5, 1717, 1514))
        pushed 1,717 triples to http://127.0.0.1:7878/store: 5 article graphs (203 triples) and the default graph (1,514 triples)
        """
        named = self.triples - self.default_triples
        graphs = f"{self.graphs:,} article graph{'' if self.graphs == 1 else 's'} ({named:,} triple{'' if named == 1 else 's'})"
        default = f"the default graph ({self.default_triples:,} triple{'' if self.default_triples == 1 else 's'})"
        return f"pushed {self.triples:,} triple{'' if self.triples == 1 else 's'} to {self.endpoint}: {graphs} and {default}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: a push talks to the named endpoint and nowhere else."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused", headers, fp)


def graph_store_url(endpoint: str, graph_store_path: str | None = None) -> str:
    """The Graph Store URL for ``endpoint``.

    ``graph_store_path`` is appended when given (``"/store"``, ``"/ds/data"``);
    an endpoint with no path at all gets Oxigraph's ``/store``.

    >>> graph_store_url("http://127.0.0.1:7878")
    'http://127.0.0.1:7878/store'
    >>> graph_store_url("http://localhost:3030", "kg/data")
    'http://localhost:3030/kg/data'
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"endpoint {endpoint!r} is not an http(s) URL")
    base = endpoint.rstrip("/")
    if graph_store_path is not None:
        return f"{base}/{graph_store_path.lstrip('/')}"
    if parts.path in ("", "/"):
        return f"{base}/store"
    return endpoint


def _as_store(source: Any) -> ox.Store:
    if isinstance(source, str | Path):
        return open_graph(Path(source))
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    store.extend(to_oxigraph_quads(source))
    return store


def push(
    source: Path | str | Any,
    endpoint: str,
    *,
    graph_store_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    auth: tuple[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Send the graph in ``source`` to the triple store at ``endpoint``.

    Args:
        source: a path (exports folder, RDF file or GraphStore folder, as
            :func:`kg.sparql.store.open_graph` reads), an rdflib ``Dataset``/``Graph``,
            or a pyoxigraph ``Store``/``Dataset``.
        endpoint: the Graph Store HTTP Protocol URL (see the module doc);
            a bare ``http://host:port`` means Oxigraph's ``/store``.
        graph_store_path: appended to ``endpoint`` when given.
        timeout: seconds per HTTP request.
        auth: ``(user, password)`` for HTTP Basic authentication (Fuseki and
            GraphDB with security on).
        progress: called with one line per graph sent (for a CLI's ``-v``).

    Returns:
        A :class:`PushReport` counting what was sent.

    Raises:
        PushError: the endpoint is not a URL, cannot be reached, or answered
            with an HTTP error (the message has the URL, status and reply).
        kg.sparql.store.GraphLoadError: ``source`` is a path that cannot be loaded.
    """
    url = graph_store_url(endpoint, graph_store_path)
    store = _as_store(source)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
    headers = {"Content-Type": NTRIPLES}
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    separator = "&" if "?" in url else "?"

    def put(target: str, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, label: str) -> int:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        request = urllib.request.Request(target, data=body, method="PUT", headers=headers)
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace").strip() if error.fp else ""
            raise PushError(f"PUT {label} to {url} failed: HTTP {error.code} {error.reason}" + (f": {detail}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PushError(f"cannot reach {url}: {reason}") from None
        if progress is not None:
            progress(f"sent {len(triples)} triples to {label}")
        return len(triples)

    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    total = 0
    for name in names:
        total += put(f"{url}{separator}graph={quote(name.value, safe='')}", name, f"graph <{name.value}>")
    default = put(f"{url}{separator}default", ox.DefaultGraph(), "the default graph")
    return PushReport(url, len(names), total + default, default)
