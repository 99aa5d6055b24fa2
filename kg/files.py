"""The one place kg touches files: atomic writes, safe reads, printable names.

Writes go to a temporary file in the target folder, are flushed and fsynced,
then renamed over the target (``os.replace`` is atomic on POSIX), so a crash
or ``kill -9`` at any moment leaves the old file or the new one, never half
of one. A killed run can leave its temporary file behind (``.graph.ttl.*.tmp``,
hidden); it never stands in the way of a later write, and one that is
clearly abandoned is removed then.

Reads open a file without blocking and check that it is a regular file
before reading, so a FIFO, a socket or a device never hangs a run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

#: A temporary file older than this and older than the current process is abandoned.
STALE_AFTER = 600.0
_PROCESS_STARTED = time.time()  # a clock read, not work: lets write_atomic spare files of live runs
_TEMP_MARK = re.compile(r"\.[A-Za-z0-9_]{8}\.tmp")


class NotRegularFileError(OSError):
    """A path names something other than a regular file (folder, FIFO, socket, device)."""


def display_path(path: str | os.PathLike[str]) -> str:
    r"""A path as it can safely appear in one line of a message.

    File names may hold newlines, terminal escapes or bytes that are not
    UTF-8; printed raw they would forge log lines or garble the terminal.

    >>> display_path("a\nb\x1b[31m.txt")
    'a\\nb\\x1b[31m.txt'
    >>> display_path("Zoë.txt")
    'Zoë.txt'
    """
    text = os.fsdecode(path) if not isinstance(path, str) else path
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def file_kind(mode: int) -> str:
    """What a ``st_mode`` describes, for messages ("FIFO", "folder", ...)."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, refusing anything else without blocking on it.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO swapped in after a ``stat`` cannot hang the read.

    Raises:
        NotRegularFileError: ``path`` is a folder, FIFO, socket or device.
        OSError: the file cannot be opened or read (the error's ``strerror`` says why).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, f"not a regular file ({file_kind(mode)})", str(path))
        return handle.read()


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path``: readers see the old file or the new one, never a mix.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "new")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('new', ['a.txt'])
    """
    write_atomic_chunks(path, (content,))


def write_atomic_chunks(path: Path, chunks: Iterable[str | bytes]) -> None:
    """Write the pieces of ``chunks`` to ``path`` in order, atomically: the file appears whole or not at all.

    Why pieces: an export of a large corpus is hundreds of megabytes; written
    as it is made, it never needs to be one string in memory. A failure
    (disk full, a renderer's error) removes the temporary file and raises an
    ``OSError`` naming ``path``.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic_chunks(folder / "a.txt", ["ne", b"w"])
    >>> (folder / "a.txt").read_text()
    'new'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        if exc.filename is None:
            raise OSError(exc.errno, f"cannot write {display_path(path)}: {exc.strerror or exc}", str(path)) from exc
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def remove_stale_temps(path: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files of ``path`` left by killed runs; returns those removed.

    Only names ``write_atomic`` makes for this very target are touched, and
    only when older than :data:`STALE_AFTER` seconds and older than this
    process: a run writing the same folder right now keeps its file.
    """
    now = time.time() if now is None else now
    cutoff = min(now - STALE_AFTER, _PROCESS_STARTED)
    prefix = f".{path.name}"
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or not _TEMP_MARK.fullmatch(name, len(prefix)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove: never a reason to fail a write
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some filesystems cannot fsync a folder, which is fine."""
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def exchange_folders(new: Path, target: Path) -> bool:
    """Swap the folders ``new`` and ``target`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is unavailable.

    Why: the exports of one build must replace the previous ones all
    together; a folder swapped in one system call leaves readers, a kill or
    a full disk with the old set or the new set, never a mix. After the swap
    ``new`` holds the old folder. A ``target`` that does not exist yet is
    made by renaming ``new`` to it (also one step).

    Raises:
        OSError: the swap failed for another reason than missing support (names both paths).
    """
    if not target.exists():
        os.rename(new, target)
        return True
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), rename_exchange) == 0:
        _fsync_folder(target.parent)
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, f"cannot swap {display_path(new)} into {display_path(target)}: {os.strerror(code)}", str(target))
