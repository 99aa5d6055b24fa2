"""Make a process, or a stretch of Python code, unable to reach the network.

Why this module exists: kg promises that no query it runs ever contacts
another server, and a lexical check of the query text (:mod:`kg.sparql.safety`) is
one line of defence, not a guarantee: it must agree with the engine's own
tokenizer on every escape and comment, and once it did not. So the code that
evaluates a user's SPARQL also runs where a network connection cannot be made
at all:

* :func:`deny_network` installs a seccomp filter on the whole process (every
  thread, present and future, and every child): the ``socket`` system call
  fails with ``EACCES`` for every address family but ``AF_UNIX`` (worker
  pipes keep working), and ``io_uring`` — which can open sockets behind
  seccomp's back — is refused outright. The kernel enforces it; no Python or
  Rust code in the process can undo it. ``kg query`` and the query workers of
  ``kg serve`` call it before they touch a query. It needs Linux on x86_64 or
  aarch64; elsewhere it returns ``False`` and the lexical check stands alone.
* :func:`no_network` is for a process that cannot be locked down (a user's
  notebook calling :meth:`kg.KnowledgeGraph.query`): an audit hook, active
  only inside the ``with`` block of the current thread or task, refuses every
  connection, name lookup and URL request that Python code attempts there
  (rdflib's SPARQL engine is pure Python, so this covers its ``SERVICE`` and
  ``FROM``).

Example:

>>> import socket
>>> with no_network():
...     socket.create_connection(("127.0.0.1", 9))
Traceback (most recent call last):
...
kg.sparql.sandbox.NetworkRefused: kg refused a network access while evaluating a query (socket.getaddrinfo)
"""

from __future__ import annotations

import contextvars
import ctypes
import errno
import platform
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["NetworkRefused", "deny_network", "network_denied", "no_network"]


class NetworkRefused(PermissionError):
    """Raised inside :func:`no_network` when code tries to reach the network."""


# --------------------------------------------------------------------------- seccomp

# Linux ABI constants (linux/seccomp.h, linux/filter.h, linux/audit.h).
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_BPF_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_BPF_RET_K = 0x06  # BPF_RET | BPF_K
_AF_UNIX = 1
# offsets into struct seccomp_data
_NR, _ARCH, _ARG0 = 0, 4, 16


class _Arch:
    """System-call numbers of one architecture."""

    def __init__(self, audit: int, seccomp: int, socket: int, io_uring_setup: int, x32: bool) -> None:
        self.audit, self.seccomp, self.socket, self.io_uring_setup, self.x32 = audit, seccomp, socket, io_uring_setup, x32


_ARCHES = {
    "x86_64": _Arch(audit=0xC000003E, seccomp=317, socket=41, io_uring_setup=425, x32=True),
    "aarch64": _Arch(audit=0xC00000B7, seccomp=277, socket=198, io_uring_setup=425, x32=False),
}

_state = {"denied": False}
_lock = threading.Lock()


def _instruction(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _filter(arch: _Arch) -> bytes:
    """The BPF program: refuse non-Unix sockets and io_uring, allow the rest."""
    deny = _SECCOMP_RET_ERRNO | errno.EACCES
    program = [
        _instruction(_BPF_LD_W_ABS, _ARCH),
        _instruction(_BPF_JEQ_K, arch.audit, jt=1),  # our architecture: go on
        _instruction(_BPF_RET_K, deny),  # another ABI (32-bit compat calls): refuse
        _instruction(_BPF_LD_W_ABS, _NR),
    ]
    if arch.x32:  # x32 system calls on x86_64 carry bit 30: refuse them all
        program.append(_instruction(_BPF_JGE_K, 0x40000000, jt=0, jf=1))
        program.append(_instruction(_BPF_RET_K, deny))
    program += [
        _instruction(_BPF_JEQ_K, arch.io_uring_setup, jt=0, jf=1),
        _instruction(_BPF_RET_K, deny),
        _instruction(_BPF_JEQ_K, arch.socket, jt=0, jf=3),
        _instruction(_BPF_LD_W_ABS, _ARG0),
        _instruction(_BPF_JEQ_K, _AF_UNIX, jt=1, jf=0),
        _instruction(_BPF_RET_K, deny),
        _instruction(_BPF_RET_K, _SECCOMP_RET_ALLOW),
    ]
    return b"".join(program)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> bool:
    """Forbid every thread of this process, and its children, to open a network socket.

    Irreversible for the life of the process: call it in a process whose only
    job is to evaluate queries. Calling it again does nothing.

    Returns:
        ``True`` when the kernel enforces the ban (now or from an earlier
        call); ``False`` where seccomp is not available (not Linux, another
        architecture, a kernel without it).
    """
    with _lock:
        if _state["denied"]:
            return True
        arch = _ARCHES.get(platform.machine())
        if not sys.platform.startswith("linux") or arch is None:
            return False
        try:
            libc = ctypes.CDLL(None, use_errno=True)
        except OSError:
            return False
        program = _filter(arch)
        buffer = ctypes.create_string_buffer(program, len(program))
        fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        result = libc.syscall(arch.seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog))
        if result != 0:
            return False
        _state["denied"] = True
        return True


def network_denied() -> bool:
    """True once :func:`deny_network` has locked this process."""
    return _state["denied"]


# --------------------------------------------------------------------------- audit hook

_GUARDED: contextvars.ContextVar[bool] = contextvars.ContextVar("kg_no_network", default=False)
_NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
    }
)
_hook_installed = {"done": False}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event in _NETWORK_EVENTS and _GUARDED.get():
        raise NetworkRefused(f"kg refused a network access while evaluating a query ({event})")


@contextmanager
def no_network() -> Iterator[None]:
    """Within the block, any network access by Python code raises :class:`NetworkRefused`.

    The audit hook is installed once per process (Python cannot remove one)
    and costs a set lookup per audited event; it refuses nothing outside a
    ``with no_network():`` block of the same thread or asyncio task.
    """
    with _lock:
        if not _hook_installed["done"]:
            sys.addaudithook(_audit)
            _hook_installed["done"] = True
    token = _GUARDED.set(True)
    try:
        yield
    finally:
        _GUARDED.reset(token)
