r"""The one place where kg mints IRIs.

Every IRI of the graph comes from :func:`entity_iri`, :func:`article_iri`,
:func:`evidence_iri` or :func:`wikidata_iri`, so they are deterministic (same
input, same IRI) and valid RFC 3987 IRIs whatever the text holds: the
variable part is reduced to lower-case ASCII letters, digits and hyphens, or
to a hash when nothing is left.

>>> entity_iri("Person", "Volodymyr Zelenskyy")
'https://w3id.org/mineral-kg/id/person/volodymyr-zelenskyy'
>>> entity_iri("State", "Côte d'Ivoire")
'https://w3id.org/mineral-kg/id/state/cote-d-ivoire'
>>> entity_iri("Person", 'Zoë "<script>" O\'Brien\u202e 🙂')
'https://w3id.org/mineral-kg/id/person/zoe-script-o-brien'

Two names never share an IRI by truncation: a slug cut to length carries
a hash of the whole slug. (Names that differ only in case, accents or
punctuation do share one; that is the point of a slug.)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/mineral-kg/id/"
WIKIDATA = "http://www.wikidata.org/entity/"
_SEGMENTS = {
    "Person": "person",
    "State": "state",
    "Organization": "organization",
    "Mineral": "mineral",
    "Agreement": "agreement",
    "Place": "place",
}
_MAX_SLUG = 80
#: Latin letters NFKD does not decompose, so "Łódź" keeps its L and "Øresund" its O.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
     "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H"}
)
_WIKIDATA_ID = re.compile(r"[QPL][1-9][0-9]{0,11}")


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text``; empty when no letter or digit survives.

    >>> slugify("Łódź Voivodeship"), slugify("北京")
    ('lodz-voivodeship', '')
    """
    spaced = re.sub(r"[^\w]+|_", " ", text.translate(_TRANSLITERATE))
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _MAX_SLUG:
        slug = slug[: _MAX_SLUG - 17].rstrip("-") + "-" + short_hash(slug, length=16)
    return slug


def short_hash(*parts: str, length: int = 16) -> str:
    """Stable hex digest of ``parts`` (joined with a separator no text holds).

    Lone surrogates (a str from a badly decoded file name) hash too, rather
    than making IRI minting raise.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
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


def wikidata_iri(qid: str) -> str:
    """IRI of a Wikidata item (``Q…``), property (``P…``) or lexeme (``L…``).

    The id comes from kg's data files, never from text; a malformed one is a
    bug in those files and is refused rather than minted into a broken IRI.

    >>> wikidata_iri("Q212")
    'http://www.wikidata.org/entity/Q212'
    """
    if not _WIKIDATA_ID.fullmatch(qid):
        raise ValueError(f"not a Wikidata id: {qid!r} (expected Q, P or L and digits)")
    return f"{WIKIDATA}{qid}"
