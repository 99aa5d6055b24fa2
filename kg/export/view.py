"""The interactive HTML view, registered as an export (renderer in kg.export.html)."""

from __future__ import annotations

from typing import Any

from kg.export.registry import exporter


@exporter("html", "graph.html", "Interactive offline HTML graph (vis-network), evidence on click")
def to_html(dataset: Any) -> str:
    from kg.export.html import render_html

    return render_html(dataset)
