"""The endpoint's settings as one value, and the parts put together from them.

Why a module of its own: the same parts (endpoint, pool, cache, ASGI
application, uvicorn settings) are assembled by :func:`kg.sparql.server.make_server`
in the serving process and by every extra front process
(:mod:`kg.sparql.server.fronts`), which receives the :class:`Settings` as
JSON. One function builds them, so the fronts cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from kg.sparql.run import store_graphs
from kg.sparql.server.asgi import SparqlApp
from kg.sparql.server.cache import ResultCache
from kg.sparql.server.local import FrontEngine
from kg.sparql.server.pool import QueryPool
from kg.sparql.server.protocol import Endpoint
from kg.sparql.server.transport import Config, make_config

__all__ = ["Settings", "assemble", "line_writer"]


@dataclass(frozen=True)
class Settings:
    """Everything a front process needs to serve (see :func:`kg.sparql.server.make_server` for each).

    ``workers`` and ``queue`` are per front; ``live`` says that ``store_dir``
    may be changed by another process while served; ``held``, the N-Quads copy
    of a small graph that the query processes load into memory instead of
    opening ``store_dir`` (:mod:`kg.sparql.server.held`).
    """

    store_dir: str
    live: bool
    host: str
    port: int
    timeout: float
    max_rows: int | None
    workers: int
    max_memory: int
    queue: int
    cors: bool
    cache_mb: int
    header_timeout: float
    fronts: int = 1
    log: bool = True
    held: str | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**json.loads(text))


def line_writer(stream: TextIO | None) -> Callable[[str], None]:
    """A thread-safe writer of whole lines to ``stream`` (one write and flush per line)."""
    lock = threading.Lock()

    def note(message: str) -> None:
        if stream is not None:
            with lock:
                stream.write(message + "\n")
                stream.flush()

    return note


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def assemble(settings: Settings, note: Callable[[str], None]) -> tuple[SparqlApp, Config]:
    """The ASGI application (endpoint, pool, cache) and the uvicorn settings for ``settings``."""
    front = ox.Store.read_only(settings.store_dir)
    graphs, triples = store_graphs(front), len(front)
    del front
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    memory = f" and {settings.max_memory:,} MB" if settings.max_memory else ""
    rows = f"results over {settings.max_rows:,} rows are refused unless the request says truncate=true; " if settings.max_rows else ""
    limits = f"A query runs for at most {settings.timeout:g} s{memory}; {rows}the default graph is the union of all graphs."
    endpoint = Endpoint(
        graphs,
        settings.timeout,
        settings.max_rows,
        _is_loopback(settings.host),
        cors=settings.cors,
        base_url=f"http://{shown}:{settings.port}",
        triples=triples,
        limits=limits,
    )
    served = Path(settings.held or settings.store_dir)  # what the query processes query
    pool = QueryPool(served, workers=settings.workers, max_memory_mb=settings.max_memory, queue_size=settings.queue, log=note)
    cache = ResultCache(settings.cache_mb * 1024 * 1024) if settings.cache_mb > 0 else None
    log = note if settings.log else None
    live = Path(settings.store_dir) if settings.live else None
    local = FrontEngine(served) if live is None else None  # used only once the front is confined
    app = SparqlApp(endpoint, pool, cache=cache, live_store=live, local=local, log=log)
    return app, make_config(app, graceful=settings.timeout, log=log, header_timeout=settings.header_timeout)
