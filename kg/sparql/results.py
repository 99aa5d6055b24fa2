"""Query results as values: :class:`QueryResult` and how one term is written for people.

Why this module exists: the CLI prints results for a person (an aligned
table with ``kgo:``/``kgr:`` names), the server sends them to tools in the
standard SPARQL result formats, and both must say exactly the same thing.
A :class:`QueryResult` is a small frozen value (materialised rows of
pyoxigraph terms), so it can be tested, compared and rendered any number of
times. Rendering a whole result in a format (table, CSV, TSV, JSON, XML,
Turtle, N-Triples) is :mod:`kg.sparql.formats`; this module holds only the
value and the term-level helpers every format shares (:data:`PREFIXES`,
:func:`shorten`, :func:`format_term`).

Example:

>>> from pyoxigraph import Literal, NamedNode
>>> r = QueryResult.select(["who", "name"],
...     [(NamedNode("https://w3id.org/mineral-kg/id/state/india"), Literal("India"))])
>>> len(r), [format_term(term) for term in r.rows[0]]
(1, ['kgr:state/india', 'India'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral
from typing import TypeAlias

import pyoxigraph as ox

__all__ = [
    "PREFIXES",
    "QueryResult",
    "ResultKind",
    "Term",
    "format_term",
    "shorten",
]

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ResultKind = TypingLiteral["select", "ask", "graph"]

#: Prefixes used to shorten IRIs in tables and in Turtle output.
PREFIXES: dict[str, str] = {
    "kgo": "https://w3id.org/mineral-kg/ontology#",
    "kgr": "https://w3id.org/mineral-kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}


@dataclass(frozen=True)
class QueryResult:
    """The materialised answer to one query.

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE).
        variables: the projected variable names, in order (``select`` only).
        rows: one tuple per solution, aligned with ``variables``; ``None``
            where a variable is unbound (``select`` only).
        boolean: the answer of an ``ask``.
        triples: the triples of a ``graph`` result.
        truncated: True when the engine had more rows (or triples) than the
            ``max_rows`` limit the query ran with.
    """

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False

    @classmethod
    def select(cls, variables: Sequence[str], rows: Iterable[Sequence[Term | None]], *, truncated: bool = False) -> QueryResult:
        """Build a SELECT result (handy in tests and for callers with own rows)."""
        return cls("select", tuple(variables), tuple(tuple(row) for row in rows), truncated=truncated)

    @classmethod
    def ask(cls, answer: bool) -> QueryResult:
        """Build an ASK result."""
        return cls("ask", boolean=answer)

    @classmethod
    def graph(cls, triples: Iterable[ox.Triple], *, truncated: bool = False) -> QueryResult:
        """Build a CONSTRUCT/DESCRIBE result."""
        return cls("graph", triples=tuple(triples), truncated=truncated)

    def __len__(self) -> int:
        """Rows of a SELECT, triples of a graph, 1 for an ASK."""
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1


# --------------------------------------------------------------------------- terms


def shorten(iri: str) -> str:
    """Write an IRI with a kg prefix when one fits, for people to read.

    >>> shorten("https://w3id.org/mineral-kg/ontology#partyTo")
    'kgo:partyTo'
    >>> shorten("http://example.org/x")
    '<http://example.org/x>'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]) :]}"
    return f"<{iri}>"


def _ntriples(term: Term) -> str:
    """The N-Triples form, with RDF-star triples in ``<< >>``."""
    if isinstance(term, ox.Triple):
        return f"<< {_ntriples(term.subject)} {_ntriples(term.predicate)} {_ntriples(term.object)} >>"
    return str(term)


def format_term(term: Term | None, style: TypingLiteral["plain", "table", "ntriples"] = "table") -> str:
    """Render one term.

    ``table`` shortens IRIs with :data:`PREFIXES` and shows literals as their
    plain text (the way a person reads "Ukraine", not ``"Ukraine"^^xsd:string``);
    ``plain`` is the SPARQL CSV convention (IRIs bare, literals plain);
    ``ntriples`` is exact. Unbound is the empty string.

    >>> format_term(ox.Literal("2024-03-11", datatype=ox.NamedNode(PREFIXES["xsd"] + "date")))
    '2024-03-11'
    """
    if term is None:
        return ""
    if style == "ntriples":
        return _ntriples(term)
    if isinstance(term, ox.NamedNode):
        return shorten(term.value) if style == "table" else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return _ntriples(term)
