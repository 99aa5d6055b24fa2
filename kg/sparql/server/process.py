"""One query worker process as the server sees it: start it, talk to it, kill it.

Why a module of its own: the pool (:mod:`kg.sparql.server.pool`) decides
*which* worker runs what and when one is replaced; this module is the
mechanics of one process: a fresh interpreter started with ``subprocess``
(running :mod:`kg.sparql.server.worker`), a Unix socket pair carrying
length-prefixed pickles (an :class:`asyncio.Protocol` on the server's side,
so a reply resolves a future on the event loop), the worker's stderr relayed
to the log line by line (an engine that aborts at the memory cap says so
there), killing and reading the exit status.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import pickle
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.sparql.server.worker import WORKER_CODE

__all__ = ["ServerError", "WorkerProcess"]

_HEADER_BYTES = 4


class ServerError(Exception):
    """The endpoint could not be set up (a worker failed to start, …)."""


class _Channel(asyncio.Protocol):
    """The server's end of one worker socket: frames out, futures resolved by frames in.

    A reply whose future was cancelled (its client left) goes to ``orphan``
    instead, if the pool set one, as does the end of the socket (an
    :class:`EOFError`): the pool then knows when the worker is free again.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: asyncio.Future[Any] | None = None
        self.orphan: Callable[[Any], None] | None = None
        self.closed = False
        self._buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _HEADER_BYTES:
            size = int.from_bytes(self._buffer[:_HEADER_BYTES], "big")
            if len(self._buffer) < _HEADER_BYTES + size:
                return
            message = pickle.loads(self._buffer[_HEADER_BYTES : _HEADER_BYTES + size])
            del self._buffer[: _HEADER_BYTES + size]
            self._deliver(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._deliver(EOFError("the worker closed its socket"))

    def _deliver(self, outcome: Any) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is not None and not waiting.done():
            if isinstance(outcome, EOFError):
                waiting.set_exception(outcome)
            else:
                waiting.set_result(outcome)
        elif self.orphan is not None:
            orphan, self.orphan = self.orphan, None
            orphan(outcome)

    def send(self, message: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if self.closed or self.transport is None:
            future.set_exception(EOFError("the worker is gone"))
            return future
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.waiting = future
        self.transport.write(len(data).to_bytes(_HEADER_BYTES, "big") + data)
        return future


class WorkerProcess:
    """One worker process, its channel, and what the pool knows about it."""

    def __init__(self, store_dir: Path, max_memory_mb: int, generation: int, log: Callable[[str], None]) -> None:
        self.generation = generation
        self.retiring = False
        self.busy_since = 0.0
        self.expired = False
        self.last_words: collections.deque[str] = collections.deque(maxlen=5)
        self._log = log
        parent, child = socket.socketpair()
        # the worker must import the same kg as this process, wherever it came from
        search_path = [entry or os.getcwd() for entry in sys.path]
        # one malloc arena: the address-space cap is spent on queries, not on per-thread reservations;
        # no Rust backtraces: an engine stopped at the cap says so in one line
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(search_path), "MALLOC_ARENA_MAX": "1", "RUST_BACKTRACE": "0"}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WORKER_CODE, str(child.fileno()), str(store_dir), str(max_memory_mb)],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError:
            parent.close()
            raise
        finally:
            child.close()
        self.pid = self.process.pid
        self._socket = parent
        self.channel = _Channel()
        threading.Thread(target=self._relay_stderr, name=f"kg-worker-{self.pid}-stderr", daemon=True).start()

    def _relay_stderr(self) -> None:
        """Forward what the worker prints (an engine abort, a Python error) to the log, one line each."""
        stream = self.process.stderr
        if stream is None:
            return
        with contextlib.suppress(OSError, ValueError):
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip()
                if line:
                    self.last_words.append(line)
                    self._log(f"kg serve: worker {self.pid}: {line}")

    async def connect(self, timeout: float) -> None:
        """Attach the socket to the running loop and wait for the worker to report ready."""
        loop = asyncio.get_running_loop()
        self._socket.setblocking(False)
        await loop.create_connection(lambda: self.channel, sock=self._socket)
        waiting: asyncio.Future[Any] = loop.create_future()
        self.channel.waiting = waiting
        try:
            message = await asyncio.wait_for(waiting, timeout)
        except TimeoutError:
            self.kill()
            raise ServerError(f"a query worker did not start within {timeout:g} s") from None
        except EOFError:
            self.kill()
            words = f": {self.last_words[-1]}" if self.last_words else ""
            raise ServerError(f"a query worker died while opening the store{words}") from None
        if message[0] != "ready":
            self.kill()
            raise ServerError(message[1])

    def expire(self) -> None:
        """The deadline passed: kill the worker (the pending read then fails)."""
        self.expired = True
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.kill()
        if self.channel.transport is not None:
            self.channel.transport.close()
        else:
            self._socket.close()

    async def exit_status(self) -> int | None:
        """The worker's exit status once it has died (negative: the signal), waiting briefly."""
        for _ in range(100):
            code = self.process.poll()
            if code is not None:
                return code
            await asyncio.sleep(0.01)
        return None

    def reap(self) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        if self.process.stderr is not None:
            with contextlib.suppress(OSError):
                self.process.stderr.close()
