"""Raw texts -> the :class:`~kg.types.Document` kg stores (cleaned, hashed, titled, dated), one per content."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from kg.read.blobs import strip_embedded_data
from kg.read.clean import clean_text, find_publication_date, find_title
from kg.read.decode import plain_text
from kg.types import Document

log = logging.getLogger("kg")


@dataclass(frozen=True)
class RawText:
    """Text pulled out of one input, before cleaning."""

    text: str
    source: str
    title: str | None = None
    date: str | None = None


def make_document(raw: RawText) -> Document:
    """Clean a raw text into the Document kg stores.

    Embedded data (data URIs, base64 runs) goes first, with a warning naming
    the input: it holds no words, and left in it costs memory and junk names.
    """
    text, removed = strip_embedded_data(raw.text)
    if removed:
        log.warning("%s: removed %s characters of embedded data (data URIs, base64)", raw.source, f"{removed:,}")
    text = clean_text(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = " ".join(plain_text(raw.title or "").split()) or find_title(text)
    return Document(
        text=text,
        title=title,
        content_hash=f"sha256:{digest}",
        date=raw.date or find_publication_date(text),
        source=raw.source,
    )


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
