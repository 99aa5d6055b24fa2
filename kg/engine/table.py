"""A query's answer as notebook users expect it: rows of Python values, a DataFrame on request.

Why not hand back the engine's result: a notebook shows rdflib's as
``<SPARQLResult at 0x…>`` and pyoxigraph's as terms, with confidences as
``Decimal`` and dates as literals, so every user writes the same
conversion loop. A :class:`Table` converts once, as pandas and the SPARQL
JSON results do: IRIs and strings become ``str``, integers ``int``, decimals
and doubles ``float``, booleans ``bool``, ``xsd:date`` ``datetime.date``,
``xsd:dateTime`` ``datetime.datetime``, unbound ``None``. The terms stay
available (``terms``) for code that needs the datatype or language tag.

pandas is optional: :meth:`Table.to_dataframe` imports it when called and
says how to install it when it is missing.

>>> import pyoxigraph as ox
>>> from kg.sparql.results import QueryResult
>>> xsd = "http://www.w3.org/2001/XMLSchema#"
>>> table = Table.from_result(QueryResult.select(["who", "confidence", "on"], [
...     (ox.NamedNode("https://w3id.org/mineral-kg/id/state/chile"),
...      ox.Literal("0.85", datatype=ox.NamedNode(xsd + "decimal")),
...      ox.Literal("2024-06-04", datatype=ox.NamedNode(xsd + "date")))]))
>>> table.columns, table.rows
(('who', 'confidence', 'on'), (('https://w3id.org/mineral-kg/id/state/chile', 0.85, datetime.date(2024, 6, 4)),))
>>> [who for who, _, _ in table]
['https://w3id.org/mineral-kg/id/state/chile']
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.sparql.results import QueryResult, ResultKind, Term, format_term

if TYPE_CHECKING:
    from pandas import DataFrame

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{XSD}{name}"
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {f"{XSD}decimal", f"{XSD}double", f"{XSD}float"}
_GRAPH_COLUMNS: tuple[str, ...] = ("subject", "predicate", "object")
_REPR_ROWS = 20


def python_value(term: Term | None) -> Any:
    """A term as the Python value a notebook user expects (see the module notes).

    A literal whose text does not fit its datatype stays a ``str``.

    >>> python_value(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))), python_value(None)
    (True, None)
    >>> python_value(ox.Literal("not a number", datatype=ox.NamedNode(XSD + "integer")))
    'not a number'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Triple):
        return format_term(term, "ntriples")
    value, datatype = term.value, term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == f"{XSD}boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value.strip()]
        if datatype == f"{XSD}date":
            return datetime.date.fromisoformat(value)
        if datatype == f"{XSD}dateTime":
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, KeyError):
        return value
    return value


@dataclass(frozen=True)
class Table:
    """The answer to one query: named columns and rows of Python values.

    A SELECT gives its variables as columns; a CONSTRUCT or DESCRIBE gives
    ``subject``, ``predicate``, ``object`` (as ``kg query`` prints them); an
    ASK gives one column ``ask`` with one row, and :attr:`boolean`.
    Iterating gives the rows; ``len()`` counts them.

    Attributes:
        kind: ``select``, ``ask`` or ``graph``.
        columns: the column names, in order.
        rows: one tuple per row, aligned with ``columns``.
        terms: the same rows as pyoxigraph terms (datatypes and languages kept).
        boolean: the answer of an ASK, else None.
    """

    kind: ResultKind
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    terms: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None

    @classmethod
    def from_result(cls, result: QueryResult) -> Table:
        """Convert an engine result (:class:`kg.sparql.results.QueryResult`)."""
        if result.kind == "ask":
            return cls("ask", ("ask",), ((bool(result.boolean),),), ((ox.Literal(bool(result.boolean)),),), boolean=bool(result.boolean))
        if result.kind == "graph":
            terms: tuple[tuple[Term | None, ...], ...] = tuple((t.subject, t.predicate, t.object) for t in result.triples)
            columns = _GRAPH_COLUMNS
        else:
            terms, columns = result.rows, result.variables
        return cls(result.kind, columns, tuple(tuple(python_value(t) for t in row) for row in terms), terms)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> tuple[Any, ...]:
        return self.rows[index]

    def to_dicts(self) -> list[dict[str, Any]]:
        """One ``{column: value}`` dict per row (JSON-friendly apart from dates)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self) -> DataFrame:
        """The rows as a ``pandas.DataFrame`` with the query's columns.

        Raises:
            ImportError: pandas is not installed (the message says how to install it).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("Table.to_dataframe() needs pandas, which is not installed: `pip install pandas`") from None
        return pandas.DataFrame(list(self.rows), columns=list(self.columns))

    def __repr__(self) -> str:
        shown = [[format_term(t) for t in row] for row in self.terms[:_REPR_ROWS]]
        widths = [max([len(c), *(len(r[i]) for r in shown)]) for i, c in enumerate(self.columns)]
        lines = [" | ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)).rstrip()]
        lines += [" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in shown]
        more = f" (first {_REPR_ROWS} shown)" if len(self.rows) > _REPR_ROWS else ""
        lines.append(f"({len(self.rows)} row{'' if len(self.rows) == 1 else 's'}{more})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A plain HTML table for notebooks; every value escaped (article text is hostile input)."""
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(format_term(t))}</td>" for t in row) + "</tr>" for row in self.terms[:_REPR_ROWS]
        )
        more = f" (first {_REPR_ROWS} shown)" if len(self.rows) > _REPR_ROWS else ""
        count = f"<p>{len(self.rows)} row{'' if len(self.rows) == 1 else 's'}{more}</p>"
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{count}"
