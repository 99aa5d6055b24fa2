"""Long-lived data kept out of the cyclic garbage collector's scans while a build's corpus stages run.

Why: CPython's collector starts a full collection after every ten younger
ones (once the objects promoted since the last full one reach a quarter of
those that survived it), and a full collection visits every element of
every live container. A build's corpus stages hold a few containers that
grow with the corpus (the entity table, resolution's tallies, the default
graph's distinct facts: millions of elements at 100,000 articles) but are
few objects to that rule, while every export makes and drops millions of
short-lived ones; so full collections came at a rate that grows with the
corpus and each cost more with it: 3.0 s of the Turtle export's 26 s at
10,000 replayed articles, 19.7 s of 105 s at 30,000 (issue 13).

:func:`settle` moves every object alive at that moment into the
collector's permanent generation (``gc.freeze``), where full collections
no longer visit it; a container settled while empty is not visited while it
grows. Objects settled are still freed by reference counting as usual; only
a reference cycle among them waits until :func:`long_lived` ends and hands
everything back (``gc.unfreeze``). Outside :func:`long_lived`,
:func:`settle` does nothing, so a library caller's process is never left
with frozen objects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_depth = 0


@contextmanager
def long_lived() -> Iterator[None]:
    """While inside, :func:`settle` keeps what is alive out of full collections; on leaving, all of it is collectable again."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()


def settle() -> None:
    """Inside :func:`long_lived`: collect the garbage so far, then keep every object alive now out of later full collections."""
    if _depth:
        gc.collect()
        gc.freeze()


def give_back() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``); nothing on other C libraries.

    Why: a Dask client (:mod:`kg.engine.dask_resolve`) receives each range's
    results as messages of several MB, decoded and dropped one after the
    other. glibc raises its mmap threshold once a large block is freed, so
    the later ones come from the heap, and the freed pages stay in the
    process: 70 MB of the client's 227 MB after resolving 5,000 replayed
    articles, growing with the number of ranges. Called once per range (a
    millisecond or so), it keeps the client's RSS to what it holds.
    """
    global _trim
    if _trim is None:
        import ctypes
        import ctypes.util

        try:
            _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)


_trim: Any = None  # glibc's malloc_trim once looked up; False where there is none
