"""One query worker process as the server sees it: start it, talk to it, kill it.

Why a module of its own: the pool (:mod:`kg.sparql.server.pool`) decides
*which* worker runs what and when one is replaced; this module is the
mechanics of one process: a fresh interpreter started with ``subprocess``
(running :mod:`kg.sparql.server.boot`, then :mod:`kg.sparql.server.worker`), a Unix socket pair carrying
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
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.sparql.server.boot import WORKER_CODE
from kg.sparql.server.outcomes import MemoryLimit, WorkerCrashed, WorkerTimeout

__all__ = ["Entry", "ServerError", "WorkerProcess"]

_HEADER_BYTES = 4


class ServerError(Exception):
    """The endpoint could not be set up (a worker failed to start, …)."""


class Entry:
    """One job sent to a worker, tracked until the worker's answer to it arrives.

    A worker answers its jobs in the order they were sent, each exactly once
    (a cancelled one with ``None``), so the channel keeps its entries in a
    deque and each answer belongs to the first. ``started`` is when the front
    saw the job become the worker's current one (``None`` while it waits
    behind another); ``dropped``: its caller no longer wants the answer (gone,
    or the job was moved to another worker), which is then thrown away.
    """

    __slots__ = ("deadline", "dropped", "future", "ident", "job", "started", "timeout")

    def __init__(self, ident: int, future: asyncio.Future[Any], timeout: float, job: tuple[Any, ...] = ()) -> None:
        self.ident = ident
        self.job = job
        self.future = future
        self.timeout = timeout
        self.started: float | None = None
        self.deadline: asyncio.TimerHandle | None = None
        self.dropped = False


class _Channel(asyncio.Protocol):
    """The server's end of one worker socket: job frames out, answer frames in.

    Several jobs may be on their way to one worker at once (see
    :mod:`kg.sparql.server.pool`); :attr:`pending` holds them in the order
    sent. The first message (``ready`` or ``failed``) goes to :attr:`ready`;
    every later one, and the end of the socket, to the pool's hooks
    :attr:`on_answer` and :attr:`on_lost`.
    """

    coalesce = True

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[Any] | None = None
        self.pending: collections.deque[Entry] = collections.deque()
        self.on_answer: Callable[[Any], None] = lambda message: None
        self.on_lost: Callable[[], None] = lambda: None
        self.closed = False
        self._buffer = bytearray()
        self._outgoing: list[bytes] = []

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
            ready, self.ready = self.ready, None
            if ready is not None:
                if not ready.done():
                    ready.set_result(message)
            else:
                self.on_answer(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        ready, self.ready = self.ready, None
        if ready is not None and not ready.done():
            ready.set_exception(EOFError("the worker closed its socket"))
        self.on_lost()

    def send(self, message: Any) -> bool:
        """Queue one frame, written with the others of this turn of the event loop; ``False`` when the worker is gone.

        Why not at once: under load one turn of the loop often sends a worker
        several jobs (requests that arrived together), and one write of all
        of them is one system call, and one wake-up of the worker, instead
        of one each.
        """
        if self.closed or self.transport is None:
            return False
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        frame = len(data).to_bytes(_HEADER_BYTES, "big") + data
        if not self.coalesce:
            self.transport.write(frame)
        elif self._outgoing:
            self._outgoing.append(frame)
        else:
            self._outgoing.append(frame)
            asyncio.get_running_loop().call_soon(self._flush)
        return True

    def _flush(self) -> None:
        frames = self._outgoing
        self._outgoing = []
        if frames and not self.closed and self.transport is not None:
            self.transport.write(b"".join(frames))


class WorkerProcess:
    """One worker process, its channel, and what the pool knows about it."""

    def __init__(self, store_dir: Path, max_memory_mb: int, generation: int, log: Callable[[str], None]) -> None:
        self.generation = generation
        self.retiring = False
        self.expired = False
        self.ready = False  # reported ready: from then on its loss is the pool's to repair
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
                [sys.executable, "-c", WORKER_CODE, str(child.fileno()), str(store_dir), str(max_memory_mb), str(os.getpid())],
                pass_fds=(child.fileno(),),
                start_new_session=True,  # its own scheduling group: see kg.sparql.server.boot
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
        waiting: asyncio.Future[Any] = loop.create_future()
        self.channel.ready = waiting  # before the socket is read: the message may come at once
        await loop.create_connection(lambda: self.channel, sock=self._socket)
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
        self.ready = True

    async def death(self, timeout: float, max_memory_mb: int) -> Exception:
        """Why this worker died on its job, as the exception the caller gets (and a line in the log)."""
        if self.expired:
            return WorkerTimeout(f"query timed out after {timeout:g} s and was stopped")
        status = await self.exit_status()
        words = " ".join(self.last_words)
        memory = "memory allocation" in words or "MemoryError" in words or "out of memory" in words.lower()
        if max_memory_mb and (memory or status == -signal.SIGABRT):
            self._log(f"kg serve: a query reached the memory limit of {max_memory_mb:,} MB; worker {self.pid} was replaced")
            return MemoryLimit(f"the query needed more memory than a query worker may use ({max_memory_mb:,} MB) and was stopped")
        how = f"signal {-status}" if status is not None and status < 0 else f"status {status}"
        self._log(f"kg serve: worker {self.pid} died on a query ({how}); it was replaced")
        return WorkerCrashed("the query crashed its worker process; the server carries on")

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
