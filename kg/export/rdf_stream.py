"""The RDF exports in pieces: the bytes of :mod:`kg.export.rdf`, never the whole file as one string.

Why: a build's exports were each rendered as one string (and N-Triples and
Turtle as a sorted list of every triple besides), the largest part of a
build's memory at scale. Here:

* **N-Triples** and **Turtle** sort every distinct triple of every graph
  with :func:`kg.export.sorting.sorted_distinct` (sorted runs on disk,
  merged), then write the lines, or the subjects a batch at a time; the
  Turtle sort key is :func:`kg.export.rdf._sort_key` spelt as one string
  that orders the same way.
* **TriG** and **JSON-LD** are written graph by graph, each graph sorted on
  its own (a named graph is one article's), as :mod:`kg.export.rdf` does:
  the default graph first, then the named graphs in name order. The
  default graph (every entity and fact: about 50,000 triples at 3,000 replayed
  articles) is sorted as Turtle's triples are in TriG, and its JSON-LD
  nodes are written a batch at a time.

So memory holds one run of lines, or one named graph, at a time. Each function is
registered as its exporter's streaming renderer (``Exporter.stream``), and
``"".join`` of its pieces is exactly the exporter's ``render`` (tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.export.rdf import (
    JSONLD_CONTEXT,
    RDF_TYPE,
    _Compactor,
    _json,
    _jsonld_nodes,
    _node_lines,
    _prefix_block,
    _serialize,
    _sorted_node,
    _sorted_triples,
    _turtle_body,
)
from kg.export.registry import streams
from kg.export.sorting import sorted_distinct
from kg.graph.quads import GraphQuads

#: Lines per piece of N-Triples.
NTRIPLES_BATCH = 4096
#: Triples per piece of Turtle: each batch ends at a subject's end, so pieces join seamlessly.
TURTLE_BATCH = 20_000
#: Separates the parts of a Turtle sort key: below every character of an IRI or N-Triples term.
_SEP = "\x00"


def _graphs(source: Any) -> Iterator[tuple[str | None, Iterable[ox.Triple]]]:
    return GraphQuads.of(source).graphs()


def _batches(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    batch: list[ox.Triple] = []
    for triple in triples:
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ntriples_lines(source: Any) -> Iterator[str]:
    """Every triple's N-Triples line (no newline), graph by graph, as pyoxigraph writes it (a line per triple, so a batch at a time)."""
    for _, triples in _graphs(source):
        yield from ntriples_lines(triples)


def ntriples_lines(triples: Iterable[ox.Triple]) -> Iterator[str]:
    """Each triple's N-Triples line (no newline), as the N-Triples export writes it (also on Dask workers, :mod:`kg.engine.dask_sort`)."""
    for batch in _batches(triples, NTRIPLES_BATCH):
        yield from (line for line in _serialize(batch, ox.RdfFormat.N_TRIPLES).split("\n") if line)


@streams("ntriples")
def ntriples_chunks(source: Any) -> Iterator[str]:
    """The lines of :func:`kg.export.rdf.to_ntriples`, sorted through runs on disk, a few thousand per piece."""
    piece: list[str] = []
    for line in sorted_distinct(_ntriples_lines(source)):
        piece.append(f"{line}\n")
        if len(piece) >= NTRIPLES_BATCH:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def _turtle_keys(source: Any) -> Iterator[str]:
    """Every triple of every graph as its sort key (:func:`turtle_keys`)."""
    for _, triples in _graphs(source):
        yield from turtle_keys(triples)


def turtle_keys(triples: Iterable[ox.Triple]) -> Iterator[str]:
    """Each triple as its sort key: subject, then ``rdf:type`` first, predicate, object; parts joined by NUL.

    A NUL never occurs in an IRI or a blank node label and sorts below every
    other character, so comparing these strings compares the tuples of
    :func:`kg.export.rdf._sort_key`; the object's N-Triples text comes last,
    where any character may follow.
    """
    for triple in triples:
        predicate = triple.predicate.value
        yield f"{triple.subject}{_SEP}{'0' if predicate == RDF_TYPE else '1'}{_SEP}{predicate}{_SEP}{triple.object}"


def _sorted_bodies(keys: Iterable[str]) -> Iterator[str]:
    """The Turtle body of the triples of ``keys`` (sorted, distinct) in pieces that join into :func:`kg.export.rdf._turtle_body`'s."""
    first = True
    for batch in _subject_batches(keys):
        body = _turtle_body(_parse_keys(batch))
        if body:
            yield body if first else "\n" + body
            first = False


def turtle_subject(key: str) -> str:
    """The subject part of a Turtle sort key: every key of a subject compares alike to it (a NUL follows the subject).

    >>> turtle_subject("<s>\\x000\\x00p\\x00<o>")
    '<s>'
    """
    return key.split(_SEP, 1)[0]


def turtle_range(keys: Iterable[str]) -> Iterator[str]:
    """The Turtle body of a stretch of sorted keys that starts and ends at subjects' ends, each piece after a newline.

    Why every piece after its newline, the first too: a Dask worker renders
    one range of the file (:mod:`kg.engine.dask_sort`) without knowing
    whether a range before it had text; the client drops the newline of the
    file's first piece, so the pieces join into :func:`turtle_chunks`'s body.
    """
    for batch in _subject_batches(keys):
        body = _turtle_body(_parse_keys(batch))
        if body:
            yield "\n" + body


def _parse_keys(keys: list[str]) -> list[ox.Triple]:
    """Sort keys back into triples (through N-Triples, so every term comes back exactly)."""
    lines = []
    for key in keys:
        subject, _, predicate, obj = key.split(_SEP, 3)
        lines.append(f"{subject} <{predicate}> {obj} .\n")
    return [quad.triple for quad in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def _subject_batches(keys: Iterable[str]) -> Iterator[list[str]]:
    """Sorted keys in batches of about :data:`TURTLE_BATCH`, each ending at a subject's last triple."""
    batch: list[str] = []
    subject = None
    for key in keys:
        this = turtle_subject(key)
        if len(batch) >= TURTLE_BATCH and this != subject:
            yield batch
            batch = []
        batch.append(key)
        subject = this
    if batch:
        yield batch


@streams("turtle")
def turtle_chunks(source: Any) -> Iterator[str]:
    """:func:`kg.export.rdf.to_turtle` in pieces: the prefixes, then the sorted subjects a batch at a time.

    pyoxigraph's Turtle writer starts each subject on a new line at column
    0, so the body of a batch that ends with a subject's last triple is
    exactly that stretch of the whole body, and batches join with the blank
    line :func:`kg.export.rdf._turtle_body` puts between subjects.
    """
    yield _prefix_block() + "\n"
    yield from _sorted_bodies(sorted_distinct(_turtle_keys(source)))


@streams("trig")
def trig_chunks(source: Any) -> Iterator[str]:
    """:func:`kg.export.rdf.to_trig` a graph at a time."""
    graphs = GraphQuads.of(source)  # once: a Dataset or rdflib source is grouped here, and may be read only once
    yield from trig_head(graphs)
    for name, triples in graphs.graphs():
        if name is not None:
            yield trig_named(name, triples)


def trig_head(source: Any) -> Iterator[str]:
    """TriG's prefixes and default graph, in pieces: what comes before the named graphs (also the Dask client's part, :mod:`kg.engine.dask_exports`)."""
    yield _prefix_block()
    for name, triples in _graphs(source):  # the default graph comes first (QuadGraphs)
        if name is None:
            yield from _default_trig(triples)
        break


def trig_named(name: str, triples: Iterable[ox.Triple]) -> str:
    """One named graph's part of TriG: a function of that graph alone (so a Dask worker writes it as the client would)."""
    body = _turtle_body(_sorted_triples(triples)).rstrip("\n")
    label = name if name.startswith("_:") else f"<{name}>"
    return f"\n{label} {{\n{body}\n}}\n"


def _default_trig(triples: Iterable[ox.Triple]) -> Iterator[str]:
    """The default graph's part of TriG, ``f"\\n{body}\\n"`` with its body's last newlines dropped (nothing when it is empty), in pieces.

    Its triples are sorted through runs on disk, as Turtle's are: the last piece is held back to drop its newlines.
    """
    held: str | None = None
    for piece in _sorted_bodies(sorted_distinct(turtle_keys(triples))):
        if held is not None:
            yield held
        held = piece if held is not None else "\n" + piece
    if held is not None and held.rstrip("\n"):
        yield held.rstrip("\n") + "\n"


@streams("jsonld")
def jsonld_chunks(source: Any) -> Iterator[str]:
    """:func:`kg.export.rdf.to_jsonld` a graph at a time: the default graph's nodes at the top level, then each named graph."""
    compact = _Compactor()
    yield JSONLD_HEAD
    written = False
    for name, triples in _graphs(source):
        pieces = jsonld_default(triples, compact) if name is None else (jsonld_named(name, triples, compact),)
        for piece in pieces:
            if piece:
                yield piece if written else piece[len(JSONLD_SEPARATOR) :]
                written = True
    yield jsonld_tail(written)


#: What starts the JSON-LD file: the inline context and the opening of the top-level ``@graph``.
JSONLD_HEAD = f'{{"@context": {_json(JSONLD_CONTEXT)}, "@graph": [\n'
#: What comes before every node line or named graph of the JSON-LD file but the first (which goes without).
JSONLD_SEPARATOR = ",\n"


def jsonld_default(triples: Iterable[ox.Triple], compact: _Compactor) -> Iterator[str]:
    """The default graph's node lines, a batch at a time (every entity: not as one string), each batch after :data:`JSONLD_SEPARATOR`."""
    nodes = sorted((_sorted_node(node) for node in _jsonld_nodes(triples, compact)), key=lambda node: str(node["@id"]))
    for start in range(0, len(nodes), NTRIPLES_BATCH):
        yield JSONLD_SEPARATOR + ",\n".join(_node_lines(nodes[start : start + NTRIPLES_BATCH], " "))


def jsonld_named(name: str, triples: Iterable[ox.Triple], compact: _Compactor | None = None) -> str:
    """One named graph's part of JSON-LD after :data:`JSONLD_SEPARATOR` ("" when it has no node): a function of that graph alone (so a Dask worker writes it)."""
    compact = compact or _Compactor()
    nodes = sorted((_sorted_node(node) for node in _jsonld_nodes(triples, compact)), key=lambda node: str(node["@id"]))
    if not nodes:
        return ""
    return JSONLD_SEPARATOR + f' {{"@id": {_json(compact(name))}, "@graph": [\n' + ",\n".join(_node_lines(nodes, "  ")) + "\n ]}"


def jsonld_tail(written: bool) -> str:
    """What ends the JSON-LD file (``written``: whether any node or named graph came before)."""
    return ("\n" if written else "") + "]}\n"
