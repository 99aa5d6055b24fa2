"""Exporters: pure renderers from a graph to text, registered by name.

An exporter takes the graph (a build's :class:`kg.graph.quads.GraphQuads`; a
pyoxigraph ``Dataset`` or rdflib data are converted on the way in, see
:meth:`kg.graph.quads.GraphQuads.of`) and returns the file's content;
:func:`kg.files.write_atomic` is the one place that writes, so no export is
ever left half-written.
"""

from __future__ import annotations

from kg.export.registry import Exporter, Renderer, UnknownFormatError, registered

__all__ = ["Exporter", "Renderer", "UnknownFormatError", "exporters", "get_exporter"]


def exporters() -> dict[str, Exporter]:
    """Every exporter by name, in the order files are written."""
    from kg.export import graphml, rdf, view  # noqa: F401

    return registered()


def get_exporter(name: str) -> Exporter:
    known = exporters()
    if name not in known:
        raise UnknownFormatError(f"unknown export format {name!r}. Available names: {', '.join(known)}")
    return known[name]
