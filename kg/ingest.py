"""Reading articles: files, folders and stdin into :class:`~kg.types.Document`.

Ingest decides what text kg analyses and stores. It decodes bytes safely,
pulls text out of HTML and JSON Lines, drops page furniture (share-button
rows, comment prompts, author bios, image captions) so that it never turns
into facts, and reads a title and a publication date when the page gives them.

Unreadable inputs are skipped with a warning naming the file and the reason
(or raise :class:`InputError` in strict mode); a missing path is always an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.dates import find_dates, parse_date
from kg.types import Document

log = logging.getLogger("kg")

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

SHARE_WORDS = {
    "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit", "telegram",
    "tumblr", "email", "e-mail", "print", "share", "share this", "share this:", "share this article",
    "copy link", "messenger", "flipboard", "pocket", "threads", "bluesky", "mastodon", "tweet",
}
FURNITURE_LINE = re.compile(
    r"^(?:leave a (?:reply|comment)|post (?:a )?comment|comments?(?: \(\d+\))?|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"there are no comments.*|be the first to (?:respond|comment).*|no comments yet.*|"
    r"related (?:posts|articles|stories)|read more|advertisement|subscribe.*newsletter.*|"
    r"sign up for .*newsletter.*|cancel reply|skip to (?:main )?content|you may also like)\W*$",
    re.IGNORECASE,
)
BIO_HEADING = re.compile(r"^about the (?:creator|author|writer|contributor)s?\W*$", re.IGNORECASE)
CAPTION_LINE = re.compile(
    r"^(?:\(?(?:photo|image|picture|illustration|file photo|caption|pictured)\b\s*[:(-]|"
    r"close-up of\b|an? (?:aerial )?(?:view|photo|picture|image|photograph) of\b)"
    r"|(?:getty images|\bap photo\b|photo by\b|photograph:|image credit|/ ?reuters\)?$)",
    re.IGNORECASE,
)
DATELINE = re.compile(r"^\s*(?:(?:published|updated|posted)(?:\s+on)?\s*:?\s*)?", re.IGNORECASE)


class InputError(Exception):
    """A problem with an input that kg cannot or may not skip."""


@dataclass(frozen=True)
class RawText:
    """Text pulled out of one input, before cleaning."""

    text: str
    source: str
    title: str | None = None
    date: str | None = None


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, source: str) -> str:
    """Decode bytes: BOMs first, then UTF-8, then UTF-8 with replacement (warned)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warning("%s: invalid UTF-8 at byte %d; decoded with replacement characters", source, exc.start)
        return data.decode("utf-8", errors="replace")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text (NUL bytes without a UTF-16 BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in data[:8192]


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button", "figcaption", "head"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "blockquote", "pre", "figure", "dd", "dt", "hr", "main",
}


class _HTMLText(HTMLParser):
    """Collects the visible text of a page, a line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self.h1: str | None = None
        self.date: str | None = None
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self.skip += 1
        if tag in ("title", "h1") and self._in is None:
            self._in, self._buffer = tag, []
        if tag == "meta":
            attributes = {k: v or "" for k, v in attrs}
            name = (attributes.get("property") or attributes.get("name") or "").lower()
            if name in ("article:published_time", "date", "pubdate", "dc.date", "dcterms.date") and not self.date:
                self.date = parse_date(attributes.get("content", ""))
        if tag == "time" and not self.date:
            self.date = parse_date(dict(attrs).get("datetime") or "")
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if tag == self._in:
            text = " ".join("".join(self._buffer).split())
            if tag == "title" and not self.title:
                self.title = text or None
            if tag == "h1" and not self.h1:
                self.h1 = text or None
            self._in = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)
        if self._in == "title" or self.skip:
            return
        self.parts.append(data)


def html_to_text(html: str, source: str) -> RawText:
    """Visible text of an HTML page, with its title and date when it has them."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(line for line in lines if line)
    return RawText(text=text, source=source, title=parser.h1 or parser.title, date=parser.date)


# --------------------------------------------------------------------------- cleaning


def clean_text(text: str) -> str:
    """The analysed text of an article: page furniture and repeats removed.

    Lines are kept verbatim (so evidence sentences are found in the source);
    only whole lines are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    kept: list[str] = []
    seen: set[str] = set()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        lowered = stripped.lower()
        if BIO_HEADING.match(stripped):
            break
        if lowered in SHARE_WORDS or FURNITURE_LINE.match(stripped) or CAPTION_LINE.search(stripped):
            continue
        if stripped in seen:
            continue
        following = next((n.strip() for n in lines[index + 1 :] if n.strip()), "")
        if len(stripped) > 40 and following != stripped and following.startswith(stripped):
            continue
        seen.add(stripped)
        kept.append(stripped)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def find_title(text: str) -> str:
    """The title: the first line that is not a short section label."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:5]:
        if len(line.split()) <= 2 and len(lines) > 1:
            continue
        if len(line) <= 200:
            return line
        first = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "…"
    return lines[0][:200] if lines else ""


def find_publication_date(text: str) -> str | None:
    """A publication date stated at the top of the article: a dateline or a date line.

    "April 30, 2025 — ...", "Published: 3 May 2024", a line holding only a
    date. A date inside a sentence ("On May 5, 2024 they met") is not one.
    """
    for line in [line for line in text.split("\n") if line.strip()][:6]:
        head = DATELINE.sub("", line, count=1)
        dates = find_dates(head)
        if not dates or dates[0][0] > 1:
            continue
        rest = head[dates[0][1] :].strip()
        if not rest or rest[0] in "—–-|:(,/" or re.match(r"^\d{1,2}[:.]\d{2}", rest):
            return dates[0][2]
    return None


def make_document(raw: RawText) -> Document:
    """Clean a raw text into the Document kg stores."""
    text = clean_text(raw.text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = " ".join((raw.title or "").split()) or find_title(text)
    return Document(
        text=text,
        title=title,
        content_hash=f"sha256:{digest}",
        date=raw.date or find_publication_date(text),
        source=raw.source,
    )


# --------------------------------------------------------------------------- reading


def _skip(path: str, reason: str, strict: bool) -> None:
    if strict:
        raise InputError(f"{path}: {reason}")
    log.warning("skipped %s: %s", path, reason)


def read_bytes_input(data: bytes, source: str, suffix: str, strict: bool = False) -> list[RawText]:
    """Raw texts in the bytes of one input, by its kind (suffix)."""
    if not data.strip():
        _skip(source, "empty file", strict)
        return []
    if looks_binary(data):
        _skip(source, "binary file (not text)", strict)
        return []
    text = decode(data, source)
    if suffix in HTML_SUFFIXES or (suffix not in JSONL_SUFFIXES and re.match(r"\s*<(?:!doctype html|html)\b", text, re.I)):
        return [html_to_text(text, source)]
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_records(text, source, strict))
    return [RawText(text=text, source=source)]


def _jsonl_records(text: str, source: str, strict: bool) -> Iterator[RawText]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _skip(where, f"invalid JSON ({exc.msg})", strict)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            _skip(where, 'no "text" field with text in it', strict)
            continue
        title = record.get("title") if isinstance(record.get("title"), str) else None
        date = parse_date(str(record.get("date", ""))) if record.get("date") else None
        yield RawText(text=record["text"], source=where, title=title, date=date)


def iter_files(path: Path, strict: bool = False) -> Iterator[Path]:
    """Files with a known suffix under ``path``, sorted, never following a symlink loop."""
    seen_dirs: set[tuple[int, int]] = set()
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            _skip(str(folder), exc.strerror or "cannot read", strict)
            continue
        if (info.st_dev, info.st_ino) in seen_dirs:
            log.warning("skipped %s: symlink loop", folder)
            continue
        seen_dirs.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            _skip(str(folder), exc.strerror or "cannot list folder", strict)
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
        stack.extend(reversed(subfolders))


def read_file(path: Path, strict: bool = False) -> list[RawText]:
    """Raw texts of one file (a JSON Lines file may hold many)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        _skip(str(path), exc.strerror or "cannot read", strict)
        return []
    if not stat.S_ISREG(mode):
        _skip(str(path), "not a regular file", strict)
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        _skip(str(path), exc.strerror or "cannot read", strict)
        return []
    return read_bytes_input(data, str(path), path.suffix.lower(), strict)


def read_inputs(inputs: Iterable[str | Path], strict: bool = False) -> Iterator[Document]:
    """Documents from paths (files or folders) and ``-`` for stdin.

    Raises:
        InputError: a path does not exist (always), or an input was skipped in strict mode.
    """
    for item in inputs:
        if str(item) == "-":
            for raw in read_bytes_input(sys.stdin.buffer.read(), "<stdin>", ".txt", strict):
                yield make_document(raw)
            continue
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        files = iter_files(path, strict) if path.is_dir() else iter([path])
        for file in files:
            for raw in read_file(file, strict):
                yield make_document(raw)


def documents_from_texts(texts: Iterable[str]) -> list[Document]:
    """Documents from strings (the library's ``kg.build(texts=...)``)."""
    return [make_document(RawText(text=text, source=f"<text {i}>")) for i, text in enumerate(texts)]
