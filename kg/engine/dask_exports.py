"""The exports a Dask cluster writes (``kg build --engine dask``): N-Triples and Turtle from its sorted ranges, TriG's and JSON-LD's named graphs range by range.

Why: a named graph (an article's metadata, text and evidence) is a function
of its article and its share of the resolution, both in the analysis store
once resolution is written; it is most of every export's triples. So the
workers make them:

* **N-Triples** and **Turtle** are every distinct triple (a line, or a
  Turtle sort key) sorted: made on the workers during resolution's last
  pass (:mod:`kg.engine.dask_resolve`) as run files in the output folder's
  scratch area, merged there range by range into part files, which the
  client copies in order (:mod:`kg.engine.dask_sort`,
  :mod:`kg.engine.dask_sorted`);
* **TriG** (the quads file) and **JSON-LD** are the default graph, then
  each article's named graph in IRI (doc_id) order, each sorted on its own
  (:func:`kg.export.rdf_stream.trig_named`, :func:`kg.export.rdf_stream.jsonld_named`).
  The client writes the head and the default graph (from the resolution it
  holds, as a local build does); a worker reads a range of articles from
  the store (:func:`kg.engine.spill.read_resolved_range`), makes their
  graphs and sends back their text as UTF-8 bytes; the client writes the
  ranges in order, a bounded window of them made ahead.

The bytes are those of a local build (``tests/test_dask_resolve.py``).
GraphML and the page are written here from the store, one named graph at a
time, as a local build writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.engine.dask_resolve import IN_FLIGHT, _in_order, _vocabulary, ranges
from kg.engine.dask_sort import RangeSort
from kg.engine.dask_sorted import SORTED
from kg.engine.spill import read_resolved_range

if TYPE_CHECKING:
    from distributed import Client

#: Articles per TriG or JSON-LD task: the client holds the text of a window of them (about 30 KB an article, with its text).
TRIG_ARTICLES = 64


@dataclass
class ClusterExports:
    """What a build resolved on a cluster hands to its export stage: the cluster, the store it reads, and the sorted exports' runs written there.

    ``sorts`` holds an entry per sorted export that was asked for (:data:`~kg.engine.dask_sorted.SORTED`).
    """

    client: Client
    store: Path
    doc_ids: Sequence[str]
    sorts: dict[str, RangeSort]

    def pieces(self, name: str, quads: Any) -> Iterable[str | bytes] | None:
        """The pieces of export ``name`` made on the cluster, or None when the client writes it (``quads``: the build's graph)."""
        if name in self.sorts:
            return _sorted_chunks(SORTED[name].head(), self.sorts[name])
        if name == "trig":
            return trig_chunks(self.client, quads, self.store, self.doc_ids)
        if name == "jsonld":
            return jsonld_chunks(self.client, quads, self.store, self.doc_ids)
        return None


def _sorted_chunks(head: str, sort: RangeSort) -> Iterator[str | bytes]:
    if head:
        yield head
    yield from sort.chunks()


def trig_range(path: Path, first: str, last: str) -> bytes:
    """The TriG of the named graphs of articles ``first`` to ``last``, in order, as UTF-8 (runs on a worker)."""
    from kg.export.rdf_stream import trig_named
    from kg.graph.stream import named_graph

    vocabulary = _vocabulary()
    parts = [trig_named(*named_graph(vocabulary, *row)) for row in read_resolved_range(path, first, last)]
    return "".join(parts).encode("utf-8")


def jsonld_range(path: Path, first: str, last: str) -> bytes:
    """The JSON-LD of the named graphs of articles ``first`` to ``last``, in order, each after its separator, as UTF-8 (runs on a worker)."""
    from kg.export.rdf import _Compactor
    from kg.export.rdf_stream import jsonld_named
    from kg.graph.stream import named_graph

    vocabulary, compact = _vocabulary(), _Compactor()
    parts = [jsonld_named(*named_graph(vocabulary, *row), compact) for row in read_resolved_range(path, first, last)]
    return "".join(parts).encode("utf-8")


def _named_ranges(client: Client, path: Path, doc_ids: Sequence[str], make: Callable[[Path, str, str], bytes]) -> Iterator[bytes]:
    """``make``'s text of every range of :data:`TRIG_ARTICLES` articles, in order, a bounded window made ahead."""
    from kg.heap import give_back

    window = (sum(client.nthreads().values()) or 1) * IN_FLIGHT
    calls = ((make, (path, first, last)) for first, last in ranges(sorted(doc_ids), TRIG_ARTICLES))
    for future in _in_order(client, calls, window):
        text = future.result()
        future.release()
        yield text
        del text
        give_back()  # the range's text, written and dropped (kg.heap)


def trig_chunks(client: Client, quads: Any, path: Path, doc_ids: Sequence[str]) -> Iterator[str | bytes]:
    """:func:`kg.export.rdf_stream.trig_chunks` of the build's graph: the head here, the named graphs from the workers."""
    from kg.export.rdf_stream import trig_head

    yield from trig_head(quads)
    yield from _named_ranges(client, path, doc_ids, trig_range)


def jsonld_chunks(client: Client, quads: Any, path: Path, doc_ids: Sequence[str]) -> Iterator[str | bytes]:
    """:func:`kg.export.rdf_stream.jsonld_chunks` of the build's graph: the head and default graph here, the named graphs from the workers.

    Every piece starts with its separator; the file's first piece goes without (so when the default graph is empty, the first named graph's is dropped).
    """
    from kg.export.rdf import _Compactor
    from kg.export.rdf_stream import JSONLD_HEAD, JSONLD_SEPARATOR, jsonld_default, jsonld_tail
    from kg.graph.quads import GraphQuads

    yield JSONLD_HEAD
    written = False
    for name, triples in GraphQuads.of(quads).graphs():  # the default graph comes first (QuadGraphs)
        if name is None:
            for piece in jsonld_default(triples, _Compactor()):
                yield piece if written else piece[len(JSONLD_SEPARATOR) :]
                written = True
        break
    separator = JSONLD_SEPARATOR.encode("utf-8")
    for text in _named_ranges(client, path, doc_ids, jsonld_range):
        if text:
            yield text if written or not text.startswith(separator) else text[len(separator) :]
            written = True
    yield jsonld_tail(written)
