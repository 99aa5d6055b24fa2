"""Rendering a :class:`kg.sparql.results.QueryResult` as text: one writer per format, and the choice among them.

Why this module exists: :func:`format_result` is a pure renderer that
returns text and never writes anywhere; the CLI prints it, the server's
workers send it. The per-format writers and the table that picks one (with
the media type the server announces for each) live together, so a new
format is one writer and one registry line.

Formats (``fmt``):

========== ============================================ ==========================
name       SELECT / ASK                                 CONSTRUCT / DESCRIBE
========== ============================================ ==========================
table      aligned columns, prefixed names, plain text  subject / predicate / object columns
csv        SPARQL 1.1 CSV (RFC 4180, CRLF)              s,p,o rows
tsv        SPARQL 1.1 TSV (terms in N-Triples form)     s,p,o rows
json       SPARQL 1.1 Query Results JSON                JSON-LD
xml        SPARQL Query Results XML                     RDF/XML
turtle     (refused: not a graph)                       Turtle with kg's prefixes
ntriples   (refused: not a graph)                       N-Triples
========== ============================================ ==========================

Output is deterministic: the same result renders to the same text on every
run. Graph results are canonicalised (RDFC-1.0 blank-node labels) and sorted.

Example:

>>> from pyoxigraph import Literal, NamedNode
>>> r = QueryResult.select(["who", "name"],
...     [(NamedNode("https://w3id.org/mineral-kg/id/state/india"), Literal("India"))])
>>> print(format_result(r, "table"))
who             | name
----------------+------
kgr:state/india | India
(1 row)
>>> format_result(r, "csv")
'who,name\\r\\nhttps://w3id.org/mineral-kg/id/state/india,India\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.sparql.results import PREFIXES, QueryResult, ResultKind, Term, format_term

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "UnknownFormat",
    "canonical_format",
    "format_result",
]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class UnknownFormat(ValueError):
    """A result format name kg does not know, or one that does not fit the
    result kind (Turtle for a SELECT). The message lists the known names."""


# --------------------------------------------------------------------------- table


def _cell(term: Term | None) -> str:
    text = format_term(term, "table")
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], count: str) -> str:
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        return " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows)
    out.append(count)
    return "\n".join(out)


def _count(n: int, noun: str, truncated: bool) -> str:
    text = f"({n} {noun}{'' if n == 1 else 's'}"
    return text + (", truncated at the row limit)" if truncated else ")")


def _format_table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in _sorted_triples(result)]
        return _table(["subject", "predicate", "object"], rows, _count(len(rows), "triple", result.truncated))
    rows = [[_cell(term) for term in row] for row in result.rows]
    return _table(result.variables, rows, _count(len(rows), "row", result.truncated))


# --------------------------------------------------------------------------- CSV / TSV


def _graph_rows(result: QueryResult) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
    return ("subject", "predicate", "object"), [(t.subject, t.predicate, t.object) for t in _sorted_triples(result)]


def _format_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    header, rows = _graph_rows(result) if result.kind == "graph" else (result.variables, list(result.rows))
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_term(term, "plain") for term in row])
    return buffer.getvalue()


def _format_tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    header, rows = _graph_rows(result) if result.kind == "graph" else (result.variables, list(result.rows))
    lines = ["\t".join(f"?{name}" for name in header)]
    lines.extend("\t".join(format_term(term, "ntriples") for term in row) for row in rows)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _format_json(result: QueryResult) -> str:
    if result.kind == "graph":
        return _serialize_graph(result, ox.RdfFormat.JSON_LD)
    if result.kind == "ask":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None} for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


# --------------------------------------------------------------------------- XML


def _xml_text(text: str) -> str:
    """Escape for XML 1.0; characters XML cannot carry at all become U+FFFD."""
    cleaned = "".join(
        ch if ch in "\t\n\r" or "\x20" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000" else "\ufffd" for ch in text
    )
    return escape(cleaned)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _format_xml(result: QueryResult) -> str:
    if result.kind == "graph":
        return _serialize_graph(result, ox.RdfFormat.RDF_XML)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_SPARQL_RESULTS_NS}">', "<head>"]
    if result.kind == "ask":
        out += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        ]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- graphs


def _sorted_triples(result: QueryResult) -> list[ox.Triple]:
    """Triples with canonical blank-node labels, in N-Triples order."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in result.triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
    return sorted(triples, key=lambda t: tuple(format_term(term, "ntriples") for term in (t.subject, t.predicate, t.object)))


def _serialize_graph(result: QueryResult, rdf_format: ox.RdfFormat) -> str:
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(_sorted_triples(result), format=rdf_format, prefixes=prefixes)
    return data.decode("utf-8") if data else ""


def _format_turtle(result: QueryResult) -> str:
    return _serialize_graph(result, ox.RdfFormat.TURTLE)


def _format_ntriples(result: QueryResult) -> str:
    return _serialize_graph(result, ox.RdfFormat.N_TRIPLES)


# --------------------------------------------------------------------------- registry

_RENDERERS: dict[str, Callable[[QueryResult], str]] = {
    "table": _format_table,
    "csv": _format_csv,
    "tsv": _format_tsv,
    "json": _format_json,
    "xml": _format_xml,
    "turtle": _format_turtle,
    "ntriples": _format_ntriples,
}
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "text": "table"}

#: Format names that fit SELECT and ASK results.
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
#: Format names that fit CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "table", "csv", "tsv", "json", "xml")

#: The media type of each rendering, per result kind (``solutions`` for
#: SELECT/ASK, ``graph`` for CONSTRUCT/DESCRIBE); the server sends these.
MEDIA_TYPES: dict[str, dict[str, str]] = {
    "solutions": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "table": "text/plain",
    },
    "graph": {
        "turtle": "text/turtle",
        "ntriples": "application/n-triples",
        "json": "application/ld+json",
        "xml": "application/rdf+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "table": "text/plain",
    },
}


def canonical_format(fmt: str, kind: ResultKind) -> str:
    """Resolve aliases (``ttl``, ``nt``) and check that ``fmt`` fits ``kind``."""
    name = _ALIASES.get(fmt.lower(), fmt.lower())
    allowed = GRAPH_FORMATS if kind == "graph" else FORMATS
    if name not in allowed:
        what = "CONSTRUCT/DESCRIBE" if kind == "graph" else "SELECT/ASK"
        raise UnknownFormat(f"unknown result format {fmt!r} for a {what} result; available: {', '.join(allowed)}")
    return name


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render ``result`` as text in format ``fmt`` (see the module table).

    Raises:
        UnknownFormat: ``fmt`` is not a known name, or does not fit the kind
            of result (``turtle`` for a SELECT); the message lists the names.
    """
    return _RENDERERS[canonical_format(fmt, result.kind)](result)
