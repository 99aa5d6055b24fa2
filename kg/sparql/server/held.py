"""The graph as the query engines hold it: a small graph in each process's memory, a large one on disk.

Why: Oxigraph answers a SPARQL endpoint's light queries much faster from its
in-memory storage than from a store folder (RocksDB) opened read-only, and
the engine is most of what a query worker spends on a light query. The
benchmark's light mix through a worker's :func:`~kg.sparql.server.worker.answer`,
one thread, the same 92,062 quads: 73 µs per query on average from the
folder, 43 µs in memory (a label lookup 35–39 → 30 µs, an entity's
properties 48–52 → 34–35, the short lists 120–240 → 58–83). In memory the
graph also takes less of a worker's address-space cap (+29 MB for those
quads, against the +396 MB RocksDB reserves when it opens the folder).

The store folder stays what the server is built on (the front reads the
graph's names and size from it; a live store folder is served in place, as
before). What changes: when the server made a private copy of the graph
(:func:`kg.sparql.server.app.make_server` with exports, a file or a
``Store``) and the graph has at most :data:`MEMORY_QUADS` quads, it also
writes the graph once as N-Quads beside that copy (:func:`write_copy`), and
each process that answers queries (the workers, and a confined front, see
:mod:`kg.sparql.server.local`) loads that file into memory
(:func:`open_served`). Each process holds its own copy (about 330 bytes a
quad), so a large graph keeps to the folder, which the workers share
through the page cache. The file is read with its blank-node labels kept,
so every process answers with the same labels, as the folder did.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

__all__ = ["MEMORY_QUADS", "open_served", "write_copy"]

#: Largest graph (quads) the query processes hold in memory; a larger one is read from the store folder.
MEMORY_QUADS = 250_000
#: The N-Quads copy's file name: what :func:`open_served` loads into memory rather than opening as a folder.
_SUFFIX = ".nq"


def write_copy(graph: ox.Store, folder: Path) -> Path | None:
    """Write ``graph`` as N-Quads into ``folder`` if it is small enough to be held in memory; its path, or ``None``."""
    if len(graph) > MEMORY_QUADS:
        return None
    path = folder / f"graph{_SUFFIX}"
    graph.dump(output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


def open_served(path: str | Path) -> ox.Store:
    """The store to query: an N-Quads copy (:func:`write_copy`) loaded into memory, or a store folder opened read-only.

    >>> import tempfile
    >>> graph = ox.Store()
    >>> graph.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), ox.NamedNode("http://example.org/g")))
    >>> copy = write_copy(graph, Path(tempfile.mkdtemp()))
    >>> [str(quad) for quad in open_served(copy)]  # the blank node keeps its label
    ['_:b1 <http://example.org/p> "x" <http://example.org/g>']
    """
    path = str(path)
    if not path.endswith(_SUFFIX):
        return ox.Store.read_only(path)
    store = ox.Store()
    store.extend(ox.parse(path=path, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    return store
