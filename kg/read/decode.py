"""Bytes -> text, safely: byte-order marks, UTF-16 without a mark, binary formats behind a text suffix, invalid UTF-8, invisible control characters."""

from __future__ import annotations

import contextlib
import logging
import re

log = logging.getLogger("kg")


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

    Text may carry a BOM, be UTF-16 without one, or hold a few bad bytes or
    stray NULs (removed later, with a warning: one NUL must not cost an
    article); binary data has a known signature or decodes to mostly
    replacement and control characters (NULs included).

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind(b"Plain text."), binary_kind("Zoë".encode("utf-16"))
    ('PDF document', None, None)
    """
    found = _bom(data)
    encoding, start = found if found else (_utf16_without_bom(data), 0)
    if encoding is None:
        for magic, kind in _MAGIC:
            if data.startswith(magic):
                return kind
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
