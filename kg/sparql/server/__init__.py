"""A read-only SPARQL 1.1 endpoint over kg's graph, for people and tools.

Why it looks like this:

* **SPARQL 1.1 Protocol** at ``/sparql`` (GET ``?query=``, POST form, POST
  ``application/sparql-query``) with content negotiation, so SPARQLWrapper,
  YASGUI-style tools, ``curl`` and notebooks work unchanged; a small offline
  query page at ``/`` for people (no external scripts, fonts or styles).
* **Read-only and offline**: updates get ``403``; ``SERVICE``, ``LOAD``,
  foreign ``FROM`` and engine-crashing shapes are refused with ``400`` by
  :mod:`kg.sparql.safety` before any engine sees them.
* **A real HTTP server**: uvicorn with httptools on uvloop (backlog,
  keep-alive for HTTP/1.0 and 1.1, header and idle timeouts, graceful
  shutdown), with kg's additions in :mod:`~kg.sparql.server.transport`.
* **Limits that really stop the work**: Oxigraph cannot cancel a running
  query, so each query runs in a worker *process* with a capped address
  space; at the time limit the worker is killed (``503 … timed out after N
  s``), at the memory cap the engine aborts (``503 … more memory …``), and a
  fresh worker takes the place while the others keep answering. A runaway
  drops to the lowest CPU priority; requests wait in a bounded queue (``503``
  with ``Retry-After`` when it is full).
* **Result cap**: a result over ``max_rows`` is refused in words (a client
  that reads only the body never takes part of a result for the whole),
  unless the request says ``truncate=true``: then the first rows come with
  ``X-KG-Truncated: <max_rows>``.
* **For browsers and tools**: CORS (any origin, on by default), preflights,
  a SPARQL 1.1 Service Description at the endpoint URL.
* One access-log line per request: time, client, method, path, status,
  bytes, duration; a client gone early is one line too.

The parts, each replaceable on its own:

* :mod:`~kg.sparql.server.protocol` (with ``messages``, ``negotiation``,
  ``description``, ``outcomes``): the SPARQL 1.1 Protocol as plain
  functions, ``plan`` (a request to a response or a job) and ``answer`` (a
  job's outcome to a response); no HTTP library, no event loop.
* :mod:`~kg.sparql.server.pool`, ``process`` and ``worker``: the worker
  processes and :class:`QueryPool` (asynchronous, limits, queue).
* :mod:`~kg.sparql.server.asgi` and ``transport``: the ASGI application
  (body, cache, disconnects, access log) and uvicorn under it.
* :mod:`~kg.sparql.server.cache`: answers by job and store generation; a
  live store folder's fingerprint.
* :mod:`~kg.sparql.server.app`: :func:`make_server`, :func:`serve` and
  :class:`SparqlServer`, which put the parts together and clean up.
* ``page/``: the query page's HTML, CSS and JavaScript, as package data.

Sources (``source`` argument of :func:`make_server`/:func:`serve`):

* a path (a folder of exports or one RDF file): loaded once with
  :func:`kg.sparql.store.open_graph`, copied into a temporary on-disk store that
  the workers share, deleted on close;
* a :class:`kg.sparql.store.GraphStore` folder: used in place, read-only; when
  ``kg build --store`` changes it meanwhile, the workers reopen it and the
  cache forgets;
* a ``pyoxigraph.Store``, or a zero-argument callable returning one: copied
  like a loaded file.

Example (port 0 picks a free port):

>>> from pathlib import Path
>>> from kg.sparql.server import make_server
>>> sample = Path(__file__).parents[3] / "tests" / "data" / "sample.trig"
>>> with make_server(sample, port=0, log=None).start() as server:
...     server.endpoint.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.sparql.server.app import DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT, SparqlServer, make_server, serve
    from kg.sparql.server.cache import DEFAULT_CACHE_MB
    from kg.sparql.server.negotiation import negotiate
    from kg.sparql.server.pool import DEFAULT_MAX_MEMORY_MB, DEFAULT_QUEUE, DEFAULT_WORKERS, QueryPool, ServerError

#: Where each public name lives. Imported on first use (PEP 562), so a query
#: worker, which imports only ``kg.sparql.server.worker``, never loads the
#: HTTP server, asyncio or uvicorn: it starts in a fraction of the time.
_HOMES = {
    "DEFAULT_CACHE_MB": "cache",
    "DEFAULT_HOST": "app",
    "DEFAULT_MAX_MEMORY_MB": "pool",
    "DEFAULT_MAX_ROWS": "app",
    "DEFAULT_PORT": "app",
    "DEFAULT_QUEUE": "pool",
    "DEFAULT_TIMEOUT": "app",
    "DEFAULT_WORKERS": "pool",
    "QueryPool": "pool",
    "ServerError": "process",
    "SparqlServer": "app",
    "make_server": "app",
    "negotiate": "negotiation",
    "serve": "app",
}

__all__ = [
    "DEFAULT_CACHE_MB",
    "DEFAULT_HOST",
    "DEFAULT_MAX_MEMORY_MB",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_QUEUE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "QueryPool",
    "ServerError",
    "SparqlServer",
    "make_server",
    "negotiate",
    "serve",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
