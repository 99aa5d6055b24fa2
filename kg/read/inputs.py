"""What a user points kg at (files, folders, stdin, strings) -> Documents; every input read or skipped with a reason."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.files import NotRegularFileError, display_path, read_regular
from kg.lexicon.dates import parse_date
from kg.read.blobs import DEFAULT_ARTICLE_LIMIT, check_article_limit, over_limit_reason, text_size
from kg.read.decode import binary_kind, decode
from kg.read.documents import RawText, make_document
from kg.read.markdown import MARKDOWN_SUFFIXES, markdown_to_text
from kg.read.markup import html_to_text
from kg.types import Document

log = logging.getLogger("kg")


TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


class InputError(Exception):
    """A problem with an input that kg cannot or may not skip."""


def _skip(source: str, reason: str, strict: bool) -> None:
    """Report an input kg cannot use: a warning naming it, or an error in strict mode."""
    if strict:
        raise InputError(f"{source}: {reason}")
    log.warning("skipped %s: %s", source, reason)


def read_bytes_input(data: bytes, source: str, suffix: str, strict: bool = False) -> list[RawText]:
    """Raw texts in the bytes of one input, by its kind (suffix)."""
    if not data.strip():
        _skip(source, "empty file", strict)
        return []
    kind = binary_kind(data)
    if kind:
        _skip(source, "binary file, not text" if kind == "binary data" else f"binary file ({kind}), not text", strict)
        return []
    text = decode(data, source)
    if nuls := text.count("\x00"):  # one NUL in a good article costs the NUL, not the article
        log.warning("%s: removed %d NUL character%s", source, nuls, "" if nuls == 1 else "s")
        text = text.replace("\x00", "")
    if suffix in HTML_SUFFIXES or (suffix not in JSONL_SUFFIXES and re.match(r"\s*<(?:!doctype html|html)\b", text, re.I)):
        return [html_to_text(text, source)]
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_records(text, source, strict))
    if suffix in MARKDOWN_SUFFIXES:
        text = markdown_to_text(text)
    return [RawText(text=text, source=source)]


def _jsonl_records(text: str, source: str, strict: bool) -> Iterator[RawText]:
    # "\n" only: str.splitlines() would also split at U+2028 and friends,
    # which JSON allows raw inside strings, and so break valid records.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _skip(where, f"invalid JSON ({exc.msg})", strict)
            continue
        except ValueError as exc:  # e.g. an integer too long to convert
            _skip(where, f"invalid JSON ({exc})", strict)
            continue
        except RecursionError:
            _skip(where, "JSON nested too deeply", strict)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            _skip(where, 'no "text" field with text in it', strict)
            continue
        title = record.get("title") if isinstance(record.get("title"), str) else None
        date = parse_date(str(record.get("date", ""))) if record.get("date") else None
        yield RawText(text=record["text"], source=where, title=title, date=date)


def iter_files(path: Path, strict: bool = False) -> Iterator[Path]:
    """Article files under the folder ``path``, sorted by name, each folder once.

    Hidden entries (``.git``, ``.DS_Store``) are not inputs and are passed
    over silently. Any other file without an article suffix is skipped with
    a warning, as is a folder that cannot be listed. A folder reached again
    through a symlink (a loop, or a second link to it) is read once and the
    repeat reported; that loses nothing, so it is never an error.
    """
    seen_dirs: set[tuple[int, int]] = set()
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            _skip(display_path(folder), _reason(exc, folder), strict)
            continue
        if (info.st_dev, info.st_ino) in seen_dirs:
            log.warning("skipped %s: symlink to a folder already read (a loop or a second link)", display_path(folder))
            continue
        seen_dirs.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            _skip(display_path(folder), f"cannot list folder ({_reason(exc, folder)})", strict)
            continue
        subfolders: list[Path] = []
        for entry in entries:
            entry_path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(entry_path)
            elif entry_path.suffix.lower() in SUFFIXES:
                yield entry_path
            else:
                _skip(display_path(entry_path), f"not an article file (kg reads {', '.join(SUFFIXES)})", strict)
        stack.extend(reversed(subfolders))


def _reason(exc: OSError, path: Path) -> str:
    """The reason an OS error gives, in words ("Permission denied", "broken symlink")."""
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return f"broken symlink (points to {display_path(os.readlink(path))})"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return exc.strerror or type(exc).__name__


def read_file(path: Path, strict: bool = False) -> list[RawText]:
    """Raw texts of one file (a JSON Lines file may hold many).

    Anything that is not a regular file (a FIFO, socket or device) is
    skipped without being opened for a blocking read.
    """
    try:
        data = read_regular(path)
    except NotRegularFileError as exc:
        _skip(display_path(path), exc.strerror or "not a regular file", strict)
        return []
    except OSError as exc:
        _skip(display_path(path), _reason(exc, path), strict)
        return []
    return read_bytes_input(data, display_path(path), path.suffix.lower(), strict)


def _documents(raws: Iterable[RawText], strict: bool, max_article_bytes: int) -> Iterator[Document]:
    """The Documents of ``raws``; one with no text, or with more than ``max_article_bytes`` of it, is skipped."""
    for raw in raws:
        document = make_document(raw)
        if not document.text:
            _skip(raw.source, "no article text (only markup, page furniture or invisible characters)", strict)
        elif (size := text_size(document.text)) > max_article_bytes:
            _skip(raw.source, over_limit_reason(size, max_article_bytes), strict)
        else:
            yield document


def _check_exists(path: Path) -> None:
    """Raise :class:`InputError` when ``path`` names nothing: a missing input is never skipped."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        if path.is_symlink():
            raise InputError(f"{display_path(path)}: broken symlink (points to {display_path(os.readlink(path))})") from None
        raise InputError(f"{display_path(path)}: no such file or folder") from None
    except ValueError as exc:  # a NUL in the name
        raise InputError(f"{display_path(path)}: not a valid path ({exc})") from None
    except OSError:
        return  # exists but cannot be inspected: read_file or iter_files skips it with the reason


def read_inputs(inputs: Iterable[str | Path], strict: bool = False, max_article_bytes: int = DEFAULT_ARTICLE_LIMIT) -> Iterator[Document]:
    """Documents from paths (files or folders) and ``-`` for stdin.

    A file named directly is read whatever its suffix (as text unless it is
    HTML or JSON Lines); in a folder only article suffixes are read. An
    article whose cleaned text is over ``max_article_bytes`` (UTF-8) is
    refused, naming it: the build's memory is bounded by that limit, not by
    the largest article someone drops into the folder.

    Raises:
        InputError: a path does not exist (always), or an input was skipped in strict mode.
        kg.read.blobs.ArticleLimitError: ``max_article_bytes`` is not a limit kg can honour.
    """
    check_article_limit(max_article_bytes)
    for item in inputs:
        if str(item) == "-":
            if sys.stdin is None:
                raise InputError("-: there is no standard input to read")
            data = sys.stdin.buffer.read()
            yield from _documents(read_bytes_input(data, "<stdin>", ".txt", strict), strict, max_article_bytes)
            continue
        path = Path(item)
        _check_exists(path)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        files = iter_files(path, strict) if is_dir else iter([path])
        for file in files:
            yield from _documents(read_file(file, strict), strict, max_article_bytes)


def documents_from_texts(texts: Iterable[str | bytes], strict: bool = False, max_article_bytes: int = DEFAULT_ARTICLE_LIMIT) -> list[Document]:
    """Documents from strings (the library's ``kg.build(texts=...)``).

    Bytes are decoded as files are; a text with nothing to analyse, or over
    ``max_article_bytes``, is skipped with a warning (an error when ``strict``).
    """
    check_article_limit(max_article_bytes)
    raws: list[RawText] = []
    for i, text in enumerate(texts):
        source = f"<text {i}>"
        if isinstance(text, bytes):
            raws += read_bytes_input(text, source, ".txt", strict)
        elif isinstance(text, str):
            raws.append(RawText(text=text, source=source))
        else:
            raise TypeError(f"{source}: expected str or bytes, got {type(text).__name__}")
    return list(_documents(raws, strict, max_article_bytes))
