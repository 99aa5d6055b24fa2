"""What the endpoint asks of its query workers, and every way the answer can come back.

Why a module of its own: the protocol (:mod:`kg.sparql.server.protocol`)
turns these outcomes into HTTP statuses and the pool
(:mod:`kg.sparql.server.pool`) produces them; neither should import the
other. Both sides, and the worker processes, share only these plain values:

* a :class:`Job` is one query with everything that decides its answer (the
  text, the format of each result kind, the row cap, the dataset), frozen and
  hashable, so it is also the key of the result cache;
* a :class:`Reply` is what a worker sends back: a rendered body or an error
  with an HTTP status;
* the exceptions are the pool's ways of *not* getting a reply: no free worker
  (:class:`PoolBusy`, :class:`QueueFull`), the time limit
  (:class:`WorkerTimeout`), the memory limit (:class:`MemoryLimit`) or a crash
  (:class:`WorkerCrashed`).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Job", "MemoryLimit", "PoolBusy", "QueueFull", "Reply", "WorkerCrashed", "WorkerTimeout"]


class Job(NamedTuple):
    """One query to run (a named tuple: it pickles small and fast on its way to a worker).

    Attributes:
        sparql: the query text (already checked by :func:`kg.sparql.safety.inspect_query`).
        formats: format names of :mod:`kg.sparql.formats` for a SELECT, an ASK
            and a CONSTRUCT/DESCRIBE result, in that order (the kind is known
            for sure only once the engine has parsed the query).
        max_rows: most rows or triples to send; ``None``: no cap.
        truncate: past ``max_rows``, send the first rows (``True``) or refuse
            with a clear error (``False``, the default for clients).
        default_graphs, named_graphs: the protocol's ``default-graph-uri`` /
            ``named-graph-uri``; ``None`` when not given.
    """

    sparql: str
    formats: tuple[str, str, str] = ("json", "json", "turtle")
    max_rows: int | None = None
    truncate: bool = False
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None

    def format_for(self, kind: str) -> str:
        """The format chosen for a result of ``kind`` (``select``, ``ask`` or ``graph``)."""
        return self.formats[("select", "ask", "graph").index(kind)]


class Reply(NamedTuple):
    """A worker's answer to a :class:`Job` (a named tuple, like :class:`Job`).

    Attributes:
        status: 200, or the HTTP status of the error (400 syntax or refusal,
            406 format, 500 engine failure, 503 memory limit).
        body: the rendered result (``status == 200``) or the error message, UTF-8.
        kind: ``select``, ``ask`` or ``graph`` (``None`` for errors).
        fmt: the format name the body is in (``None`` for errors).
        truncated: rows past ``max_rows`` were left out (only with ``Job.truncate``).
        rows: rows or triples in the body; ``None`` when the engine wrote the
            body itself and nobody counted them.
    """

    status: int
    body: bytes
    kind: str | None = None
    fmt: str | None = None
    truncated: bool = False
    rows: int | None = 0

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, message.encode("utf-8"))

    @property
    def message(self) -> str:
        return self.body.decode("utf-8", "replace")


class PoolBusy(Exception):
    """No worker became free in time; ``retry_after`` is a fair wait in seconds."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueueFull(PoolBusy):
    """So many requests already wait for a worker that this one is turned away at once."""


class WorkerTimeout(Exception):
    """The job ran past its time limit; its worker was killed and is being replaced."""


class WorkerCrashed(Exception):
    """The worker died on the job (it is being replaced)."""


class MemoryLimit(WorkerCrashed):
    """The worker reached its memory cap on the job and was stopped (it is being replaced)."""
