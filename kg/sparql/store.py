"""The embedded SPARQL engine: load kg's graph into Oxigraph and query it.

Why Oxigraph and not rdflib's engine: on kg-shaped graphs pyoxigraph loads
and answers one to three orders of magnitude faster (see
``scripts/bench_sparql.py`` and ``docs/sparql.md``), and it is a plain Rust
extension with no global state. rdflib still builds the graph; this module is
only where the graph is *read*.

Three entry points:

* :func:`open_graph` turns a path (a folder of exports, one RDF file, or a
  :class:`GraphStore` folder) into a queryable ``pyoxigraph.Store``.
* :func:`run_query` runs one SPARQL query safely (see :mod:`kg.sparql.safety`) and
  returns a :class:`kg.sparql.results.QueryResult`. The default graph of every query
  is the union of all graphs, so ``?s kgo:signs ?o`` finds the corpus-level
  relations and the per-article evidence alike.
* :class:`GraphStore` is a persistent Oxigraph folder that ``kg build`` can
  fill article by article, skipping unchanged ones.

The shipped example queries (``kg/queries/*.rq``) are read by
:func:`list_queries` and :func:`get_query`.

Example:

>>> from pathlib import Path
>>> store = open_graph(Path(__file__).parents[2] / "tests" / "data" / "sample.trig")
>>> result = run_query(store, 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
...                           'SELECT ?s WHERE { ?s rdfs:label "India" }')
>>> [row[0].value for row in result.rows]
['https://w3id.org/mineral-kg/id/state/india']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import pyoxigraph as ox

from kg.graph.loading import GraphLoadError as UnsafeRDF
from kg.graph.loading import check_safe
from kg.graph.terms import QuadSource, to_oxigraph_quads
from kg.sparql.results import QueryResult, Term
from kg.sparql.safety import QueryError, QueryInfo, RefusedQuery, inspect_query

__all__ = [
    "EXPORT_FILES",
    "RDF_FORMATS",
    "GraphLoadError",
    "GraphStore",
    "QueryError",
    "QuerySyntaxError",
    "QueryTimeout",
    "RefusedQuery",
    "ShippedQuery",
    "UnknownQuery",
    "get_query",
    "is_store_dir",
    "list_queries",
    "open_graph",
    "run_query",
    "to_oxigraph_quads",
]

KGO_CONTENT_HASH = ox.NamedNode("https://w3id.org/mineral-kg/ontology#contentHash")

#: File suffix -> RDF syntax, for single files.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
#: Suffixes tried, richest first, when ``open_graph`` is given a folder of
#: exports: TriG and N-Quads keep the per-article named graphs, the others
#: flatten them. Exactly one file is loaded (they all hold the same graph).
EXPORT_FILES: tuple[str, ...] = (".trig", ".nq", ".ttl", ".nt", ".jsonld")

_STACK_BYTES = 256 * 1024 * 1024
_stack_lock = threading.Lock()
_T = TypeVar("_T")

QUERIES_DIR = Path(__file__).parent / "queries"


class GraphLoadError(UnsafeRDF):
    """A graph could not be loaded; the message names the file and why.

    Attributes:
        path: the file or folder that failed.
        reason: what went wrong (missing, unknown format, parse error at …).
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; the message carries the engine's
    position (``error at 1:50: expected …``)."""


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class UnknownQuery(LookupError):
    """No shipped query has that name; the message lists the known names."""


# --------------------------------------------------------------------------- loading


def is_store_dir(path: Path) -> bool:
    """True if ``path`` is an Oxigraph (RocksDB) store folder, e.g. one made by
    :class:`GraphStore`: RocksDB always writes ``CURRENT`` and ``MANIFEST-*``."""
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def _find_export(folder: Path) -> Path:
    """The richest export in a folder: ``graph.trig`` first, else the only
    file with the best suffix in :data:`EXPORT_FILES`."""
    for suffix in EXPORT_FILES:
        preferred = folder / f"graph{suffix}"
        if preferred.is_file():
            return preferred
        candidates = sorted(p for p in folder.glob(f"*{suffix}") if p.is_file())
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            raise GraphLoadError(folder, f"holds several {suffix} files ({names}); name the one to load")
    wanted = ", ".join(f"graph{s}" for s in EXPORT_FILES)
    raise GraphLoadError(folder, f"no RDF export found (looked for {wanted}) and not an Oxigraph store folder")


def _load_file(store: ox.Store, path: Path) -> None:
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise GraphLoadError(path, f"unknown RDF format {path.suffix or '(no suffix)'!r}; known suffixes: {known}")
    base_iri = path.resolve().as_uri()
    try:
        if rdf_format in (ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
            data = path.read_bytes()
            # one safety check for every loader: entity bombs, remote contexts, absurd nesting
            try:
                check_safe(data, "xml" if rdf_format == ox.RdfFormat.RDF_XML else "json-ld", str(path))
            except UnsafeRDF as refusal:
                raise GraphLoadError(path, str(refusal).removeprefix(f"{path}: ")) from None
            store.load(input=data, format=rdf_format, base_iri=base_iri)
        else:
            store.load(path=str(path), format=rdf_format, base_iri=base_iri)
    except SyntaxError as error:
        message = str(error)
        if "LoadDocumentCallback" in message:
            message = "JSON-LD with a remote @context is not loaded (kg fetches nothing); inline the context"
        raise GraphLoadError(path, f"cannot parse as {rdf_format.name}: {message}") from None
    except OSError as error:
        raise GraphLoadError(path, f"cannot read: {error}") from None


def open_graph(path: Path) -> ox.Store:
    """Open kg's graph for querying.

    Args:
        path: one of
            * a folder of exports (``graph.trig`` … ``graph.jsonld``): the
              richest single file is loaded (TriG, else N-Quads, Turtle,
              N-Triples, JSON-LD), never several;
            * one RDF file, its syntax told by the suffix (``.ttl .trig .nt
              .nq .jsonld .rdf .owl``);
            * a :class:`GraphStore` folder, opened read-only in place.

    Returns:
        A ``pyoxigraph.Store``: in memory for files, on disk for a store folder.
        Query it with :func:`run_query` (which makes the default graph the
        union of all graphs).

    Raises:
        GraphLoadError: missing path, unknown format, a parse error (with the
            engine's line and column), or unsafe foreign RDF (an RDF/XML
            DOCTYPE, absurd nesting).
    """
    path = Path(path)
    if not path.exists():
        raise GraphLoadError(path, "no such file or folder")
    if is_store_dir(path):
        try:
            return ox.Store.read_only(str(path))
        except OSError as error:
            raise GraphLoadError(path, f"cannot open the Oxigraph store: {error}") from None
    file = _find_export(path) if path.is_dir() else path
    store = ox.Store()
    _load_file(store, file)
    return store


# --------------------------------------------------------------------------- GraphStore

AddOutcome = Literal["added", "unchanged", "replaced"]


def _lexical(term: Term) -> str:
    """A term's value as a string (a quoted triple in N-Triples form)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


class GraphStore:
    """A persistent Oxigraph store folder that ``kg build`` fills incrementally.

    Layout: each article's triples live in a named graph whose name is the
    article IRI (as in the TriG export); corpus-level triples (entity labels
    and types, the direct relations) live in the default graph. Queries see
    the union (:func:`run_query` does that).

    Re-adding an article whose ``kgo:contentHash`` is already stored changes
    nothing, so a rebuild only rewrites new or changed articles. A replace is
    "drop the old graph, insert the new one": if the process dies in between,
    the article is simply missing and the next build adds it again.

    One writer at a time (Oxigraph locks the folder). To query while nothing
    writes, use :func:`open_graph` (read-only) or :attr:`store`.

    Example:

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> a = ox.NamedNode("https://w3id.org/mineral-kg/id/article/x")
    >>> quads = [ox.Triple(a, KGO_CONTENT_HASH, ox.Literal("sha256:1"))]
    >>> with GraphStore(tmp / "store") as gs:
    ...     gs.add_article(a.value, quads), gs.add_article(a.value, quads)
    ...     gs.articles()
    ('added', 'unchanged')
    {'https://w3id.org/mineral-kg/id/article/x': 'sha256:1'}
    """

    def __init__(self, path: Path) -> None:
        """Open the store folder at ``path``, creating it if it does not exist.

        Raises:
            GraphLoadError: ``path`` exists, is not empty and is not an
                Oxigraph store (kg will not scatter RocksDB files into it).
        """
        self.path = Path(path)
        occupied = self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir()))
        if occupied and not is_store_dir(self.path):
            raise GraphLoadError(self.path, "exists and is not an Oxigraph store folder")
        try:
            self.store = ox.Store(str(self.path))
        except OSError as error:
            raise GraphLoadError(self.path, f"cannot open the Oxigraph store: {error}") from None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Flush to disk. The folder is released when the object is dropped."""
        self.store.flush()

    def articles(self) -> dict[str, str | None]:
        """Article graph IRI -> its ``kgo:contentHash`` (``None`` if absent)."""
        result: dict[str, str | None] = {}
        for name in self.store.named_graphs():
            if not isinstance(name, ox.NamedNode):
                continue
            hashes = [_lexical(q.object) for q in self.store.quads_for_pattern(name, KGO_CONTENT_HASH, None, name)]
            result[name.value] = min(hashes) if hashes else None
        return dict(sorted(result.items()))

    def add_article(self, article_iri: str, data: QuadSource, *, force: bool = False) -> AddOutcome:
        """Put one article's triples in the named graph ``article_iri``.

        Args:
            article_iri: the article's IRI; also the graph name.
            data: the article's triples, in any form :func:`to_oxigraph_quads`
                reads; graph names in ``data`` are ignored.
            force: replace even when the content hash is unchanged (e.g. after
                the extractors changed).

        Returns:
            ``added`` (new article), ``unchanged`` (same ``kgo:contentHash`` as
            stored: nothing written) or ``replaced``.
        """
        graph = ox.NamedNode(article_iri)
        quads = to_oxigraph_quads(data, graph)
        new_hash = next((_lexical(q.object) for q in quads if q.subject == graph and q.predicate == KGO_CONTENT_HASH), None)
        exists = self.store.contains_named_graph(graph)
        if exists and not force and new_hash is not None:
            old = {_lexical(q.object) for q in self.store.quads_for_pattern(graph, KGO_CONTENT_HASH, None, graph)}
            if old == {new_hash}:
                return "unchanged"
        if exists:
            self.store.remove_graph(graph)
        self.store.add_graph(graph)
        self.store.extend(quads)
        return "replaced" if exists else "added"

    def stored_texts(self) -> list[tuple[str, str, str | None]]:
        """(text, title, date) of every stored article, sorted by article IRI.

        ``kg build --store`` rebuilds the corpus-level graph from these plus
        the new articles, so entity resolution sees the whole corpus.
        """
        kgo = "https://w3id.org/mineral-kg/ontology#"
        dcterms = "http://purl.org/dc/terms/"
        query = (
            f"SELECT ?a ?text ?title ?date WHERE {{ GRAPH ?a {{ ?a a <{kgo}Article> ; <{kgo}text> ?text ; <{dcterms}title> ?title . "
            f"OPTIONAL {{ ?a <{dcterms}date> ?date }} }} }} ORDER BY ?a"
        )
        rows = []
        solutions = self.store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            date = solution["date"]
            rows.append((solution["text"].value, solution["title"].value, date.value if date is not None else None))
        return rows

    def remove_article(self, article_iri: str) -> bool:
        """Drop an article's graph (e.g. its file left the corpus); True if it was there."""
        graph = ox.NamedNode(article_iri)
        if not self.store.contains_named_graph(graph):
            return False
        self.store.remove_graph(graph)
        return True

    def add_dataset(self, dataset: QuadSource, *, prune: bool = False, force: bool = False) -> dict[str, int]:
        """Add a whole build: each named graph as an article, the default graph as corpus facts.

        Args:
            dataset: an rdflib ``Dataset`` (as ``kg build`` makes) or any
                quad source :func:`to_oxigraph_quads` reads; named graphs are
                articles (named by the article IRI), the default graph holds
                the corpus-level triples and replaces the stored one.
            prune: also drop stored articles that are not in ``dataset`` (a
                full rebuild); off by default so partial builds accumulate.
            force: rewrite articles even when their content hash is unchanged.

        Returns:
            How many articles were ``added``, ``unchanged``, ``replaced`` and
            ``removed``, and ``default`` triples written.
        """
        articles: dict[str, list[ox.Quad]] = {}
        corpus: list[ox.Quad] = []
        for quad in to_oxigraph_quads(dataset):
            if isinstance(quad.graph_name, ox.NamedNode):
                articles.setdefault(quad.graph_name.value, []).append(quad)
            else:
                corpus.append(quad)
        counts = {"added": 0, "unchanged": 0, "replaced": 0, "removed": 0}
        for iri in sorted(articles):
            counts[self.add_article(iri, articles[iri], force=force)] += 1
        if prune:
            for iri in self.articles().keys() - articles.keys():
                counts["removed"] += self.remove_article(iri)
        counts["default"] = self.replace_default(corpus)
        return counts

    def replace_default(self, triples: QuadSource) -> int:
        """Make the default graph exactly ``triples`` (corpus-level facts).

        Returns the number of triples written.
        """
        quads = to_oxigraph_quads(triples, ox.DefaultGraph())
        self.store.clear_graph(ox.DefaultGraph())
        self.store.extend(quads)
        return len(quads)


# --------------------------------------------------------------------------- querying


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


def store_graphs(store: ox.Store) -> frozenset[str]:
    """IRIs of the store's named graphs (the graphs a FROM may name)."""
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


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
        QuerySyntaxError: the text does not parse.
        QueryTimeout: past ``timeout``.
        QueryError: any other failure during evaluation.
    """
    known = store_graphs(store) if graphs is None else graphs
    info: QueryInfo = inspect_query(sparql, graphs=known)
    for iri in (*(default_graphs or ()), *(named_graphs or ())):
        if iri not in known:
            raise RefusedQuery(f"graph <{iri}> is not a graph of this store")
    options: dict[str, Any] = {}
    if default_graphs is not None or named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(i) for i in default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(i) for i in named_graphs or ()]
    elif not info.has_dataset:
        options["use_default_graph_as_union"] = True

    def work(cancel: threading.Event) -> QueryResult:
        try:
            raw = store.query(sparql, **options)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"query failed: {error}") from None
        try:
            return _collect(raw, max_rows, cancel)
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"query failed: {error}") from None
        finally:
            del raw  # free the engine's plan on this (big-stack) thread

    return _on_big_stack(work, timeout)


# --------------------------------------------------------------------------- shipped queries


class ShippedQuery(NamedTuple):
    """One shipped query: unpacks as ``(description, text)``."""

    description: str
    text: str


def list_queries() -> dict[str, ShippedQuery]:
    """The shipped example queries: name -> (description, SPARQL text).

    The description is the query file's first line, a ``#`` comment. Names
    are the file names without ``.rq``, sorted.

    >>> description, text = list_queries()["agreement-parties"]
    >>> description
    'Parties of each agreement (states and organisations), with their kind'
    """
    queries: dict[str, ShippedQuery] = {}
    for file in sorted(QUERIES_DIR.glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        queries[file.stem] = ShippedQuery(first.lstrip("#").strip(), text)
    return queries


def get_query(name: str) -> str:
    """The SPARQL text of the shipped query ``name``.

    Raises:
        UnknownQuery: no such query; the message lists the known names.
    """
    queries = list_queries()
    key = name[:-3] if name.endswith(".rq") else name
    if key not in queries:
        raise UnknownQuery(f"unknown query {name!r}; available: {', '.join(queries) or '(none)'}")
    return queries[key][1]
