"""The one place where kg mints IRIs.

Every IRI of the graph comes from :func:`entity_iri`, :func:`article_iri` or
:func:`evidence_iri`, so they are deterministic (same input, same IRI) and
valid RFC 3987 IRIs whatever the text holds: the variable part is reduced to
lower-case ASCII letters, digits and hyphens, or to a hash when nothing is left.

>>> entity_iri("Person", "Volodymyr Zelenskyy")
'https://w3id.org/mineral-kg/id/person/volodymyr-zelenskyy'
>>> entity_iri("State", "Côte d'Ivoire")
'https://w3id.org/mineral-kg/id/state/cote-d-ivoire'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/mineral-kg/id/"
_SEGMENTS = {
    "Person": "person",
    "State": "state",
    "Organization": "organization",
    "Mineral": "mineral",
    "Agreement": "agreement",
    "Place": "place",
}
_MAX_SLUG = 80


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text``; empty when no letter or digit survives."""
    spaced = re.sub(r"[^\w]+|_", " ", text)
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_MAX_SLUG].rstrip("-")


def short_hash(*parts: str, length: int = 16) -> str:
    """Stable hex digest of ``parts`` (joined with a separator no text holds)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def entity_iri(kind: str, name: str) -> str:
    """IRI of an entity of class ``kind`` whose key or name is ``name``."""
    try:
        segment = _SEGMENTS[kind]
    except KeyError:
        raise ValueError(f"unknown entity kind {kind!r}; known: {', '.join(sorted(_SEGMENTS))}") from None
    slug = slugify(name) or "x-" + short_hash(name, length=12)
    return f"{BASE}{segment}/{slug}"


def article_iri(doc_id: str) -> str:
    """IRI of an article; ``doc_id`` derives from its content hash."""
    return f"{BASE}article/{slugify(doc_id) or short_hash(doc_id)}"


def evidence_iri(*parts: str) -> str:
    """IRI of an evidence node, a digest of what it states and where."""
    return f"{BASE}evidence/{short_hash(*parts, length=20)}"
