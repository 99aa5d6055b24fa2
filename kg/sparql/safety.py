"""Refuse SPARQL that a read-only, offline, local endpoint must never run.

Why this module exists: pyoxigraph will happily execute ``SERVICE <http://…>``
(it ships an HTTP client), an update sent to ``Store.update`` changes the
graph, and a query nested a few thousand levels deep overflows the native
stack and kills the whole process with a segmentation fault before any Python
``except`` can run. So every query that kg runs for a person or a tool goes
through :func:`check_query` first, and nothing reaches the engine that:

* is a SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``,
  ``CREATE``, ``COPY``, ``MOVE``, ``ADD``, ``WITH``, ``USING``);
* calls another endpoint (``SERVICE``);
* names a dataset outside the graph (``FROM`` / ``FROM NAMED`` with an IRI
  that is not a graph of the store, or, with no store at hand, not a kg IRI);
* nests brackets deeper than :data:`MAX_NESTING`, chains more than
  :data:`MAX_OPERATORS` operators, or is longer than :data:`MAX_QUERY_CHARS`.

The check is a real lexical pass, not a regex over the raw text: the query is
split into SPARQL tokens (strings, IRIs, comments, prefixed names and
variables are single tokens), so ``"SERVICE"`` in a string literal,
``# DELETE`` in a comment, ``?insert`` or ``ex:load`` are never mistaken for
keywords. The pass is iterative and linear, so it is safe on hostile input.
It does not validate the grammar: pyoxigraph's parser does that afterwards,
and the limits here keep that parser inside its stack.

Example:

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE <http://x> {}' }")
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.sparql.safety.RefusedQuery: SERVICE (a federated call to another endpoint) is refused: kg answers from its own graph only and contacts no other server
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from kg.sparql.errors import QueryError, RefusedQuery
from kg.sparql.lexer import UCHAR as _UCHAR
from kg.sparql.lexer import position
from kg.sparql.lexer import tokens as _tokens

__all__ = [
    "KG_IRI_PREFIX",
    "MAX_NESTING",
    "MAX_OPERATORS",
    "MAX_QUERY_CHARS",
    "QueryError",
    "QueryInfo",
    "RefusedQuery",
    "check_query",
    "inspect_query",
]

#: Deepest bracket nesting (``{``, ``(``, ``[`` together) accepted. pyoxigraph
#: segfaults near 2,500 nested groups on an 8 MiB stack; real queries stay
#: below 20.
MAX_NESTING = 256
#: Most operator and pattern-joining tokens accepted (``+ || && ! / | ^ . ;
#: ,`` and ``UNION OPTIONAL MINUS BIND FILTER …``). Each one can add a level
#: to the engine's recursive algebra tree; 2,600 chained ``MINUS`` blocks
#: already crash it on an 8 MiB stack. kg runs queries on a 256 MiB stack, so
#: this budget leaves a wide margin; long value lists belong in ``VALUES``,
#: which costs nothing here.
MAX_OPERATORS = 10_000
#: Longest query text accepted, in characters.
MAX_QUERY_CHARS = 1_000_000
#: Namespace of kg's own IRIs (``kgr:``): the only graphs a ``FROM`` may name
#: when no store is at hand to ask.
KG_IRI_PREFIX = "https://w3id.org/mineral-kg/id/"

QueryForm = Literal["select", "construct", "describe", "ask"]

_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"})
_FORMS: dict[str, QueryForm] = {
    "SELECT": "select",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
    "ASK": "ask",
}
_PATTERN_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "SERVICE", "EXISTS", "NOT", "VALUES"})
_OPERATORS = frozenset({"||", "&&", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "!", "|", "^", ".", ";", ","})
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")

@dataclass(frozen=True)
class QueryInfo:
    """What the lexical pass learnt about a query that passed the checks.

    Attributes:
        form: ``select``, ``construct``, ``describe`` or ``ask``; ``None`` when
            the text starts with none of them (the parser will then explain).
        default_graphs: IRIs named by ``FROM``, resolved against ``BASE``.
        named_graphs: IRIs named by ``FROM NAMED``.
    """

    form: QueryForm | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def kind(self) -> Literal["select", "ask", "graph"] | None:
        """The result kind: ``graph`` for CONSTRUCT and DESCRIBE."""
        if self.form in ("construct", "describe"):
            return "graph"
        return self.form  # type: ignore[return-value]

    @property
    def has_dataset(self) -> bool:
        """True when the query picks its own dataset with FROM / FROM NAMED."""
        return bool(self.default_graphs or self.named_graphs)


def _position(sparql: str, offset: int) -> str:
    line, column = position(sparql, offset)
    return f"line {line}, column {column}"


def _allowed(iri: str, graphs: Collection[str] | None) -> bool:
    if graphs is not None:
        return iri in graphs
    return iri.startswith(KG_IRI_PREFIX)


def inspect_query(sparql: str, *, graphs: Collection[str] | None = None) -> QueryInfo:
    """Check a query and report its form and dataset; raise if refused.

    Args:
        sparql: the query text.
        graphs: IRIs of the named graphs in the store the query will run on;
            a ``FROM``/``FROM NAMED`` must name one of them. ``None`` accepts
            any IRI in kg's namespace (:data:`KG_IRI_PREFIX`).

    Returns:
        The query's form and the graphs its dataset clause names.

    Raises:
        RefusedQuery: with a message naming the construct, its position and why.

    Example:

    >>> inspect_query("PREFIX kgr: <https://w3id.org/mineral-kg/id/> "
    ...               "ASK FROM kgr:article\\\\/a1 { ?s ?p ?o }").default_graphs
    ('https://w3id.org/mineral-kg/id/article/a1',)
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise RefusedQuery(f"query is {len(sparql):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    info = _inspect_text(sparql, graphs)
    for view in _decoded_views(sparql):
        _inspect_text(view, graphs)
    return info


def _decoded_views(sparql: str) -> list[str]:
    """The query as engines that expand ``\\u`` escapes before parsing read it.

    The SPARQL grammar says code-point escapes are replaced *before* parsing,
    anywhere in the text, so ``SERVI\\u0043E`` is ``SERVICE`` to rdflib (and
    to Oxigraph built with standard escaping), while Oxigraph as shipped
    expands them only inside IRIs and strings. A query must pass the checks
    read either way; each distinct reading is returned here.
    """
    if "\\u" not in sparql and "\\U" not in sparql:
        return []
    views = {_expand_like_rdflib(sparql), _expand_like_oxigraph(sparql)}
    views.discard(sparql)
    return sorted(views)


_RDFLIB_ESCAPE_RE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


def _expand_like_rdflib(text: str) -> str:
    """rdflib's one-pass expansion: ``\\u`` or ``\\U`` with 4 or 8 hex digits."""

    return _RDFLIB_ESCAPE_RE.sub(lambda match: _code_point(match.group(1)) or match.group(), text)


def _code_point(digits: str) -> str | None:
    """The character of a hexadecimal code point, or None if there is none."""
    code = int(digits, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _expand_like_oxigraph(text: str) -> str:
    """Oxigraph's standard expansion: ``\\uXXXX`` / ``\\UXXXXXXXX``; a backslash
    before anything else is kept and the next character read again."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "uU":
            width = 4 if text[i + 1] == "u" else 8
            digits = text[i + 2 : i + 2 + width]
            character = _code_point(digits) if len(digits) == width and all(c in string.hexdigits for c in digits) else None
            if character is not None:
                out.append(character)
                i += 2 + width
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _inspect_text(sparql: str, graphs: Collection[str] | None) -> QueryInfo:
    depth = 0
    operators = 0
    prefixes: dict[str, str] = {}
    base: str | None = None
    form: QueryForm | None = None
    seen_keyword = False
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    pending: list[tuple[str, str, int]] = []  # tokens after PREFIX/BASE/FROM awaiting their operand
    for kind, text, offset in _tokens(sparql):
        if kind == "other":
            # Nothing SPARQL allows outside a string, IRI or comment. Refusing it
            # keeps this pass from ever reading code as a comment the engine runs
            # (an IRI escape it did not know once hid a SERVICE that way).
            if text in "\"'":
                raise RefusedQuery(f"the string opened with {text} at {_position(sparql, offset)} is not closed on its line")
            raise RefusedQuery(f"unexpected character {text!r} at {_position(sparql, offset)}: this is not SPARQL")
        if text in _OPEN and kind == "op":
            depth += 1
            if depth > MAX_NESTING:
                raise RefusedQuery(
                    f"query nests brackets more than {MAX_NESTING} deep (at {_position(sparql, offset)}); "
                    "such a query would crash the engine"
                )
        elif text in _CLOSE and kind == "op":
            depth = max(0, depth - 1)
        elif (kind == "op" and text in _OPERATORS) or (kind == "word" and text.upper() in _PATTERN_KEYWORDS):
            operators += 1
        if operators > MAX_OPERATORS:
            raise RefusedQuery(
                f"query chains more than {MAX_OPERATORS:,} operators and patterns; put long lists of values in a VALUES block"
            )
        if pending:
            pending.append((kind, text, offset))
            base, done = _operand(sparql, pending, prefixes, base, default_graphs, named_graphs)
            if done:
                pending = []
            continue
        if kind != "word":
            continue
        keyword = text.upper()
        if keyword in _UPDATE_KEYWORDS:
            what = "LOAD (fetching remote data)" if keyword == "LOAD" else f"{keyword} (SPARQL Update)"
            raise RefusedQuery(
                f"{what} at {_position(sparql, offset)} is refused: this graph is read-only; "
                "kg answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE) only"
            )
        if keyword == "SERVICE":
            raise RefusedQuery(
                "SERVICE (a federated call to another endpoint) is refused: kg answers from its own graph only and contacts no other server"
            )
        if keyword in ("PREFIX", "BASE", "FROM"):
            pending = [(kind, keyword, offset)]
        elif not seen_keyword:
            seen_keyword = True
            form = _FORMS.get(keyword)
    for iri in (*default_graphs, *named_graphs):
        if not _allowed(iri, graphs):
            where = "a graph of this store" if graphs is not None else f"a kg graph (<{KG_IRI_PREFIX}…>)"
            raise RefusedQuery(f"FROM <{iri}> is refused: it is not {where}; kg never fetches remote data")
    return QueryInfo(form, tuple(default_graphs), tuple(named_graphs))


def _operand(
    sparql: str,
    pending: list[tuple[str, str, int]],
    prefixes: dict[str, str],
    base: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> tuple[str | None, bool]:
    """Consume the operands of PREFIX, BASE and FROM; return (base, done)."""
    keyword = pending[0][1]
    kind, text, offset = pending[-1]
    if keyword == "PREFIX":
        if len(pending) == 2:
            if kind != "pname" or not text.endswith(":"):
                return base, True  # malformed: the parser will say so
            return base, False
        if kind == "iri":
            prefixes[pending[1][1][:-1]] = _resolve(_iri_text(text), base)
        return base, True
    if keyword == "BASE":
        if kind == "iri":
            return _resolve(_iri_text(text), base), True
        return base, True
    # FROM [NAMED] iri
    if kind == "word" and text.upper() == "NAMED" and len(pending) == 2:
        return base, False
    named = len(pending) == 3
    iri = _graph_iri(sparql, kind, text, offset, prefixes, base)
    (named_graphs if named else default_graphs).append(iri)
    return base, True


def _resolve(iri: str, base: str | None) -> str:
    if base and not urlsplit(iri).scheme:
        return urljoin(base, iri)
    return iri


_PLX_RE = re.compile(r"\\(.)")
_UCHAR_RE = re.compile(_UCHAR)


def _iri_text(token: str) -> str:
    """The IRI an ``<…>`` token stands for, its code-point escapes expanded."""
    return _UCHAR_RE.sub(lambda match: _code_point(match.group()[2:]) or "\ufffd", token[1:-1])


def _graph_iri(sparql: str, kind: str, text: str, offset: int, prefixes: dict[str, str], base: str | None) -> str:
    where = _position(sparql, offset)
    if kind == "iri":
        iri = _resolve(_iri_text(text), base)
        if not urlsplit(iri).scheme:
            raise RefusedQuery(f"FROM <{iri}> at {where} is a relative IRI and the query sets no BASE")
        return iri
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix not in prefixes:
            raise RefusedQuery(f"FROM {text} at {where} uses the undeclared prefix {prefix!r}")
        return prefixes[prefix] + _PLX_RE.sub(r"\1", local)
    raise RefusedQuery(f"FROM at {where} must be followed by an IRI, not {text!r}")


def check_query(sparql: str, *, graphs: Collection[str] | None = None) -> None:
    """Raise :class:`RefusedQuery` if kg must not run ``sparql``; else return.

    The same checks as :func:`inspect_query`, for callers that only need the
    verdict, plus the syntax mistakes a lexical pass can name for certain
    (:func:`kg.sparql.syntax.check_syntax`: a query that does not start like
    one, a malformed PREFIX, unbalanced brackets, a triple pattern short of a
    term), raised as :class:`QuerySyntaxError` with the same words as ``kg
    query`` and the endpoint. Undeclared prefixes are left to the engine:
    rdflib's knows the graph's own prefixes. ``graphs`` is the set of
    named-graph IRIs a ``FROM`` may name (``None``: any IRI in kg's namespace).
    """
    from kg.sparql.syntax import check_syntax

    inspect_query(sparql, graphs=graphs)
    check_syntax(sparql, prefixes=False)
