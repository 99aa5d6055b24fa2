"""More than one front process: several event loops serving the same port, for more than one core.

Why: one front process (uvicorn's event loop, the protocol, the cache) is one
Python thread, so it uses at most one core however many the machine has;
with the result cache on, it is the front, not the query workers, that
bounds throughput. ``kg serve --fronts N`` starts N-1 more front processes.
Each binds the same port with ``SO_REUSEPORT`` (the kernel spreads new
connections over them), assembles the same parts from the same
:class:`~kg.sparql.server.assembly.Settings` (received as JSON) and owns
its own query workers, queue and cache; the first front (the ``kg serve``
process) prepares the store, starts and stops the others (this module),
starts a new one if one dies, and deletes the temporary store last. What an
extra front runs is :mod:`kg.sparql.server.front`.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from kg.sparql.server.assembly import Settings
from kg.sparql.server.process import ServerError

__all__ = ["FRONT_CODE", "Fronts"]

#: What an extra front runs: ``python -c FRONT_CODE SETTINGS_JSON``.
FRONT_CODE = "import sys; from kg.sparql.server.front import main; main(sys.argv[1])"


class Fronts:
    """The extra front processes of one server."""

    def __init__(self, settings: Settings, log: Callable[[str], None]) -> None:
        self.settings = settings
        self._log = log
        self._processes: list[subprocess.Popen[bytes]] = []
        self._stopping = False

    def start(self, timeout: float) -> None:
        """Start the extra fronts and wait until each one answers on the port.

        Raises:
            ServerError: a front died or did not get ready within ``timeout`` seconds.
        """
        self._processes = [self._spawn() for _ in range(self.settings.fronts - 1)]
        deadline = time.monotonic() + timeout
        for process in self._processes:
            assert process.stdout is not None
            ready = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))[0]
            line = process.stdout.readline() if ready else b""
            process.stdout.close()
            if line.strip() != b"ready":
                self.stop(0)
                raise ServerError(f"a front process did not start within {timeout:g} s (status {process.poll()})")

    def _spawn(self) -> subprocess.Popen[bytes]:
        search_path = [entry or os.getcwd() for entry in sys.path]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(search_path)}
        command = [sys.executable, "-c", FRONT_CODE, self.settings.to_json()]
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env)

    def check(self) -> None:
        """Start a new front in place of any that died (called now and then by the first front)."""
        if self._stopping:
            return
        for index, process in enumerate(self._processes):
            code = process.poll()
            if code is not None:
                self._log(f"kg serve: front process {process.pid} stopped (status {code}); starting another")
                self._processes[index] = self._spawn()

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self._processes if process.poll() is None]

    def stop(self, grace: float) -> None:
        """SIGTERM (graceful: their running queries may finish), then SIGKILL after ``grace`` seconds."""
        self._stopping = True
        for process in self._processes:
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self._processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
