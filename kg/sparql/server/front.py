"""What an extra front process runs (``kg serve --fronts N``): the same parts, on the same port.

Why a module of its own: :mod:`kg.sparql.server.fronts` (which starts these
processes) is imported by :mod:`kg.sparql.server.app`, and this one imports
``app``; apart, the two directions do not make a cycle. An extra front dies
with its parent (``PR_SET_PDEATHSIG``), so none outlives a ``kill -9`` of
``kg serve``; it says ``ready`` on its standard output once it answers.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import sys

from kg.sparql.sandbox import deny_network
from kg.sparql.server.app import SparqlServer
from kg.sparql.server.assembly import Settings, assemble, line_writer
from kg.sparql.server.transport import bind

__all__ = ["main"]

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask the kernel to send SIGTERM when the parent (the first front) dies, however it dies."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def main(settings_json: str) -> None:
    """Entry point of an extra front process (see :data:`FRONT_CODE`)."""
    _die_with_parent()
    settings = Settings.from_json(settings_json)
    note = line_writer(sys.stderr if settings.log else None)
    sock = bind(settings.host, settings.port, shared=True)
    app, config = assemble(settings, note)
    deny_network()  # bound: from now on no network socket (see kg.sparql.server.local)
    if app.local is not None:
        app.local.open()

    def ready() -> None:  # tell the first front this one answers on the port
        sys.stdout.write("ready\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        SparqlServer(sock, app, config, None, note).serve_forever(on_ready=ready)
