"""rdflib terms -> pyoxigraph terms: the one conversion kg uses.

kg builds with rdflib and renders and queries with pyoxigraph. Converting
term by term keeps literals exact: a plain "Ukraine" stays a plain literal
(what ``rdfs:label "Ukraine"`` matches), a language tag stays a tag.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple, ox.DefaultGraph)


class TermConverter:
    """Converts terms, each IRI once (a render touches the same IRIs many times)."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def term(self, term: Any) -> Any:
        """One rdflib (or already pyoxigraph) term as a pyoxigraph term."""
        if isinstance(term, OX_TERMS):
            return term
        from rdflib.term import BNode, URIRef
        from rdflib.term import Literal as RdflibLiteral

        if isinstance(term, RdflibLiteral):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=self.iri(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, URIRef):
            return self.iri(str(term))
        raise TypeError(f"cannot convert {term!r} ({type(term).__name__}) to an RDF term")
