"""RDF renderers: Turtle, N-Triples, TriG and JSON-LD, byte-for-byte deterministic.

rdflib's writers are slow and grow worse than linearly with the graph (its
Turtle writer alone took 15 s for 1,000 articles) and its N-Triples and
JSON-LD writers order their output by hash, so it changes with
``PYTHONHASHSEED``. Here every output is sorted, and the three text syntaxes
are written by pyoxigraph (Rust, linear) from the build's pyoxigraph quads.
JSON-LD is built directly from each graph's triples, compacted against an
inline ``@context`` (kg never points at a remote context), the default graph
at the top level and each article as a named graph, so every JSON-LD
processor reads the same dataset as from the TriG (see :func:`to_jsonld`).

Entity IRIs are written in full (``<https://w3id.org/mineral-kg/id/...>``):
as prefixed names their slashes would need escaping (``kgr:person\\/x``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import XSD
from rdflib.namespace import RDF

from kg.export.registry import exporter
from kg.graph.quads import GraphQuads
from kg.graph.terms import XSD_STRING
from kg.ontology import PREFIXES

JSONLD_CONTEXT: dict[str, Any] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
#: Prefixes pyoxigraph may use when writing; ``kgr`` is declared but unused (see the module docstring).
WRITER_PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if prefix != "kgr"}
#: An ``xsd:integer`` written as a JSON number reads back as this spelling, and exactly only below 2**53 (JavaScript, pyoxigraph).
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_PREFIX_LINE = re.compile(r"^@prefix [^\n]*(?:\n|$)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")
_SUBJECT_START = re.compile(r"\n(?=[^\t])")  # a line at column 0 starts a subject
RDF_TYPE, XSD_INTEGER, XSD_BOOLEAN = str(RDF.type), str(XSD.integer), str(XSD.boolean)


# --------------------------------------------------------------------------- shared


def _prefix_block() -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))


def _sort_key(triple: ox.Triple) -> tuple[str, bool, str, str]:
    """Subjects in order; per subject ``rdf:type`` ("a") first, then predicates and objects in order."""
    predicate = triple.predicate.value
    return (str(triple.subject), predicate != RDF_TYPE, predicate, str(triple.object))


def _sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct ``triples``, sorted."""
    return sorted(set(triples), key=_sort_key)


def _graphs(source: Any) -> list[tuple[str | None, Iterable[ox.Triple]]]:
    """(graph name, or None for the default graph; its triples): default graph first, then non-empty named graphs by name."""
    return list(GraphQuads.of(source).graphs())


def _all_triples(source: Any) -> Iterator[ox.Triple]:
    for _, triples in _graphs(source):
        yield from triples


def _serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> str:
    data = ox.serialize(triples, format=fmt, prefixes=WRITER_PREFIXES)
    assert data is not None  # no output file given: pyoxigraph returns the bytes
    return data.decode("utf-8")


def _turtle_body(triples: list[ox.Triple]) -> str:
    """pyoxigraph's Turtle without its ``@prefix`` lines (their order is not guaranteed), a blank line between subjects.

    pyoxigraph escapes newlines inside literals and indents continuation
    lines with a tab, so a line at column 0 always starts a new subject.
    Only ``\n`` ends a line here: Turtle allows U+2028, U+0085 and friends
    raw inside a literal. Whole-text substitutions rather than a list of
    lines: on a large graph each copy of the text is hundreds of megabytes.
    """
    text = _PREFIX_LINE.sub("", _serialize(triples, ox.RdfFormat.TURTLE))
    text = _BLANK_LINES.sub("\n", text).strip("\n")
    return _SUBJECT_START.sub("\n\n", text) + "\n" if text else ""


# --------------------------------------------------------------------------- Turtle, N-Triples, TriG


@exporter("turtle", "graph.ttl", "Turtle: every triple of every graph, merged")
def to_turtle(dataset: Any) -> str:
    """Every triple of every graph once, grouped by subject.

    Examples:
        >>> from rdflib import Dataset, URIRef, Literal
        >>> ds = Dataset()
        >>> _ = ds.add((URIRef("https://example.org/a"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A")))
        >>> to_turtle(ds).splitlines()[-1]
        '<https://example.org/a> rdfs:label "A" .'
    """
    triples = _sorted_triples(_all_triples(dataset))
    return _prefix_block() + "\n" + _turtle_body(triples)


@exporter("ntriples", "graph.nt", "N-Triples: every triple, one per line, sorted")
def to_ntriples(dataset: Any) -> str:
    """Every triple of every graph once, one per line, lines sorted (so diffs are line diffs)."""
    lines = [line for line in _serialize(list(set(_all_triples(dataset))), ox.RdfFormat.N_TRIPLES).split("\n") if line]
    return "".join(f"{line}\n" for line in sorted(lines))


@exporter("trig", "graph.trig", "TriG: the corpus graph plus a named graph per article")
def to_trig(dataset: Any) -> str:
    """The default graph, then each non-empty named graph in IRI order."""
    parts = [_prefix_block()]
    for name, triples in _graphs(dataset):
        body = _turtle_body(_sorted_triples(triples)).rstrip("\n")
        if name is None and not body:
            continue
        label = name if name is None or name.startswith("_:") else f"<{name}>"
        parts.append(f"\n{body}\n" if name is None else f"\n{label} {{\n{body}\n}}\n")
    return "".join(parts)


# --------------------------------------------------------------------------- JSON-LD


def _split_iri(iri: str) -> tuple[str, str]:
    """Namespace and local name, split at the last ``#``, else the last ``/`` (JSON-LD compaction as rdflib does it)."""
    for delimiter in ("#", "/", ":"):
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[: at + 1], iri[at + 1 :]
    return iri, ""


class _Compactor:
    """IRIs -> compact IRIs (``kgo:signs``) under :data:`JSONLD_CONTEXT`."""

    def __init__(self) -> None:
        self._prefix = {ns: prefix for prefix, ns in JSONLD_CONTEXT.items()}
        self._cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        compact = self._cache.get(iri)
        if compact is None:
            namespace, name = _split_iri(iri)
            prefix = self._prefix.get(namespace)
            # "prefix://..." would read back as an absolute IRI with the scheme "prefix"
            compact = self._cache[iri] = f"{prefix}:{name}" if prefix and not name.startswith("//") else iri
        return compact


def _jsonld_value(term: Any, compact: _Compactor) -> Any:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@language": term.language, "@value": term.value}
        datatype, lexical = term.datatype.value, term.value
        # native JSON only where it round-trips exactly (as rdflib writes charStart/charEnd):
        # "007" or "+5" would come back as "7" and "5", a different term
        if datatype == XSD_INTEGER and _INTEGER.fullmatch(lexical) and lexical != "-0":
            return int(lexical)
        if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical == "true"
        if datatype == XSD_STRING:
            return lexical
        return {"@type": compact(datatype), "@value": lexical}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    return {"@id": compact(term.value)}


def _jsonld_nodes(triples: Iterable[ox.Triple], compact: _Compactor) -> list[dict[str, Any]]:
    """One node object per subject: ``@id``, ``@type`` and a key per property, one value bare, more as a list."""
    nodes: dict[Any, dict[str, Any]] = {}
    for s, p, o in triples:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": f"_:{s.value}" if isinstance(s, ox.BlankNode) else compact(s.value)}
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            key, value = "@type", compact(o.value)
        else:
            key, value = compact(p.value), _jsonld_value(o, compact)
        if key not in node:
            node[key] = value
        elif isinstance(node[key], list):
            node[key].append(value)
        else:
            node[key] = [node[key], value]
    return list(nodes.values())


def _sorted_node(node: dict[str, Any]) -> dict[str, Any]:
    """A node object with several values per key in a fixed order (their JSON text's)."""
    for value in node.values():
        if isinstance(value, list):
            value.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def _json(value: Any) -> str:
    """Compact JSON, keys sorted (the C encoder: ``indent`` would switch to the pure-Python one)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _node_lines(nodes: list[dict[str, Any]], indent: str) -> list[str]:
    return [f"{indent}{_json(node)}" for node in nodes]


@exporter("jsonld", "graph.jsonld", "JSON-LD with an inline @context, a named graph per article")
def to_jsonld(dataset: Any) -> str:
    """The default graph's nodes at the top level, then a named graph per article, under an inline ``@context``.

    Why this shape: in JSON-LD 1.1 the top-level ``@graph`` *is* the default
    graph, and a node object with ``@id`` and ``@graph`` is a named graph. A
    graph object without ``@id`` inside it (what kg wrote before) is a
    blank-node named graph to pyld, pyoxigraph and kg's own loader, so the
    file said something other than graph.trig (only rdflib read it as the
    default graph).

    One node object per line, nodes in ``@id`` order, named graphs in name
    order, keys and multiple values sorted: readable, diffable line by line,
    and written by the C JSON encoder (an indented dump is several times
    slower on big graphs).

    Examples:
        >>> from rdflib import Dataset, URIRef, Literal
        >>> ds = Dataset()
        >>> label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        >>> _ = ds.add((URIRef("https://example.org/a"), label, Literal("A")))
        >>> _ = ds.graph(URIRef("https://example.org/g")).add((URIRef("https://example.org/b"), label, Literal("B")))
        >>> print(to_jsonld(ds).split(", ", 10)[-1])  # the text after the @context
        "@graph": [
         {"@id": "https://example.org/a", "rdfs:label": "A"},
         {"@id": "https://example.org/g", "@graph": [
          {"@id": "https://example.org/b", "rdfs:label": "B"}
         ]}
        ]}
        <BLANKLINE>
    """
    compact = _Compactor()
    lines: list[str] = []
    graphs = sorted(_graphs(dataset), key=lambda graph: (graph[0] is not None, graph[0] or ""))
    for name, triples in graphs:
        nodes = sorted((_sorted_node(node) for node in _jsonld_nodes(triples, compact)), key=lambda node: str(node["@id"]))
        if name is None:
            lines.extend(_node_lines(nodes, " "))
        elif nodes:
            head = f' {{"@id": {_json(compact(name))}, "@graph": ['
            lines.append(head + "\n" + ",\n".join(_node_lines(nodes, "  ")) + "\n ]}")
    body = ",\n".join(lines)
    return f'{{"@context": {_json(JSONLD_CONTEXT)}, "@graph": [\n' + (body + "\n" if body else "") + "]}\n"


def literal_or_iri(term: Any) -> str:
    """Short text of a term for people (used by the GraphML and HTML views)."""
    return str(term)
