"""The exceptions kg raises about a SPARQL query, in one place.

Why a module of its own: the guard (:mod:`kg.sparql.safety`), the syntax
explainer (:mod:`kg.sparql.syntax`) and the runner (:mod:`kg.sparql.run`)
all raise them and must not import one another in a circle; a caller (the
CLI, the server, a notebook) catches :class:`QueryError` alone.
"""

from __future__ import annotations

__all__ = ["QueryError", "QuerySyntaxError", "RefusedQuery"]


class QueryError(Exception):
    """Base class of every error kg raises about a SPARQL query.

    A caller (the CLI, the server) catches this one class to turn any query
    problem into a message for the user.
    """


class RefusedQuery(QueryError):
    """The query asks for something kg never does: update, federation, a
    foreign dataset, or a shape that would crash the engine. The message says
    which and why."""


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse. The message says where (line, column,
    the line with a caret) and what was expected, in words."""
