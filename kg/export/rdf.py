"""RDF renderers: Turtle, N-Triples, TriG and JSON-LD, byte-for-byte deterministic.

rdflib's own N-Triples and JSON-LD writers order their output by hash, so
it changes with ``PYTHONHASHSEED``; here every output is sorted. JSON-LD
carries its ``@context`` inline: kg never points at a remote context.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from kg.export import exporter
from kg.graph import PREFIXES, bind_prefixes, union_graph

JSONLD_CONTEXT: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _turtle_body(graph: Graph) -> str:
    bind_prefixes(graph)
    text = graph.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip("\n")


def _prefix_block() -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))


@exporter("turtle", "graph.ttl", "Turtle: every triple of every graph, merged")
def to_turtle(dataset: Dataset) -> str:
    body = _turtle_body(union_graph(dataset))
    return _prefix_block() + "\n" + body + "\n"


@exporter("ntriples", "graph.nt", "N-Triples: every triple, one per line, sorted")
def to_ntriples(dataset: Dataset) -> str:
    rows = {_nt_row(triple) for triple in union_graph(dataset)}
    return "".join(sorted(rows))


@exporter("trig", "graph.trig", "TriG: the corpus graph plus a named graph per article")
def to_trig(dataset: Dataset) -> str:
    parts = [_prefix_block()]
    default = Graph()
    for triple in dataset.default_graph:
        default.add(triple)
    parts.append("\n" + _turtle_body(default) + "\n")
    named = sorted((g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier and len(g)), key=lambda g: str(g.identifier))
    for graph in named:
        copy = Graph()
        for triple in graph:
            copy.add(triple)
        body = _turtle_body(copy)
        parts.append(f"\n<{graph.identifier}> {{\n{body}\n}}\n")
    return "".join(parts)


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


@exporter("jsonld", "graph.jsonld", "JSON-LD with an inline @context, a named graph per article")
def to_jsonld(dataset: Dataset) -> str:
    text = dataset.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
    data = json.loads(text)
    if isinstance(data, dict):
        context = data.pop("@context", JSONLD_CONTEXT)
        data = {"@context": context, **_sorted_json(data)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def literal_or_iri(term: Any) -> str:
    """Short text of a term for people (used by the GraphML and HTML views)."""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, URIRef):
        return str(term)
    return str(term)
