"""The example queries shipped with kg (``kg/sparql/queries/*.rq``): list them, fetch one by name.

Why a module of its own: the CLI (``kg queries``, ``kg query -q NAME``) and
the server's query page (``/queries.json``) offer the same examples; both
read them here. The ``.rq`` files are package data, so they work from a wheel.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

__all__ = ["QUERIES_DIR", "ShippedQuery", "UnknownQuery", "get_query", "list_queries"]

QUERIES_DIR = Path(__file__).parent / "queries"


class UnknownQuery(LookupError):
    """No shipped query has that name; the message lists the known names."""


class ShippedQuery(NamedTuple):
    """One shipped query: unpacks as ``(description, text)``."""

    description: str
    text: str


def list_queries() -> dict[str, ShippedQuery]:
    """The shipped example queries: name -> (description, SPARQL text).

    The description is the query file's first line, a ``#`` comment. Names
    are the file names without ``.rq``, sorted.

    >>> description, text = list_queries()["agreement-parties"]
    >>> description
    'Parties of each agreement (states and organisations), with their kind'
    """
    queries: dict[str, ShippedQuery] = {}
    for file in sorted(QUERIES_DIR.glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        queries[file.stem] = ShippedQuery(first.lstrip("#").strip(), text)
    return queries


def get_query(name: str) -> str:
    """The SPARQL text of the shipped query ``name``.

    Raises:
        UnknownQuery: no such query; the message lists the known names.
    """
    queries = list_queries()
    key = name[:-3] if name.endswith(".rq") else name
    if key not in queries:
        raise UnknownQuery(f"unknown query {name!r}; available: {', '.join(queries) or '(none)'}")
    return queries[key][1]
