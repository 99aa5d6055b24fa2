"""The interactive HTML view, registered as an export (renderer in kg.export.html)."""

from __future__ import annotations

from rdflib import Dataset

from kg.export import exporter


@exporter("html", "graph.html", "Interactive offline HTML graph (vis-network), evidence on click")
def to_html(dataset: Dataset) -> str:
    from kg.export.html import render_html

    return render_html(dataset)
