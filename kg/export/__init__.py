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
    from kg.export import graphml, rdf, rdf_stream, view  # noqa: F401

    return registered()


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``: its format name or its file's extension, in any case.

    >>> get_exporter("ttl").name, get_exporter(".NT").name, get_exporter("graph.jsonld").name
    ('turtle', 'ntriples', 'jsonld')

    Raises:
        UnknownFormatError: no exporter has that name or extension (the message lists them).
    """
    known = exporters()
    wanted = name.strip().lower()
    by_extension = {exporter.filename.rpartition(".")[2]: exporter for exporter in known.values()}
    found = known.get(wanted) or by_extension.get(wanted.rpartition(".")[2])
    if found is None:
        names = ", ".join(f"{n} (.{e.filename.rpartition('.')[2]})" for n, e in known.items())
        raise UnknownFormatError(f"unknown export format {name!r}. Available names: {names}")
    return found
