"""Sorting more lines than memory should hold: sorted runs on disk, merged.

Why: N-Triples and Turtle are written sorted over every triple of the
corpus, and holding every line (with the text of every article) to sort it
was the largest part of a build's memory (about 0.25 MB per article at 10,000
articles). Lines are gathered until :data:`RUN_CHARS` characters, sorted and
written to a temporary run file; the runs are then merged (``heapq.merge``,
which reads one line per run at a time), repeats dropped. The order is
Python's string order, exactly as ``sorted(set(lines))`` gives it; when
everything fits in one run nothing touches the disk.

>>> list(sorted_distinct(["b", "a", "b", "c"], run_chars=2))
['a', 'b', 'c']
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

#: Characters of lines held before a sorted run goes to disk (about 3x that in memory, as Python strings).
RUN_CHARS = 48 * 2**20


def _write_run(folder: str, lines: list[str], number: int) -> str:
    path = os.path.join(folder, f"run-{number:06d}.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        previous = None
        for line in sorted(lines):
            if line != previous:
                handle.write(line)
                handle.write("\n")
                previous = line
    return path


def _read_run(handle: Iterable[str]) -> Iterator[str]:
    for line in handle:
        yield line[:-1]


def sorted_distinct(lines: Iterable[str], run_chars: int | None = None) -> Iterator[str]:
    """``lines`` (none holding a newline) in sorted order, each once, holding about ``run_chars`` characters at a time.

    Run files live in a temporary folder (``$TMPDIR``) removed when the
    iteration ends or is abandoned.
    """
    run_chars = RUN_CHARS if run_chars is None else run_chars
    batch: list[str] = []
    size = 0
    with ExitStack() as stack:
        folder: str | None = None
        runs: list[str] = []
        for line in lines:
            batch.append(line)
            size += len(line) + 50
            if size >= run_chars:
                if folder is None:
                    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-sort-"))
                runs.append(_write_run(folder, batch, len(runs)))
                batch, size = [], 0
        if not runs:
            previous = None
            for line in sorted(batch):
                if line != previous:
                    yield line
                    previous = line
            return
        assert folder is not None
        if batch:
            runs.append(_write_run(folder, batch, len(runs)))
        del batch
        handles = [stack.enter_context(open(path, encoding="utf-8", newline="\n")) for path in runs]
        previous = None
        for line in heapq.merge(*(_read_run(h) for h in handles)):
            if line != previous:
                yield line
                previous = line
