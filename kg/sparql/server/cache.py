"""A result cache for a read-only store, and the fingerprint that says when the store changed.

Why it is correct to cache here: the endpoint never writes, so the answer to
a query is a function of the query text, the formats negotiated, the row
cap, the dataset parameters (all in the :class:`~kg.sparql.server.outcomes.Job`)
and the state of the store. The cache key is the job and the pool's
generation, which changes whenever the store does:

* a store copied from exports at start-up is private to the server: it
  never changes while served;
* a live ``--store`` folder can be changed by ``kg build --store`` while the
  server runs. :func:`store_fingerprint` reads the folder's file names,
  sizes and modification times (RocksDB appends to its log and writes new
  table and manifest files on every change) before each query; when it
  differs, the server retires its workers (they hold a snapshot of the old
  state), bumps the generation and empties the cache.

Only successful answers are kept, each at most :data:`MAX_ENTRY_BYTES`, all
of them at most ``max_bytes`` (least recently used first out).
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

from kg.sparql.server.outcomes import Job, Reply

__all__ = ["DEFAULT_CACHE_MB", "MAX_ENTRY_BYTES", "ResultCache", "store_fingerprint"]

#: Default size of the cache in MB.
DEFAULT_CACHE_MB = 64
#: Largest single answer kept (bigger results are cheap to recompute relative to their size).
MAX_ENTRY_BYTES = 1024 * 1024


class ResultCache:
    """Rendered answers by ``(generation, job)``, least recently used first out.

    >>> cache = ResultCache(max_bytes=1000)
    >>> cache.put(0, Job("ASK {}"), Reply(200, b"true", "ask", "json"))
    >>> cache.get(0, Job("ASK {}")).body, cache.get(1, Job("ASK {}"))
    (b'true', None)
    """

    def __init__(self, max_bytes: int = DEFAULT_CACHE_MB * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: collections.OrderedDict[tuple[int, Job], Reply] = collections.OrderedDict()

    def get(self, generation: int, job: Job) -> Reply | None:
        reply = self._entries.get((generation, job))
        if reply is None:
            self.misses += 1
            return None
        self._entries.move_to_end((generation, job))
        self.hits += 1
        return reply

    def put(self, generation: int, job: Job, reply: Reply) -> None:
        """Keep ``reply`` if it is a success and small enough."""
        cost = len(reply.body) + len(job.sparql)
        if reply.status != 200 or cost > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        key = (generation, job)
        if key in self._entries:
            return
        self._entries[key] = reply
        self.size += cost
        while self.size > self.max_bytes:
            (_, old_job), old = self._entries.popitem(last=False)
            self.size -= len(old.body) + len(old_job.sparql)

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0


def store_fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the files of a store folder: changes with any write.

    Raises:
        OSError: the folder cannot be read.
    """
    with os.scandir(folder) as entries:
        return tuple(
            sorted((entry.name, stat.st_size, stat.st_mtime_ns) for entry in entries if entry.is_file() for stat in (entry.stat(),))
        )
