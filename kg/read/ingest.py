"""Reading articles: files, folders and stdin into :class:`~kg.types.Document`.

Ingest decides what text kg analyses and stores. It decodes bytes safely,
pulls text out of HTML and JSON Lines, drops page furniture (share-button
rows, comment prompts, author bios, image captions) so that it never turns
into facts, and reads a title and a publication date when the page gives them.

Whatever a user feeds it, ingest either reads it or says why not: an input
that cannot be used (empty, binary, a FIFO, unreadable, a broken symlink, a
file of another kind in a folder) is skipped with a warning naming the file
and the reason, or raises :class:`InputError` in strict mode; a missing path
is always an error. Invalid UTF-8 costs a replacement character and a
warning, never the article. Invisible control and formatting characters
(bidi overrides, zero-width spaces) are removed from the stored text.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html as html_lib
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.files import NotRegularFileError, display_path, read_regular
from kg.lexicon.dates import find_dates, parse_date
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
BYLINE = re.compile(
    r"^(?:(?:[Ww]ords|[Ww]ritten|[Ss]tory|[Tt]ext) )?(?:[Bb]y|BY)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&|\|)\s*[\w.'’ -]{0,60})?$"
)
CREDIT_LINE = re.compile(r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|graphics|research)\s+by\b", re.IGNORECASE)
RELATED_HEADING = re.compile(r"^(?:read more|related(?: stories| articles| coverage)?|also read|see also|more on this(?: story)?|recommended)\s*:?$", re.IGNORECASE)
BIO_HEADING = re.compile(r"^about the (?:creator|author|writer|contributor)s?\W*$", re.IGNORECASE)
CAPTION_LINE = re.compile(
    r"^(?:\(?(?:photo|image|picture|illustration|file photo|caption|pictured)\b\s*[:(-]|"
    r"close-up of\b|an? (?:aerial )?(?:view|photo|picture|image|photograph) of\b)"
    r"|(?:getty images|\bap photo\b|photo by\b|photograph:|image credit|/ ?reuters\)?$)",
    re.IGNORECASE,
)
CITY_PREFIX = re.compile(r"^[A-Z][A-Za-z.'’ -]{1,40},\s+(?=[A-Z][a-z]{2,8}\.? \d|\d{1,2} [A-Z][a-z]{2,8})")
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

#: Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Signatures of common binary formats that can hide behind a text suffix.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (.docx, .epub, ...)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"Rar!\x1a", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"RIFF", "RIFF media (WAV, AVI, WebP)"),
)
_SAMPLE = 8192


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for mostly-Latin UTF-16 text without a BOM: NULs on one side only."""
    sample = data[:_SAMPLE]
    if len(sample) < 8 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.4 and even == 0:
        return "utf-16-le"
    if even >= half * 0.4 and odd == 0:
        return "utf-16-be"
    return None


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        log.warning("%s: invalid %s at byte %d; decoded with replacement characters (\ufffd)", source, encoding.upper(), exc.start)
        return data.decode(encoding, errors="replace")


def decode(data: bytes, source: str) -> str:
    """Decode bytes: a BOM first, then UTF-8, then UTF-8 with replacement (warned).

    A wrong byte costs one replacement character, never the article: the
    warning names the file and where the first bad byte is.
    """
    found = _bom(data)
    if found:
        encoding, skip = found
        return _decode_as(data[skip:], encoding, source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(utf16)
            log.warning("%s: no byte-order mark; read as %s", source, utf16.upper())
            return text
    return _decode_as(data, "utf-8", source)


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text (a format name or "binary data"), or None for text.

    Text may carry a BOM, be UTF-16 without one, or hold a few bad bytes;
    binary data has a known signature, NULs outside UTF-16, or decodes to
    mostly replacement and control characters.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind(b"Plain text."), binary_kind("Zoë".encode("utf-16"))
    ('PDF document', None, None)
    """
    found = _bom(data)
    encoding, start = found if found else (_utf16_without_bom(data), 0)
    if encoding is None:
        for magic, kind in _MAGIC:
            if data.startswith(magic):
                return kind
        if b"\x00" in data[:_SAMPLE]:
            return "binary data"
        encoding = "utf-8"
    text = data[start : start + _SAMPLE].decode(encoding, errors="replace")
    odd = sum(1 for ch in text if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\x0c") or "\x7f" <= ch <= "\x9f")
    return "binary data" if odd > len(text) * 0.3 else None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text (see :func:`binary_kind`)."""
    return binary_kind(data) is not None


# Characters that carry no words: bidi controls (they can make a name read
# differently from how it is stored, "Trojan Source"), zero-width spaces
# (they split "Chi\u200bna" in two), soft hyphens, stray BOMs and the other
# C0/C1 controls (XML 1.0 forbids most, terminals obey them). Joiners
# (U+200C/U+200D) stay: emoji and several scripts need them.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")  # lone surrogates cannot be encoded


def plain_text(text: str) -> str:
    r"""``text`` without invisible control and formatting characters, line breaks as ``\n``.

    >>> plain_text("Zoë\u202e O\u200bBrien\r\n🙂\x1b[0m")
    'Zoë OBrien\n🙂[0m'
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _NOT_CHARACTERS.sub("\ufffd", text)
    return _DROPPED.sub("", text)


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
    """Visible text of an HTML page, with its title and date when it has them.

    Python's parser raises on a few malformed declarations (``<![<``); such
    declarations are dropped and the page parsed again rather than lost.
    """
    try:
        parser = _parse_html(html)
    except AssertionError:
        log.warning("%s: malformed HTML declarations (<!...>) ignored", source)
        try:
            parser = _parse_html(_DECLARATION.sub("", html))
        except AssertionError:  # not seen in practice; text without tags beats no text
            parser = _parse_html(html_lib.escape(_TAG.sub("\n", html), quote=False))
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(line for line in lines if line)
    return RawText(text=text, source=source, title=parser.h1 or parser.title, date=parser.date)


_DECLARATION = re.compile(r"<!(?!--)[^>]*>?")
_TAG = re.compile(r"<[^>]*>?")


def _parse_html(html: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return parser


# --------------------------------------------------------------------------- cleaning


def clean_text(text: str) -> str:
    """The analysed text of an article: page furniture and repeats removed.

    Lines are kept verbatim apart from invisible control and formatting
    characters (see :func:`plain_text`), so evidence sentences are found in
    the source; only whole lines are dropped. Linear in the text's length,
    so a 5 MB article costs no more per line than a short one.
    """
    lines = plain_text(text).split("\n")
    stripped = [line.strip() for line in lines]
    following = [""] * len(lines)  # the next non-empty line after each line
    after = ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = after
        after = stripped[index] or after
    kept: list[str] = []
    seen: set[str] = set()
    in_related = False
    for index, line in enumerate(stripped):
        if not line:
            in_related = False
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if BIO_HEADING.match(line):
            break
        if RELATED_HEADING.match(line):
            in_related = True  # "Read more:" and the headlines it lists
            continue
        if in_related and len(line.split()) <= 16 and line[-1:] not in ".!?\"”":
            continue
        in_related = False
        if line.lower() in SHARE_WORDS or FURNITURE_LINE.match(line) or CAPTION_LINE.search(line):
            continue
        if (BYLINE.match(line) and len(line.split()) <= 10) or CREDIT_LINE.match(line):
            continue  # "By Jane Doe", "Reporting by ...; Editing by ..."
        if line in seen:
            continue
        if len(line) > 40 and following[index] != line and following[index].startswith(line):
            continue
        seen.add(line)
        kept.append(line)
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
        head = CITY_PREFIX.sub("", head, count=1)  # "LONDON, June 16, 2020 - ..."
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
    title = " ".join(plain_text(raw.title or "").split()) or find_title(text)
    return Document(
        text=text,
        title=title,
        content_hash=f"sha256:{digest}",
        date=raw.date or find_publication_date(text),
        source=raw.source,
    )


# --------------------------------------------------------------------------- reading


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
    if suffix in HTML_SUFFIXES or (suffix not in JSONL_SUFFIXES and re.match(r"\s*<(?:!doctype html|html)\b", text, re.I)):
        return [html_to_text(text, source)]
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_records(text, source, strict))
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


def _documents(raws: Iterable[RawText], strict: bool) -> Iterator[Document]:
    for raw in raws:
        document = make_document(raw)
        if document.text:
            yield document
        else:
            _skip(raw.source, "no article text (only markup, page furniture or invisible characters)", strict)


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


def read_inputs(inputs: Iterable[str | Path], strict: bool = False) -> Iterator[Document]:
    """Documents from paths (files or folders) and ``-`` for stdin.

    A file named directly is read whatever its suffix (as text unless it is
    HTML or JSON Lines); in a folder only article suffixes are read.

    Raises:
        InputError: a path does not exist (always), or an input was skipped in strict mode.
    """
    for item in inputs:
        if str(item) == "-":
            if sys.stdin is None:
                raise InputError("-: there is no standard input to read")
            data = sys.stdin.buffer.read()
            yield from _documents(read_bytes_input(data, "<stdin>", ".txt", strict), strict)
            continue
        path = Path(item)
        _check_exists(path)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        files = iter_files(path, strict) if is_dir else iter([path])
        for file in files:
            yield from _documents(read_file(file, strict), strict)


def documents_from_texts(texts: Iterable[str | bytes], strict: bool = False) -> list[Document]:
    """Documents from strings (the library's ``kg.build(texts=...)``).

    Bytes are decoded as files are; a text with nothing to analyse is
    skipped with a warning (an error when ``strict``).
    """
    raws: list[RawText] = []
    for i, text in enumerate(texts):
        source = f"<text {i}>"
        if isinstance(text, bytes):
            raws += read_bytes_input(text, source, ".txt", strict)
        elif isinstance(text, str):
            raws.append(RawText(text=text, source=source))
        else:
            raise TypeError(f"{source}: expected str or bytes, got {type(text).__name__}")
    return list(_documents(raws, strict))


def unique_documents(documents: Iterable[Document]) -> tuple[Document, ...]:
    """One document per content hash, in hash order, chosen by content alone.

    The same article can arrive twice (two files, an HTML and a text copy)
    with different titles or dates; which copy wins must not depend on file
    names or input order, or the exports would. Dated copies win, then the
    smallest (date, title, source).
    """
    chosen: dict[str, Document] = {}
    for document in documents:
        kept = chosen.get(document.content_hash)
        if kept is None or _preference(document) < _preference(kept):
            chosen[document.content_hash] = document
    return tuple(chosen[key] for key in sorted(chosen))


def _preference(document: Document) -> tuple[bool, str, str, str]:
    return (document.date is None, document.date or "", document.title, document.source)
