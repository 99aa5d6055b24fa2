"""A query worker's side of its socket: the jobs sent to it, in order, without the ones taken back.

Why a module of its own: the server may send a worker several jobs at once
(see :mod:`kg.sparql.server.pool`), and take back one that waits behind a
slow job by sending its number again without a job. The worker reads every
frame that has arrived before it begins a job, so a job taken back in time
is skipped (answered with ``None``) rather than run twice. A frame is a
4-byte big-endian length and a pickle: ``(number, job fields)`` or
``(number, None)``; numbers only grow.
"""

from __future__ import annotations

import collections
import pickle
import socket
from typing import Any

__all__ = ["Inbox"]

_HEADER_BYTES = 4
_READ_BYTES = 256 * 1024


class Inbox:
    """The jobs waiting in one worker, read from its socket (``None`` from :meth:`next` when it closed)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = bytearray()
        self._jobs: collections.deque[tuple[int, Any]] = collections.deque()
        self._taken_back: set[int] = set()
        self._begun = 0
        self._closed = False

    def next(self) -> tuple[int, Any] | None:
        """The next job to run, ``(number, fields)``; ``fields`` is ``None`` for one taken back."""
        self._read(wait=not self._jobs)
        while not self._jobs:
            if self._closed:
                return None
            self._read(wait=True)
        number, fields = self._jobs.popleft()
        self._begun = number
        if number in self._taken_back:
            self._taken_back.discard(number)
            return number, None
        return number, fields

    def _read(self, *, wait: bool) -> None:
        """Read what has arrived (waiting for something if ``wait``) and sort it into jobs and take-backs."""
        if self._closed:
            return
        try:
            data = self._sock.recv(_READ_BYTES, 0 if wait else socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._closed = True
            return
        self._buffer += data
        while len(self._buffer) >= _HEADER_BYTES:
            size = int.from_bytes(self._buffer[:_HEADER_BYTES], "big")
            if len(self._buffer) < _HEADER_BYTES + size:
                if not wait:
                    return
                more = self._sock.recv(max(_READ_BYTES, _HEADER_BYTES + size - len(self._buffer)))
                if not more:
                    self._closed = True
                    return
                self._buffer += more
                continue
            number, fields = pickle.loads(self._buffer[_HEADER_BYTES : _HEADER_BYTES + size])
            del self._buffer[: _HEADER_BYTES + size]
            if fields is not None:
                self._jobs.append((number, fields))
            elif number > self._begun:  # a job already begun (or answered) cannot be taken back
                self._taken_back.add(number)
