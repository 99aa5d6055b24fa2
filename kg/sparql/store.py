"""Kg's graph in Oxigraph: load the exports into a store, or keep a persistent one.

Why Oxigraph and not rdflib's engine: on kg-shaped graphs pyoxigraph loads
and answers one to three orders of magnitude faster (see
``scripts/bench_sparql.py`` and ``docs/sparql.md``), and it is a plain Rust
extension with no global state. rdflib still builds the graph; this package
is only where the graph is *read*.

This module is about *having* the graph; querying it is :mod:`kg.sparql.run`,
the shipped example queries are :mod:`kg.sparql.shipped`.

* :func:`open_graph` turns a path (a folder of exports, one RDF file, or a
  :class:`GraphStore` folder) into a queryable ``pyoxigraph.Store``.
* :class:`GraphStore` is a persistent Oxigraph folder that ``kg build`` can
  fill article by article, skipping unchanged ones.
* :func:`store_graphs` lists a store's named graphs (the graphs a query's
  ``FROM`` may name).

Example:

>>> from pathlib import Path
>>> store = open_graph(Path(__file__).parents[2] / "tests" / "data" / "sample.trig")
>>> len(store), sorted(store_graphs(store))
(129, ['https://w3id.org/mineral-kg/id/article/a1', 'https://w3id.org/mineral-kg/id/article/a2'])
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.graph.loading import GraphLoadError as UnsafeRDF
from kg.graph.loading import check_safe
from kg.graph.terms import QuadSource, to_oxigraph_quads
from kg.sparql.results import Term
from kg.sparql.run import store_graphs  # defined with the query runner, which needs it without rdflib

__all__ = [
    "EXPORT_FILES",
    "RDF_FORMATS",
    "GraphLoadError",
    "GraphStore",
    "is_store_dir",
    "open_graph",
    "store_graphs",
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
