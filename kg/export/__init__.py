"""Exporters: pure renderers from a graph to text, registered by name.

An exporter takes the graph (a build's :class:`kg.graph.quads.GraphQuads`; a
pyoxigraph ``Dataset`` or rdflib data are converted on the way in, see
:meth:`kg.graph.quads.GraphQuads.of`) and returns the file's content;
:func:`kg.files.write_atomic` is the one place that writes, so no export is
ever left half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any], str]
"""Graph (``GraphQuads``, pyoxigraph ``Dataset``, rdflib ``Dataset`` or ``Graph``) -> file content."""


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str
    render: Renderer
    description: str


_REGISTRY: dict[str, Exporter] = {}


class UnknownFormatError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def exporter(name: str, filename: str, description: str) -> Callable[[Renderer], Renderer]:
    def register(render: Renderer) -> Renderer:
        if name in _REGISTRY:
            raise ValueError(f"exporter {name!r} registered twice")
        _REGISTRY[name] = Exporter(name, filename, render, description)
        return render

    return register


def exporters() -> dict[str, Exporter]:
    """Every exporter by name, in the order files are written."""
    from kg.export import graphml, rdf, view  # noqa: F401

    return dict(_REGISTRY)


def get_exporter(name: str) -> Exporter:
    known = exporters()
    if name not in known:
        raise UnknownFormatError(f"unknown export format {name!r}. Available names: {', '.join(known)}")
    return known[name]
