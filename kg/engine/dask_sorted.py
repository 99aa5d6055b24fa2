"""The exports a Dask cluster sorts whole (N-Triples, Turtle): what each makes of a graph, where a range may end, how a range is written.

Why these two: each is every distinct triple of every graph in one sorted
order, so neither can be written a graph at a time as TriG and JSON-LD
are; both are sorted on the cluster by :mod:`kg.engine.dask_sort`, from the
lines the workers make of the graphs they make (:mod:`kg.engine.dask_resolve`).
They differ in four things, kept here as data:

* the line a triple becomes: its N-Triples line, or its Turtle sort key
  (:func:`kg.export.rdf_stream.turtle_keys`);
* where a range may end: anywhere for N-Triples, only between subjects for
  Turtle (a subject's triples are written together), so Turtle's sample
  keys are subjects;
* how a worker writes a range: the lines, or the Turtle body of the
  range's subjects, each piece after a newline (:func:`kg.export.rdf_stream.turtle_range`);
* what the client writes first: nothing, or the prefixes; and the newline
  it drops from the file's first piece of text.

The bytes are those of :func:`kg.export.rdf_stream.ntriples_chunks` and
:func:`kg.export.rdf_stream.turtle_chunks` (``tests/test_dask_resolve.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.engine.dask_sort import KEY_CHARS, line_key, ntriples_text
from kg.export.rdf import _prefix_block
from kg.export.rdf_stream import ntriples_lines, turtle_keys, turtle_range, turtle_subject


@dataclass(frozen=True)
class SortedExport:
    """One export sorted on the cluster: how a graph becomes its lines, a line its sample key, a range its text (all sent to workers by reference)."""

    name: str
    lines: Callable[[Iterable[ox.Triple]], Iterator[str]]
    cut: Callable[[str], str]
    render: Callable[[Iterable[str]], Iterable[str]]
    head: Callable[[], str]
    lead: bytes


def subject_key(key: str) -> str:
    """A Turtle sort key's sample key: its subject, cut to :data:`~kg.engine.dask_sort.KEY_CHARS` (a range never splits a subject).

    >>> subject_key("<s>\\x000\\x00<p>\\x00<o>")
    '<s>'
    """
    return turtle_subject(key)[:KEY_CHARS]


def _nothing() -> str:
    return ""


def _turtle_head() -> str:
    return _prefix_block() + "\n"


#: The sorted exports by exporter name.
SORTED = {
    "ntriples": SortedExport("ntriples", ntriples_lines, line_key, ntriples_text, _nothing, b""),
    "turtle": SortedExport("turtle", turtle_keys, subject_key, turtle_range, _turtle_head, b"\n"),
}
