"""A sorted text file made on a Dask cluster: sorted runs on the workers, cut into ranges, each range merged on a worker, concatenated here.

Why: the N-Triples export is every distinct line of the graph in sorted
order. A local build sorts through runs on disk (:mod:`kg.export.sorting`);
on a cluster the lines are made where the graph is made (on the workers,
:mod:`kg.engine.dask_resolve`), so they are sorted there too:

1. each task that makes lines keeps them on its worker as a sorted run
   (:func:`sorted_run`) and sends back only a small sample of it
   (:func:`sample_run`: a key every :data:`SAMPLE_CHARS` characters, the
   first :data:`KEY_CHARS` characters of a line);
2. the client chooses splitters from the samples so that each range holds
   about :data:`PART_CHARS` characters (:func:`splitters`);
3. for each range, a task per run cuts the range out of it
   (:func:`run_part`, a bisection) and one task merges those pieces and drops
   repeats (:func:`merge_parts`);
4. the client writes the merged ranges in range order, a bounded window of
   them computed ahead (:meth:`RangeSort.chunks`).

A line falls in exactly one range (ranges are cut at the same splitters in
every run, and equal lines fall together), so the concatenation is the
global ``sorted(set(lines))``, byte for byte: the splitters only decide
where one range ends, never the order. The client holds the samples and one
range's text at a time; the workers hold the runs (the whole file, spread
over them) until the ranges are written.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client, Future

#: Characters of a run between two of its sample keys.
SAMPLE_CHARS = 256 * 1024
#: Characters of a line kept as a sample key (a key may be any string: it only decides where a range ends).
KEY_CHARS = 160
#: Characters a range aims at: what the client holds while it writes one, and a merging worker about three times that.
PART_CHARS = 8 * 2**20
#: Ranges merged ahead of the one being written.
WINDOW = 4


@dataclass(frozen=True)
class Sample:
    """What the client learns of a run: its size in characters and a key every :data:`SAMPLE_CHARS` of them."""

    chars: int
    keys: tuple[str, ...]


def sorted_run(lines: Iterable[str]) -> list[str]:
    """``lines`` sorted, each once (Python's string order, as :func:`kg.export.sorting.sorted_distinct`)."""
    return sorted(set(lines))


def sample_run(run: Sequence[str], every: int | None = None) -> Sample:
    """The size of ``run`` and its sample keys, in order.

    >>> sample_run(["a" * 5, "b" * 5, "c" * 5], every=10)
    Sample(chars=18, keys=('bbbbb',))
    """
    every = SAMPLE_CHARS if every is None else every
    keys = []
    chars = since = 0
    for line in run:
        chars += len(line) + 1
        since += len(line) + 1
        if since >= every:
            keys.append(line[:KEY_CHARS])
            since = 0
    return Sample(chars, tuple(keys))


def splitters(samples: Iterable[Sample], part_chars: int | None = None) -> tuple[str, ...]:
    """Keys that cut the lines of every run into ranges of about ``part_chars`` characters, sorted, distinct.

    Range ``i`` holds the lines from splitter ``i - 1`` (included) to
    splitter ``i`` (excluded); the first starts at the least line, the last
    ends after the greatest.

    >>> splitters([Sample(40, ("b", "d")), Sample(40, ("a", "c"))], part_chars=40)
    ('c',)
    """
    part_chars = PART_CHARS if part_chars is None else part_chars
    samples = list(samples)
    keys = sorted(key for sample in samples for key in sample.keys)
    ranges = max(1, math.ceil(sum(sample.chars for sample in samples) / part_chars))
    if not keys or ranges == 1:
        return ()
    chosen = (keys[len(keys) * i // ranges] for i in range(1, ranges))
    return tuple(sorted(set(chosen)))


def run_part(run: Sequence[str], low: str | None, high: str | None) -> list[str]:
    """The lines of ``run`` from ``low`` (included; None: the first) to ``high`` (excluded; None: past the last).

    >>> run_part(["a", "b", "c"], "b", None), run_part(["a", "b", "c"], None, "b")
    (['b', 'c'], ['a'])
    """
    start = 0 if low is None else bisect_left(run, low)
    end = len(run) if high is None else bisect_left(run, high)
    return list(run[start:end])


def merge_parts(*parts: Sequence[str]) -> bytes:
    """Sorted pieces of one range merged, each line once, as the UTF-8 text of that range (a newline after each line).

    Why bytes: they are what the file gets, and a ``str`` with one character
    beyond Latin-1 takes two or four bytes for every character on its way to the client.

    >>> merge_parts(["a", "c"], ["b", "c"])
    b'a\\nb\\nc\\n'
    """
    out = []
    previous = None
    for line in heapq.merge(*parts):
        if line != previous:
            out.append(line)
            previous = line
    return "".join(f"{line}\n" for line in out).encode("utf-8")


class RangeSort:
    """The client's side: the runs held on the cluster (as futures) with their samples; the sorted text, range by range.

    >>> RangeSort(None).empty
    True
    """

    def __init__(self, client: Client | None) -> None:
        self.client = client
        self.runs: list[Future] = []
        self.samples: list[Sample] = []

    @property
    def empty(self) -> bool:
        return not self.runs

    def add(self, run: Future, sample: Sample) -> None:
        """A run made on the cluster (kept there until :meth:`chunks` has written every range) and its sample."""
        self.runs.append(run)
        self.samples.append(sample)

    def chunks(self, window: int = WINDOW) -> Iterator[bytes]:
        """The sorted distinct lines of every run, a range at a time (:data:`WINDOW` ranges merged ahead); the runs are released after."""
        from kg.heap import give_back

        client = self.client
        assert client is not None
        cuts = splitters(self.samples)
        bounds = list(zip((None, *cuts), (*cuts, None), strict=True))
        merging: dict[int, Any] = {}

        def submit(index: int) -> None:
            if index < len(bounds):
                low, high = bounds[index]
                parts = [client.submit(run_part, run, low, high, pure=False) for run in self.runs]
                merging[index] = client.submit(merge_parts, *parts, pure=False)

        try:
            for index in range(window):
                submit(index)
            for index in range(len(bounds)):
                future = merging.pop(index)
                text = future.result()
                future.release()
                submit(index + window)
                if text:
                    yield text
                del text
                give_back()  # the range's text, written and dropped (kg.heap)
        finally:
            for future in [*merging.values(), *self.runs]:
                future.release()
            self.runs, self.samples = [], []
