"""rdflib <-> pyoxigraph terms: the one conversion kg uses, both ways.

kg builds its graph as a pyoxigraph ``Dataset`` (Rust: compact, and its
writers are linear) and renders and queries it with pyoxigraph; rdflib is
the library users know, so :attr:`kg.KnowledgeGraph.dataset` and files read
for ``kg validate`` or ``kg explain`` are rdflib objects. Converting term by
term keeps literals exact: a plain "Ukraine" stays a plain literal (what
``rdfs:label "Ukraine"`` matches; pyoxigraph types it ``xsd:string``, rdflib
must not), a language tag stays a tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

if TYPE_CHECKING:  # rdflib is imported only when a caller hands us (or asks for) rdflib objects
    import rdflib

OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple, ox.DefaultGraph)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: The identifier rdflib gives the default graph of a ``Dataset``.
RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"

QuadLike: TypeAlias = "ox.Quad | ox.Triple | tuple[Any, ...]"
QuadSource: TypeAlias = "rdflib.Graph | ox.Store | ox.Dataset | Iterable[QuadLike]"


class TermConverter:
    """rdflib terms -> pyoxigraph terms, each IRI once (a render touches the same IRIs many times)."""

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


class RdflibConverter:
    """pyoxigraph terms -> rdflib terms, each distinct term once.

    ``xsd:string`` literals become plain rdflib literals: RDF 1.1 says they
    are the same, but rdflib compares them as different, so a label typed
    ``xsd:string`` would match no ``rdfs:label "..."`` lookup.
    """

    def __init__(self) -> None:
        self._terms: dict[Any, Any] = {}

    def term(self, term: Any) -> Any:
        converted = self._terms.get(term)
        if converted is None:
            converted = self._terms[term] = self._convert(term)
        return converted

    @staticmethod
    def _convert(term: Any) -> Any:
        from rdflib.term import BNode, Literal, URIRef

        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        raise TypeError(f"cannot convert {term!r} ({type(term).__name__}) to an rdflib term")


def to_oxigraph_quads(source: Any, graph: Any = None) -> list[ox.Quad]:
    """Convert rdflib or pyoxigraph data to pyoxigraph quads.

    Args:
        source: an rdflib ``Graph`` (its triples), an rdflib ``Dataset`` or
            ``ConjunctiveGraph`` (its quads, with rdflib's default-graph
            identifier mapped to the default graph), a pyoxigraph ``Store`` or
            ``Dataset``, or an iterable of pyoxigraph ``Quad``/``Triple`` or of
            3- or 4-tuples of rdflib terms.
        graph: when given (an IRI string or term), every quad is put in this
            graph, whatever graph the source named.
    """
    convert = TermConverter()
    target = ox.NamedNode(graph) if isinstance(graph, str) else (convert.term(graph) if graph is not None else None)
    items: Iterable[Any]
    module = type(source).__module__
    if module.startswith("rdflib"):
        from rdflib import ConjunctiveGraph, Graph

        if isinstance(source, ConjunctiveGraph):
            items = source.quads((None, None, None, None))
        elif isinstance(source, Graph):
            items = source.triples((None, None, None))
        else:
            raise TypeError(f"cannot read quads from {type(source).__name__}")
    else:
        items = source
    quads: list[ox.Quad] = []
    for item in items:
        if isinstance(item, ox.Quad):
            s, p, o, g = item.subject, item.predicate, item.object, item.graph_name
        elif isinstance(item, ox.Triple):
            s, p, o, g = item.subject, item.predicate, item.object, ox.DefaultGraph()
        else:
            terms: tuple[Any, ...] = tuple(item)
            s, p, o = (convert.term(t) for t in terms[:3])
            g = _graph_term(terms[3], convert) if len(terms) > 3 else ox.DefaultGraph()
        quads.append(ox.Quad(s, p, o, target if target is not None else g))
    return quads


def _graph_term(context: Any, convert: TermConverter) -> Any:
    """An rdflib context (a Graph or an identifier) as a pyoxigraph graph name."""
    if context is None:
        return ox.DefaultGraph()
    identifier = getattr(context, "identifier", context)
    if str(identifier) == RDFLIB_DEFAULT_GRAPH:
        return ox.DefaultGraph()
    return convert.term(identifier)


def to_rdflib_dataset(quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    """pyoxigraph quads as an rdflib ``Dataset`` (the default graph stays the default graph), kg's prefixes bound."""
    from rdflib import Dataset

    from kg.ontology import bind_prefixes

    dataset = Dataset()
    bind_prefixes(dataset)
    convert = RdflibConverter()
    graphs: dict[Any, Any] = {}
    default = dataset.default_graph
    for quad in quads:
        triple = (convert.term(quad.subject), convert.term(quad.predicate), convert.term(quad.object))
        name = quad.graph_name
        if isinstance(name, ox.DefaultGraph):
            default.add(triple)
            continue
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(convert.term(name))
        graph.add(triple)
    return dataset
