"""Running one SPARQL query on an Oxigraph store: safely, on a big stack, with a timeout.

Why a module of its own: this is the one place where kg hands a query to the
engine. The query is checked first (:mod:`kg.sparql.safety`), the default
graph of every query is the union of all graphs (so ``?s kgo:signs ?o`` finds
the corpus-level relations and the per-article evidence alike), the engine
runs on a thread with a 256 MiB stack (it recurses on the query's shape), and
the answer comes back materialised as a :class:`kg.sparql.results.QueryResult`.
Loading the graph is :mod:`kg.sparql.store`; the server's hard timeout (a
worker process killed) is :mod:`kg.sparql.server.workers`.

Example:

>>> from pathlib import Path
>>> from kg.sparql.store import open_graph
>>> store = open_graph(Path(__file__).parents[2] / "tests" / "data" / "sample.trig")
>>> result = run_query(store, 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
...                           'SELECT ?s WHERE { ?s rdfs:label "India" }')
>>> [row[0].value for row in result.rows]
['https://w3id.org/mineral-kg/id/state/india']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

import pyoxigraph as ox

from kg.sparql.errors import QuerySyntaxError
from kg.sparql.results import QueryResult, Term
from kg.sparql.safety import QueryError, QueryInfo, RefusedQuery, inspect_query
from kg.sparql.syntax import describe_syntax_error

__all__ = [
    "QueryError",
    "QuerySyntaxError",
    "QueryTimeout",
    "RefusedQuery",
    "evaluate",
    "materialise",
    "query_options",
    "run_query",
    "start",
    "store_graphs",
]

_STACK_BYTES = 256 * 1024 * 1024
_stack_lock = threading.Lock()
_T = TypeVar("_T")


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


def store_graphs(store: ox.Store) -> frozenset[str]:
    """IRIs of the store's named graphs (the graphs a FROM may name)."""
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def _on_big_stack(work: Callable[[threading.Event], _T], timeout: float | None) -> _T:
    """Run ``work`` on a thread with a 256 MiB stack and wait up to ``timeout``.

    Why: Oxigraph's parser, optimiser and evaluator recurse on the query's
    shape; on the main thread's 8 MiB a long operator chain overflows and the
    process dies with SIGSEGV. The big stack (virtual memory, touched only as
    used) plus the limits in :mod:`kg.sparql.safety` keep every accepted query far
    from that edge. The engine releases the GIL, so the waiting thread keeps
    its timeout. On timeout ``work`` is told to stop (it checks between rows)
    but a query stuck inside one native call runs on in the background; the
    server runs queries in worker processes for a hard stop.
    """
    cancel = threading.Event()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work(cancel)
        except BaseException as error:
            box["error"] = error

    with _stack_lock:
        previous = threading.stack_size(_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="kg-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join(timeout)
    if thread.is_alive():
        cancel.set()
        raise QueryTimeout(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _collect(raw: Any, max_rows: int | None, cancel: threading.Event) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult.ask(bool(raw))
    truncated = False
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows: list[tuple[Term | None, ...]] = []
        for solution in raw:
            if cancel.is_set():
                break
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(solution))
        return QueryResult.select(variables, rows, truncated=truncated)
    triples: list[ox.Triple] = []
    for triple in raw:
        if cancel.is_set():
            break
        if max_rows is not None and len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    return QueryResult.graph(triples, truncated=truncated)


def query_options(
    sparql: str,
    *,
    graphs: Collection[str],
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Check ``sparql`` and its dataset; the keyword arguments for ``Store.query``.

    The union default graph unless the query (``FROM``) or the caller
    (``default_graphs``/``named_graphs``) names a dataset.

    Raises:
        RefusedQuery: see :func:`kg.sparql.safety.inspect_query`, or a dataset
            graph that is not one of ``graphs``.
    """
    info: QueryInfo = inspect_query(sparql, graphs=graphs)
    for iri in (*(default_graphs or ()), *(named_graphs or ())):
        if iri not in graphs:
            raise RefusedQuery(f"graph <{iri}> is not a graph of this store")
    options: dict[str, Any] = {}
    if default_graphs is not None or named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(i) for i in default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(i) for i in named_graphs or ()]
    elif not info.has_dataset:
        options["use_default_graph_as_union"] = True
    return options


def start(store: ox.Store, sparql: str, options: dict[str, Any]) -> Any:
    """Hand an already checked query (see :func:`query_options`) to the engine: its lazy result.

    Why apart from :func:`evaluate`: the server's workers let the engine
    write some results itself (:mod:`kg.sparql.server.worker`) and need the
    lazy result for that; the engine then evaluates while it writes.

    Raises:
        QuerySyntaxError: the text does not parse (in words, see :func:`run_query`).
        QueryError: the engine refused the query.
    """
    try:
        return store.query(sparql, **options)
    except SyntaxError as error:
        raise QuerySyntaxError(describe_syntax_error(sparql, str(error))) from None
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"query failed: {error}") from None


def materialise(raw: Any, max_rows: int | None, cancel: threading.Event | None = None) -> QueryResult:
    """The engine's lazy result (from :func:`start`) as a :class:`QueryResult`, at most ``max_rows`` rows.

    Raises:
        QueryError: the engine failed while evaluating.
    """
    try:
        return _collect(raw, max_rows, cancel or threading.Event())
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"query failed: {error}") from None


def evaluate(
    store: ox.Store, sparql: str, options: dict[str, Any], max_rows: int | None, cancel: threading.Event | None = None
) -> QueryResult:
    """Run an already checked query (see :func:`query_options`) on *this* thread and materialise it.

    Why apart from :func:`run_query`: a query worker of the server already
    runs on a big stack and is killed for its timeout, so it calls this
    directly instead of paying for a fresh 256 MiB thread per query.
    """
    raw = start(store, sparql, options)
    try:
        return materialise(raw, max_rows, cancel)
    finally:
        del raw  # free the engine's plan on this (big-stack) thread


def run_query(
    store: ox.Store,
    sparql: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    graphs: Collection[str] | None = None,
) -> QueryResult:
    """Run one read-only SPARQL query and materialise its result.

    Args:
        store: from :func:`open_graph` or :attr:`GraphStore.store`.
        sparql: SELECT, ASK, CONSTRUCT or DESCRIBE. Without FROM, the default
            graph is the union of all graphs of the store.
        timeout: seconds to wait for the result (``None``: no limit); see
            :func:`_on_big_stack` for what an in-process timeout can stop.
        max_rows: keep at most this many rows (or triples); the result says
            ``truncated=True`` when there were more.
        default_graphs, named_graphs: an explicit dataset (the SPARQL
            protocol's ``default-graph-uri``/``named-graph-uri``); each must
            be a graph of the store.
        graphs: the store's named-graph IRIs, if the caller already knows
            them (saves listing them per query).

    Raises:
        RefusedQuery: update, SERVICE, a foreign FROM, or an unsafe shape.
        QuerySyntaxError: the text does not parse; the message says where
            (line, column, a caret under the text) and what was expected, in words.
        QueryTimeout: past ``timeout``.
        QueryError: any other failure during evaluation.
    """
    known = store_graphs(store) if graphs is None else graphs
    options = query_options(sparql, graphs=known, default_graphs=default_graphs, named_graphs=named_graphs)
    return _on_big_stack(lambda cancel: evaluate(store, sparql, options, max_rows, cancel), timeout)
