"""The exports a Dask cluster writes (``kg build --engine dask``): N-Triples from its sorted ranges, TriG's named graphs range by range.

Why: a named graph (an article's metadata, text and evidence) is a function
of its article and its share of the resolution, both in the analysis store
once resolution is written; it is most of every export's triples. So the
workers make them:

* **N-Triples** is every distinct line sorted: made and sorted on the
  workers during resolution's last pass (:mod:`kg.engine.dask_resolve`),
  merged there range by range and concatenated here (:mod:`kg.engine.dask_sort`);
* **TriG** (the quads file) is the default graph, then each article's named
  graph in IRI (doc_id) order, each sorted on its own
  (:func:`kg.export.rdf_stream.trig_named`). The client writes the prefixes
  and the default graph (from the resolution it holds, as a local build
  does); a worker reads a range of articles from the store
  (:func:`kg.engine.spill.read_resolved_range`), makes their graphs and
  sends back their TriG text as UTF-8 bytes; the client writes the ranges in
  order, a bounded window of them made ahead.

The bytes are those of a local build (``tests/test_dask_resolve.py``). The
other exports (Turtle, JSON-LD, GraphML, the page) are written here from
the store, one named graph at a time, as a local build writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.engine.dask_resolve import IN_FLIGHT, _in_order, _vocabulary, ranges
from kg.engine.dask_sort import RangeSort
from kg.engine.spill import read_resolved_range

if TYPE_CHECKING:
    from distributed import Client

#: Articles per TriG task: the client holds the text of a window of them (about 30 KB an article, with its text).
TRIG_ARTICLES = 64


@dataclass
class ClusterExports:
    """What a build resolved on a cluster hands to its export stage: the cluster, the store it reads, and the N-Triples held there.

    ``ntriples`` is None when that export was not asked for.
    """

    client: Client
    store: Path
    doc_ids: Sequence[str]
    ntriples: RangeSort | None

    def pieces(self, name: str, quads: Any) -> Iterable[str | bytes] | None:
        """The pieces of export ``name`` made on the cluster, or None when the client writes it (``quads``: the build's graph)."""
        if name == "ntriples" and self.ntriples is not None:
            return self.ntriples.chunks()
        if name == "trig":
            return trig_chunks(self.client, quads, self.store, self.doc_ids)
        return None


def trig_range(path: Path, first: str, last: str) -> bytes:
    """The TriG of the named graphs of articles ``first`` to ``last``, in order, as UTF-8 (runs on a worker)."""
    from kg.export.rdf_stream import trig_named
    from kg.graph.stream import named_graph

    vocabulary = _vocabulary()
    parts = [trig_named(*named_graph(vocabulary, *row)) for row in read_resolved_range(path, first, last)]
    return "".join(parts).encode("utf-8")


def trig_chunks(client: Client, quads: Any, path: Path, doc_ids: Sequence[str]) -> Iterator[str | bytes]:
    """:func:`kg.export.rdf_stream.trig_chunks` of the build's graph: the head here, the named graphs from the workers."""
    from kg.export.rdf_stream import trig_head
    from kg.heap import give_back

    yield from trig_head(quads)
    window = (sum(client.nthreads().values()) or 1) * IN_FLIGHT
    calls = ((trig_range, (path, first, last)) for first, last in ranges(sorted(doc_ids), TRIG_ARTICLES))
    for future in _in_order(client, calls, window):
        text = future.result()
        future.release()
        yield text
        del text
        give_back()  # the range's text, written and dropped (kg.heap)
