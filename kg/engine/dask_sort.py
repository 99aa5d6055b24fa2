"""A sorted text file made on a Dask cluster: sorted runs written to files by the workers, cut into ranges, each range merged into a file by a worker, the files concatenated here.

Why: the N-Triples and Turtle exports are every distinct line (a triple, or
a triple's sort key) of the graph in sorted order. A local build sorts
through runs on disk (:mod:`kg.export.sorting`); on a cluster the lines are
made where the graph is made (on the workers, :mod:`kg.engine.dask_resolve`),
so they are sorted there too, and kept on the shared file system of the
output folder (its scratch area, which the workers see at the same path as
the analysis store) rather than in the workers' memory:

1. each task that makes lines writes them as a sorted run file
   (:func:`write_run`) and sends back only a small :class:`Sample` of it: its
   path, size, and a key every :data:`SAMPLE_CHARS` characters with the byte
   offset of that key's line (the key is the first :data:`KEY_CHARS`
   characters of the line, or of the part of it that must not be split
   across ranges: Turtle's subject);
2. the client chooses splitters from the samples so that each range holds
   about :data:`PART_CHARS` characters (:func:`splitters`);
3. for each range, one task reads that range out of every run (a seek to
   the last sample key below the range, worked out by the client from the
   samples: :func:`start_offset`, :func:`read_part`), merges the
   pieces, drops repeats and writes the range's text to a part file
   (:func:`merge_range`);
4. the client copies the part files into the export in range order, a
   bounded window of them merged ahead, a block at a time (:meth:`RangeSort.chunks`),
   and removes each file once copied.

A line falls in exactly one range (ranges are cut at the same splitters in
every run, and equal lines fall together), so the concatenation is the
global ``sorted(set(lines))``, byte for byte: the splitters only decide
where one range ends, never the order. Neither the client nor a worker
holds more than a range's lines at a time; the whole file is only ever on disk.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client

#: Characters of a run between two of its sample keys.
SAMPLE_CHARS = 256 * 1024
#: Characters of a line kept as a sample key (a key may be any string: it only decides where a range ends).
KEY_CHARS = 160
#: Characters a range aims at: what a merging worker holds about three times of, at most.
PART_CHARS = 8 * 2**20
#: Ranges merged ahead of the one being copied.
WINDOW = 4
#: Bytes of a part file copied into the export at a time.
COPY_BYTES = 2**20


def line_key(line: str) -> str:
    """The sample key of a line that may be cut anywhere (N-Triples): its first :data:`KEY_CHARS` characters."""
    return line[:KEY_CHARS]


@dataclass(frozen=True)
class Sample:
    """What the client learns of a run: its file, its size in characters, and a key every :data:`SAMPLE_CHARS` of them with its line's byte offset.

    Why the offsets: a range is read out of every run by each range's task;
    seeking to the last key below the range reads at most
    :data:`SAMPLE_CHARS` characters that are not the range's.
    """

    chars: int
    keys: tuple[str, ...]
    offsets: tuple[int, ...] = ()
    path: str = ""


def sorted_run(lines: Iterable[str]) -> list[str]:
    """``lines`` sorted, each once (Python's string order, as :func:`kg.export.sorting.sorted_distinct`)."""
    return sorted(set(lines))


def sample_run(run: Iterable[str], every: int | None = None, cut: Callable[[str], str] = line_key, path: str = "") -> Sample:
    """The size of the sorted ``run`` and its sample keys (``cut`` of a line), in order, with the byte offsets of their lines.

    A key never ends a range inside a subject when ``cut`` keeps the
    subject only: every line of the subject compares alike to it.

    >>> sample_run(["a" * 5, "b" * 5, "c" * 5], every=10)
    Sample(chars=18, keys=('bbbbb',), offsets=(6,), path='')
    """
    every = SAMPLE_CHARS if every is None else every
    keys, offsets = [], []
    chars = since = offset = 0
    for line in run:
        since += len(line) + 1
        if since >= every:
            keys.append(cut(line))
            offsets.append(offset)
            since = 0
        chars += len(line) + 1
        offset += len(line.encode("utf-8")) + 1
    return Sample(chars, tuple(keys), tuple(offsets), path)


def write_run(lines: Iterable[str], path: Path, every: int | None = None, cut: Callable[[str], str] = line_key) -> Sample:
    """``lines`` sorted, each once, written to ``path`` (UTF-8, a newline after each; runs on a worker); its sample.

    The folder is made if missing (the scratch area is shared; the first
    task on each machine makes it).
    """
    run = sorted_run(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for line in run:
            handle.write(line)
            handle.write("\n")
    return sample_run(run, every, cut, str(path))


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


def start_offset(sample: Sample, low: str | None) -> int:
    """Where range ``low``- starts to be read in the run file of ``sample``: the line of its last sample key below ``low`` (0 for the first range).

    Why that key's line is below ``low``: a key is a prefix of its line and
    ``low`` is itself a key, so a key less than ``low`` either differs from
    it within the key (and so does its line) or is a shorter prefix of it,
    which only a whole line (or a whole subject, followed by a NUL) can be.

    >>> start_offset(Sample(30, ("b", "d"), (6, 18), "run"), "c"), start_offset(Sample(30, ("b", "d"), (6, 18), "run"), "b")
    (6, 0)
    """
    if low is None:
        return 0
    below = bisect_left(sample.keys, low)
    return sample.offsets[below - 1] if below else 0


def read_part(path: str, start: int, low: str | None, high: str | None) -> Iterator[str]:
    """The lines of the run file at ``path`` from ``low`` (included) to ``high`` (excluded), read from byte ``start`` (:func:`start_offset`)."""
    with open(path, "rb") as handle:  # bytes: a seek to a line's offset; a line holds no newline (escaped)
        handle.seek(start)
        for raw in handle:
            line = raw[:-1].decode("utf-8")
            if high is not None and line >= high:
                return
            if low is None or line >= low:
                yield line


def merge_parts(*parts: Iterable[str]) -> Iterator[str]:
    """Sorted pieces of one range merged, each line once.

    >>> list(merge_parts(["a", "c"], ["b", "c"]))
    ['a', 'b', 'c']
    """
    previous = None
    for line in heapq.merge(*parts):
        if line != previous:
            yield line
            previous = line


def ntriples_text(lines: Iterable[str]) -> Iterator[str]:
    """A range's sorted distinct lines as text, a newline after each (N-Triples).

    >>> "".join(ntriples_text(["a", "b"]))
    'a\\nb\\n'
    """
    piece: list[str] = []
    for line in lines:
        piece.append(f"{line}\n")
        if len(piece) >= 4096:
            yield "".join(piece)
            piece = []
    yield "".join(piece)


def merge_range(
    runs: Sequence[tuple[str, int]], low: str | None, high: str | None, out: Path, render: Callable[[Iterable[str]], Iterable[str]] = ntriples_text
) -> int:
    """Range ``low``-``high`` of every run (its file, and where to start reading it), merged and rendered, written to the part file ``out`` (runs on a worker); its size in bytes.

    Why the client works out the starts: a task then carries a path and a
    number per run, not every run's sample keys (which, sent with each of a
    file's ranges, made the client's scheduler hold tens of megabytes at
    10,000 articles).
    """
    size = 0
    with open(out, "wb") as handle:
        for text in render(merge_parts(*(read_part(path, start, low, high) for path, start in runs))):
            data = text.encode("utf-8")
            handle.write(data)
            size += len(data)
    return size


def _remove(paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


class RangeSort:
    """The client's side: the runs written on the cluster (their samples); the sorted text, range by range, from the part files.

    ``scratch`` is the folder the part files go to (shared with the
    workers); ``render`` makes a range's text from its lines on the worker
    that merges it; ``lead`` is dropped from the start of the first range
    that has any text (a separator the renderer puts before every piece,
    which the file's first piece goes without).

    >>> RangeSort(None, Path("."), "x").empty
    True
    """

    def __init__(
        self, client: Client | None, scratch: Path, name: str, render: Callable[[Iterable[str]], Iterable[str]] = ntriples_text, lead: bytes = b""
    ) -> None:
        self.client = client
        self.scratch = scratch
        self.name = name
        self.render = render
        self.lead = lead
        self.samples: list[Sample] = []

    @property
    def empty(self) -> bool:
        return not self.samples

    def run_path(self, number: int) -> Path:
        """Where a worker writes run ``number`` of this sort."""
        return self.scratch / f"{self.name}-run-{number:06d}.txt"

    def add(self, sample: Sample) -> None:
        """A run written on the cluster (its file kept until :meth:`chunks` has copied every range), by its sample."""
        self.samples.append(sample)

    def chunks(self, window: int = WINDOW) -> Iterator[bytes]:
        """The sorted text of every run, a block of a part file at a time (:data:`WINDOW` ranges merged ahead); the files are removed after."""
        from distributed import wait

        client = self.client
        assert client is not None
        cuts = splitters(self.samples)
        bounds = list(zip((None, *cuts), (*cuts, None), strict=True))
        merging: dict[int, Any] = {}
        parts = [self.scratch / f"{self.name}-part-{index:06d}.txt" for index in range(len(bounds))]

        def submit(index: int) -> None:
            if index < len(bounds):
                low, high = bounds[index]
                runs = [(sample.path, start_offset(sample, low)) for sample in self.samples]
                merging[index] = client.submit(merge_range, runs, low, high, parts[index], self.render, pure=False)

        lead = self.lead
        try:
            for index in range(window):
                submit(index)
            for index in range(len(bounds)):
                future = merging.pop(index)
                wait(future)
                if future.status != "finished":
                    future.result()  # raises the task's error here
                future.release()
                submit(index + window)
                with open(parts[index], "rb") as handle:
                    head = handle.read(len(lead)) if lead else b""
                    if head:  # the first range with text: its lead goes; the later ones keep theirs
                        if head != lead:
                            yield head
                        lead = b""
                    while block := handle.read(COPY_BYTES):
                        yield block
                os.unlink(parts[index])
        finally:
            for future in merging.values():
                future.release()
            _remove(sample.path for sample in self.samples)
            _remove(str(part) for part in parts)
            self.samples = []
