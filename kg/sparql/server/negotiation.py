"""Content negotiation: which result format a request gets, from ``Accept`` or a ``format`` parameter.

Why a module of its own: it is the one place that maps media types to kg's
format names (:mod:`kg.sparql.formats`), for query results (``solutions`` for
SELECT/ASK, ``graph`` for CONSTRUCT/DESCRIBE) and for the service
description; the protocol asks, and a test can check it without a server.
"""

from __future__ import annotations

import functools

from kg.sparql.formats import MEDIA_TYPES

__all__ = ["DEFAULT_FORMAT", "NotAcceptable", "negotiate", "ranked_media_types"]

_ACCEPT_ALIASES: dict[str, dict[str, str]] = {
    "solutions": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
        "text/plain": "table",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "ntriples",
        "text/plain": "ntriples",
        "application/ld+json": "json",
        "application/json": "json",
        "application/rdf+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
}
DEFAULT_FORMAT = {"solutions": "json", "graph": "turtle"}
_FORMAT_PARAMS = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "table": "table", "text": "table",
    "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "json-ld": "json", "jsonld": "json", "rdf+xml": "xml",
}  # fmt: skip


class NotAcceptable(Exception):
    """No format of this result kind fits the ``Accept`` header; the message lists those that exist."""


def negotiate(accept: str | None, format_param: str | None, family: str) -> str:
    """Pick a result format name for ``family`` (``solutions`` or ``graph``).

    A ``format``/``output`` parameter naming a format that fits wins (tools
    such as SPARQLWrapper send one); otherwise the ``Accept`` header, by
    q-value; wildcards and no header give JSON for SELECT/ASK and Turtle for
    CONSTRUCT/DESCRIBE.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", None, "solutions")
    'xml'
    """
    chosen = _negotiate(accept, format_param, family)
    if isinstance(chosen, NotAcceptable):
        raise NotAcceptable(*chosen.args)
    return chosen


@functools.lru_cache(maxsize=512)
def _negotiate(accept: str | None, format_param: str | None, family: str) -> str | NotAcceptable:
    """:func:`negotiate`, with a refusal as a value: remembered too (every SELECT request
    negotiates the graph formats as well, and a SPARQL-results ``Accept`` fits none of them)."""
    aliases = _ACCEPT_ALIASES[family]
    if format_param:
        wanted = format_param.strip().lower()
        name = _FORMAT_PARAMS.get(wanted) or aliases.get(wanted)
        if name and name in aliases.values():
            return name
    if not accept or not accept.strip():
        return DEFAULT_FORMAT[family]
    for media in ranked_media_types(accept):
        if media in aliases:
            return aliases[media]
        if media == "*/*" or media.endswith("/*"):
            return DEFAULT_FORMAT[family]
    offered = ", ".join(dict.fromkeys(MEDIA_TYPES[family].values()))
    return NotAcceptable(f"cannot answer with {accept!r}; this result can be sent as: {offered}")


def ranked_media_types(accept: str) -> list[str]:
    """The media types of an ``Accept`` header, best first (by q-value, then order); q=0 left out.

    >>> ranked_media_types("text/html, text/turtle;q=0.9, */*;q=0.1, image/png;q=0")
    ['text/html', 'text/turtle', '*/*']
    """
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]
