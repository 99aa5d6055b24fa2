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

The parts, each replaceable on its own:

* :mod:`~kg.sparql.server.protocol`: the SPARQL 1.1 Protocol as a function
  from a ``Request`` to a ``Response`` (routing, parameters, the query guard,
  content negotiation, statuses); no HTTP library in it.
* :mod:`~kg.sparql.server.workers`: the worker processes and
  :class:`QueryPool` (the timeout that really stops the work).
* :mod:`~kg.sparql.server.http`: Python's ``http.server`` in front of the
  protocol (body reading, access log); thin, to be swapped for an ASGI server.
* :mod:`~kg.sparql.server.app`: :func:`make_server`, :func:`serve` and
  :class:`SparqlServer`, which put the parts together and clean up.
* ``page/``: the query page's HTML, CSS and JavaScript, as package data.

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
